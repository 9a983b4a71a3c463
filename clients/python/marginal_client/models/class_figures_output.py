from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClassFiguresOutput")


@_attrs_define
class ClassFiguresOutput:
    """
    Attributes:
        request_class (str):
        model (None | str): Set when grouped by model.
        requests (int):
        unpriced_requests (int): Requests whose cost is unknown (no price): counted in `requests`, left out of `cost`
            and of every cost-based ratio (never costed as $0).
        share_of_requests (None | str): Fraction of all requests in the range (0-1). Rounded to 4 decimal places.
        cost_per_request (None | str): Variable cost per priced request (cost / (requests - unpriced_requests)); null
            when no request has a known cost. Rounded to 8 decimal places.
        revenue_per_request (None | str): Attributed revenue per request. Rounded to 8 decimal places.
        margin_per_request (None | str): Revenue per request - cost per priced request; null when no request has a known
            cost. Rounded to 8 decimal places.
        inference_margin_pct (None | str): margin_per_request / revenue_per_request x 100 (with every cost known:
            (revenue - variable cost) / revenue x 100). Rounded to 4 decimal places.
        cost (str): Variable cost of the priced requests. Rounded to the currency's minor unit (cents).
        revenue (str): Attributed revenue. Rounded to the currency's minor unit (cents).
        margin (str): Revenue - variable cost of the priced requests. Rounded to the currency's minor unit (cents).
        margin_negative (bool): Each request of this class loses money.
    """

    request_class: str
    model: None | str
    requests: int
    unpriced_requests: int
    share_of_requests: None | str
    cost_per_request: None | str
    revenue_per_request: None | str
    margin_per_request: None | str
    inference_margin_pct: None | str
    cost: str
    revenue: str
    margin: str
    margin_negative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class = self.request_class

        model: None | str
        model = self.model

        requests = self.requests

        unpriced_requests = self.unpriced_requests

        share_of_requests: None | str
        share_of_requests = self.share_of_requests

        cost_per_request: None | str
        cost_per_request = self.cost_per_request

        revenue_per_request: None | str
        revenue_per_request = self.revenue_per_request

        margin_per_request: None | str
        margin_per_request = self.margin_per_request

        inference_margin_pct: None | str
        inference_margin_pct = self.inference_margin_pct

        cost = self.cost

        revenue = self.revenue

        margin = self.margin

        margin_negative = self.margin_negative

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "model": model,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "share_of_requests": share_of_requests,
                "cost_per_request": cost_per_request,
                "revenue_per_request": revenue_per_request,
                "margin_per_request": margin_per_request,
                "inference_margin_pct": inference_margin_pct,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
                "margin_negative": margin_negative,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        request_class = d.pop("request_class")

        def _parse_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        model = _parse_model(d.pop("model"))

        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        def _parse_share_of_requests(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        share_of_requests = _parse_share_of_requests(d.pop("share_of_requests"))

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

        def _parse_inference_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        inference_margin_pct = _parse_inference_margin_pct(
            d.pop("inference_margin_pct")
        )

        cost = d.pop("cost")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        margin_negative = d.pop("margin_negative")

        class_figures_output = cls(
            request_class=request_class,
            model=model,
            requests=requests,
            unpriced_requests=unpriced_requests,
            share_of_requests=share_of_requests,
            cost_per_request=cost_per_request,
            revenue_per_request=revenue_per_request,
            margin_per_request=margin_per_request,
            inference_margin_pct=inference_margin_pct,
            cost=cost,
            revenue=revenue,
            margin=margin,
            margin_negative=margin_negative,
        )

        class_figures_output.additional_properties = d
        return class_figures_output

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
