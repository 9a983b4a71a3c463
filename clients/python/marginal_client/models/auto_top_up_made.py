from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AutoTopUpMade")


@_attrs_define
class AutoTopUpMade:
    """
    Attributes:
        grant_id (UUID):
        period_start (datetime.date):
        sequence (int): 1 for the month's first top-up.
        amount (str):  Example: 12.50.
        balance_before (str):  Example: 12.50.
        created_at (datetime.datetime):
    """

    grant_id: UUID
    period_start: datetime.date
    sequence: int
    amount: str
    balance_before: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_id = str(self.grant_id)

        period_start = self.period_start.isoformat()

        sequence = self.sequence

        amount = self.amount

        balance_before = self.balance_before

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_id": grant_id,
                "period_start": period_start,
                "sequence": sequence,
                "amount": amount,
                "balance_before": balance_before,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        grant_id = UUID(d.pop("grant_id"))

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        sequence = d.pop("sequence")

        amount = d.pop("amount")

        balance_before = d.pop("balance_before")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        auto_top_up_made = cls(
            grant_id=grant_id,
            period_start=period_start,
            sequence=sequence,
            amount=amount,
            balance_before=balance_before,
            created_at=created_at,
        )

        auto_top_up_made.additional_properties = d
        return auto_top_up_made

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
