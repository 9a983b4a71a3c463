from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.category_enum import CategoryEnum

T = TypeVar("T", bound="FixedCostOutput")


@_attrs_define
class FixedCostOutput:
    """
    Attributes:
        id (int):
        category (CategoryEnum): * `training` - Training
            * `reserved_capacity` - Reserved capacity
            * `maintenance` - Maintenance
            * `data_labelling` - Data labelling
            * `other` - Other
        request_class (str):
        monthly_amount (str):  Example: 2.5.
        currency (str):
        start_month (datetime.date):
        end_month (datetime.date | None):
        description (str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    category: CategoryEnum
    request_class: str
    monthly_amount: str
    currency: str
    start_month: datetime.date
    end_month: datetime.date | None
    description: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        category = self.category.value

        request_class = self.request_class

        monthly_amount = self.monthly_amount

        currency = self.currency

        start_month = self.start_month.isoformat()

        end_month: None | str
        if isinstance(self.end_month, datetime.date):
            end_month = self.end_month.isoformat()
        else:
            end_month = self.end_month

        description = self.description

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "category": category,
                "request_class": request_class,
                "monthly_amount": monthly_amount,
                "currency": currency,
                "start_month": start_month,
                "end_month": end_month,
                "description": description,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        category = CategoryEnum(d.pop("category"))

        request_class = d.pop("request_class")

        monthly_amount = d.pop("monthly_amount")

        currency = d.pop("currency")

        start_month = datetime.date.fromisoformat(d.pop("start_month"))

        def _parse_end_month(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_month_type_0 = datetime.date.fromisoformat(data)

                return end_month_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_month = _parse_end_month(d.pop("end_month"))

        description = d.pop("description")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        fixed_cost_output = cls(
            id=id,
            category=category,
            request_class=request_class,
            monthly_amount=monthly_amount,
            currency=currency,
            start_month=start_month,
            end_month=end_month,
            description=description,
            created_at=created_at,
            updated_at=updated_at,
        )

        fixed_cost_output.additional_properties = d
        return fixed_cost_output

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
