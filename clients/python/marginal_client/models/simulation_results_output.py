from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simulation_movers_output import SimulationMoversOutput
    from ..models.simulation_request_class_output import SimulationRequestClassOutput
    from ..models.simulation_totals_output import SimulationTotalsOutput


T = TypeVar("T", bound="SimulationResultsOutput")


@_attrs_define
class SimulationResultsOutput:
    """
    Attributes:
        currency (str): ISO 4217 currency of every amount in the results.
        months (list[str]):
        totals (SimulationTotalsOutput):
        request_classes (list[SimulationRequestClassOutput]):
        movers (list[SimulationMoversOutput]):
        summary (list[str]): Plain sentences on the largest effects.
    """

    currency: str
    months: list[str]
    totals: SimulationTotalsOutput
    request_classes: list[SimulationRequestClassOutput]
    movers: list[SimulationMoversOutput]
    summary: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        months = self.months

        totals = self.totals.to_dict()

        request_classes = []
        for request_classes_item_data in self.request_classes:
            request_classes_item = request_classes_item_data.to_dict()
            request_classes.append(request_classes_item)

        movers = []
        for movers_item_data in self.movers:
            movers_item = movers_item_data.to_dict()
            movers.append(movers_item)

        summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "months": months,
                "totals": totals,
                "request_classes": request_classes,
                "movers": movers,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.simulation_movers_output import SimulationMoversOutput
        from ..models.simulation_request_class_output import (
            SimulationRequestClassOutput,
        )
        from ..models.simulation_totals_output import SimulationTotalsOutput

        d = dict(src_dict)
        currency = d.pop("currency")

        months = cast(list[str], d.pop("months"))

        totals = SimulationTotalsOutput.from_dict(d.pop("totals"))

        request_classes = []
        _request_classes = d.pop("request_classes")
        for request_classes_item_data in _request_classes:
            request_classes_item = SimulationRequestClassOutput.from_dict(
                request_classes_item_data
            )

            request_classes.append(request_classes_item)

        movers = []
        _movers = d.pop("movers")
        for movers_item_data in _movers:
            movers_item = SimulationMoversOutput.from_dict(movers_item_data)

            movers.append(movers_item)

        summary = cast(list[str], d.pop("summary"))

        simulation_results_output = cls(
            currency=currency,
            months=months,
            totals=totals,
            request_classes=request_classes,
            movers=movers,
            summary=summary,
        )

        simulation_results_output.additional_properties = d
        return simulation_results_output

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
