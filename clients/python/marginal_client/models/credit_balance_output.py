from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.credit_entry_output import CreditEntryOutput
    from ..models.credit_grant_balance import CreditGrantBalance


T = TypeVar("T", bound="CreditBalanceOutput")


@_attrs_define
class CreditBalanceOutput:
    """
    Attributes:
        customer_id (str):
        currency (str):
        balance (str): Credits of grants in force now, after rated usage. Example: 12.50.
        held (str): Reserved by open authorisations. Example: 12.50.
        available (str): balance - held: what an authorisation can use. Example: 12.50.
        as_of (datetime.datetime):
        grants (list[CreditGrantBalance]):
        entries (list[CreditEntryOutput]): The ledger, oldest first.
    """

    customer_id: str
    currency: str
    balance: str
    held: str
    available: str
    as_of: datetime.datetime
    grants: list[CreditGrantBalance]
    entries: list[CreditEntryOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        currency = self.currency

        balance = self.balance

        held = self.held

        available = self.available

        as_of = self.as_of.isoformat()

        grants = []
        for grants_item_data in self.grants:
            grants_item = grants_item_data.to_dict()
            grants.append(grants_item)

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "currency": currency,
                "balance": balance,
                "held": held,
                "available": available,
                "as_of": as_of,
                "grants": grants,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.credit_entry_output import CreditEntryOutput
        from ..models.credit_grant_balance import CreditGrantBalance

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        currency = d.pop("currency")

        balance = d.pop("balance")

        held = d.pop("held")

        available = d.pop("available")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        grants = []
        _grants = d.pop("grants")
        for grants_item_data in _grants:
            grants_item = CreditGrantBalance.from_dict(grants_item_data)

            grants.append(grants_item)

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = CreditEntryOutput.from_dict(entries_item_data)

            entries.append(entries_item)

        credit_balance_output = cls(
            customer_id=customer_id,
            currency=currency,
            balance=balance,
            held=held,
            available=available,
            as_of=as_of,
            grants=grants,
            entries=entries,
        )

        credit_balance_output.additional_properties = d
        return credit_balance_output

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
