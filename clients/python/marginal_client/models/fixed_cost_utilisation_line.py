from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fixed_cost_utilisation_line_by_category import (
        FixedCostUtilisationLineByCategory,
    )


T = TypeVar("T", bound="FixedCostUtilisationLine")


@_attrs_define
class FixedCostUtilisationLine:
    """
    Attributes:
        request_class (str): Empty: costs of the whole tenant.
        fixed_cost (str): USD in the month. Example: 2.5.
        by_category (FixedCostUtilisationLineByCategory):
        requests (int): Requests in the month (tenant-wide: all).
        fixed_cost_per_request (None | str): null when no requests. Example: 2.5.
    """

    request_class: str
    fixed_cost: str
    by_category: FixedCostUtilisationLineByCategory
    requests: int
    fixed_cost_per_request: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class = self.request_class

        fixed_cost = self.fixed_cost

        by_category = self.by_category.to_dict()

        requests = self.requests

        fixed_cost_per_request: None | str
        fixed_cost_per_request = self.fixed_cost_per_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "fixed_cost": fixed_cost,
                "by_category": by_category,
                "requests": requests,
                "fixed_cost_per_request": fixed_cost_per_request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fixed_cost_utilisation_line_by_category import (
            FixedCostUtilisationLineByCategory,
        )

        d = dict(src_dict)
        request_class = d.pop("request_class")

        fixed_cost = d.pop("fixed_cost")

        by_category = FixedCostUtilisationLineByCategory.from_dict(d.pop("by_category"))

        requests = d.pop("requests")

        def _parse_fixed_cost_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fixed_cost_per_request = _parse_fixed_cost_per_request(
            d.pop("fixed_cost_per_request")
        )

        fixed_cost_utilisation_line = cls(
            request_class=request_class,
            fixed_cost=fixed_cost,
            by_category=by_category,
            requests=requests,
            fixed_cost_per_request=fixed_cost_per_request,
        )

        fixed_cost_utilisation_line.additional_properties = d
        return fixed_cost_utilisation_line

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
