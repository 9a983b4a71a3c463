from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mix_side_output import MixSideOutput


T = TypeVar("T", bound="MixClassOutput")


@_attrs_define
class MixClassOutput:
    """
    Attributes:
        request_class (str):
        before (MixSideOutput):
        after (MixSideOutput):
        mix_effect (str): (share after - share before) x margin before.
        rate_effect (str): share after x (margin after - margin before).
        total_effect (str): mix_effect + rate_effect.
    """

    request_class: str
    before: MixSideOutput
    after: MixSideOutput
    mix_effect: str
    rate_effect: str
    total_effect: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class = self.request_class

        before = self.before.to_dict()

        after = self.after.to_dict()

        mix_effect = self.mix_effect

        rate_effect = self.rate_effect

        total_effect = self.total_effect

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "before": before,
                "after": after,
                "mix_effect": mix_effect,
                "rate_effect": rate_effect,
                "total_effect": total_effect,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mix_side_output import MixSideOutput

        d = dict(src_dict)
        request_class = d.pop("request_class")

        before = MixSideOutput.from_dict(d.pop("before"))

        after = MixSideOutput.from_dict(d.pop("after"))

        mix_effect = d.pop("mix_effect")

        rate_effect = d.pop("rate_effect")

        total_effect = d.pop("total_effect")

        mix_class_output = cls(
            request_class=request_class,
            before=before,
            after=after,
            mix_effect=mix_effect,
            rate_effect=rate_effect,
            total_effect=total_effect,
        )

        mix_class_output.additional_properties = d
        return mix_class_output

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
