from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.audit_actor_type_enum import AuditActorTypeEnum

T = TypeVar("T", bound="AuditActorOutput")


@_attrs_define
class AuditActorOutput:
    """
    Attributes:
        type_ (AuditActorTypeEnum): * `api_key` - API key
            * `user` - User
            * `system` - System (a command or a job)
        id (str): The API key's id; empty for a command or job.
        label (str): The API key's prefix, or the command or job.
    """

    type_: AuditActorTypeEnum
    id: str
    label: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
                "label": label,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = AuditActorTypeEnum(d.pop("type"))

        id = d.pop("id")

        label = d.pop("label")

        audit_actor_output = cls(
            type_=type_,
            id=id,
            label=label,
        )

        audit_actor_output.additional_properties = d
        return audit_actor_output

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
