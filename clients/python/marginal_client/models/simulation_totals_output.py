from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulation_plan_totals_output import SimulationPlanTotalsOutput


T = TypeVar("T", bound="SimulationTotalsOutput")


@_attrs_define
class SimulationTotalsOutput:
    """
    Attributes:
        customers (int):
        customer_months (int):
        requests (str): Requests in the months simulated.
        uncosted_requests (int): Requests with no cost yet.
        variable_cost (str): Sum of cost_total of live events. In `currency`, rounded to its minor unit.
        plans (list[SimulationPlanTotalsOutput]): Baseline first.
    """

    customers: int
    customer_months: int
    requests: str
    uncosted_requests: int
    variable_cost: str
    plans: list[SimulationPlanTotalsOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customers = self.customers

        customer_months = self.customer_months

        requests = self.requests

        uncosted_requests = self.uncosted_requests

        variable_cost = self.variable_cost

        plans = []
        for plans_item_data in self.plans:
            plans_item = plans_item_data.to_dict()
            plans.append(plans_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customers": customers,
                "customer_months": customer_months,
                "requests": requests,
                "uncosted_requests": uncosted_requests,
                "variable_cost": variable_cost,
                "plans": plans,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.simulation_plan_totals_output import SimulationPlanTotalsOutput

        d = dict(src_dict)
        customers = d.pop("customers")

        customer_months = d.pop("customer_months")

        requests = d.pop("requests")

        uncosted_requests = d.pop("uncosted_requests")

        variable_cost = d.pop("variable_cost")

        plans = []
        _plans = d.pop("plans")
        for plans_item_data in _plans:
            plans_item = SimulationPlanTotalsOutput.from_dict(plans_item_data)

            plans.append(plans_item)

        simulation_totals_output = cls(
            customers=customers,
            customer_months=customer_months,
            requests=requests,
            uncosted_requests=uncosted_requests,
            variable_cost=variable_cost,
            plans=plans,
        )

        simulation_totals_output.additional_properties = d
        return simulation_totals_output

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
