from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_event_input_request import UsageEventInputRequest


T = TypeVar("T", bound="EventAmendInputRequest")


@_attrs_define
class EventAmendInputRequest:
    """
    Attributes:
        event (UsageEventInputRequest): One usage event: one inference request. Unknown fields are rejected.
        reason (str | Unset):  Default: ''.
    """

    event: UsageEventInputRequest
    reason: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event.to_dict()

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.usage_event_input_request import UsageEventInputRequest

        d = dict(src_dict)
        event = UsageEventInputRequest.from_dict(d.pop("event"))

        reason = d.pop("reason", UNSET)

        event_amend_input_request = cls(
            event=event,
            reason=reason,
        )

        event_amend_input_request.additional_properties = d
        return event_amend_input_request

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
