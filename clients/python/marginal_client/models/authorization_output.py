from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthorizationOutput")


@_attrs_define
class AuthorizationOutput:
    """
    Attributes:
        id (UUID):
        customer_id (str):
        request_class (str):
        tag (str):
        spend (str):  Example: 12.50.
        cost (str):  Example: 12.50.
        status (str):
        expires_at (datetime.datetime):
        closed_at (datetime.datetime | None):
    """

    id: UUID
    customer_id: str
    request_class: str
    tag: str
    spend: str
    cost: str
    status: str
    expires_at: datetime.datetime
    closed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        customer_id = self.customer_id

        request_class = self.request_class

        tag = self.tag

        spend = self.spend

        cost = self.cost

        status = self.status

        expires_at = self.expires_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "customer_id": customer_id,
                "request_class": request_class,
                "tag": tag,
                "spend": spend,
                "cost": cost,
                "status": status,
                "expires_at": expires_at,
                "closed_at": closed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        customer_id = d.pop("customer_id")

        request_class = d.pop("request_class")

        tag = d.pop("tag")

        spend = d.pop("spend")

        cost = d.pop("cost")

        status = d.pop("status")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        authorization_output = cls(
            id=id,
            customer_id=customer_id,
            request_class=request_class,
            tag=tag,
            spend=spend,
            cost=cost,
            status=status,
            expires_at=expires_at,
            closed_at=closed_at,
        )

        authorization_output.additional_properties = d
        return authorization_output

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
