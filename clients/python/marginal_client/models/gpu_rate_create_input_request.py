from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GpuRateCreateInputRequest")


@_attrs_define
class GpuRateCreateInputRequest:
    """
    Attributes:
        valid_from (datetime.datetime):
        usd_per_gpu_hour (str): USD per GPU-hour. Example: 2.5.
        gpu_type (str | Unset): As events report it (e.g. h100); empty sets the tenant's default rate. Default: ''.
    """

    valid_from: datetime.datetime
    usd_per_gpu_hour: str
    gpu_type: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid_from = self.valid_from.isoformat()

        usd_per_gpu_hour = self.usd_per_gpu_hour

        gpu_type = self.gpu_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid_from": valid_from,
                "usd_per_gpu_hour": usd_per_gpu_hour,
            }
        )
        if gpu_type is not UNSET:
            field_dict["gpu_type"] = gpu_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        usd_per_gpu_hour = d.pop("usd_per_gpu_hour")

        gpu_type = d.pop("gpu_type", UNSET)

        gpu_rate_create_input_request = cls(
            valid_from=valid_from,
            usd_per_gpu_hour=usd_per_gpu_hour,
            gpu_type=gpu_type,
        )

        gpu_rate_create_input_request.additional_properties = d
        return gpu_rate_create_input_request

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
