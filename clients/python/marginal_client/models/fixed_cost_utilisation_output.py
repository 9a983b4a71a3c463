from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.fixed_cost_utilisation_line import FixedCostUtilisationLine


T = TypeVar("T", bound="FixedCostUtilisationOutput")


@_attrs_define
class FixedCostUtilisationOutput:
    """
    Attributes:
        month (str): YYYY-MM
        currency (str):
        total_fixed_cost (str):  Example: 2.5.
        lines (list[FixedCostUtilisationLine]):
    """

    month: str
    currency: str
    total_fixed_cost: str
    lines: list[FixedCostUtilisationLine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        month = self.month

        currency = self.currency

        total_fixed_cost = self.total_fixed_cost

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "month": month,
                "currency": currency,
                "total_fixed_cost": total_fixed_cost,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fixed_cost_utilisation_line import FixedCostUtilisationLine

        d = dict(src_dict)
        month = d.pop("month")

        currency = d.pop("currency")

        total_fixed_cost = d.pop("total_fixed_cost")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = FixedCostUtilisationLine.from_dict(lines_item_data)

            lines.append(lines_item)

        fixed_cost_utilisation_output = cls(
            month=month,
            currency=currency,
            total_fixed_cost=total_fixed_cost,
            lines=lines,
        )

        fixed_cost_utilisation_output.additional_properties = d
        return fixed_cost_utilisation_output

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
