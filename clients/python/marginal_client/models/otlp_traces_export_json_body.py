from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item import (
        OtlpTracesExportJsonBodyResourceSpansItem,
    )


T = TypeVar("T", bound="OtlpTracesExportJsonBody")


@_attrs_define
class OtlpTracesExportJsonBody:
    """An OTLP ExportTraceServiceRequest in OTLP JSON (ids in hex).

    Attributes:
        resource_spans (list[OtlpTracesExportJsonBodyResourceSpansItem] | Unset):
    """

    resource_spans: list[OtlpTracesExportJsonBodyResourceSpansItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resource_spans: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.resource_spans, Unset):
            resource_spans = []
            for resource_spans_item_data in self.resource_spans:
                resource_spans_item = resource_spans_item_data.to_dict()
                resource_spans.append(resource_spans_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if resource_spans is not UNSET:
            field_dict["resourceSpans"] = resource_spans

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item import (
            OtlpTracesExportJsonBodyResourceSpansItem,
        )

        d = dict(src_dict)
        _resource_spans = d.pop("resourceSpans", UNSET)
        resource_spans: list[OtlpTracesExportJsonBodyResourceSpansItem] | Unset = UNSET
        if _resource_spans is not UNSET:
            resource_spans = []
            for resource_spans_item_data in _resource_spans:
                resource_spans_item = (
                    OtlpTracesExportJsonBodyResourceSpansItem.from_dict(
                        resource_spans_item_data
                    )
                )

                resource_spans.append(resource_spans_item)

        otlp_traces_export_json_body = cls(
            resource_spans=resource_spans,
        )

        otlp_traces_export_json_body.additional_properties = d
        return otlp_traces_export_json_body

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
