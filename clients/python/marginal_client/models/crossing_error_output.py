from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CrossingErrorOutput")


@_attrs_define
class CrossingErrorOutput:
    """
    Attributes:
        mae (None | str): Mean absolute error over the held-out days.
        mape_pct (None | str): Mean absolute percentage error over the held-out days with a non-zero value.
        days (int): Held-out days scored (days with a value).
    """

    mae: None | str
    mape_pct: None | str
    days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mae: None | str
        mae = self.mae

        mape_pct: None | str
        mape_pct = self.mape_pct

        days = self.days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mae": mae,
                "mape_pct": mape_pct,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_mae(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mae = _parse_mae(d.pop("mae"))

        def _parse_mape_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mape_pct = _parse_mape_pct(d.pop("mape_pct"))

        days = d.pop("days")

        crossing_error_output = cls(
            mae=mae,
            mape_pct=mape_pct,
            days=days,
        )

        crossing_error_output.additional_properties = d
        return crossing_error_output

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
