from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.plan_output import PlanOutput
    from ..models.plan_version_output import PlanVersionOutput


T = TypeVar("T", bound="PlanCreatedOutput")


@_attrs_define
class PlanCreatedOutput:
    """
    Attributes:
        plan (PlanOutput):
        version (PlanVersionOutput):
    """

    plan: PlanOutput
    version: PlanVersionOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan.to_dict()

        version = self.version.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.plan_output import PlanOutput
        from ..models.plan_version_output import PlanVersionOutput

        d = dict(src_dict)
        plan = PlanOutput.from_dict(d.pop("plan"))

        version = PlanVersionOutput.from_dict(d.pop("version"))

        plan_created_output = cls(
            plan=plan,
            version=version,
        )

        plan_created_output.additional_properties = d
        return plan_created_output

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
