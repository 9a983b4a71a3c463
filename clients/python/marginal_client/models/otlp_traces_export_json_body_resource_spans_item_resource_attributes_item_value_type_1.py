from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType1",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemResourceAttributesItemValueType1:
    """
    Attributes:
        int_value (int | str):
    """

    int_value: int | str

    def to_dict(self) -> dict[str, Any]:
        int_value: int | str
        int_value = self.int_value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "intValue": int_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_int_value(data: object) -> int | str:
            return cast(int | str, data)

        int_value = _parse_int_value(d.pop("intValue"))

        otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_1 = cls(
            int_value=int_value,
        )

        return otlp_traces_export_json_body_resource_spans_item_resource_attributes_item_value_type_1
