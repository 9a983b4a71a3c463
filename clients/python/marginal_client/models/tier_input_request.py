from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TierInputRequest")


@_attrs_define
class TierInputRequest:
    """
    Attributes:
        up_to (None | str | Unset): Upper bound of the tier in billing units, inclusive; null for the last tier.
        unit_amount (str | Unset): Price per billing unit in the tier.
        flat_amount (str | Unset): Charged once when usage enters the tier.
    """

    up_to: None | str | Unset = UNSET
    unit_amount: str | Unset = UNSET
    flat_amount: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        up_to: None | str | Unset
        if isinstance(self.up_to, Unset):
            up_to = UNSET
        else:
            up_to = self.up_to

        unit_amount = self.unit_amount

        flat_amount = self.flat_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if up_to is not UNSET:
            field_dict["up_to"] = up_to
        if unit_amount is not UNSET:
            field_dict["unit_amount"] = unit_amount
        if flat_amount is not UNSET:
            field_dict["flat_amount"] = flat_amount

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_up_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        up_to = _parse_up_to(d.pop("up_to", UNSET))

        unit_amount = d.pop("unit_amount", UNSET)

        flat_amount = d.pop("flat_amount", UNSET)

        tier_input_request = cls(
            up_to=up_to,
            unit_amount=unit_amount,
            flat_amount=flat_amount,
        )

        tier_input_request.additional_properties = d
        return tier_input_request

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
