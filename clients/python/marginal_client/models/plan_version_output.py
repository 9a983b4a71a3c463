from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.plan_version_status_enum import PlanVersionStatusEnum

if TYPE_CHECKING:
    from ..models.charge_output import ChargeOutput


T = TypeVar("T", bound="PlanVersionOutput")


@_attrs_define
class PlanVersionOutput:
    """
    Attributes:
        plan_id (str):
        version (int):
        status (PlanVersionStatusEnum): * `draft` - Draft
            * `published` - Published
            * `retired` - Retired
        currency (str):
        billing_period (str):
        charges (list[ChargeOutput]):
        created_at (datetime.datetime):
        published_at (datetime.datetime | None):
        retired_at (datetime.datetime | None):
    """

    plan_id: str
    version: int
    status: PlanVersionStatusEnum
    currency: str
    billing_period: str
    charges: list[ChargeOutput]
    created_at: datetime.datetime
    published_at: datetime.datetime | None
    retired_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        plan_id = self.plan_id

        version = self.version

        status = self.status.value

        currency = self.currency

        billing_period = self.billing_period

        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)

        created_at = self.created_at.isoformat()

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        retired_at: None | str
        if isinstance(self.retired_at, datetime.datetime):
            retired_at = self.retired_at.isoformat()
        else:
            retired_at = self.retired_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "plan_id": plan_id,
                "version": version,
                "status": status,
                "currency": currency,
                "billing_period": billing_period,
                "charges": charges,
                "created_at": created_at,
                "published_at": published_at,
                "retired_at": retired_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.charge_output import ChargeOutput

        d = dict(src_dict)
        plan_id = d.pop("plan_id")

        version = d.pop("version")

        status = PlanVersionStatusEnum(d.pop("status"))

        currency = d.pop("currency")

        billing_period = d.pop("billing_period")

        charges = []
        _charges = d.pop("charges")
        for charges_item_data in _charges:
            charges_item = ChargeOutput.from_dict(charges_item_data)

            charges.append(charges_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        def _parse_retired_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retired_at_type_0 = datetime.datetime.fromisoformat(data)

                return retired_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        retired_at = _parse_retired_at(d.pop("retired_at"))

        plan_version_output = cls(
            plan_id=plan_id,
            version=version,
            status=status,
            currency=currency,
            billing_period=billing_period,
            charges=charges,
            created_at=created_at,
            published_at=published_at,
            retired_at=retired_at,
        )

        plan_version_output.additional_properties = d
        return plan_version_output

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
