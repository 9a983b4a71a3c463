from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.simulation_candidate_input_request import (
        SimulationCandidateInputRequest,
    )
    from ..models.simulation_customers_input_request import (
        SimulationCustomersInputRequest,
    )


T = TypeVar("T", bound="SimulationCreateInputRequest")


@_attrs_define
class SimulationCreateInputRequest:
    """
    Attributes:
        candidates (list[SimulationCandidateInputRequest]): One to five plans to try: existing versions or inline
            charges.
        start_month (str): First month simulated, YYYY-MM.
        end_month (str): Month after the last one simulated, YYYY-MM (half-open range).
        name (str | Unset):  Default: ''.
        customers (SimulationCustomersInputRequest | Unset):
    """

    candidates: list[SimulationCandidateInputRequest]
    start_month: str
    end_month: str
    name: str | Unset = ""
    customers: SimulationCustomersInputRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidates = []
        for candidates_item_data in self.candidates:
            candidates_item = candidates_item_data.to_dict()
            candidates.append(candidates_item)

        start_month = self.start_month

        end_month = self.end_month

        name = self.name

        customers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customers, Unset):
            customers = self.customers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidates": candidates,
                "start_month": start_month,
                "end_month": end_month,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if customers is not UNSET:
            field_dict["customers"] = customers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.simulation_candidate_input_request import (
            SimulationCandidateInputRequest,
        )
        from ..models.simulation_customers_input_request import (
            SimulationCustomersInputRequest,
        )

        d = dict(src_dict)
        candidates = []
        _candidates = d.pop("candidates")
        for candidates_item_data in _candidates:
            candidates_item = SimulationCandidateInputRequest.from_dict(
                candidates_item_data
            )

            candidates.append(candidates_item)

        start_month = d.pop("start_month")

        end_month = d.pop("end_month")

        name = d.pop("name", UNSET)

        _customers = d.pop("customers", UNSET)
        customers: SimulationCustomersInputRequest | Unset
        if isinstance(_customers, Unset):
            customers = UNSET
        else:
            customers = SimulationCustomersInputRequest.from_dict(_customers)

        simulation_create_input_request = cls(
            candidates=candidates,
            start_month=start_month,
            end_month=end_month,
            name=name,
            customers=customers,
        )

        simulation_create_input_request.additional_properties = d
        return simulation_create_input_request

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
