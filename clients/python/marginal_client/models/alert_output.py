from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_output_kind_enum import AlertOutputKindEnum

T = TypeVar("T", bound="AlertOutput")


@_attrs_define
class AlertOutput:
    """
    Attributes:
        id (UUID):
        kind (AlertOutputKindEnum): * `cost_per_request` - Cost per request above the SLO
            * `margin` - Inference margin below the SLO
            * `class_spend_anomaly` - Daily spend of a class is anomalous
            * `customer_spend_anomaly` - Daily spend of a customer is anomalous
            * `stripe_difference` - Stripe differs from Marginal
            * `stripe_meter_error` - Stripe reported a meter error
            * `budget_threshold` - A budget reached a threshold of its limit
            * `credits_running_out` - Credits run out within the set number of days at the recent rate
            * `credits_balance_low` - Credits fell below a set balance
            * `invoice_projected` - The month's projected invoice is above a set amount
            * `margin_crossing` - A request class is forecast to cross from a positive margin to a loss
        request_class (None | str):
        customer_id (None | str):
        window_start (datetime.datetime):
        window_end (datetime.datetime):
        observed (str): The measured figure (USD, or % for margin alerts). Rounded to the currency's minor unit (cents).
        threshold (str): The SLO, or the baseline median for anomalies. Rounded to the currency's minor unit (cents).
        message (str):
        created_at (datetime.datetime):
        acknowledged_at (datetime.datetime | None):
    """

    id: UUID
    kind: AlertOutputKindEnum
    request_class: None | str
    customer_id: None | str
    window_start: datetime.datetime
    window_end: datetime.datetime
    observed: str
    threshold: str
    message: str
    created_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind.value

        request_class: None | str
        request_class = self.request_class

        customer_id: None | str
        customer_id = self.customer_id

        window_start = self.window_start.isoformat()

        window_end = self.window_end.isoformat()

        observed = self.observed

        threshold = self.threshold

        message = self.message

        created_at = self.created_at.isoformat()

        acknowledged_at: None | str
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "request_class": request_class,
                "customer_id": customer_id,
                "window_start": window_start,
                "window_end": window_end,
                "observed": observed,
                "threshold": threshold,
                "message": message,
                "created_at": created_at,
                "acknowledged_at": acknowledged_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = AlertOutputKindEnum(d.pop("kind"))

        def _parse_request_class(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_class = _parse_request_class(d.pop("request_class"))

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        window_start = datetime.datetime.fromisoformat(d.pop("window_start"))

        window_end = datetime.datetime.fromisoformat(d.pop("window_end"))

        observed = d.pop("observed")

        threshold = d.pop("threshold")

        message = d.pop("message")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_acknowledged_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = datetime.datetime.fromisoformat(data)

                return acknowledged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledged_at"))

        alert_output = cls(
            id=id,
            kind=kind,
            request_class=request_class,
            customer_id=customer_id,
            window_start=window_start,
            window_end=window_end,
            observed=observed,
            threshold=threshold,
            message=message,
            created_at=created_at,
            acknowledged_at=acknowledged_at,
        )

        alert_output.additional_properties = d
        return alert_output

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
