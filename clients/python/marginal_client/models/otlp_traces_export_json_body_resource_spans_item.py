from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item_resource import (
        OtlpTracesExportJsonBodyResourceSpansItemResource,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem,
    )


T = TypeVar("T", bound="OtlpTracesExportJsonBodyResourceSpansItem")


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItem:
    """
    Attributes:
        resource (OtlpTracesExportJsonBodyResourceSpansItemResource | Unset):
        scope_spans (list[OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem] | Unset):
    """

    resource: OtlpTracesExportJsonBodyResourceSpansItemResource | Unset = UNSET
    scope_spans: (
        list[OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem] | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resource, Unset):
            resource = self.resource.to_dict()

        scope_spans: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.scope_spans, Unset):
            scope_spans = []
            for scope_spans_item_data in self.scope_spans:
                scope_spans_item = scope_spans_item_data.to_dict()
                scope_spans.append(scope_spans_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if resource is not UNSET:
            field_dict["resource"] = resource
        if scope_spans is not UNSET:
            field_dict["scopeSpans"] = scope_spans

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item_resource import (
            OtlpTracesExportJsonBodyResourceSpansItemResource,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem,
        )

        d = dict(src_dict)
        _resource = d.pop("resource", UNSET)
        resource: OtlpTracesExportJsonBodyResourceSpansItemResource | Unset
        if isinstance(_resource, Unset):
            resource = UNSET
        else:
            resource = OtlpTracesExportJsonBodyResourceSpansItemResource.from_dict(
                _resource
            )

        _scope_spans = d.pop("scopeSpans", UNSET)
        scope_spans: (
            list[OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem] | Unset
        ) = UNSET
        if _scope_spans is not UNSET:
            scope_spans = []
            for scope_spans_item_data in _scope_spans:
                scope_spans_item = (
                    OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItem.from_dict(
                        scope_spans_item_data
                    )
                )

                scope_spans.append(scope_spans_item)

        otlp_traces_export_json_body_resource_spans_item = cls(
            resource=resource,
            scope_spans=scope_spans,
        )

        otlp_traces_export_json_body_resource_spans_item.additional_properties = d
        return otlp_traces_export_json_body_resource_spans_item

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
