from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CompositeWorstOutput")


@_attrs_define
class CompositeWorstOutput:
    """
    Attributes:
        trace_id (str):
        customer_id (str): The root event's customer.
        calls (int): Requests of its events.
        cost (str): Variable cost of its events. Exact (10 decimal places at most).
        revenue (str): Attributed revenue of its events. Exact (10 decimal places at most).
        margin (str): Revenue minus cost (negative: a loss). Exact (10 decimal places at most).
    """

    trace_id: str
    customer_id: str
    calls: int
    cost: str
    revenue: str
    margin: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trace_id = self.trace_id

        customer_id = self.customer_id

        calls = self.calls

        cost = self.cost

        revenue = self.revenue

        margin = self.margin

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "trace_id": trace_id,
                "customer_id": customer_id,
                "calls": calls,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        trace_id = d.pop("trace_id")

        customer_id = d.pop("customer_id")

        calls = d.pop("calls")

        cost = d.pop("cost")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        composite_worst_output = cls(
            trace_id=trace_id,
            customer_id=customer_id,
            calls=calls,
            cost=cost,
            revenue=revenue,
            margin=margin,
        )

        composite_worst_output.additional_properties = d
        return composite_worst_output

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
