from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.category_enum import CategoryEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedFixedCostUpdateInputRequest")


@_attrs_define
class PatchedFixedCostUpdateInputRequest:
    """
    Attributes:
        category (CategoryEnum | Unset): * `training` - Training
            * `reserved_capacity` - Reserved capacity
            * `maintenance` - Maintenance
            * `data_labelling` - Data labelling
            * `other` - Other
        request_class (str | Unset):
        monthly_amount (str | Unset):  Example: 2.5.
        start_month (datetime.date | Unset):
        end_month (datetime.date | None | Unset): First month it no longer applies to (YYYY-MM-01); empty: ongoing.
        description (str | Unset):
    """

    category: CategoryEnum | Unset = UNSET
    request_class: str | Unset = UNSET
    monthly_amount: str | Unset = UNSET
    start_month: datetime.date | Unset = UNSET
    end_month: datetime.date | None | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.value

        request_class = self.request_class

        monthly_amount = self.monthly_amount

        start_month: str | Unset = UNSET
        if not isinstance(self.start_month, Unset):
            start_month = self.start_month.isoformat()

        end_month: None | str | Unset
        if isinstance(self.end_month, Unset):
            end_month = UNSET
        elif isinstance(self.end_month, datetime.date):
            end_month = self.end_month.isoformat()
        else:
            end_month = self.end_month

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if monthly_amount is not UNSET:
            field_dict["monthly_amount"] = monthly_amount
        if start_month is not UNSET:
            field_dict["start_month"] = start_month
        if end_month is not UNSET:
            field_dict["end_month"] = end_month
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _category = d.pop("category", UNSET)
        category: CategoryEnum | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = CategoryEnum(_category)

        request_class = d.pop("request_class", UNSET)

        monthly_amount = d.pop("monthly_amount", UNSET)

        _start_month = d.pop("start_month", UNSET)
        start_month: datetime.date | Unset
        if isinstance(_start_month, Unset):
            start_month = UNSET
        else:
            start_month = datetime.date.fromisoformat(_start_month)

        def _parse_end_month(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_month_type_0 = datetime.date.fromisoformat(data)

                return end_month_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        end_month = _parse_end_month(d.pop("end_month", UNSET))

        description = d.pop("description", UNSET)

        patched_fixed_cost_update_input_request = cls(
            category=category,
            request_class=request_class,
            monthly_amount=monthly_amount,
            start_month=start_month,
            end_month=end_month,
            description=description,
        )

        patched_fixed_cost_update_input_request.additional_properties = d
        return patched_fixed_cost_update_input_request

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
