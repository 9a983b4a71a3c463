from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CostSloOutput")


@_attrs_define
class CostSloOutput:
    """
    Attributes:
        id (UUID):
        request_class (str):
        max_cost_per_request (None | str): USD per request. Rounded to the currency's minor unit (cents).
        min_margin_pct (None | str): Inference margin floor, %. Rounded to the currency's minor unit (cents).
        created_at (datetime.datetime):
    """

    id: UUID
    request_class: str
    max_cost_per_request: None | str
    min_margin_pct: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        request_class = self.request_class

        max_cost_per_request: None | str
        max_cost_per_request = self.max_cost_per_request

        min_margin_pct: None | str
        min_margin_pct = self.min_margin_pct

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "request_class": request_class,
                "max_cost_per_request": max_cost_per_request,
                "min_margin_pct": min_margin_pct,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        request_class = d.pop("request_class")

        def _parse_max_cost_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        max_cost_per_request = _parse_max_cost_per_request(
            d.pop("max_cost_per_request")
        )

        def _parse_min_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        min_margin_pct = _parse_min_margin_pct(d.pop("min_margin_pct"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        cost_slo_output = cls(
            id=id,
            request_class=request_class,
            max_cost_per_request=max_cost_per_request,
            min_margin_pct=min_margin_pct,
            created_at=created_at,
        )

        cost_slo_output.additional_properties = d
        return cost_slo_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
