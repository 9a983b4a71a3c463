from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SimulationClassPlanOutput")


@_attrs_define
class SimulationClassPlanOutput:
    """
    Attributes:
        plan (str): baseline, or the candidate's key (candidate_1, ...).
        revenue (str): Revenue under this plan (invoice lines rounded as invoices round them). In `currency`, rounded to
            its minor unit.
        margin (str): Revenue minus variable cost. In `currency`, rounded to its minor unit.
        margin_pct (None | str): Margin / revenue in percent; null without revenue. Rounded to 4 decimal places.
        margin_per_request (None | str): Revenue per request - variable cost per priced request of the class (with every
            cost known: margin / requests), rounded to 8 decimal places.
        margin_negative (bool):
    """

    plan: str
    revenue: str
    margin: str
    margin_pct: None | str
    margin_per_request: None | str
    margin_negative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        revenue = self.revenue

        margin = self.margin

        margin_pct: None | str
        margin_pct = self.margin_pct

        margin_per_request: None | str
        margin_per_request = self.margin_per_request

        margin_negative = self.margin_negative

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan": plan,
                "revenue": revenue,
                "margin": margin,
                "margin_pct": margin_pct,
                "margin_per_request": margin_per_request,
                "margin_negative": margin_negative,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        plan = d.pop("plan")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        def _parse_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_pct = _parse_margin_pct(d.pop("margin_pct"))

        def _parse_margin_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_per_request = _parse_margin_per_request(d.pop("margin_per_request"))

        margin_negative = d.pop("margin_negative")

        simulation_class_plan_output = cls(
            plan=plan,
            revenue=revenue,
            margin=margin,
            margin_pct=margin_pct,
            margin_per_request=margin_per_request,
            margin_negative=margin_negative,
        )

        simulation_class_plan_output.additional_properties = d
        return simulation_class_plan_output

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
