from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.composite_event_output import CompositeEventOutput


T = TypeVar("T", bound="CompositeOutput")


@_attrs_define
class CompositeOutput:
    """
    Attributes:
        trace_id (str):
        composite_class (str): The request class of the root event.
        customer_id (str): The root event's customer.
        started_at (datetime.datetime):
        ended_at (datetime.datetime):
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        calls (int):
        unpriced_events (int):
        cost (None | str): Sum of the events' costs; null when one is unknown. Exact (10 decimal places at most).
        revenue (str): Sum of the events' attributed revenue. Exact (10 decimal places at most).
        margin (None | str): Revenue minus cost; null when the cost is unknown. Exact (10 decimal places at most).
        outcome (None | str): The last outcome its events report.
        events (list[CompositeEventOutput]):
    """

    trace_id: str
    composite_class: str
    customer_id: str
    started_at: datetime.datetime
    ended_at: datetime.datetime
    currency: str
    calls: int
    unpriced_events: int
    cost: None | str
    revenue: str
    margin: None | str
    outcome: None | str
    events: list[CompositeEventOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trace_id = self.trace_id

        composite_class = self.composite_class

        customer_id = self.customer_id

        started_at = self.started_at.isoformat()

        ended_at = self.ended_at.isoformat()

        currency = self.currency

        calls = self.calls

        unpriced_events = self.unpriced_events

        cost: None | str
        cost = self.cost

        revenue = self.revenue

        margin: None | str
        margin = self.margin

        outcome: None | str
        outcome = self.outcome

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "trace_id": trace_id,
                "composite_class": composite_class,
                "customer_id": customer_id,
                "started_at": started_at,
                "ended_at": ended_at,
                "currency": currency,
                "calls": calls,
                "unpriced_events": unpriced_events,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
                "outcome": outcome,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.composite_event_output import CompositeEventOutput

        d = dict(src_dict)
        trace_id = d.pop("trace_id")

        composite_class = d.pop("composite_class")

        customer_id = d.pop("customer_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        ended_at = datetime.datetime.fromisoformat(d.pop("ended_at"))

        currency = d.pop("currency")

        calls = d.pop("calls")

        unpriced_events = d.pop("unpriced_events")

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

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = CompositeEventOutput.from_dict(events_item_data)

            events.append(events_item)

        composite_output = cls(
            trace_id=trace_id,
            composite_class=composite_class,
            customer_id=customer_id,
            started_at=started_at,
            ended_at=ended_at,
            currency=currency,
            calls=calls,
            unpriced_events=unpriced_events,
            cost=cost,
            revenue=revenue,
            margin=margin,
            outcome=outcome,
            events=events,
        )

        composite_output.additional_properties = d
        return composite_output

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
