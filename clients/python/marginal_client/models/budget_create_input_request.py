from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.measure_enum import MeasureEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="BudgetCreateInputRequest")


@_attrs_define
class BudgetCreateInputRequest:
    """
    Attributes:
        customer_id (str):
        measure (MeasureEnum): * `spend` - Spend (revenue, the plan's currency)
            * `cost` - Our cost (USD)
            * `margin` - Margin floor (percent)
        limit (str | Unset): spend (the plan's currency) or cost (USD): the monthly cap.
        floor_percent (str | Unset): margin: the lowest margin % the month may reach.
        request_class (str | Unset): Only this request class (empty: all). Default: ''.
        tag (str | Unset): Only requests with this tag, e.g. an end user (empty: all). Default: ''.
        alert_percents (list[str] | Unset): spend and cost budgets: the percentages of the limit that raise a
            budget_threshold alert, once each per month (default [80, 100]; [] for none).
    """

    customer_id: str
    measure: MeasureEnum
    limit: str | Unset = UNSET
    floor_percent: str | Unset = UNSET
    request_class: str | Unset = ""
    tag: str | Unset = ""
    alert_percents: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        measure = self.measure.value

        limit = self.limit

        floor_percent = self.floor_percent

        request_class = self.request_class

        tag = self.tag

        alert_percents: list[str] | Unset = UNSET
        if not isinstance(self.alert_percents, Unset):
            alert_percents = self.alert_percents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "measure": measure,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if floor_percent is not UNSET:
            field_dict["floor_percent"] = floor_percent
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if tag is not UNSET:
            field_dict["tag"] = tag
        if alert_percents is not UNSET:
            field_dict["alert_percents"] = alert_percents

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        measure = MeasureEnum(d.pop("measure"))

        limit = d.pop("limit", UNSET)

        floor_percent = d.pop("floor_percent", UNSET)

        request_class = d.pop("request_class", UNSET)

        tag = d.pop("tag", UNSET)

        alert_percents = cast(list[str], d.pop("alert_percents", UNSET))

        budget_create_input_request = cls(
            customer_id=customer_id,
            measure=measure,
            limit=limit,
            floor_percent=floor_percent,
            request_class=request_class,
            tag=tag,
            alert_percents=alert_percents,
        )

        budget_create_input_request.additional_properties = d
        return budget_create_input_request

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
