from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2:
    """
    Attributes:
        double_value (float):
    """

    double_value: float

    def to_dict(self) -> dict[str, Any]:
        double_value = self.double_value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "doubleValue": double_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        double_value = d.pop("doubleValue")

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2 = cls(
            double_value=double_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2
