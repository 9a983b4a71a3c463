from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mix_blended_output import MixBlendedOutput
    from ..models.mix_class_output import MixClassOutput


T = TypeVar("T", bound="MixReportOutput")


@_attrs_define
class MixReportOutput:
    """A report over [from, to).

    Attributes:
        to (datetime.datetime):
        compare_from (datetime.datetime):
        compare_to (datetime.datetime):
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        blended (MixBlendedOutput):
        classes (list[MixClassOutput]):
        from_ (datetime.datetime):
    """

    to: datetime.datetime
    compare_from: datetime.datetime
    compare_to: datetime.datetime
    currency: str
    blended: MixBlendedOutput
    classes: list[MixClassOutput]
    from_: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        to = self.to.isoformat()

        compare_from = self.compare_from.isoformat()

        compare_to = self.compare_to.isoformat()

        currency = self.currency

        blended = self.blended.to_dict()

        classes = []
        for classes_item_data in self.classes:
            classes_item = classes_item_data.to_dict()
            classes.append(classes_item)

        from_ = self.from_.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "to": to,
                "compare_from": compare_from,
                "compare_to": compare_to,
                "currency": currency,
                "blended": blended,
                "classes": classes,
                "from": from_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.mix_blended_output import MixBlendedOutput
        from ..models.mix_class_output import MixClassOutput

        d = dict(src_dict)
        to = datetime.datetime.fromisoformat(d.pop("to"))

        compare_from = datetime.datetime.fromisoformat(d.pop("compare_from"))

        compare_to = datetime.datetime.fromisoformat(d.pop("compare_to"))

        currency = d.pop("currency")

        blended = MixBlendedOutput.from_dict(d.pop("blended"))

        classes = []
        _classes = d.pop("classes")
        for classes_item_data in _classes:
            classes_item = MixClassOutput.from_dict(classes_item_data)

            classes.append(classes_item)

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        mix_report_output = cls(
            to=to,
            compare_from=compare_from,
            compare_to=compare_to,
            currency=currency,
            blended=blended,
            classes=classes,
            from_=from_,
        )

        mix_report_output.additional_properties = d
        return mix_report_output

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
