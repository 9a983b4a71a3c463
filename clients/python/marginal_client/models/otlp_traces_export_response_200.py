from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_traces_export_response_200_partial_success import (
        OtlpTracesExportResponse200PartialSuccess,
    )


T = TypeVar("T", bound="OtlpTracesExportResponse200")


@_attrs_define
class OtlpTracesExportResponse200:
    """An OTLP ExportTraceServiceResponse; partialSuccess only when spans were rejected.

    Attributes:
        partial_success (OtlpTracesExportResponse200PartialSuccess | Unset):
    """

    partial_success: OtlpTracesExportResponse200PartialSuccess | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partial_success: dict[str, Any] | Unset = UNSET
        if not isinstance(self.partial_success, Unset):
            partial_success = self.partial_success.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if partial_success is not UNSET:
            field_dict["partialSuccess"] = partial_success

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_response_200_partial_success import (
            OtlpTracesExportResponse200PartialSuccess,
        )

        d = dict(src_dict)
        _partial_success = d.pop("partialSuccess", UNSET)
        partial_success: OtlpTracesExportResponse200PartialSuccess | Unset
        if isinstance(_partial_success, Unset):
            partial_success = UNSET
        else:
            partial_success = OtlpTracesExportResponse200PartialSuccess.from_dict(
                _partial_success
            )

        otlp_traces_export_response_200 = cls(
            partial_success=partial_success,
        )

        otlp_traces_export_response_200.additional_properties = d
        return otlp_traces_export_response_200

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
