from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulation_class_plan_output import SimulationClassPlanOutput


T = TypeVar("T", bound="SimulationRequestClassOutput")


@_attrs_define
class SimulationRequestClassOutput:
    """
    Attributes:
        request_class (None | str): null: fees of months with no requests to spread them over.
        requests (str): Requests of the class.
        unpriced_requests (int): Requests of the class whose cost is unknown: left out of the variable cost, margin per
            request and margin % (never costed as $0).
        variable_cost (str): Variable cost of the class's priced requests. In `currency`, rounded to its minor unit.
        plans (list[SimulationClassPlanOutput]):
    """

    request_class: None | str
    requests: str
    unpriced_requests: int
    variable_cost: str
    plans: list[SimulationClassPlanOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class: None | str
        request_class = self.request_class

        requests = self.requests

        unpriced_requests = self.unpriced_requests

        variable_cost = self.variable_cost

        plans = []
        for plans_item_data in self.plans:
            plans_item = plans_item_data.to_dict()
            plans.append(plans_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "variable_cost": variable_cost,
                "plans": plans,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.simulation_class_plan_output import SimulationClassPlanOutput

        d = dict(src_dict)

        def _parse_request_class(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_class = _parse_request_class(d.pop("request_class"))

        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        variable_cost = d.pop("variable_cost")

        plans = []
        _plans = d.pop("plans")
        for plans_item_data in _plans:
            plans_item = SimulationClassPlanOutput.from_dict(plans_item_data)

            plans.append(plans_item)

        simulation_request_class_output = cls(
            request_class=request_class,
            requests=requests,
            unpriced_requests=unpriced_requests,
            variable_cost=variable_cost,
            plans=plans,
        )

        simulation_request_class_output.additional_properties = d
        return simulation_request_class_output

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
