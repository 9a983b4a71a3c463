from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charge_input_request import ChargeInputRequest


T = TypeVar("T", bound="WhatIfCandidateInputRequest")


@_attrs_define
class WhatIfCandidateInputRequest:
    """
    Attributes:
        simulation_id (UUID | Unset): Take a candidate of this simulation (with `plan`).
        plan (str | Unset): The simulation's candidate key (candidate_1).
        name (str | Unset):
        plan_id (str | Unset):
        version (int | Unset):
        currency (str | Unset):
        charges (list[ChargeInputRequest] | Unset): Inline plans: charges as plan versions take them.
    """

    simulation_id: UUID | Unset = UNSET
    plan: str | Unset = UNSET
    name: str | Unset = UNSET
    plan_id: str | Unset = UNSET
    version: int | Unset = UNSET
    currency: str | Unset = UNSET
    charges: list[ChargeInputRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        simulation_id: str | Unset = UNSET
        if not isinstance(self.simulation_id, Unset):
            simulation_id = str(self.simulation_id)

        plan = self.plan

        name = self.name

        plan_id = self.plan_id

        version = self.version

        currency = self.currency

        charges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.charges, Unset):
            charges = []
            for charges_item_data in self.charges:
                charges_item = charges_item_data.to_dict()
                charges.append(charges_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if simulation_id is not UNSET:
            field_dict["simulation_id"] = simulation_id
        if plan is not UNSET:
            field_dict["plan"] = plan
        if name is not UNSET:
            field_dict["name"] = name
        if plan_id is not UNSET:
            field_dict["plan_id"] = plan_id
        if version is not UNSET:
            field_dict["version"] = version
        if currency is not UNSET:
            field_dict["currency"] = currency
        if charges is not UNSET:
            field_dict["charges"] = charges

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.charge_input_request import ChargeInputRequest

        d = dict(src_dict)
        _simulation_id = d.pop("simulation_id", UNSET)
        simulation_id: UUID | Unset
        if isinstance(_simulation_id, Unset):
            simulation_id = UNSET
        else:
            simulation_id = UUID(_simulation_id)

        plan = d.pop("plan", UNSET)

        name = d.pop("name", UNSET)

        plan_id = d.pop("plan_id", UNSET)

        version = d.pop("version", UNSET)

        currency = d.pop("currency", UNSET)

        _charges = d.pop("charges", UNSET)
        charges: list[ChargeInputRequest] | Unset = UNSET
        if _charges is not UNSET:
            charges = []
            for charges_item_data in _charges:
                charges_item = ChargeInputRequest.from_dict(charges_item_data)

                charges.append(charges_item)

        what_if_candidate_input_request = cls(
            simulation_id=simulation_id,
            plan=plan,
            name=name,
            plan_id=plan_id,
            version=version,
            currency=currency,
            charges=charges,
        )

        what_if_candidate_input_request.additional_properties = d
        return what_if_candidate_input_request

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
