from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SimulationPlanTotalsOutput")


@_attrs_define
class SimulationPlanTotalsOutput:
    """
    Attributes:
        plan (str): baseline, or the candidate's key (candidate_1, ...).
        revenue (str): Revenue under this plan (invoice lines rounded as invoices round them). In `currency`, rounded to
            its minor unit.
        margin (str): Revenue minus variable cost. In `currency`, rounded to its minor unit.
        margin_pct (None | str): Margin / revenue in percent; null without revenue. Rounded to 4 decimal places.
        revenue_delta (None | str): Candidate minus baseline revenue; null for the baseline. In `currency`, rounded to
            its minor unit.
        revenue_delta_pct (None | str): Revenue delta / baseline revenue in percent; null for the baseline. Rounded to 4
            decimal places.
        margin_delta (None | str): Candidate minus baseline margin; null for the baseline. In `currency`, rounded to its
            minor unit.
        name (str):
        customers_paying_more (int | None): Customers whose bill would rise (null for the baseline).
        customers_paying_less (int | None): Customers whose bill would fall.
        customers_unchanged (int | None):
    """

    plan: str
    revenue: str
    margin: str
    margin_pct: None | str
    revenue_delta: None | str
    revenue_delta_pct: None | str
    margin_delta: None | str
    name: str
    customers_paying_more: int | None
    customers_paying_less: int | None
    customers_unchanged: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        revenue = self.revenue

        margin = self.margin

        margin_pct: None | str
        margin_pct = self.margin_pct

        revenue_delta: None | str
        revenue_delta = self.revenue_delta

        revenue_delta_pct: None | str
        revenue_delta_pct = self.revenue_delta_pct

        margin_delta: None | str
        margin_delta = self.margin_delta

        name = self.name

        customers_paying_more: int | None
        customers_paying_more = self.customers_paying_more

        customers_paying_less: int | None
        customers_paying_less = self.customers_paying_less

        customers_unchanged: int | None
        customers_unchanged = self.customers_unchanged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
                "revenue": revenue,
                "margin": margin,
                "margin_pct": margin_pct,
                "revenue_delta": revenue_delta,
                "revenue_delta_pct": revenue_delta_pct,
                "margin_delta": margin_delta,
                "name": name,
                "customers_paying_more": customers_paying_more,
                "customers_paying_less": customers_paying_less,
                "customers_unchanged": customers_unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        plan = d.pop("plan")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        def _parse_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_pct = _parse_margin_pct(d.pop("margin_pct"))

        def _parse_revenue_delta(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revenue_delta = _parse_revenue_delta(d.pop("revenue_delta"))

        def _parse_revenue_delta_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revenue_delta_pct = _parse_revenue_delta_pct(d.pop("revenue_delta_pct"))

        def _parse_margin_delta(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_delta = _parse_margin_delta(d.pop("margin_delta"))

        name = d.pop("name")

        def _parse_customers_paying_more(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        customers_paying_more = _parse_customers_paying_more(
            d.pop("customers_paying_more")
        )

        def _parse_customers_paying_less(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        customers_paying_less = _parse_customers_paying_less(
            d.pop("customers_paying_less")
        )

        def _parse_customers_unchanged(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        customers_unchanged = _parse_customers_unchanged(d.pop("customers_unchanged"))

        simulation_plan_totals_output = cls(
            plan=plan,
            revenue=revenue,
            margin=margin,
            margin_pct=margin_pct,
            revenue_delta=revenue_delta,
            revenue_delta_pct=revenue_delta_pct,
            margin_delta=margin_delta,
            name=name,
            customers_paying_more=customers_paying_more,
            customers_paying_less=customers_paying_less,
            customers_unchanged=customers_unchanged,
        )

        simulation_plan_totals_output.additional_properties = d
        return simulation_plan_totals_output

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
