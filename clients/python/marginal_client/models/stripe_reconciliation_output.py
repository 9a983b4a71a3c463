from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.stripe_difference_output import StripeDifferenceOutput


T = TypeVar("T", bound="StripeReconciliationOutput")


@_attrs_define
class StripeReconciliationOutput:
    """
    Attributes:
        month (str):  Example: 2026-11.
        ran_at (datetime.datetime | None): Null: not reconciled yet.
        complete (bool): False when Stripe could not be read.
        differences (list[StripeDifferenceOutput]):
    """

    month: str
    ran_at: datetime.datetime | None
    complete: bool
    differences: list[StripeDifferenceOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        ran_at: None | str
        if isinstance(self.ran_at, datetime.datetime):
            ran_at = self.ran_at.isoformat()
        else:
            ran_at = self.ran_at

        complete = self.complete

        differences = []
        for differences_item_data in self.differences:
            differences_item = differences_item_data.to_dict()
            differences.append(differences_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "ran_at": ran_at,
                "complete": complete,
                "differences": differences,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stripe_difference_output import StripeDifferenceOutput

        d = dict(src_dict)
        month = d.pop("month")

        def _parse_ran_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ran_at_type_0 = datetime.datetime.fromisoformat(data)

                return ran_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ran_at = _parse_ran_at(d.pop("ran_at"))

        complete = d.pop("complete")

        differences = []
        _differences = d.pop("differences")
        for differences_item_data in _differences:
            differences_item = StripeDifferenceOutput.from_dict(differences_item_data)

            differences.append(differences_item)

        stripe_reconciliation_output = cls(
            month=month,
            ran_at=ran_at,
            complete=complete,
            differences=differences,
        )

        stripe_reconciliation_output.additional_properties = d
        return stripe_reconciliation_output

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
