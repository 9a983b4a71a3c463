from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CrossingMethodOutput")


@_attrs_define
class CrossingMethodOutput:
    """
    Attributes:
        name (str): `holt_linear_trend`.
        library (str): The library and version that fits it.
        description (str):
        history_days (int): Days of rollups read before as_of.
        min_history_days (int): Days a class needs (from its first day with requests) to be forecast.
        holdout_days (int): The last days of history held out to measure the forecast's error.
        recent_days (int): The last days of history whose margin says whether a class is positive now.
    """

    name: str
    library: str
    description: str
    history_days: int
    min_history_days: int
    holdout_days: int
    recent_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        library = self.library

        description = self.description

        history_days = self.history_days

        min_history_days = self.min_history_days

        holdout_days = self.holdout_days

        recent_days = self.recent_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "library": library,
                "description": description,
                "history_days": history_days,
                "min_history_days": min_history_days,
                "holdout_days": holdout_days,
                "recent_days": recent_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        library = d.pop("library")

        description = d.pop("description")

        history_days = d.pop("history_days")

        min_history_days = d.pop("min_history_days")

        holdout_days = d.pop("holdout_days")

        recent_days = d.pop("recent_days")

        crossing_method_output = cls(
            name=name,
            library=library,
            description=description,
            history_days=history_days,
            min_history_days=min_history_days,
            holdout_days=holdout_days,
            recent_days=recent_days,
        )

        crossing_method_output.additional_properties = d
        return crossing_method_output

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
