from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreditAlertSettingsInputRequest")


@_attrs_define
class CreditAlertSettingsInputRequest:
    """
    Attributes:
        balance_below (None | str | Unset): credits_balance_low when available credits fall below this amount (the
            credits' currency). Null: off.
        balance_below_percent (None | str | Unset): credits_balance_low when available credits fall below this % of the
            credits of the grants in force. Null: off.
        running_out_days (None | str | Unset): credits_running_out when the credits last fewer days than this at the
            recent daily rate. Null: off.
        projected_invoice_above (None | str | Unset): invoice_projected when the month's projected invoice is above this
            amount. Null: off.
    """

    balance_below: None | str | Unset = UNSET
    balance_below_percent: None | str | Unset = UNSET
    running_out_days: None | str | Unset = UNSET
    projected_invoice_above: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_below: None | str | Unset
        if isinstance(self.balance_below, Unset):
            balance_below = UNSET
        else:
            balance_below = self.balance_below

        balance_below_percent: None | str | Unset
        if isinstance(self.balance_below_percent, Unset):
            balance_below_percent = UNSET
        else:
            balance_below_percent = self.balance_below_percent

        running_out_days: None | str | Unset
        if isinstance(self.running_out_days, Unset):
            running_out_days = UNSET
        else:
            running_out_days = self.running_out_days

        projected_invoice_above: None | str | Unset
        if isinstance(self.projected_invoice_above, Unset):
            projected_invoice_above = UNSET
        else:
            projected_invoice_above = self.projected_invoice_above

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if balance_below is not UNSET:
            field_dict["balance_below"] = balance_below
        if balance_below_percent is not UNSET:
            field_dict["balance_below_percent"] = balance_below_percent
        if running_out_days is not UNSET:
            field_dict["running_out_days"] = running_out_days
        if projected_invoice_above is not UNSET:
            field_dict["projected_invoice_above"] = projected_invoice_above

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_balance_below(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        balance_below = _parse_balance_below(d.pop("balance_below", UNSET))

        def _parse_balance_below_percent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        balance_below_percent = _parse_balance_below_percent(
            d.pop("balance_below_percent", UNSET)
        )

        def _parse_running_out_days(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        running_out_days = _parse_running_out_days(d.pop("running_out_days", UNSET))

        def _parse_projected_invoice_above(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        projected_invoice_above = _parse_projected_invoice_above(
            d.pop("projected_invoice_above", UNSET)
        )

        credit_alert_settings_input_request = cls(
            balance_below=balance_below,
            balance_below_percent=balance_below_percent,
            running_out_days=running_out_days,
            projected_invoice_above=projected_invoice_above,
        )

        credit_alert_settings_input_request.additional_properties = d
        return credit_alert_settings_input_request

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
