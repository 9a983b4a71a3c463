from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stripe_outbox_output_status_enum import StripeOutboxOutputStatusEnum

T = TypeVar("T", bound="StripeOutboxOutput")


@_attrs_define
class StripeOutboxOutput:
    """
    Attributes:
        id (int):
        operation (str): customer.sync, plan_version.sync, ...
        subject (str): The pk or key of the object synced.
        idempotency_key (str):
        status (StripeOutboxOutputStatusEnum): * `pending` - pending
            * `done` - done
            * `dead` - dead
        attempts (int):
        next_attempt_at (datetime.datetime):
        last_error (str):
        stripe_id (str):
        created_at (datetime.datetime):
        done_at (datetime.datetime | None):
    """

    id: int
    operation: str
    subject: str
    idempotency_key: str
    status: StripeOutboxOutputStatusEnum
    attempts: int
    next_attempt_at: datetime.datetime
    last_error: str
    stripe_id: str
    created_at: datetime.datetime
    done_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        operation = self.operation

        subject = self.subject

        idempotency_key = self.idempotency_key

        status = self.status.value

        attempts = self.attempts

        next_attempt_at = self.next_attempt_at.isoformat()

        last_error = self.last_error

        stripe_id = self.stripe_id

        created_at = self.created_at.isoformat()

        done_at: None | str
        if isinstance(self.done_at, datetime.datetime):
            done_at = self.done_at.isoformat()
        else:
            done_at = self.done_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "operation": operation,
                "subject": subject,
                "idempotency_key": idempotency_key,
                "status": status,
                "attempts": attempts,
                "next_attempt_at": next_attempt_at,
                "last_error": last_error,
                "stripe_id": stripe_id,
                "created_at": created_at,
                "done_at": done_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        operation = d.pop("operation")

        subject = d.pop("subject")

        idempotency_key = d.pop("idempotency_key")

        status = StripeOutboxOutputStatusEnum(d.pop("status"))

        attempts = d.pop("attempts")

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        last_error = d.pop("last_error")

        stripe_id = d.pop("stripe_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_done_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                done_at_type_0 = datetime.datetime.fromisoformat(data)

                return done_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        done_at = _parse_done_at(d.pop("done_at"))

        stripe_outbox_output = cls(
            id=id,
            operation=operation,
            subject=subject,
            idempotency_key=idempotency_key,
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_error=last_error,
            stripe_id=stripe_id,
            created_at=created_at,
            done_at=done_at,
        )

        stripe_outbox_output.additional_properties = d
        return stripe_outbox_output

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
