from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GpuRateOutput")


@_attrs_define
class GpuRateOutput:
    """
    Attributes:
        id (int):
        gpu_type (str):
        valid_from (datetime.datetime):
        currency (str):
        usd_per_gpu_hour (str):  Example: 2.5.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    gpu_type: str
    valid_from: datetime.datetime
    currency: str
    usd_per_gpu_hour: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        gpu_type = self.gpu_type

        valid_from = self.valid_from.isoformat()

        currency = self.currency

        usd_per_gpu_hour = self.usd_per_gpu_hour

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "gpu_type": gpu_type,
                "valid_from": valid_from,
                "currency": currency,
                "usd_per_gpu_hour": usd_per_gpu_hour,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        gpu_type = d.pop("gpu_type")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        currency = d.pop("currency")

        usd_per_gpu_hour = d.pop("usd_per_gpu_hour")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        gpu_rate_output = cls(
            id=id,
            gpu_type=gpu_type,
            valid_from=valid_from,
            currency=currency,
            usd_per_gpu_hour=usd_per_gpu_hour,
            created_at=created_at,
            updated_at=updated_at,
        )

        gpu_rate_output.additional_properties = d
        return gpu_rate_output

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
