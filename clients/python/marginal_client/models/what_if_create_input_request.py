from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.what_if_candidate_input_request import WhatIfCandidateInputRequest
    from ..models.what_if_change_input_request import WhatIfChangeInputRequest


T = TypeVar("T", bound="WhatIfCreateInputRequest")


@_attrs_define
class WhatIfCreateInputRequest:
    """
    Attributes:
        start_month (str): First month, YYYY-MM.
        end_month (str): Month after the last one, YYYY-MM (half-open range).
        name (str | Unset):  Default: ''.
        changes (list[WhatIfChangeInputRequest] | Unset): Cost-book changes and classes retired.
        candidate (WhatIfCandidateInputRequest | Unset):
    """

    start_month: str
    end_month: str
    name: str | Unset = ""
    changes: list[WhatIfChangeInputRequest] | Unset = UNSET
    candidate: WhatIfCandidateInputRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_month = self.start_month

        end_month = self.end_month

        name = self.name

        changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.changes, Unset):
            changes = []
            for changes_item_data in self.changes:
                changes_item = changes_item_data.to_dict()
                changes.append(changes_item)

        candidate: dict[str, Any] | Unset = UNSET
        if not isinstance(self.candidate, Unset):
            candidate = self.candidate.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_month": start_month,
                "end_month": end_month,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if changes is not UNSET:
            field_dict["changes"] = changes
        if candidate is not UNSET:
            field_dict["candidate"] = candidate

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.what_if_candidate_input_request import WhatIfCandidateInputRequest
        from ..models.what_if_change_input_request import WhatIfChangeInputRequest

        d = dict(src_dict)
        start_month = d.pop("start_month")

        end_month = d.pop("end_month")

        name = d.pop("name", UNSET)

        _changes = d.pop("changes", UNSET)
        changes: list[WhatIfChangeInputRequest] | Unset = UNSET
        if _changes is not UNSET:
            changes = []
            for changes_item_data in _changes:
                changes_item = WhatIfChangeInputRequest.from_dict(changes_item_data)

                changes.append(changes_item)

        _candidate = d.pop("candidate", UNSET)
        candidate: WhatIfCandidateInputRequest | Unset
        if isinstance(_candidate, Unset):
            candidate = UNSET
        else:
            candidate = WhatIfCandidateInputRequest.from_dict(_candidate)

        what_if_create_input_request = cls(
            start_month=start_month,
            end_month=end_month,
            name=name,
            changes=changes,
            candidate=candidate,
        )

        what_if_create_input_request.additional_properties = d
        return what_if_create_input_request

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
