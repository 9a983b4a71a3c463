from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedServiceRateUpdateInputRequest")


@_attrs_define
class PatchedServiceRateUpdateInputRequest:
    """
    Attributes:
        service (str | Unset):
        valid_from (datetime.datetime | Unset):
        usd_per_call (None | str | Unset): USD per call. Example: 2.5.
    """

    service: str | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    usd_per_call: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        usd_per_call: None | str | Unset
        if isinstance(self.usd_per_call, Unset):
            usd_per_call = UNSET
        else:
            usd_per_call = self.usd_per_call

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if service is not UNSET:
            field_dict["service"] = service
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if usd_per_call is not UNSET:
            field_dict["usd_per_call"] = usd_per_call

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        service = d.pop("service", UNSET)

        _valid_from = d.pop("valid_from", UNSET)
        valid_from: datetime.datetime | Unset
        if isinstance(_valid_from, Unset):
            valid_from = UNSET
        else:
            valid_from = datetime.datetime.fromisoformat(_valid_from)

        def _parse_usd_per_call(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        usd_per_call = _parse_usd_per_call(d.pop("usd_per_call", UNSET))

        patched_service_rate_update_input_request = cls(
            service=service,
            valid_from=valid_from,
            usd_per_call=usd_per_call,
        )

        patched_service_rate_update_input_request.additional_properties = d
        return patched_service_rate_update_input_request

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
