from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WhatIfFixedCostsOutput")


@_attrs_define
class WhatIfFixedCostsOutput:
    """
    Attributes:
        before (str):
        after (str):
        margin_after_fixed_before (str):
        margin_after_fixed_after (str):
    """

    before: str
    after: str
    margin_after_fixed_before: str
    margin_after_fixed_after: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        before = self.before

        after = self.after

        margin_after_fixed_before = self.margin_after_fixed_before

        margin_after_fixed_after = self.margin_after_fixed_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "before": before,
                "after": after,
                "margin_after_fixed_before": margin_after_fixed_before,
                "margin_after_fixed_after": margin_after_fixed_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        before = d.pop("before")

        after = d.pop("after")

        margin_after_fixed_before = d.pop("margin_after_fixed_before")

        margin_after_fixed_after = d.pop("margin_after_fixed_after")

        what_if_fixed_costs_output = cls(
            before=before,
            after=after,
            margin_after_fixed_before=margin_after_fixed_before,
            margin_after_fixed_after=margin_after_fixed_after,
        )

        what_if_fixed_costs_output.additional_properties = d
        return what_if_fixed_costs_output

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
