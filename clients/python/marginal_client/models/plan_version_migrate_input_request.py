from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.at_enum import AtEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanVersionMigrateInputRequest")


@_attrs_define
class PlanVersionMigrateInputRequest:
    """
    Attributes:
        from_version (int | Unset): Only subscriptions on this version (default all older).
        at (AtEnum | Unset): * `next_period` - next_period
            * `now` - now Default: AtEnum.NEXT_PERIOD.
    """

    from_version: int | Unset = UNSET
    at: AtEnum | Unset = AtEnum.NEXT_PERIOD
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_version = self.from_version

        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if from_version is not UNSET:
            field_dict["from_version"] = from_version
        if at is not UNSET:
            field_dict["at"] = at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_version = d.pop("from_version", UNSET)

        _at = d.pop("at", UNSET)
        at: AtEnum | Unset
        if isinstance(_at, Unset):
            at = UNSET
        else:
            at = AtEnum(_at)

        plan_version_migrate_input_request = cls(
            from_version=from_version,
            at=at,
        )

        plan_version_migrate_input_request.additional_properties = d
        return plan_version_migrate_input_request

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
