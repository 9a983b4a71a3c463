from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MonthToDateOutput")


@_attrs_define
class MonthToDateOutput:
    """
    Attributes:
        month (str): The open month (UTC), YYYY-MM. Example: 2026-11.
        revenue (str): What the month's invoice preview bills so far (fees in full). Rounded to the currency's minor
            unit (cents).
        variable_cost (str): Variable cost of the month's requests so far. Rounded to the currency's minor unit (cents).
        requests (int):
    """

    month: str
    revenue: str
    variable_cost: str
    requests: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        revenue = self.revenue

        variable_cost = self.variable_cost

        requests = self.requests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "revenue": revenue,
                "variable_cost": variable_cost,
                "requests": requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        month = d.pop("month")

        revenue = d.pop("revenue")

        variable_cost = d.pop("variable_cost")

        requests = d.pop("requests")

        month_to_date_output = cls(
            month=month,
            revenue=revenue,
            variable_cost=variable_cost,
            requests=requests,
        )

        month_to_date_output.additional_properties = d
        return month_to_date_output

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
