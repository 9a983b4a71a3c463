from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_create_input_request_metadata import (
        CustomerCreateInputRequestMetadata,
    )


T = TypeVar("T", bound="CustomerCreateInputRequest")


@_attrs_define
class CustomerCreateInputRequest:
    """
    Attributes:
        external_id (str): Your own id for the customer (letters, digits and _ . : @ -), unique per tenant.
        name (str | Unset):  Default: ''.
        metadata (CustomerCreateInputRequestMetadata | Unset):
    """

    external_id: str
    name: str | Unset = ""
    metadata: CustomerCreateInputRequestMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        name = self.name

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.customer_create_input_request_metadata import (
            CustomerCreateInputRequestMetadata,
        )

        d = dict(src_dict)
        external_id = d.pop("external_id")

        name = d.pop("name", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CustomerCreateInputRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CustomerCreateInputRequestMetadata.from_dict(_metadata)

        customer_create_input_request = cls(
            external_id=external_id,
            name=name,
            metadata=metadata,
        )

        customer_create_input_request.additional_properties = d
        return customer_create_input_request

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
