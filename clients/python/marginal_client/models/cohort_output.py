from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cohort_month_output import CohortMonthOutput


T = TypeVar("T", bound="CohortOutput")


@_attrs_define
class CohortOutput:
    """
    Attributes:
        cohort (str): The month its customers were created, YYYY-MM. Example: 2026-11.
        customers (int):
        active_customers (int): Active as of as_of.
        churned_customers (int): Churned as of as_of.
        never_active (int):
        realised_ltv (str): Gross margin earned in closed months, per customer of the cohort. Rounded to the currency's
            minor unit (cents).
        months (list[CohortMonthOutput]):
    """

    cohort: str
    customers: int
    active_customers: int
    churned_customers: int
    never_active: int
    realised_ltv: str
    months: list[CohortMonthOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cohort = self.cohort

        customers = self.customers

        active_customers = self.active_customers

        churned_customers = self.churned_customers

        never_active = self.never_active

        realised_ltv = self.realised_ltv

        months = []
        for months_item_data in self.months:
            months_item = months_item_data.to_dict()
            months.append(months_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cohort": cohort,
                "customers": customers,
                "active_customers": active_customers,
                "churned_customers": churned_customers,
                "never_active": never_active,
                "realised_ltv": realised_ltv,
                "months": months,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cohort_month_output import CohortMonthOutput

        d = dict(src_dict)
        cohort = d.pop("cohort")

        customers = d.pop("customers")

        active_customers = d.pop("active_customers")

        churned_customers = d.pop("churned_customers")

        never_active = d.pop("never_active")

        realised_ltv = d.pop("realised_ltv")

        months = []
        _months = d.pop("months")
        for months_item_data in _months:
            months_item = CohortMonthOutput.from_dict(months_item_data)

            months.append(months_item)

        cohort_output = cls(
            cohort=cohort,
            customers=customers,
            active_customers=active_customers,
            churned_customers=churned_customers,
            never_active=never_active,
            realised_ltv=realised_ltv,
            months=months,
        )

        cohort_output.additional_properties = d
        return cohort_output

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
