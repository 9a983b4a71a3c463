from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4_array_value import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue,
    )


T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4:
    """
    Attributes:
        array_value
            (OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue):
    """

    array_value: OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue

    def to_dict(self) -> dict[str, Any]:
        array_value = self.array_value.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "arrayValue": array_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4_array_value import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue,
        )

        d = dict(src_dict)
        array_value = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4ArrayValue.from_dict(
            d.pop("arrayValue")
        )

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4 = cls(
            array_value=array_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4
