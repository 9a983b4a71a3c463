from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthorizeEstimate")


@_attrs_define
class AuthorizeEstimate:
    """
    Attributes:
        spend (str): The request's marginal price (10 places). Example: 12.50.
        cost (str): Its cost under the cost book now, USD. Example: 12.50.
        currency (None | str): The plan's (null: no plan).
        plan_code (None | str):
        plan_version (int | None):
    """

    spend: str
    cost: str
    currency: None | str
    plan_code: None | str
    plan_version: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        spend = self.spend

        cost = self.cost

        currency: None | str
        currency = self.currency

        plan_code: None | str
        plan_code = self.plan_code

        plan_version: int | None
        plan_version = self.plan_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spend": spend,
                "cost": cost,
                "currency": currency,
                "plan_code": plan_code,
                "plan_version": plan_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        spend = d.pop("spend")

        cost = d.pop("cost")

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        def _parse_plan_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        plan_code = _parse_plan_code(d.pop("plan_code"))

        def _parse_plan_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        plan_version = _parse_plan_version(d.pop("plan_version"))

        authorize_estimate = cls(
            spend=spend,
            cost=cost,
            currency=currency,
            plan_code=plan_code,
            plan_version=plan_version,
        )

        authorize_estimate.additional_properties = d
        return authorize_estimate

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
