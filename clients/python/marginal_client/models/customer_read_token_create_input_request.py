from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerReadTokenCreateInputRequest")


@_attrs_define
class CustomerReadTokenCreateInputRequest:
    """
    Attributes:
        ttl_seconds (int | Unset): How long the token lives, in seconds: 60 to 86400 (24 h); default 3600. Default:
            3600.
        name (str | Unset): What the token is for, e.g. the portal session it was issued to. Default: ''.
    """

    ttl_seconds: int | Unset = 3600
    name: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ttl_seconds = self.ttl_seconds

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        ttl_seconds = d.pop("ttl_seconds", UNSET)

        name = d.pop("name", UNSET)

        customer_read_token_create_input_request = cls(
            ttl_seconds=ttl_seconds,
            name=name,
        )

        customer_read_token_create_input_request.additional_properties = d
        return customer_read_token_create_input_request

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
