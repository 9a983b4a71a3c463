from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MixSideOutput")


@_attrs_define
class MixSideOutput:
    """
    Attributes:
        requests (int):
        unpriced_requests (int): Requests of events of unknown cost: left out of the cost per request.
        share_of_requests (str): 0-1, 4 places.
        margin_per_request (str): 8 places.
    """

    requests: int
    unpriced_requests: int
    share_of_requests: str
    margin_per_request: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requests = self.requests

        unpriced_requests = self.unpriced_requests

        share_of_requests = self.share_of_requests

        margin_per_request = self.margin_per_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requests": requests,
                "unpriced_requests": unpriced_requests,
                "share_of_requests": share_of_requests,
                "margin_per_request": margin_per_request,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        requests = d.pop("requests")

        unpriced_requests = d.pop("unpriced_requests")

        share_of_requests = d.pop("share_of_requests")

        margin_per_request = d.pop("margin_per_request")

        mix_side_output = cls(
            requests=requests,
            unpriced_requests=unpriced_requests,
            share_of_requests=share_of_requests,
            margin_per_request=margin_per_request,
        )

        mix_side_output.additional_properties = d
        return mix_side_output

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
