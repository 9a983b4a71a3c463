from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OtlpTracesExportResponse200PartialSuccess")


@_attrs_define
class OtlpTracesExportResponse200PartialSuccess:
    """
    Attributes:
        rejected_spans (str): How many usage spans were rejected (int64 as a string).
        error_message (str): Why, span by span.
    """

    rejected_spans: str
    error_message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rejected_spans = self.rejected_spans

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rejectedSpans": rejected_spans,
                "errorMessage": error_message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rejected_spans = d.pop("rejectedSpans")

        error_message = d.pop("errorMessage")

        otlp_traces_export_response_200_partial_success = cls(
            rejected_spans=rejected_spans,
            error_message=error_message,
        )

        otlp_traces_export_response_200_partial_success.additional_properties = d
        return otlp_traces_export_response_200_partial_success

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
