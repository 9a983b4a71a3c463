from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.crossing_blended_output import CrossingBlendedOutput
    from ..models.crossing_class_output import CrossingClassOutput
    from ..models.crossing_method_output import CrossingMethodOutput


T = TypeVar("T", bound="CrossingReportOutput")


@_attrs_define
class CrossingReportOutput:
    """
    Attributes:
        as_of (datetime.date):
        months (int):
        history_from (datetime.datetime):
        history_to (datetime.datetime):
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        method (CrossingMethodOutput):
        classes (list[CrossingClassOutput]):
        blended (list[CrossingBlendedOutput]):
        crossing_classes (list[str]):
    """

    as_of: datetime.date
    months: int
    history_from: datetime.datetime
    history_to: datetime.datetime
    currency: str
    method: CrossingMethodOutput
    classes: list[CrossingClassOutput]
    blended: list[CrossingBlendedOutput]
    crossing_classes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        months = self.months

        history_from = self.history_from.isoformat()

        history_to = self.history_to.isoformat()

        currency = self.currency

        method = self.method.to_dict()

        classes = []
        for classes_item_data in self.classes:
            classes_item = classes_item_data.to_dict()
            classes.append(classes_item)

        blended = []
        for blended_item_data in self.blended:
            blended_item = blended_item_data.to_dict()
            blended.append(blended_item)

        crossing_classes = self.crossing_classes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "months": months,
                "history_from": history_from,
                "history_to": history_to,
                "currency": currency,
                "method": method,
                "classes": classes,
                "blended": blended,
                "crossing_classes": crossing_classes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.crossing_blended_output import CrossingBlendedOutput
        from ..models.crossing_class_output import CrossingClassOutput
        from ..models.crossing_method_output import CrossingMethodOutput

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        months = d.pop("months")

        history_from = datetime.datetime.fromisoformat(d.pop("history_from"))

        history_to = datetime.datetime.fromisoformat(d.pop("history_to"))

        currency = d.pop("currency")

        method = CrossingMethodOutput.from_dict(d.pop("method"))

        classes = []
        _classes = d.pop("classes")
        for classes_item_data in _classes:
            classes_item = CrossingClassOutput.from_dict(classes_item_data)

            classes.append(classes_item)

        blended = []
        _blended = d.pop("blended")
        for blended_item_data in _blended:
            blended_item = CrossingBlendedOutput.from_dict(blended_item_data)

            blended.append(blended_item)

        crossing_classes = cast(list[str], d.pop("crossing_classes"))

        crossing_report_output = cls(
            as_of=as_of,
            months=months,
            history_from=history_from,
            history_to=history_to,
            currency=currency,
            method=method,
            classes=classes,
            blended=blended,
            crossing_classes=crossing_classes,
        )

        crossing_report_output.additional_properties = d
        return crossing_report_output

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
