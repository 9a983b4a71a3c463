from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stripe_connection_input_mode_enum import StripeConnectionInputModeEnum

T = TypeVar("T", bound="StripeConnectionInputRequest")


@_attrs_define
class StripeConnectionInputRequest:
    """
    Attributes:
        mode (StripeConnectionInputModeEnum): * `test` - test
            * `live` - live
        secret_key (str): Secret (sk_) or restricted (rk_) key; stored encrypted, never shown again.
        webhook_secret (str): Signing secret (whsec_) of the webhook endpoint; stored encrypted.
    """

    mode: StripeConnectionInputModeEnum
    secret_key: str
    webhook_secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        secret_key = self.secret_key

        webhook_secret = self.webhook_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
                "secret_key": secret_key,
                "webhook_secret": webhook_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mode = StripeConnectionInputModeEnum(d.pop("mode"))

        secret_key = d.pop("secret_key")

        webhook_secret = d.pop("webhook_secret")

        stripe_connection_input_request = cls(
            mode=mode,
            secret_key=secret_key,
            webhook_secret=webhook_secret,
        )

        stripe_connection_input_request.additional_properties = d
        return stripe_connection_input_request

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
