from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credit_grant_kind_enum import CreditGrantKindEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreditGrantCreateInputRequest")


@_attrs_define
class CreditGrantCreateInputRequest:
    """
    Attributes:
        kind (CreditGrantKindEnum): * `paid` - Paid
            * `promotional` - Promotional
        credits_ (str): How many credits (in `unit`; in the currency when no unit is given).
        currency (str): The currency the credits pay invoices in.
        unit (str | Unset): A custom credit unit, e.g. 'tokens-credits' (empty: the currency itself). Default: ''.
        unit_rate (str | Unset): Currency per credit unit (default 1). Default: '1.0000000000'.
        priority (int | Unset): Lower draws first (default 100). Default: 100.
        effective_at (datetime.datetime | Unset): Default: now.
        expires_at (datetime.datetime | None | Unset): Null: never expires.
        description (str | Unset):  Default: ''.
    """

    kind: CreditGrantKindEnum
    credits_: str
    currency: str
    unit: str | Unset = ""
    unit_rate: str | Unset = "1.0000000000"
    priority: int | Unset = 100
    effective_at: datetime.datetime | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    description: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        credits_ = self.credits_

        currency = self.currency

        unit = self.unit

        unit_rate = self.unit_rate

        priority = self.priority

        effective_at: str | Unset = UNSET
        if not isinstance(self.effective_at, Unset):
            effective_at = self.effective_at.isoformat()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "credits": credits_,
                "currency": currency,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if unit_rate is not UNSET:
            field_dict["unit_rate"] = unit_rate
        if priority is not UNSET:
            field_dict["priority"] = priority
        if effective_at is not UNSET:
            field_dict["effective_at"] = effective_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = CreditGrantKindEnum(d.pop("kind"))

        credits_ = d.pop("credits")

        currency = d.pop("currency")

        unit = d.pop("unit", UNSET)

        unit_rate = d.pop("unit_rate", UNSET)

        priority = d.pop("priority", UNSET)

        _effective_at = d.pop("effective_at", UNSET)
        effective_at: datetime.datetime | Unset
        if isinstance(_effective_at, Unset):
            effective_at = UNSET
        else:
            effective_at = datetime.datetime.fromisoformat(_effective_at)

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        description = d.pop("description", UNSET)

        credit_grant_create_input_request = cls(
            kind=kind,
            credits_=credits_,
            currency=currency,
            unit=unit,
            unit_rate=unit_rate,
            priority=priority,
            effective_at=effective_at,
            expires_at=expires_at,
            description=description,
        )

        credit_grant_create_input_request.additional_properties = d
        return credit_grant_create_input_request

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
