from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_price_import_output_skipped import ModelPriceImportOutputSkipped


T = TypeVar("T", bound="ModelPriceImportOutput")


@_attrs_define
class ModelPriceImportOutput:
    """
    Attributes:
        created (int):
        updated (int):
        unchanged (int):
        skipped (ModelPriceImportOutputSkipped): Entries not imported, by reason.
        warnings (list[str]):
    """

    created: int
    updated: int
    unchanged: int
    skipped: ModelPriceImportOutputSkipped
    warnings: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        updated = self.updated

        unchanged = self.unchanged

        skipped = self.skipped.to_dict()

        warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "skipped": skipped,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_price_import_output_skipped import (
            ModelPriceImportOutputSkipped,
        )

        d = dict(src_dict)
        created = d.pop("created")

        updated = d.pop("updated")

        unchanged = d.pop("unchanged")

        skipped = ModelPriceImportOutputSkipped.from_dict(d.pop("skipped"))

        warnings = cast(list[str], d.pop("warnings"))

        model_price_import_output = cls(
            created=created,
            updated=updated,
            unchanged=unchanged,
            skipped=skipped,
            warnings=warnings,
        )

        model_price_import_output.additional_properties = d
        return model_price_import_output

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
