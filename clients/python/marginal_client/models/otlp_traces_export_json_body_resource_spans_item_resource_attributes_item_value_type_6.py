from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType6",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType6:
    """
    Attributes:
        bytes_value (str):
    """

    bytes_value: str

    def to_dict(self) -> dict[str, Any]:
        bytes_value = self.bytes_value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bytesValue": bytes_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        bytes_value = d.pop("bytesValue")

        otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_6 = cls(
            bytes_value=bytes_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_6
