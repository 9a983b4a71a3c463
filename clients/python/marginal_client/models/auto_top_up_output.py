from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.auto_top_up_made import AutoTopUpMade


T = TypeVar("T", bound="AutoTopUpOutput")


@_attrs_define
class AutoTopUpOutput:
    """
    Attributes:
        id (UUID):
        customer_id (str):
        currency (str):
        below (str):  Example: 12.50.
        credits_ (str):  Example: 12.50.
        max_per_month (int):
        cooldown_seconds (int):
        active (bool):
        top_ups (list[AutoTopUpMade]): The latest 100, newest first.
    """

    id: UUID
    customer_id: str
    currency: str
    below: str
    credits_: str
    max_per_month: int
    cooldown_seconds: int
    active: bool
    top_ups: list[AutoTopUpMade]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = self.customer_id

        currency = self.currency

        below = self.below

        credits_ = self.credits_

        max_per_month = self.max_per_month

        cooldown_seconds = self.cooldown_seconds

        active = self.active

        top_ups = []
        for top_ups_item_data in self.top_ups:
            top_ups_item = top_ups_item_data.to_dict()
            top_ups.append(top_ups_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "currency": currency,
                "below": below,
                "credits": credits_,
                "max_per_month": max_per_month,
                "cooldown_seconds": cooldown_seconds,
                "active": active,
                "top_ups": top_ups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.auto_top_up_made import AutoTopUpMade

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = d.pop("customer_id")

        currency = d.pop("currency")

        below = d.pop("below")

        credits_ = d.pop("credits")

        max_per_month = d.pop("max_per_month")

        cooldown_seconds = d.pop("cooldown_seconds")

        active = d.pop("active")

        top_ups = []
        _top_ups = d.pop("top_ups")
        for top_ups_item_data in _top_ups:
            top_ups_item = AutoTopUpMade.from_dict(top_ups_item_data)

            top_ups.append(top_ups_item)

        auto_top_up_output = cls(
            id=id,
            customer_id=customer_id,
            currency=currency,
            below=below,
            credits_=credits_,
            max_per_month=max_per_month,
            cooldown_seconds=cooldown_seconds,
            active=active,
            top_ups=top_ups,
        )

        auto_top_up_output.additional_properties = d
        return auto_top_up_output

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
