from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BudgetOutput")


@_attrs_define
class BudgetOutput:
    """
    Attributes:
        id (UUID):
        customer_id (str):
        measure (str):
        limit (None | str):  Example: 12.50.
        floor_percent (None | str):  Example: 12.50.
        request_class (str):
        tag (str):
        period_start (datetime.date):
        spend (str):  Example: 12.50.
        cost (str):  Example: 12.50.
        held_spend (str):  Example: 12.50.
        held_cost (str):  Example: 12.50.
        alert_percents (list[str]):
    """

    id: UUID
    customer_id: str
    measure: str
    limit: None | str
    floor_percent: None | str
    request_class: str
    tag: str
    period_start: datetime.date
    spend: str
    cost: str
    held_spend: str
    held_cost: str
    alert_percents: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = self.customer_id

        measure = self.measure

        limit: None | str
        limit = self.limit

        floor_percent: None | str
        floor_percent = self.floor_percent

        request_class = self.request_class

        tag = self.tag

        period_start = self.period_start.isoformat()

        spend = self.spend

        cost = self.cost

        held_spend = self.held_spend

        held_cost = self.held_cost

        alert_percents = self.alert_percents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "measure": measure,
                "limit": limit,
                "floor_percent": floor_percent,
                "request_class": request_class,
                "tag": tag,
                "period_start": period_start,
                "spend": spend,
                "cost": cost,
                "held_spend": held_spend,
                "held_cost": held_cost,
                "alert_percents": alert_percents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = d.pop("customer_id")

        measure = d.pop("measure")

        def _parse_limit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        limit = _parse_limit(d.pop("limit"))

        def _parse_floor_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        floor_percent = _parse_floor_percent(d.pop("floor_percent"))

        request_class = d.pop("request_class")

        tag = d.pop("tag")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        spend = d.pop("spend")

        cost = d.pop("cost")

        held_spend = d.pop("held_spend")

        held_cost = d.pop("held_cost")

        alert_percents = cast(list[str], d.pop("alert_percents"))

        budget_output = cls(
            id=id,
            customer_id=customer_id,
            measure=measure,
            limit=limit,
            floor_percent=floor_percent,
            request_class=request_class,
            tag=tag,
            period_start=period_start,
            spend=spend,
            cost=cost,
            held_spend=held_spend,
            held_cost=held_cost,
            alert_percents=alert_percents,
        )

        budget_output.additional_properties = d
        return budget_output

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
