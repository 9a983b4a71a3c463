from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ServiceRateCreateInputRequest")


@_attrs_define
class ServiceRateCreateInputRequest:
    """
    Attributes:
        service (str): 'retrieval' prices an event's retrieval_calls; any other name prices the calls an event reports
            in properties.service_calls {name: count}.
        valid_from (datetime.datetime):
        usd_per_call (str): USD per call. Example: 2.5.
    """

    service: str
    valid_from: datetime.datetime
    usd_per_call: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        valid_from = self.valid_from.isoformat()

        usd_per_call = self.usd_per_call

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "valid_from": valid_from,
                "usd_per_call": usd_per_call,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        service = d.pop("service")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        usd_per_call = d.pop("usd_per_call")

        service_rate_create_input_request = cls(
            service=service,
            valid_from=valid_from,
            usd_per_call=usd_per_call,
        )

        service_rate_create_input_request.additional_properties = d
        return service_rate_create_input_request

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
