from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_0 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_1 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_3 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5,
    )
    from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_6 import (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6,
    )


T = TypeVar(
    "T",
    bound="OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem",
)


@_attrs_define
class OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItem:
    """
    Attributes:
        key (str):
        value (OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5 |
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6): An attribute value;
            only scalars are read (arrays, maps and bytes are accepted and ignored).
    """

    key: str
    value: (
        OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5
        | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_0 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_1 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_3 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5,
        )

        key = self.key

        value: dict[str, Any]
        if (
            isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0,
            )
            or isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1,
            )
            or isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2,
            )
            or isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3,
            )
            or isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4,
            )
            or isinstance(
                self.value,
                OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5,
            )
        ):
            value = self.value.to_dict()
        else:
            value = self.value.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_0 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_1 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_2 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_3 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_4 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_5 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5,
        )
        from ..models.otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item_value_type_6 import (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6,
        )

        d = dict(src_dict)
        key = d.pop("key")

        def _parse_value(
            data: object,
        ) -> (
            OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5
            | OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_0 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType0.from_dict(
                    data
                )

                return value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_1 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType1.from_dict(
                    data
                )

                return value_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_2 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType2.from_dict(
                    data
                )

                return value_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_3 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType3.from_dict(
                    data
                )

                return value_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_4 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType4.from_dict(
                    data
                )

                return value_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                value_type_5 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType5.from_dict(
                    data
                )

                return value_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            value_type_6 = OtlpTracesExportJsonBodyResourceSpansItemScopeSpansItemSpansItemAttributesItemValueType6.from_dict(
                data
            )

            return value_type_6

        value = _parse_value(d.pop("value"))

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item = cls(
            key=key,
            value=value,
        )

        otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item.additional_properties = d
        return otlp_traces_export_json_body_resource_spans_item_scope_spans_item_spans_item_attributes_item

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
