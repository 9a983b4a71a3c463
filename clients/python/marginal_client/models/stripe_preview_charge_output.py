from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StripePreviewChargeOutput")


@_attrs_define
class StripePreviewChargeOutput:
    """
    Attributes:
        charge_key (str):
        marginal (str): Marginal's amount for the charge.
        stripe (str): What Stripe's own lines bill for it.
        item (str): The invoice item Marginal adds at invoicing.
    """

    charge_key: str
    marginal: str
    stripe: str
    item: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        charge_key = self.charge_key

        marginal = self.marginal

        stripe = self.stripe

        item = self.item

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "charge_key": charge_key,
                "marginal": marginal,
                "stripe": stripe,
                "item": item,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        charge_key = d.pop("charge_key")

        marginal = d.pop("marginal")

        stripe = d.pop("stripe")

        item = d.pop("item")

        stripe_preview_charge_output = cls(
            charge_key=charge_key,
            marginal=marginal,
            stripe=stripe,
            item=item,
        )

        stripe_preview_charge_output.additional_properties = d
        return stripe_preview_charge_output

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
