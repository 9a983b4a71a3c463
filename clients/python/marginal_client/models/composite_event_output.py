from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CompositeEventOutput")


@_attrs_define
class CompositeEventOutput:
    """
    Attributes:
        event_id (str):
        timestamp (datetime.datetime):
        request_class (str):
        model (str):
        requests (int):
        cost_status (str):
        cost (None | str): Variable cost; null when unknown (unpriced or pending). Exact (10 decimal places at most).
        revenue (str): Attributed revenue. Exact (10 decimal places at most).
        margin (None | str): Revenue minus cost; null when the cost is unknown. Exact (10 decimal places at most).
        outcome (None | str):
    """

    event_id: str
    timestamp: datetime.datetime
    request_class: str
    model: str
    requests: int
    cost_status: str
    cost: None | str
    revenue: str
    margin: None | str
    outcome: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        timestamp = self.timestamp.isoformat()

        request_class = self.request_class

        model = self.model

        requests = self.requests

        cost_status = self.cost_status

        cost: None | str
        cost = self.cost

        revenue = self.revenue

        margin: None | str
        margin = self.margin

        outcome: None | str
        outcome = self.outcome

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "timestamp": timestamp,
                "request_class": request_class,
                "model": model,
                "requests": requests,
                "cost_status": cost_status,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
                "outcome": outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        request_class = d.pop("request_class")

        model = d.pop("model")

        requests = d.pop("requests")

        cost_status = d.pop("cost_status")

        def _parse_cost(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost = _parse_cost(d.pop("cost"))

        revenue = d.pop("revenue")

        def _parse_margin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin = _parse_margin(d.pop("margin"))

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        composite_event_output = cls(
            event_id=event_id,
            timestamp=timestamp,
            request_class=request_class,
            model=model,
            requests=requests,
            cost_status=cost_status,
            cost=cost,
            revenue=revenue,
            margin=margin,
            outcome=outcome,
        )

        composite_event_output.additional_properties = d
        return composite_event_output

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
