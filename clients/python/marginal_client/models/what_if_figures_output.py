from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WhatIfFiguresOutput")


@_attrs_define
class WhatIfFiguresOutput:
    """
    Attributes:
        requests (str):
        unpriced_requests (str): Requests whose cost is unknown: left out of the cost per request.
        cost (str): Variable cost of the priced requests, to the cent.
        revenue (str): Revenue, to the cent.
        margin (str): Revenue minus variable cost, to the cent.
        cost_per_request (None | str): 8 places.
        revenue_per_request (None | str): 8 places.
        margin_per_request (None | str): 8 places.
        margin_pct (None | str): margin_per_request / revenue_per_request x 100, 4 places (unknown costs left out).
        margin_negative (bool): The margin per request is below zero.
    """

    requests: str
    unpriced_requests: str
    cost: str
    revenue: str
    margin: str
    cost_per_request: None | str
    revenue_per_request: None | str
    margin_per_request: None | str
    margin_pct: None | str
    margin_negative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requests = self.requests

        unpriced_requests = self.unpriced_requests

        cost = self.cost

        revenue = self.revenue

        margin = self.margin

        cost_per_request: None | str
        cost_per_request = self.cost_per_request

        revenue_per_request: None | str
        revenue_per_request = self.revenue_per_request

        margin_per_request: None | str
        margin_per_request = self.margin_per_request

        margin_pct: None | str
        margin_pct = self.margin_pct

        margin_negative = self.margin_negative

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
                "cost_per_request": cost_per_request,
                "revenue_per_request": revenue_per_request,
                "margin_per_request": margin_per_request,
                "margin_pct": margin_pct,
                "margin_negative": margin_negative,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        cost = d.pop("cost")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        def _parse_cost_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_per_request = _parse_cost_per_request(d.pop("cost_per_request"))

        def _parse_revenue_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revenue_per_request = _parse_revenue_per_request(d.pop("revenue_per_request"))

        def _parse_margin_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_per_request = _parse_margin_per_request(d.pop("margin_per_request"))

        def _parse_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_pct = _parse_margin_pct(d.pop("margin_pct"))

        margin_negative = d.pop("margin_negative")

        what_if_figures_output = cls(
            requests=requests,
            unpriced_requests=unpriced_requests,
            cost=cost,
            revenue=revenue,
            margin=margin,
            cost_per_request=cost_per_request,
            revenue_per_request=revenue_per_request,
            margin_per_request=margin_per_request,
            margin_pct=margin_pct,
            margin_negative=margin_negative,
        )

        what_if_figures_output.additional_properties = d
        return what_if_figures_output

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
