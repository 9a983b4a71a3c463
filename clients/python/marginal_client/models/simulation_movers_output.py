from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulation_mover_output import SimulationMoverOutput


T = TypeVar("T", bound="SimulationMoversOutput")


@_attrs_define
class SimulationMoversOutput:
    """
    Attributes:
        plan (str):
        largest_increases (list[SimulationMoverOutput]): Customers who would pay the most more (the plan's losers).
        largest_decreases (list[SimulationMoverOutput]): Customers who would pay the most less (the plan's winners).
    """

    plan: str
    largest_increases: list[SimulationMoverOutput]
    largest_decreases: list[SimulationMoverOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        largest_increases = []
        for largest_increases_item_data in self.largest_increases:
            largest_increases_item = largest_increases_item_data.to_dict()
            largest_increases.append(largest_increases_item)

        largest_decreases = []
        for largest_decreases_item_data in self.largest_decreases:
            largest_decreases_item = largest_decreases_item_data.to_dict()
            largest_decreases.append(largest_decreases_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
                "largest_increases": largest_increases,
                "largest_decreases": largest_decreases,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.simulation_mover_output import SimulationMoverOutput

        d = dict(src_dict)
        plan = d.pop("plan")

        largest_increases = []
        _largest_increases = d.pop("largest_increases")
        for largest_increases_item_data in _largest_increases:
            largest_increases_item = SimulationMoverOutput.from_dict(
                largest_increases_item_data
            )

            largest_increases.append(largest_increases_item)

        largest_decreases = []
        _largest_decreases = d.pop("largest_decreases")
        for largest_decreases_item_data in _largest_decreases:
            largest_decreases_item = SimulationMoverOutput.from_dict(
                largest_decreases_item_data
            )

            largest_decreases.append(largest_decreases_item)

        simulation_movers_output = cls(
            plan=plan,
            largest_increases=largest_increases,
            largest_decreases=largest_decreases,
        )

        simulation_movers_output.additional_properties = d
        return simulation_movers_output

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
