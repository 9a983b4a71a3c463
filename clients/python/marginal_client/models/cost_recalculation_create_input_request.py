from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CostRecalculationCreateInputRequest")


@_attrs_define
class CostRecalculationCreateInputRequest:
    """
    Attributes:
        from_ (datetime.datetime): Range start (inclusive, UTC).
        to (datetime.datetime): Range end (exclusive, UTC).
        reason (str): Why: kept in the audit record.
        model (str | Unset): Only this model. Default: ''.
        only_unpriced (bool | Unset): Only events still unpriced. Default: False.
    """

    from_: datetime.datetime
    to: datetime.datetime
    reason: str
    model: str | Unset = ""
    only_unpriced: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        reason = self.reason

        model = self.model

        only_unpriced = self.only_unpriced

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "reason": reason,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if only_unpriced is not UNSET:
            field_dict["only_unpriced"] = only_unpriced

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        to = datetime.datetime.fromisoformat(d.pop("to"))

        reason = d.pop("reason")

        model = d.pop("model", UNSET)

        only_unpriced = d.pop("only_unpriced", UNSET)

        cost_recalculation_create_input_request = cls(
            from_=from_,
            to=to,
            reason=reason,
            model=model,
            only_unpriced=only_unpriced,
        )

        cost_recalculation_create_input_request.additional_properties = d
        return cost_recalculation_create_input_request

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
