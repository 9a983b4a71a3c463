from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.crossing_error_output import CrossingErrorOutput


T = TypeVar("T", bound="CrossingErrorsOutput")


@_attrs_define
class CrossingErrorsOutput:
    """
    Attributes:
        cost_per_request (CrossingErrorOutput):
        revenue_per_request (CrossingErrorOutput):
        share_of_requests (CrossingErrorOutput):
    """

    cost_per_request: CrossingErrorOutput
    revenue_per_request: CrossingErrorOutput
    share_of_requests: CrossingErrorOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cost_per_request = self.cost_per_request.to_dict()

        revenue_per_request = self.revenue_per_request.to_dict()

        share_of_requests = self.share_of_requests.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cost_per_request": cost_per_request,
                "revenue_per_request": revenue_per_request,
                "share_of_requests": share_of_requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.crossing_error_output import CrossingErrorOutput

        d = dict(src_dict)
        cost_per_request = CrossingErrorOutput.from_dict(d.pop("cost_per_request"))

        revenue_per_request = CrossingErrorOutput.from_dict(
            d.pop("revenue_per_request")
        )

        share_of_requests = CrossingErrorOutput.from_dict(d.pop("share_of_requests"))

        crossing_errors_output = cls(
            cost_per_request=cost_per_request,
            revenue_per_request=revenue_per_request,
            share_of_requests=share_of_requests,
        )

        crossing_errors_output.additional_properties = d
        return crossing_errors_output

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
