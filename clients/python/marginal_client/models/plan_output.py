from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.plan_version_summary_output import PlanVersionSummaryOutput


T = TypeVar("T", bound="PlanOutput")


@_attrs_define
class PlanOutput:
    """
    Attributes:
        plan_id (str):
        name (str):
        description (str):
        created_at (datetime.datetime):
        versions (list[PlanVersionSummaryOutput]):
    """

    plan_id: str
    name: str
    description: str
    created_at: datetime.datetime
    versions: list[PlanVersionSummaryOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        name = self.name

        description = self.description

        created_at = self.created_at.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan_id": plan_id,
                "name": name,
                "description": description,
                "created_at": created_at,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_version_summary_output import PlanVersionSummaryOutput

        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        name = d.pop("name")

        description = d.pop("description")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = PlanVersionSummaryOutput.from_dict(versions_item_data)

            versions.append(versions_item)

        plan_output = cls(
            plan_id=plan_id,
            name=name,
            description=description,
            created_at=created_at,
            versions=versions,
        )

        plan_output.additional_properties = d
        return plan_output

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
