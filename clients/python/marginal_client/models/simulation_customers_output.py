from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.simulation_customers_output_mode_enum import (
    SimulationCustomersOutputModeEnum,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SimulationCustomersOutput")


@_attrs_define
class SimulationCustomersOutput:
    """
    Attributes:
        mode (SimulationCustomersOutputModeEnum): * `all` - all
            * `list` - list
            * `plan_version` - plan_version
        external_ids (list[str] | Unset):
        plan_id (str | Unset):
        version (int | Unset):
    """

    mode: SimulationCustomersOutputModeEnum
    external_ids: list[str] | Unset = UNSET
    plan_id: str | Unset = UNSET
    version: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        external_ids: list[str] | Unset = UNSET
        if not isinstance(self.external_ids, Unset):
            external_ids = self.external_ids

        plan_id = self.plan_id

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mode": mode,
            }
        )
        if external_ids is not UNSET:
            field_dict["external_ids"] = external_ids
        if plan_id is not UNSET:
            field_dict["plan_id"] = plan_id
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mode = SimulationCustomersOutputModeEnum(d.pop("mode"))

        external_ids = cast(list[str], d.pop("external_ids", UNSET))

        plan_id = d.pop("plan_id", UNSET)

        version = d.pop("version", UNSET)

        simulation_customers_output = cls(
            mode=mode,
            external_ids=external_ids,
            plan_id=plan_id,
            version=version,
        )

        simulation_customers_output.additional_properties = d
        return simulation_customers_output

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
