from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grouped_by_enum import GroupedByEnum

if TYPE_CHECKING:
    from ..models.class_figures_output import ClassFiguresOutput


T = TypeVar("T", bound="RequestClassReportOutput")


@_attrs_define
class RequestClassReportOutput:
    """
    Attributes:
        to (datetime.datetime):
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        grouped_by (GroupedByEnum): * `request_class` - request_class
            * `model` - model
        classes (list[ClassFiguresOutput]):
        blended (ClassFiguresOutput):
        negative_classes (list[str]):
        blended_hides_loss (bool): The blended margin is positive while at least one class loses money.
        statement (None | str):
        unpriced_events (int): Events whose cost is unknown (no price): counted, not costed as $0.
        from_ (datetime.datetime):
    """

    to: datetime.datetime
    currency: str
    grouped_by: GroupedByEnum
    classes: list[ClassFiguresOutput]
    blended: ClassFiguresOutput
    negative_classes: list[str]
    blended_hides_loss: bool
    statement: None | str
    unpriced_events: int
    from_: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        to = self.to.isoformat()

        currency = self.currency

        grouped_by = self.grouped_by.value

        classes = []
        for classes_item_data in self.classes:
            classes_item = classes_item_data.to_dict()
            classes.append(classes_item)

        blended = self.blended.to_dict()

        negative_classes = self.negative_classes

        blended_hides_loss = self.blended_hides_loss

        statement: None | str
        statement = self.statement

        unpriced_events = self.unpriced_events

        from_ = self.from_.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "to": to,
                "currency": currency,
                "grouped_by": grouped_by,
                "classes": classes,
                "blended": blended,
                "negative_classes": negative_classes,
                "blended_hides_loss": blended_hides_loss,
                "statement": statement,
                "unpriced_events": unpriced_events,
                "from": from_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.class_figures_output import ClassFiguresOutput

        d = dict(src_dict)
        to = datetime.datetime.fromisoformat(d.pop("to"))

        currency = d.pop("currency")

        grouped_by = GroupedByEnum(d.pop("grouped_by"))

        classes = []
        _classes = d.pop("classes")
        for classes_item_data in _classes:
            classes_item = ClassFiguresOutput.from_dict(classes_item_data)

            classes.append(classes_item)

        blended = ClassFiguresOutput.from_dict(d.pop("blended"))

        negative_classes = cast(list[str], d.pop("negative_classes"))

        blended_hides_loss = d.pop("blended_hides_loss")

        def _parse_statement(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        statement = _parse_statement(d.pop("statement"))

        unpriced_events = d.pop("unpriced_events")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        request_class_report_output = cls(
            to=to,
            currency=currency,
            grouped_by=grouped_by,
            classes=classes,
            blended=blended,
            negative_classes=negative_classes,
            blended_hides_loss=blended_hides_loss,
            statement=statement,
            unpriced_events=unpriced_events,
            from_=from_,
        )

        request_class_report_output.additional_properties = d
        return request_class_report_output

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
