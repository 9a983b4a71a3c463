from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.composite_worst_output import CompositeWorstOutput
    from ..models.distribution_output import DistributionOutput


T = TypeVar("T", bound="CompositeClassOutput")


@_attrs_define
class CompositeClassOutput:
    """
    Attributes:
        composite_class (str): The request class of the root event.
        composites (int):
        unpriced_composites (int): Composites with an event of unknown cost: left out of every cost figure.
        calls (int): Requests of every composite's events.
        calls_per_composite (DistributionOutput):
        cost (str): Variable cost of the priced composites. Rounded to the currency's minor unit (cents).
        revenue (str): Attributed revenue of the priced composites. Rounded to the currency's minor unit (cents).
        margin (str): Revenue minus variable cost of the priced composites. Rounded to the currency's minor unit
            (cents).
        cost_per_composite (DistributionOutput):
        revenue_per_composite (DistributionOutput):
        margin_per_composite (DistributionOutput):
        successful_composites (int): Composites whose last reported outcome is success.
        cost_per_successful_composite (None | str): Cost of the priced composites / their successful ones; null without
            a success. Rounded to 8 decimal places.
        worst (list[CompositeWorstOutput]): The largest losses first.
    """

    composite_class: str
    composites: int
    unpriced_composites: int
    calls: int
    calls_per_composite: DistributionOutput
    cost: str
    revenue: str
    margin: str
    cost_per_composite: DistributionOutput
    revenue_per_composite: DistributionOutput
    margin_per_composite: DistributionOutput
    successful_composites: int
    cost_per_successful_composite: None | str
    worst: list[CompositeWorstOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        composite_class = self.composite_class

        composites = self.composites

        unpriced_composites = self.unpriced_composites

        calls = self.calls

        calls_per_composite = self.calls_per_composite.to_dict()

        cost = self.cost

        revenue = self.revenue

        margin = self.margin

        cost_per_composite = self.cost_per_composite.to_dict()

        revenue_per_composite = self.revenue_per_composite.to_dict()

        margin_per_composite = self.margin_per_composite.to_dict()

        successful_composites = self.successful_composites

        cost_per_successful_composite: None | str
        cost_per_successful_composite = self.cost_per_successful_composite

        worst = []
        for worst_item_data in self.worst:
            worst_item = worst_item_data.to_dict()
            worst.append(worst_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "composite_class": composite_class,
                "composites": composites,
                "unpriced_composites": unpriced_composites,
                "calls": calls,
                "calls_per_composite": calls_per_composite,
                "cost": cost,
                "revenue": revenue,
                "margin": margin,
                "cost_per_composite": cost_per_composite,
                "revenue_per_composite": revenue_per_composite,
                "margin_per_composite": margin_per_composite,
                "successful_composites": successful_composites,
                "cost_per_successful_composite": cost_per_successful_composite,
                "worst": worst,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.composite_worst_output import CompositeWorstOutput
        from ..models.distribution_output import DistributionOutput

        d = dict(src_dict)
        composite_class = d.pop("composite_class")

        composites = d.pop("composites")

        unpriced_composites = d.pop("unpriced_composites")

        calls = d.pop("calls")

        calls_per_composite = DistributionOutput.from_dict(d.pop("calls_per_composite"))

        cost = d.pop("cost")

        revenue = d.pop("revenue")

        margin = d.pop("margin")

        cost_per_composite = DistributionOutput.from_dict(d.pop("cost_per_composite"))

        revenue_per_composite = DistributionOutput.from_dict(
            d.pop("revenue_per_composite")
        )

        margin_per_composite = DistributionOutput.from_dict(
            d.pop("margin_per_composite")
        )

        successful_composites = d.pop("successful_composites")

        def _parse_cost_per_successful_composite(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_per_successful_composite = _parse_cost_per_successful_composite(
            d.pop("cost_per_successful_composite")
        )

        worst = []
        _worst = d.pop("worst")
        for worst_item_data in _worst:
            worst_item = CompositeWorstOutput.from_dict(worst_item_data)

            worst.append(worst_item)

        composite_class_output = cls(
            composite_class=composite_class,
            composites=composites,
            unpriced_composites=unpriced_composites,
            calls=calls,
            calls_per_composite=calls_per_composite,
            cost=cost,
            revenue=revenue,
            margin=margin,
            cost_per_composite=cost_per_composite,
            revenue_per_composite=revenue_per_composite,
            margin_per_composite=margin_per_composite,
            successful_composites=successful_composites,
            cost_per_successful_composite=cost_per_successful_composite,
            worst=worst,
        )

        composite_class_output.additional_properties = d
        return composite_class_output

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
