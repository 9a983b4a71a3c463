from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType0",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType0:
    """
    Attributes:
        string_value (str):
    """

    string_value: str

    def to_dict(self) -> dict[str, Any]:
        string_value = self.string_value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "stringValue": string_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        string_value = d.pop("stringValue")

        otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_0 = cls(
            string_value=string_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_0
