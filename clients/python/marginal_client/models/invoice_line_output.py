from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_line_output_kind_enum import InvoiceLineOutputKindEnum

T = TypeVar("T", bound="InvoiceLineOutput")


@_attrs_define
class InvoiceLineOutput:
    """
    Attributes:
        charge_key (str):
        kind (InvoiceLineOutputKindEnum): * `flat_fee` - flat_fee
            * `usage` - usage
            * `included` - included
            * `tier_flat` - tier_flat
            * `minimum` - minimum
            * `adjustment` - adjustment
        description (str):
        quantity (str): Billing units (or 1 for fees). Example: 12.50.
        unit_price (str): Unrounded price per unit. Example: 12.50.
        amount (str): Rounded to the currency's minor unit. Example: 12.50.
        period_start (datetime.date):
        period_end (datetime.date): Exclusive.
        proration (bool):
        tier (int | None):
    """

    charge_key: str
    kind: InvoiceLineOutputKindEnum
    description: str
    quantity: str
    unit_price: str
    amount: str
    period_start: datetime.date
    period_end: datetime.date
    proration: bool
    tier: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        charge_key = self.charge_key

        kind = self.kind.value

        description = self.description

        quantity = self.quantity

        unit_price = self.unit_price

        amount = self.amount

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        proration = self.proration

        tier: int | None
        tier = self.tier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "charge_key": charge_key,
                "kind": kind,
                "description": description,
                "quantity": quantity,
                "unit_price": unit_price,
                "amount": amount,
                "period_start": period_start,
                "period_end": period_end,
                "proration": proration,
                "tier": tier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        charge_key = d.pop("charge_key")

        kind = InvoiceLineOutputKindEnum(d.pop("kind"))

        description = d.pop("description")

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        amount = d.pop("amount")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        proration = d.pop("proration")

        def _parse_tier(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tier = _parse_tier(d.pop("tier"))

        invoice_line_output = cls(
            charge_key=charge_key,
            kind=kind,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
            period_start=period_start,
            period_end=period_end,
            proration=proration,
            tier=tier,
        )

        invoice_line_output.additional_properties = d
        return invoice_line_output

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
