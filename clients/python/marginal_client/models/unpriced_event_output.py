from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.uncosted_status_enum import UncostedStatusEnum

if TYPE_CHECKING:
    from ..models.unpriced_event_output_missing_item import (
        UnpricedEventOutputMissingItem,
    )


T = TypeVar("T", bound="UnpricedEventOutput")


@_attrs_define
class UnpricedEventOutput:
    """
    Attributes:
        event_id (str):
        cost_status (UncostedStatusEnum): * `unpriced` - unpriced
            * `pending` - pending
        customer_id (str):
        timestamp (datetime.datetime):
        received_at (datetime.datetime):
        request_class (str):
        model (str):
        provider (str):
        gpu_type (str):
        missing (list[UnpricedEventOutputMissingItem]):
    """

    event_id: str
    cost_status: UncostedStatusEnum
    customer_id: str
    timestamp: datetime.datetime
    received_at: datetime.datetime
    request_class: str
    model: str
    provider: str
    gpu_type: str
    missing: list[UnpricedEventOutputMissingItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        cost_status = self.cost_status.value

        customer_id = self.customer_id

        timestamp = self.timestamp.isoformat()

        received_at = self.received_at.isoformat()

        request_class = self.request_class

        model = self.model

        provider = self.provider

        gpu_type = self.gpu_type

        missing = []
        for missing_item_data in self.missing:
            missing_item = missing_item_data.to_dict()
            missing.append(missing_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "cost_status": cost_status,
                "customer_id": customer_id,
                "timestamp": timestamp,
                "received_at": received_at,
                "request_class": request_class,
                "model": model,
                "provider": provider,
                "gpu_type": gpu_type,
                "missing": missing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.unpriced_event_output_missing_item import (
            UnpricedEventOutputMissingItem,
        )

        d = dict(src_dict)
        event_id = d.pop("event_id")

        cost_status = UncostedStatusEnum(d.pop("cost_status"))

        customer_id = d.pop("customer_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        request_class = d.pop("request_class")

        model = d.pop("model")

        provider = d.pop("provider")

        gpu_type = d.pop("gpu_type")

        missing = []
        _missing = d.pop("missing")
        for missing_item_data in _missing:
            missing_item = UnpricedEventOutputMissingItem.from_dict(missing_item_data)

            missing.append(missing_item)

        unpriced_event_output = cls(
            event_id=event_id,
            cost_status=cost_status,
            customer_id=customer_id,
            timestamp=timestamp,
            received_at=received_at,
            request_class=request_class,
            model=model,
            provider=provider,
            gpu_type=gpu_type,
            missing=missing,
        )

        unpriced_event_output.additional_properties = d
        return unpriced_event_output

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
