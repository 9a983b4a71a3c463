from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CustomerProjectionOutput")


@_attrs_define
class CustomerProjectionOutput:
    """
    Attributes:
        customer_id (str):
        as_of (datetime.datetime):
        window_start (datetime.datetime): The daily rate's first day: the last 7 complete UTC days before today.
        window_end (datetime.datetime): Today's 00:00 UTC (excluded).
        daily_rate (str): Attributed revenue per day over the window (days without usage count as 0). Example: 12.50.
        period_start (datetime.datetime):
        period_end (datetime.datetime):
        month_to_date (str): The month's attributed revenue so far. Example: 12.50.
        days_left_in_period (str):  Example: 12.50.
        projected_invoice (str): month_to_date + daily_rate x days_left_in_period, to the cent. Example: 12.50.
        currency (None | str): The credits' currency.
        credits_available (None | str): balance - held (null: no credits). Example: 12.50.
        credit_days_left (None | str): credits_available / daily_rate, rounded down to 0.1 (null: no credits or no
            recent usage). Example: 12.50.
    """

    customer_id: str
    as_of: datetime.datetime
    window_start: datetime.datetime
    window_end: datetime.datetime
    daily_rate: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    month_to_date: str
    days_left_in_period: str
    projected_invoice: str
    currency: None | str
    credits_available: None | str
    credit_days_left: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        as_of = self.as_of.isoformat()

        window_start = self.window_start.isoformat()

        window_end = self.window_end.isoformat()

        daily_rate = self.daily_rate

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        month_to_date = self.month_to_date

        days_left_in_period = self.days_left_in_period

        projected_invoice = self.projected_invoice

        currency: None | str
        currency = self.currency

        credits_available: None | str
        credits_available = self.credits_available

        credit_days_left: None | str
        credit_days_left = self.credit_days_left

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "as_of": as_of,
                "window_start": window_start,
                "window_end": window_end,
                "daily_rate": daily_rate,
                "period_start": period_start,
                "period_end": period_end,
                "month_to_date": month_to_date,
                "days_left_in_period": days_left_in_period,
                "projected_invoice": projected_invoice,
                "currency": currency,
                "credits_available": credits_available,
                "credit_days_left": credit_days_left,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        window_start = datetime.datetime.fromisoformat(d.pop("window_start"))

        window_end = datetime.datetime.fromisoformat(d.pop("window_end"))

        daily_rate = d.pop("daily_rate")

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        month_to_date = d.pop("month_to_date")

        days_left_in_period = d.pop("days_left_in_period")

        projected_invoice = d.pop("projected_invoice")

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        def _parse_credits_available(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credits_available = _parse_credits_available(d.pop("credits_available"))

        def _parse_credit_days_left(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credit_days_left = _parse_credit_days_left(d.pop("credit_days_left"))

        customer_projection_output = cls(
            customer_id=customer_id,
            as_of=as_of,
            window_start=window_start,
            window_end=window_end,
            daily_rate=daily_rate,
            period_start=period_start,
            period_end=period_end,
            month_to_date=month_to_date,
            days_left_in_period=days_left_in_period,
            projected_invoice=projected_invoice,
            currency=currency,
            credits_available=credits_available,
            credit_days_left=credit_days_left,
        )

        customer_projection_output.additional_properties = d
        return customer_projection_output

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
