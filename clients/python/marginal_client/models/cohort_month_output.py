from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CohortMonthOutput")


@_attrs_define
class CohortMonthOutput:
    """
    Attributes:
        month (str):  Example: 2026-11.
        closed (bool):
        active_customers (int): Of the cohort, active in the month.
        churned_customers (int): Of the cohort, lost in the month.
        revenue (str): Invoiced to the cohort for the month. Rounded to the currency's minor unit (cents).
    """

    month: str
    closed: bool
    active_customers: int
    churned_customers: int
    revenue: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        closed = self.closed

        active_customers = self.active_customers

        churned_customers = self.churned_customers

        revenue = self.revenue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "closed": closed,
                "active_customers": active_customers,
                "churned_customers": churned_customers,
                "revenue": revenue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        month = d.pop("month")

        closed = d.pop("closed")

        active_customers = d.pop("active_customers")

        churned_customers = d.pop("churned_customers")

        revenue = d.pop("revenue")

        cohort_month_output = cls(
            month=month,
            closed=closed,
            active_customers=active_customers,
            churned_customers=churned_customers,
            revenue=revenue,
        )

        cohort_month_output.additional_properties = d
        return cohort_month_output

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
