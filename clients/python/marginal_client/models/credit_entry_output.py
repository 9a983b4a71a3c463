from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CreditEntryOutput")


@_attrs_define
class CreditEntryOutput:
    """
    Attributes:
        grant_id (UUID):
        kind (str):
        amount (str):  Example: 12.50.
        occurred_at (datetime.datetime):
    """

    grant_id: UUID
    kind: str
    amount: str
    occurred_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_id = str(self.grant_id)

        kind = self.kind

        amount = self.amount

        occurred_at = self.occurred_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_id": grant_id,
                "kind": kind,
                "amount": amount,
                "occurred_at": occurred_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        grant_id = UUID(d.pop("grant_id"))

        kind = d.pop("kind")

        amount = d.pop("amount")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        credit_entry_output = cls(
            grant_id=grant_id,
            kind=kind,
            amount=amount,
            occurred_at=occurred_at,
        )

        credit_entry_output.additional_properties = d
        return credit_entry_output

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
