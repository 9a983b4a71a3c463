from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CrossingBlendedOutput")


@_attrs_define
class CrossingBlendedOutput:
    """
    Attributes:
        from_ (datetime.date):
        to (datetime.date):
        margin_per_request (None | str): Sum of share x margin per request of the forecast classes, shares scaled to 1.
            Rounded to 8 decimal places.
        margin_negative (bool):
    """

    from_: datetime.date
    to: datetime.date
    margin_per_request: None | str
    margin_negative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        margin_per_request: None | str
        margin_per_request = self.margin_per_request

        margin_negative = self.margin_negative

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "margin_per_request": margin_per_request,
                "margin_negative": margin_negative,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        def _parse_margin_per_request(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        margin_per_request = _parse_margin_per_request(d.pop("margin_per_request"))

        margin_negative = d.pop("margin_negative")

        crossing_blended_output = cls(
            from_=from_,
            to=to,
            margin_per_request=margin_per_request,
            margin_negative=margin_negative,
        )

        crossing_blended_output.additional_properties = d
        return crossing_blended_output

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
