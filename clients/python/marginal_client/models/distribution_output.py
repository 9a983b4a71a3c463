from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DistributionOutput")


@_attrs_define
class DistributionOutput:
    """
    Attributes:
        mean (None | str): Mean over the composites; null without any. Rounded to 8 decimal places.
        p50 (None | str): Median (nearest rank: an observed value). Rounded to 8 decimal places.
        p95 (None | str): 95th percentile (nearest rank). Rounded to 8 decimal places.
        p99 (None | str): 99th percentile (nearest rank). Rounded to 8 decimal places.
    """

    mean: None | str
    p50: None | str
    p95: None | str
    p99: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mean: None | str
        mean = self.mean

        p50: None | str
        p50 = self.p50

        p95: None | str
        p95 = self.p95

        p99: None | str
        p99 = self.p99

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mean": mean,
                "p50": p50,
                "p95": p95,
                "p99": p99,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_mean(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mean = _parse_mean(d.pop("mean"))

        def _parse_p50(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p50 = _parse_p50(d.pop("p50"))

        def _parse_p95(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p95 = _parse_p95(d.pop("p95"))

        def _parse_p99(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        p99 = _parse_p99(d.pop("p99"))

        distribution_output = cls(
            mean=mean,
            p50=p50,
            p95=p95,
            p99=p99,
        )

        distribution_output.additional_properties = d
        return distribution_output

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
