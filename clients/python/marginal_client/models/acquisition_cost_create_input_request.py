from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcquisitionCostCreateInputRequest")


@_attrs_define
class AcquisitionCostCreateInputRequest:
    """
    Attributes:
        month (str): Cohort month YYYY-MM (the customers created that month). Example: 2026-11.
        amount (str):
        customer_id (None | str | Unset): Spend on one customer; omit to spread it over the month's new customers.
        channel (str | Unset): Spread only over customers whose metadata.channel is this. Default: ''.
        note (str | Unset):  Default: ''.
    """

    month: str
    amount: str
    customer_id: None | str | Unset = UNSET
    channel: str | Unset = ""
    note: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        amount = self.amount

        customer_id: None | str | Unset
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = self.customer_id

        channel = self.channel

        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "amount": amount,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if channel is not UNSET:
            field_dict["channel"] = channel
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        month = d.pop("month")

        amount = d.pop("amount")

        def _parse_customer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_id = _parse_customer_id(d.pop("customer_id", UNSET))

        channel = d.pop("channel", UNSET)

        note = d.pop("note", UNSET)

        acquisition_cost_create_input_request = cls(
            month=month,
            amount=amount,
            customer_id=customer_id,
            channel=channel,
            note=note,
        )

        acquisition_cost_create_input_request.additional_properties = d
        return acquisition_cost_create_input_request

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
