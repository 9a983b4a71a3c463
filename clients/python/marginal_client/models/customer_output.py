from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer_output_metadata import CustomerOutputMetadata


T = TypeVar("T", bound="CustomerOutput")


@_attrs_define
class CustomerOutput:
    """
    Attributes:
        external_id (str):
        name (str):
        metadata (CustomerOutputMetadata):
        archived (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    external_id: str
    name: str
    metadata: CustomerOutputMetadata
    archived: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        name = self.name

        metadata = self.metadata.to_dict()

        archived = self.archived

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "name": name,
                "metadata": metadata,
                "archived": archived,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_output_metadata import CustomerOutputMetadata

        d = dict(src_dict)
        external_id = d.pop("external_id")

        name = d.pop("name")

        metadata = CustomerOutputMetadata.from_dict(d.pop("metadata"))

        archived = d.pop("archived")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        customer_output = cls(
            external_id=external_id,
            name=name,
            metadata=metadata,
            archived=archived,
            created_at=created_at,
            updated_at=updated_at,
        )

        customer_output.additional_properties = d
        return customer_output

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
