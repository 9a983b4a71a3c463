from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patched_customer_update_input_request_metadata import (
        PatchedCustomerUpdateInputRequestMetadata,
    )


T = TypeVar("T", bound="PatchedCustomerUpdateInputRequest")


@_attrs_define
class PatchedCustomerUpdateInputRequest:
    """
    Attributes:
        name (str | Unset):
        metadata (PatchedCustomerUpdateInputRequestMetadata | Unset):
        archived (bool | Unset):
    """

    name: str | Unset = UNSET
    metadata: PatchedCustomerUpdateInputRequestMetadata | Unset = UNSET
    archived: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        archived = self.archived

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if archived is not UNSET:
            field_dict["archived"] = archived

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.patched_customer_update_input_request_metadata import (
            PatchedCustomerUpdateInputRequestMetadata,
        )

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: PatchedCustomerUpdateInputRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PatchedCustomerUpdateInputRequestMetadata.from_dict(_metadata)

        archived = d.pop("archived", UNSET)

        patched_customer_update_input_request = cls(
            name=name,
            metadata=metadata,
            archived=archived,
        )

        patched_customer_update_input_request.additional_properties = d
        return patched_customer_update_input_request

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
