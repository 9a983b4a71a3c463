from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType3",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType3:
    """
    Attributes:
        bool_value (bool):
    """

    bool_value: bool

    def to_dict(self) -> dict[str, Any]:
        bool_value = self.bool_value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "boolValue": bool_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        bool_value = d.pop("boolValue")

        otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_3 = cls(
            bool_value=bool_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_3
