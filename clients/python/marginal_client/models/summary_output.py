from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SummaryOutput")


@_attrs_define
class SummaryOutput:
    """
    Attributes:
        month (str):  Example: 2026-11.
        as_of (datetime.datetime): The moment churn is taken at.
        closed (bool): The month has ended; false: every figure is month-to-date.
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        revenue (str): What customers are invoiced for the month (the preview while open). Rounded to the currency's
            minor unit (cents).
        recurring_revenue (str): Flat fees and minimum true-ups. Rounded to the currency's minor unit (cents).
        usage_revenue (str): Usage charges. Rounded to the currency's minor unit (cents).
        variable_cost (str): Variable cost. Rounded to the currency's minor unit (cents).
        fixed_cost (str): Fixed cost. Rounded to the currency's minor unit (cents).
        inference_margin (str): revenue - variable cost. Rounded to the currency's minor unit (cents).
        inference_margin_pct (None | str): (revenue - variable cost) / revenue x 100; with requests of unknown cost, the
            variable cost per priced request stands for each of them (they are never $0). Rounded to 4 decimal places.
        gross_margin (str): revenue - variable cost - fixed cost. Rounded to the currency's minor unit (cents).
        gross_margin_pct (None | str): (revenue - variable - fixed cost) / revenue x 100, the variable cost as in
            inference_margin_pct. Rounded to 4 decimal places.
        requests (int):
        unpriced_requests (int): Requests whose cost is unknown: left out of the margin percentages.
        unpriced_events (int):
        active_customers (int): Customers active in the month: invoiced, using or paying.
        new_customers (int): Of those, in their first active month.
        customers_at_start (int): Of those, active the month before.
        churned_customers (int): Customers lost in the month (their last active month), as of as_of.
        logo_churn_pct (None | str): churned / active customers x 100; null while the month is open. Rounded to 4
            decimal places.
        net_revenue_retention_pct (None | str): This month's revenue from the customers it started with / their revenue
            the month before x 100; null while the month is open. Rounded to 4 decimal places.
    """

    month: str
    as_of: datetime.datetime
    closed: bool
    currency: str
    revenue: str
    recurring_revenue: str
    usage_revenue: str
    variable_cost: str
    fixed_cost: str
    inference_margin: str
    inference_margin_pct: None | str
    gross_margin: str
    gross_margin_pct: None | str
    requests: int
    unpriced_requests: int
    unpriced_events: int
    active_customers: int
    new_customers: int
    customers_at_start: int
    churned_customers: int
    logo_churn_pct: None | str
    net_revenue_retention_pct: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        as_of = self.as_of.isoformat()

        closed = self.closed

        currency = self.currency

        revenue = self.revenue

        recurring_revenue = self.recurring_revenue

        usage_revenue = self.usage_revenue

        variable_cost = self.variable_cost

        fixed_cost = self.fixed_cost

        inference_margin = self.inference_margin

        inference_margin_pct: None | str
        inference_margin_pct = self.inference_margin_pct

        gross_margin = self.gross_margin

        gross_margin_pct: None | str
        gross_margin_pct = self.gross_margin_pct

        requests = self.requests

        unpriced_requests = self.unpriced_requests

        unpriced_events = self.unpriced_events

        active_customers = self.active_customers

        new_customers = self.new_customers

        customers_at_start = self.customers_at_start

        churned_customers = self.churned_customers

        logo_churn_pct: None | str
        logo_churn_pct = self.logo_churn_pct

        net_revenue_retention_pct: None | str
        net_revenue_retention_pct = self.net_revenue_retention_pct

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "as_of": as_of,
                "closed": closed,
                "currency": currency,
                "revenue": revenue,
                "recurring_revenue": recurring_revenue,
                "usage_revenue": usage_revenue,
                "variable_cost": variable_cost,
                "fixed_cost": fixed_cost,
                "inference_margin": inference_margin,
                "inference_margin_pct": inference_margin_pct,
                "gross_margin": gross_margin,
                "gross_margin_pct": gross_margin_pct,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "unpriced_events": unpriced_events,
                "active_customers": active_customers,
                "new_customers": new_customers,
                "customers_at_start": customers_at_start,
                "churned_customers": churned_customers,
                "logo_churn_pct": logo_churn_pct,
                "net_revenue_retention_pct": net_revenue_retention_pct,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        month = d.pop("month")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        closed = d.pop("closed")

        currency = d.pop("currency")

        revenue = d.pop("revenue")

        recurring_revenue = d.pop("recurring_revenue")

        usage_revenue = d.pop("usage_revenue")

        variable_cost = d.pop("variable_cost")

        fixed_cost = d.pop("fixed_cost")

        inference_margin = d.pop("inference_margin")

        def _parse_inference_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        inference_margin_pct = _parse_inference_margin_pct(
            d.pop("inference_margin_pct")
        )

        gross_margin = d.pop("gross_margin")

        def _parse_gross_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gross_margin_pct = _parse_gross_margin_pct(d.pop("gross_margin_pct"))

        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        unpriced_events = d.pop("unpriced_events")

        active_customers = d.pop("active_customers")

        new_customers = d.pop("new_customers")

        customers_at_start = d.pop("customers_at_start")

        churned_customers = d.pop("churned_customers")

        def _parse_logo_churn_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        logo_churn_pct = _parse_logo_churn_pct(d.pop("logo_churn_pct"))

        def _parse_net_revenue_retention_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        net_revenue_retention_pct = _parse_net_revenue_retention_pct(
            d.pop("net_revenue_retention_pct")
        )

        summary_output = cls(
            month=month,
            as_of=as_of,
            closed=closed,
            currency=currency,
            revenue=revenue,
            recurring_revenue=recurring_revenue,
            usage_revenue=usage_revenue,
            variable_cost=variable_cost,
            fixed_cost=fixed_cost,
            inference_margin=inference_margin,
            inference_margin_pct=inference_margin_pct,
            gross_margin=gross_margin,
            gross_margin_pct=gross_margin_pct,
            requests=requests,
            unpriced_requests=unpriced_requests,
            unpriced_events=unpriced_events,
            active_customers=active_customers,
            new_customers=new_customers,
            customers_at_start=customers_at_start,
            churned_customers=churned_customers,
            logo_churn_pct=logo_churn_pct,
            net_revenue_retention_pct=net_revenue_retention_pct,
        )

        summary_output.additional_properties = d
        return summary_output

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
