from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credit_grant_kind_enum import CreditGrantKindEnum

T = TypeVar("T", bound="CreditGrantOutput")


@_attrs_define
class CreditGrantOutput:
    """
    Attributes:
        id (UUID):
        customer_id (str):
        kind (CreditGrantKindEnum): * `paid` - Paid
            * `promotional` - Promotional
        currency (str):
        credits_ (str):  Example: 12.50.
        unit (str):
        unit_rate (str):  Example: 12.50.
        amount (str): credits x unit_rate, in the currency. Example: 12.50.
        priority (int):
        effective_at (datetime.datetime):
        expires_at (datetime.datetime | None):
        voided_at (datetime.datetime | None):
        description (str):
    """

    id: UUID
    customer_id: str
    kind: CreditGrantKindEnum
    currency: str
    credits_: str
    unit: str
    unit_rate: str
    amount: str
    priority: int
    effective_at: datetime.datetime
    expires_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = self.customer_id

        kind = self.kind.value

        currency = self.currency

        credits_ = self.credits_

        unit = self.unit

        unit_rate = self.unit_rate

        amount = self.amount

        priority = self.priority

        effective_at = self.effective_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "kind": kind,
                "currency": currency,
                "credits": credits_,
                "unit": unit,
                "unit_rate": unit_rate,
                "amount": amount,
                "priority": priority,
                "effective_at": effective_at,
                "expires_at": expires_at,
                "voided_at": voided_at,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = d.pop("customer_id")

        kind = CreditGrantKindEnum(d.pop("kind"))

        currency = d.pop("currency")

        credits_ = d.pop("credits")

        unit = d.pop("unit")

        unit_rate = d.pop("unit_rate")

        amount = d.pop("amount")

        priority = d.pop("priority")

        effective_at = datetime.datetime.fromisoformat(d.pop("effective_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))

        description = d.pop("description")

        credit_grant_output = cls(
            id=id,
            customer_id=customer_id,
            kind=kind,
            currency=currency,
            credits_=credits_,
            unit=unit,
            unit_rate=unit_rate,
            amount=amount,
            priority=priority,
            effective_at=effective_at,
            expires_at=expires_at,
            voided_at=voided_at,
            description=description,
        )

        credit_grant_output.additional_properties = d
        return credit_grant_output

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
