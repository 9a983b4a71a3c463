from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CrossingRecentOutput")


@_attrs_define
class CrossingRecentOutput:
    """
    Attributes:
        days (int):
        requests (int):
        unpriced_requests (int): Requests of unknown cost: left out of the cost per request.
        cost_per_request (None | str): Cost per priced request; null when none is priced. Rounded to 8 decimal places.
        revenue_per_request (None | str): Revenue per request. Rounded to 8 decimal places.
        margin_per_request (None | str): Revenue per request - cost per priced request. Rounded to 8 decimal places.
        share_of_requests (None | str): Fraction of the tenant's requests (0-1). Rounded to 4 decimal places.
    """

    days: int
    requests: int
    unpriced_requests: int
    cost_per_request: None | str
    revenue_per_request: None | str
    margin_per_request: None | str
    share_of_requests: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        requests = self.requests

        unpriced_requests = self.unpriced_requests

        cost_per_request: None | str
        cost_per_request = self.cost_per_request

        revenue_per_request: None | str
        revenue_per_request = self.revenue_per_request

        margin_per_request: None | str
        margin_per_request = self.margin_per_request

        share_of_requests: None | str
        share_of_requests = self.share_of_requests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "cost_per_request": cost_per_request,
                "revenue_per_request": revenue_per_request,
                "margin_per_request": margin_per_request,
                "share_of_requests": share_of_requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        days = d.pop("days")

        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        def _parse_cost_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_per_request = _parse_cost_per_request(d.pop("cost_per_request"))

        def _parse_revenue_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        revenue_per_request = _parse_revenue_per_request(d.pop("revenue_per_request"))

        def _parse_margin_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_per_request = _parse_margin_per_request(d.pop("margin_per_request"))

        def _parse_share_of_requests(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        share_of_requests = _parse_share_of_requests(d.pop("share_of_requests"))

        crossing_recent_output = cls(
            days=days,
            requests=requests,
            unpriced_requests=unpriced_requests,
            cost_per_request=cost_per_request,
            revenue_per_request=revenue_per_request,
            margin_per_request=margin_per_request,
            share_of_requests=share_of_requests,
        )

        crossing_recent_output.additional_properties = d
        return crossing_recent_output

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
