from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cohort_output import CohortOutput


T = TypeVar("T", bound="CohortReportOutput")


@_attrs_define
class CohortReportOutput:
    """
    Attributes:
        as_of (datetime.datetime): The moment churn is taken at.
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        cohorts (list[CohortOutput]):
    """

    as_of: datetime.datetime
    currency: str
    cohorts: list[CohortOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        currency = self.currency

        cohorts = []
        for cohorts_item_data in self.cohorts:
            cohorts_item = cohorts_item_data.to_dict()
            cohorts.append(cohorts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "currency": currency,
                "cohorts": cohorts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.cohort_output import CohortOutput

        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        currency = d.pop("currency")

        cohorts = []
        _cohorts = d.pop("cohorts")
        for cohorts_item_data in _cohorts:
            cohorts_item = CohortOutput.from_dict(cohorts_item_data)

            cohorts.append(cohorts_item)

        cohort_report_output = cls(
            as_of=as_of,
            currency=currency,
            cohorts=cohorts,
        )

        cohort_report_output.additional_properties = d
        return cohort_report_output

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
