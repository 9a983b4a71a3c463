from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5_kvlist_value import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue,
    )


T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5:
    """
    Attributes:
        kvlist_value
            (OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue):
    """

    kvlist_value: OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue

    def to_dict(self) -> dict[str, Any]:
        kvlist_value = self.kvlist_value.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kvlistValue": kvlist_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5_kvlist_value import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue,
        )

        d = dict(src_dict)
        kvlist_value = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5KvlistValue.from_dict(
            d.pop("kvlistValue")
        )

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5 = cls(
            kvlist_value=kvlist_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5
