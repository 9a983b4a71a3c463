from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_status import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus,
    )


T = TypeVar(
    "T", bound="OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItem"
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItem:
    """
    Attributes:
        trace_id (str | Unset):  Example: 5b8efff798038103d269b633813fc60c.
        span_id (str | Unset):  Example: eee19b7ec3c1b174.
        parent_span_id (str | Unset):  Example: eee19b7ec3c1b174.
        name (str | Unset):
        kind (int | Unset):
        start_time_unix_nano (int | str | Unset): Nanoseconds since the Unix epoch: a decimal string (as OTLP JSON
            writes it) or a number.
        end_time_unix_nano (int | str | Unset): Nanoseconds since the Unix epoch: a decimal string (as OTLP JSON writes
            it) or a number.
        attributes (list[OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem] | Unset):
        status (OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus | Unset):
    """

    trace_id: str | Unset = UNSET
    span_id: str | Unset = UNSET
    parent_span_id: str | Unset = UNSET
    name: str | Unset = UNSET
    kind: int | Unset = UNSET
    start_time_unix_nano: int | str | Unset = UNSET
    end_time_unix_nano: int | str | Unset = UNSET
    attributes: (
        list[
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem
        ]
        | Unset
    ) = UNSET
    status: (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trace_id = self.trace_id

        span_id = self.span_id

        parent_span_id = self.parent_span_id

        name = self.name

        kind = self.kind

        start_time_unix_nano: int | str | Unset
        if isinstance(self.start_time_unix_nano, Unset):
            start_time_unix_nano = UNSET
        else:
            start_time_unix_nano = self.start_time_unix_nano

        end_time_unix_nano: int | str | Unset
        if isinstance(self.end_time_unix_nano, Unset):
            end_time_unix_nano = UNSET
        else:
            end_time_unix_nano = self.end_time_unix_nano

        attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if trace_id is not UNSET:
            field_dict["traceId"] = trace_id
        if span_id is not UNSET:
            field_dict["spanId"] = span_id
        if parent_span_id is not UNSET:
            field_dict["parentSpanId"] = parent_span_id
        if name is not UNSET:
            field_dict["name"] = name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if start_time_unix_nano is not UNSET:
            field_dict["startTimeUnixNano"] = start_time_unix_nano
        if end_time_unix_nano is not UNSET:
            field_dict["endTimeUnixNano"] = end_time_unix_nano
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_status import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus,
        )

        d = dict(src_dict)
        trace_id = d.pop("traceId", UNSET)

        span_id = d.pop("spanId", UNSET)

        parent_span_id = d.pop("parentSpanId", UNSET)

        name = d.pop("name", UNSET)

        kind = d.pop("kind", UNSET)

        def _parse_start_time_unix_nano(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        start_time_unix_nano = _parse_start_time_unix_nano(
            d.pop("startTimeUnixNano", UNSET)
        )

        def _parse_end_time_unix_nano(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        end_time_unix_nano = _parse_end_time_unix_nano(d.pop("endTimeUnixNano", UNSET))

        _attributes = d.pop("attributes", UNSET)
        attributes: (
            list[
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem
            ]
            | Unset
        ) = UNSET
        if _attributes is not UNSET:
            attributes = []
            for attributes_item_data in _attributes:
                attributes_item = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem.from_dict(
                    attributes_item_data
                )

                attributes.append(attributes_item)

        _status = d.pop("status", UNSET)
        status: (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus
            | Unset
        )
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemStatus.from_dict(
                _status
            )

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item = (
            cls(
                trace_id=trace_id,
                span_id=span_id,
                parent_span_id=parent_span_id,
                name=name,
                kind=kind,
                start_time_unix_nano=start_time_unix_nano,
                end_time_unix_nano=end_time_unix_nano,
                attributes=attributes,
                status=status,
            )
        )

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item.additional_properties = d
        return (
            otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item
        )

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
