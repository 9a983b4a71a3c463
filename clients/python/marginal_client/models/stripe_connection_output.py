from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StripeConnectionOutput")


@_attrs_define
class StripeConnectionOutput:
    """
    Attributes:
        connected (bool):
        mode (None | str):
        secret_key (None | str): Masked: the prefix and the last four characters.
        webhook_secret (None | str): Masked, as secret_key.
        webhook_url (str): Path of this tenant's webhook endpoint, to register in Stripe.
        connected_at (datetime.datetime | None):
        outbox_pending (int):
        outbox_dead (int):
    """

    connected: bool
    mode: None | str
    secret_key: None | str
    webhook_secret: None | str
    webhook_url: str
    connected_at: datetime.datetime | None
    outbox_pending: int
    outbox_dead: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connected = self.connected

        mode: None | str
        mode = self.mode

        secret_key: None | str
        secret_key = self.secret_key

        webhook_secret: None | str
        webhook_secret = self.webhook_secret

        webhook_url = self.webhook_url

        connected_at: None | str
        if isinstance(self.connected_at, datetime.datetime):
            connected_at = self.connected_at.isoformat()
        else:
            connected_at = self.connected_at

        outbox_pending = self.outbox_pending

        outbox_dead = self.outbox_dead

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connected": connected,
                "mode": mode,
                "secret_key": secret_key,
                "webhook_secret": webhook_secret,
                "webhook_url": webhook_url,
                "connected_at": connected_at,
                "outbox_pending": outbox_pending,
                "outbox_dead": outbox_dead,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        connected = d.pop("connected")

        def _parse_mode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mode = _parse_mode(d.pop("mode"))

        def _parse_secret_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        secret_key = _parse_secret_key(d.pop("secret_key"))

        def _parse_webhook_secret(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        webhook_secret = _parse_webhook_secret(d.pop("webhook_secret"))

        webhook_url = d.pop("webhook_url")

        def _parse_connected_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                connected_at_type_0 = datetime.datetime.fromisoformat(data)

                return connected_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        connected_at = _parse_connected_at(d.pop("connected_at"))

        outbox_pending = d.pop("outbox_pending")

        outbox_dead = d.pop("outbox_dead")

        stripe_connection_output = cls(
            connected=connected,
            mode=mode,
            secret_key=secret_key,
            webhook_secret=webhook_secret,
            webhook_url=webhook_url,
            connected_at=connected_at,
            outbox_pending=outbox_pending,
            outbox_dead=outbox_dead,
        )

        stripe_connection_output.additional_properties = d
        return stripe_connection_output

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
