from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StripePreviewItemOutput")


@_attrs_define
class StripePreviewItemOutput:
    """
    Attributes:
        key (str):
        charge_key (str):
        description (str):
        amount (str):
    """

    key: str
    charge_key: str
    description: str
    amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        charge_key = self.charge_key

        description = self.description

        amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "charge_key": charge_key,
                "description": description,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        key = d.pop("key")

        charge_key = d.pop("charge_key")

        description = d.pop("description")

        amount = d.pop("amount")

        stripe_preview_item_output = cls(
            key=key,
            charge_key=charge_key,
            description=description,
            amount=amount,
        )

        stripe_preview_item_output.additional_properties = d
        return stripe_preview_item_output

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
