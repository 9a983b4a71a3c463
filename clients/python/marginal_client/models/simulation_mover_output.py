from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SimulationMoverOutput")


@_attrs_define
class SimulationMoverOutput:
    """
    Attributes:
        customer_id (str):
        revenue_delta (str): What the customer would pay more (or less, negative). In `currency`, rounded to its minor
            unit.
    """

    customer_id: str
    revenue_delta: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        revenue_delta = self.revenue_delta

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "revenue_delta": revenue_delta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        revenue_delta = d.pop("revenue_delta")

        simulation_mover_output = cls(
            customer_id=customer_id,
            revenue_delta=revenue_delta,
        )

        simulation_mover_output.additional_properties = d
        return simulation_mover_output

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
