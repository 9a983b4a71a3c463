from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.set_by_enum import SetByEnum

T = TypeVar("T", bound="CreditAlertSettingsOutput")


@_attrs_define
class CreditAlertSettingsOutput:
    """
    Attributes:
        customer_id (None | str): Null: the tenant's default.
        set_by (SetByEnum): * `customer` - customer
            * `tenant` - tenant
            * `default` - default
        balance_below (None | str):  Example: 12.50.
        balance_below_percent (None | str):  Example: 12.50.
        running_out_days (None | str):  Example: 12.50.
        projected_invoice_above (None | str):  Example: 12.50.
    """

    customer_id: None | str
    set_by: SetByEnum
    balance_below: None | str
    balance_below_percent: None | str
    running_out_days: None | str
    projected_invoice_above: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id: None | str
        customer_id = self.customer_id

        set_by = self.set_by.value

        balance_below: None | str
        balance_below = self.balance_below

        balance_below_percent: None | str
        balance_below_percent = self.balance_below_percent

        running_out_days: None | str
        running_out_days = self.running_out_days

        projected_invoice_above: None | str
        projected_invoice_above = self.projected_invoice_above

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "set_by": set_by,
                "balance_below": balance_below,
                "balance_below_percent": balance_below_percent,
                "running_out_days": running_out_days,
                "projected_invoice_above": projected_invoice_above,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        set_by = SetByEnum(d.pop("set_by"))

        def _parse_balance_below(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        balance_below = _parse_balance_below(d.pop("balance_below"))

        def _parse_balance_below_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        balance_below_percent = _parse_balance_below_percent(
            d.pop("balance_below_percent")
        )

        def _parse_running_out_days(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        running_out_days = _parse_running_out_days(d.pop("running_out_days"))

        def _parse_projected_invoice_above(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        projected_invoice_above = _parse_projected_invoice_above(
            d.pop("projected_invoice_above")
        )

        credit_alert_settings_output = cls(
            customer_id=customer_id,
            set_by=set_by,
            balance_below=balance_below,
            balance_below_percent=balance_below_percent,
            running_out_days=running_out_days,
            projected_invoice_above=projected_invoice_above,
        )

        credit_alert_settings_output.additional_properties = d
        return credit_alert_settings_output

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
