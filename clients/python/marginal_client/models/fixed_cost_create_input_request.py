from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.category_enum import CategoryEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="FixedCostCreateInputRequest")


@_attrs_define
class FixedCostCreateInputRequest:
    """
    Attributes:
        category (CategoryEnum): * `training` - Training
            * `reserved_capacity` - Reserved capacity
            * `maintenance` - Maintenance
            * `data_labelling` - Data labelling
            * `other` - Other
        monthly_amount (str): USD per month. Example: 2.5.
        start_month (datetime.date): First month it applies to (YYYY-MM-01).
        request_class (str | Unset): The request class it serves; empty for the whole tenant. Default: ''.
        end_month (datetime.date | None | Unset): First month it no longer applies to (YYYY-MM-01); empty: ongoing.
        description (str | Unset):
    """

    category: CategoryEnum
    monthly_amount: str
    start_month: datetime.date
    request_class: str | Unset = ""
    end_month: datetime.date | None | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        monthly_amount = self.monthly_amount

        start_month = self.start_month.isoformat()

        request_class = self.request_class

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
        field_dict.update(
            {
                "category": category,
                "monthly_amount": monthly_amount,
                "start_month": start_month,
            }
        )
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if end_month is not UNSET:
            field_dict["end_month"] = end_month
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        category = CategoryEnum(d.pop("category"))

        monthly_amount = d.pop("monthly_amount")

        start_month = datetime.date.fromisoformat(d.pop("start_month"))

        request_class = d.pop("request_class", UNSET)

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

        fixed_cost_create_input_request = cls(
            category=category,
            monthly_amount=monthly_amount,
            start_month=start_month,
            request_class=request_class,
            end_month=end_month,
            description=description,
        )

        fixed_cost_create_input_request.additional_properties = d
        return fixed_cost_create_input_request

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
