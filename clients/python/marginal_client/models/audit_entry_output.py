from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_actor_output import AuditActorOutput


T = TypeVar("T", bound="AuditEntryOutput")


@_attrs_define
class AuditEntryOutput:
    """
    Attributes:
        id (UUID):
        occurred_at (datetime.datetime):
        actor (AuditActorOutput):
        action (str):
        object_type (str):
        object_id (str):
        before (Any): The object before the action; null if it did not exist.
        after (Any): The object after the action; null if it is gone.
    """

    id: UUID
    occurred_at: datetime.datetime
    actor: AuditActorOutput
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        occurred_at = self.occurred_at.isoformat()

        actor = self.actor.to_dict()

        action = self.action

        object_type = self.object_type

        object_id = self.object_id

        before = self.before

        after = self.after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "occurred_at": occurred_at,
                "actor": actor,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "before": before,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audit_actor_output import AuditActorOutput

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        actor = AuditActorOutput.from_dict(d.pop("actor"))

        action = d.pop("action")

        object_type = d.pop("object_type")

        object_id = d.pop("object_id")

        before = d.pop("before")

        after = d.pop("after")

        audit_entry_output = cls(
            id=id,
            occurred_at=occurred_at,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )

        audit_entry_output.additional_properties = d
        return audit_entry_output

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
