from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charge_input_request import ChargeInputRequest


T = TypeVar("T", bound="PlanCreateInputRequest")


@_attrs_define
class PlanCreateInputRequest:
    """
    Attributes:
        plan_id (str): Your own id for the plan (letters, digits and _ . -), unique per tenant.
        name (str):
        currency (str): ISO 4217, e.g. USD.
        charges (list[ChargeInputRequest]): Charges of version 1 (a draft).
        description (str | Unset):  Default: ''.
    """

    plan_id: str
    name: str
    currency: str
    charges: list[ChargeInputRequest]
    description: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        name = self.name

        currency = self.currency

        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan_id": plan_id,
                "name": name,
                "currency": currency,
                "charges": charges,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.charge_input_request import ChargeInputRequest

        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        name = d.pop("name")

        currency = d.pop("currency")

        charges = []
        _charges = d.pop("charges")
        for charges_item_data in _charges:
            charges_item = ChargeInputRequest.from_dict(charges_item_data)

            charges.append(charges_item)

        description = d.pop("description", UNSET)

        plan_create_input_request = cls(
            plan_id=plan_id,
            name=name,
            currency=currency,
            charges=charges,
            description=description,
        )

        plan_create_input_request.additional_properties = d
        return plan_create_input_request

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
