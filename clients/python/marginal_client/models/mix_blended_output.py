from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mix_blended_side_output import MixBlendedSideOutput


T = TypeVar("T", bound="MixBlendedOutput")


@_attrs_define
class MixBlendedOutput:
    """
    Attributes:
        before (MixBlendedSideOutput):
        after (MixBlendedSideOutput):
        change (str): after - before: the classes' effects add up to it.
        mix_effect (str):
        rate_effect (str):
    """

    before: MixBlendedSideOutput
    after: MixBlendedSideOutput
    change: str
    mix_effect: str
    rate_effect: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        before = self.before.to_dict()

        after = self.after.to_dict()

        change = self.change

        mix_effect = self.mix_effect

        rate_effect = self.rate_effect

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "before": before,
                "after": after,
                "change": change,
                "mix_effect": mix_effect,
                "rate_effect": rate_effect,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mix_blended_side_output import MixBlendedSideOutput

        d = dict(src_dict)
        before = MixBlendedSideOutput.from_dict(d.pop("before"))

        after = MixBlendedSideOutput.from_dict(d.pop("after"))

        change = d.pop("change")

        mix_effect = d.pop("mix_effect")

        rate_effect = d.pop("rate_effect")

        mix_blended_output = cls(
            before=before,
            after=after,
            change=change,
            mix_effect=mix_effect,
            rate_effect=rate_effect,
        )

        mix_blended_output.additional_properties = d
        return mix_blended_output

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
