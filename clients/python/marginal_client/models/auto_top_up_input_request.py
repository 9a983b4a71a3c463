from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AutoTopUpInputRequest")


@_attrs_define
class AutoTopUpInputRequest:
    """
    Attributes:
        currency (str): The credits' currency.
        below (str): Top up when the credit balance falls below this amount.
        credits_ (str): Paid credits (in the currency) each top-up grants.
        max_per_month (int | Unset): At most this many top-ups per calendar month (UTC). Default: 1.
        cooldown_seconds (int | Unset): No top-up within this many seconds of the previous one. Default: 0.
        active (bool | Unset):  Default: True.
    """

    currency: str
    below: str
    credits_: str
    max_per_month: int | Unset = 1
    cooldown_seconds: int | Unset = 0
    active: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        below = self.below

        credits_ = self.credits_

        max_per_month = self.max_per_month

        cooldown_seconds = self.cooldown_seconds

        active = self.active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "below": below,
                "credits": credits_,
            }
        )
        if max_per_month is not UNSET:
            field_dict["max_per_month"] = max_per_month
        if cooldown_seconds is not UNSET:
            field_dict["cooldown_seconds"] = cooldown_seconds
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        below = d.pop("below")

        credits_ = d.pop("credits")

        max_per_month = d.pop("max_per_month", UNSET)

        cooldown_seconds = d.pop("cooldown_seconds", UNSET)

        active = d.pop("active", UNSET)

        auto_top_up_input_request = cls(
            currency=currency,
            below=below,
            credits_=credits_,
            max_per_month=max_per_month,
            cooldown_seconds=cooldown_seconds,
            active=active,
        )

        auto_top_up_input_request.additional_properties = d
        return auto_top_up_input_request

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
