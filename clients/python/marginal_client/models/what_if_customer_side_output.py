from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WhatIfCustomerSideOutput")


@_attrs_define
class WhatIfCustomerSideOutput:
    """
    Attributes:
        revenue (str):
        cost (str): Variable cost of the priced requests, to the cent.
        unpriced_requests (str): Requests whose cost is unknown: left out of the gross margin %.
        gross_margin_pct (None | str): Margin per request / revenue per request x 100, the cost per priced request
            standing for every request (with every cost known: (revenue - cost) / revenue).
    """

    revenue: str
    cost: str
    unpriced_requests: str
    gross_margin_pct: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        revenue = self.revenue

        cost = self.cost

        unpriced_requests = self.unpriced_requests

        gross_margin_pct: None | str
        gross_margin_pct = self.gross_margin_pct

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "revenue": revenue,
                "cost": cost,
                "unpriced_requests": unpriced_requests,
                "gross_margin_pct": gross_margin_pct,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        revenue = d.pop("revenue")

        cost = d.pop("cost")

        unpriced_requests = d.pop("unpriced_requests")

        def _parse_gross_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gross_margin_pct = _parse_gross_margin_pct(d.pop("gross_margin_pct"))

        what_if_customer_side_output = cls(
            revenue=revenue,
            cost=cost,
            unpriced_requests=unpriced_requests,
            gross_margin_pct=gross_margin_pct,
        )

        what_if_customer_side_output.additional_properties = d
        return what_if_customer_side_output

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
