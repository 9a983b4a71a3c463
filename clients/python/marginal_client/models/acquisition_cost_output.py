from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AcquisitionCostOutput")


@_attrs_define
class AcquisitionCostOutput:
    """
    Attributes:
        id (UUID):
        customer_id (None | str):
        month (str):  Example: 2026-11.
        channel (str):
        amount (str): Acquisition spend as recorded (up to 10 places).
        currency (str): ISO 4217 currency of the amount (USD, the currency of costs).
        note (str):
        created_at (datetime.datetime):
    """

    id: UUID
    customer_id: None | str
    month: str
    channel: str
    amount: str
    currency: str
    note: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id: None | str
        customer_id = self.customer_id

        month = self.month

        channel = self.channel

        amount = self.amount

        currency = self.currency

        note = self.note

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "month": month,
                "channel": channel,
                "amount": amount,
                "currency": currency,
                "note": note,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        month = d.pop("month")

        channel = d.pop("channel")

        amount = d.pop("amount")

        currency = d.pop("currency")

        note = d.pop("note")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        acquisition_cost_output = cls(
            id=id,
            customer_id=customer_id,
            month=month,
            channel=channel,
            amount=amount,
            currency=currency,
            note=note,
            created_at=created_at,
        )

        acquisition_cost_output.additional_properties = d
        return acquisition_cost_output

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
