from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.subscription_output import SubscriptionOutput


T = TypeVar("T", bound="PlanVersionMigratedOutput")


@_attrs_define
class PlanVersionMigratedOutput:
    """
    Attributes:
        plan_id (str):
        version (int):
        effective_date (datetime.date):
        subscriptions (list[SubscriptionOutput]): The migrated subscriptions.
    """

    plan_id: str
    version: int
    effective_date: datetime.date
    subscriptions: list[SubscriptionOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        version = self.version

        effective_date = self.effective_date.isoformat()

        subscriptions = []
        for subscriptions_item_data in self.subscriptions:
            subscriptions_item = subscriptions_item_data.to_dict()
            subscriptions.append(subscriptions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan_id": plan_id,
                "version": version,
                "effective_date": effective_date,
                "subscriptions": subscriptions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.subscription_output import SubscriptionOutput

        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        version = d.pop("version")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        subscriptions = []
        _subscriptions = d.pop("subscriptions")
        for subscriptions_item_data in _subscriptions:
            subscriptions_item = SubscriptionOutput.from_dict(subscriptions_item_data)

            subscriptions.append(subscriptions_item)

        plan_version_migrated_output = cls(
            plan_id=plan_id,
            version=version,
            effective_date=effective_date,
            subscriptions=subscriptions,
        )

        plan_version_migrated_output.additional_properties = d
        return plan_version_migrated_output

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
