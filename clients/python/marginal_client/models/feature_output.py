from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FeatureOutput")


@_attrs_define
class FeatureOutput:
    """
    Attributes:
        request_class (None | str): null: fixed costs not tied to one class (or the total).
        requests (int):
        unpriced_requests (int): Requests of unknown variable cost: left out of ROI % and the per-request figures (the
            variable cost per priced request stands for each).
        revenue (str): Attributed revenue. Rounded to the currency's minor unit (cents).
        outcome_value (str): Sum of the requests' outcome_value. Rounded to the currency's minor unit (cents).
        value (str): revenue + outcome_value. Rounded to the currency's minor unit (cents).
        variable_cost (str): Variable cost. Rounded to the currency's minor unit (cents).
        fixed_cost (str): Fixed costs of the month. Rounded to the currency's minor unit (cents).
        total_cost (str): Variable + fixed cost. Rounded to the currency's minor unit (cents).
        net (str): value - variable cost - fixed cost. Rounded to the currency's minor unit (cents).
        roi_pct (None | str): net / total cost x 100. Rounded to 4 decimal places.
        fixed_cost_per_request (None | str): Fixed cost at this volume, per request. Rounded to 8 decimal places.
    """

    request_class: None | str
    requests: int
    unpriced_requests: int
    revenue: str
    outcome_value: str
    value: str
    variable_cost: str
    fixed_cost: str
    total_cost: str
    net: str
    roi_pct: None | str
    fixed_cost_per_request: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class: None | str
        request_class = self.request_class

        requests = self.requests

        unpriced_requests = self.unpriced_requests

        revenue = self.revenue

        outcome_value = self.outcome_value

        value = self.value

        variable_cost = self.variable_cost

        fixed_cost = self.fixed_cost

        total_cost = self.total_cost

        net = self.net

        roi_pct: None | str
        roi_pct = self.roi_pct

        fixed_cost_per_request: None | str
        fixed_cost_per_request = self.fixed_cost_per_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "revenue": revenue,
                "outcome_value": outcome_value,
                "value": value,
                "variable_cost": variable_cost,
                "fixed_cost": fixed_cost,
                "total_cost": total_cost,
                "net": net,
                "roi_pct": roi_pct,
                "fixed_cost_per_request": fixed_cost_per_request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_request_class(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_class = _parse_request_class(d.pop("request_class"))

        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        revenue = d.pop("revenue")

        outcome_value = d.pop("outcome_value")

        value = d.pop("value")

        variable_cost = d.pop("variable_cost")

        fixed_cost = d.pop("fixed_cost")

        total_cost = d.pop("total_cost")

        net = d.pop("net")

        def _parse_roi_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        roi_pct = _parse_roi_pct(d.pop("roi_pct"))

        def _parse_fixed_cost_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fixed_cost_per_request = _parse_fixed_cost_per_request(
            d.pop("fixed_cost_per_request")
        )

        feature_output = cls(
            request_class=request_class,
            requests=requests,
            unpriced_requests=unpriced_requests,
            revenue=revenue,
            outcome_value=outcome_value,
            value=value,
            variable_cost=variable_cost,
            fixed_cost=fixed_cost,
            total_cost=total_cost,
            net=net,
            roi_pct=roi_pct,
            fixed_cost_per_request=fixed_cost_per_request,
        )

        feature_output.additional_properties = d
        return feature_output

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
