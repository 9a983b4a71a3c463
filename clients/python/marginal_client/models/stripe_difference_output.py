from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stripe_difference_output_kind_enum import StripeDifferenceOutputKindEnum

T = TypeVar("T", bound="StripeDifferenceOutput")


@_attrs_define
class StripeDifferenceOutput:
    """
    Attributes:
        id (UUID):
        kind (StripeDifferenceOutputKindEnum): * `meter_usage` - meter_usage
            * `invoice_total` - invoice_total
            * `meter_error` - meter_error
        customer_id (None | str):
        subject (str): The meter key, Marginal invoice id or Stripe meter.
        marginal_value (None | str):
        stripe_value (None | str):
        cause (str):
        found_at (datetime.datetime):
    """

    id: UUID
    kind: StripeDifferenceOutputKindEnum
    customer_id: None | str
    subject: str
    marginal_value: None | str
    stripe_value: None | str
    cause: str
    found_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind.value

        customer_id: None | str
        customer_id = self.customer_id

        subject = self.subject

        marginal_value: None | str
        marginal_value = self.marginal_value

        stripe_value: None | str
        stripe_value = self.stripe_value

        cause = self.cause

        found_at = self.found_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "customer_id": customer_id,
                "subject": subject,
                "marginal_value": marginal_value,
                "stripe_value": stripe_value,
                "cause": cause,
                "found_at": found_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = StripeDifferenceOutputKindEnum(d.pop("kind"))

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        subject = d.pop("subject")

        def _parse_marginal_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        marginal_value = _parse_marginal_value(d.pop("marginal_value"))

        def _parse_stripe_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_value = _parse_stripe_value(d.pop("stripe_value"))

        cause = d.pop("cause")

        found_at = datetime.datetime.fromisoformat(d.pop("found_at"))

        stripe_difference_output = cls(
            id=id,
            kind=kind,
            customer_id=customer_id,
            subject=subject,
            marginal_value=marginal_value,
            stripe_value=stripe_value,
            cause=cause,
            found_at=found_at,
        )

        stripe_difference_output.additional_properties = d
        return stripe_difference_output

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
