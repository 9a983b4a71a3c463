from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.feature_output import FeatureOutput


T = TypeVar("T", bound="FeatureReportOutput")


@_attrs_define
class FeatureReportOutput:
    """
    Attributes:
        month (str):  Example: 2026-11.
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        features (list[FeatureOutput]):
        total (FeatureOutput):
    """

    month: str
    currency: str
    features: list[FeatureOutput]
    total: FeatureOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        currency = self.currency

        features = []
        for features_item_data in self.features:
            features_item = features_item_data.to_dict()
            features.append(features_item)

        total = self.total.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "currency": currency,
                "features": features,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.feature_output import FeatureOutput

        d = dict(src_dict)
        month = d.pop("month")

        currency = d.pop("currency")

        features = []
        _features = d.pop("features")
        for features_item_data in _features:
            features_item = FeatureOutput.from_dict(features_item_data)

            features.append(features_item)

        total = FeatureOutput.from_dict(d.pop("total"))

        feature_report_output = cls(
            month=month,
            currency=currency,
            features=features,
            total=total,
        )

        feature_report_output.additional_properties = d
        return feature_report_output

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
