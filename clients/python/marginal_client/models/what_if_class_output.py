from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.what_if_figures_output import WhatIfFiguresOutput


T = TypeVar("T", bound="WhatIfClassOutput")


@_attrs_define
class WhatIfClassOutput:
    """
    Attributes:
        request_class (None | str): null: fees of months without requests.
        retired (bool):
        before (WhatIfFiguresOutput):
        after (WhatIfFiguresOutput):
    """

    request_class: None | str
    retired: bool
    before: WhatIfFiguresOutput
    after: WhatIfFiguresOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_class: None | str
        request_class = self.request_class

        retired = self.retired

        before = self.before.to_dict()

        after = self.after.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "retired": retired,
                "before": before,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.what_if_figures_output import WhatIfFiguresOutput

        d = dict(src_dict)

        def _parse_request_class(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_class = _parse_request_class(d.pop("request_class"))

        retired = d.pop("retired")

        before = WhatIfFiguresOutput.from_dict(d.pop("before"))

        after = WhatIfFiguresOutput.from_dict(d.pop("after"))

        what_if_class_output = cls(
            request_class=request_class,
            retired=retired,
            before=before,
            after=after,
        )

        what_if_class_output.additional_properties = d
        return what_if_class_output

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
