from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CostSloCreateInputRequest")


@_attrs_define
class CostSloCreateInputRequest:
    """
    Attributes:
        request_class (str):
        max_cost_per_request (None | str | Unset): Alert when a day's cost per request is above this (USD).
        min_margin_pct (None | str | Unset): Alert when a day's inference margin % is below this.
    """

    request_class: str
    max_cost_per_request: None | str | Unset = UNSET
    min_margin_pct: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class = self.request_class

        max_cost_per_request: None | str | Unset
        if isinstance(self.max_cost_per_request, Unset):
            max_cost_per_request = UNSET
        else:
            max_cost_per_request = self.max_cost_per_request

        min_margin_pct: None | str | Unset
        if isinstance(self.min_margin_pct, Unset):
            min_margin_pct = UNSET
        else:
            min_margin_pct = self.min_margin_pct

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
            }
        )
        if max_cost_per_request is not UNSET:
            field_dict["max_cost_per_request"] = max_cost_per_request
        if min_margin_pct is not UNSET:
            field_dict["min_margin_pct"] = min_margin_pct

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        request_class = d.pop("request_class")

        def _parse_max_cost_per_request(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        max_cost_per_request = _parse_max_cost_per_request(
            d.pop("max_cost_per_request", UNSET)
        )

        def _parse_min_margin_pct(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        min_margin_pct = _parse_min_margin_pct(d.pop("min_margin_pct", UNSET))

        cost_slo_create_input_request = cls(
            request_class=request_class,
            max_cost_per_request=max_cost_per_request,
            min_margin_pct=min_margin_pct,
        )

        cost_slo_create_input_request.additional_properties = d
        return cost_slo_create_input_request

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
