from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_line_output import InvoiceLineOutput
    from ..models.request_class_revenue_output import RequestClassRevenueOutput


T = TypeVar("T", bound="InvoiceOutput")


@_attrs_define
class InvoiceOutput:
    """
    Attributes:
        customer_id (str):
        period_start (datetime.date):
        period_end (datetime.date): Exclusive.
        currency (None | str):
        lines (list[InvoiceLineOutput]):
        period_total (str): Charges of this period. Example: 12.50.
        adjustment_total (str): Late usage of earlier, finalised periods. Example: 12.50.
        total (str):  Example: 12.50.
        recurring_total (str): Flat fees and minimum true-ups. Example: 12.50.
        usage_total (str):  Example: 12.50.
        revenue_by_request_class (list[RequestClassRevenueOutput]): period_total allocated to request classes, to the
            cent.
        unattributed (str): Fees of a period without any request. Example: 12.50.
        credits_applied (str): Prepaid credits this period's usage drew (see /v1/customers/{id}/credits). Example:
            12.50.
        amount_due (str): total - credits_applied. Example: 12.50.
        id (UUID):
        finalized_at (datetime.datetime):
    """

    customer_id: str
    period_start: datetime.date
    period_end: datetime.date
    currency: None | str
    lines: list[InvoiceLineOutput]
    period_total: str
    adjustment_total: str
    total: str
    recurring_total: str
    usage_total: str
    revenue_by_request_class: list[RequestClassRevenueOutput]
    unattributed: str
    credits_applied: str
    amount_due: str
    id: UUID
    finalized_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        currency: None | str
        currency = self.currency

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        period_total = self.period_total

        adjustment_total = self.adjustment_total

        total = self.total

        recurring_total = self.recurring_total

        usage_total = self.usage_total

        revenue_by_request_class = []
        for revenue_by_request_class_item_data in self.revenue_by_request_class:
            revenue_by_request_class_item = revenue_by_request_class_item_data.to_dict()
            revenue_by_request_class.append(revenue_by_request_class_item)

        unattributed = self.unattributed

        credits_applied = self.credits_applied

        amount_due = self.amount_due

        id = str(self.id)

        finalized_at = self.finalized_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "period_start": period_start,
                "period_end": period_end,
                "currency": currency,
                "lines": lines,
                "period_total": period_total,
                "adjustment_total": adjustment_total,
                "total": total,
                "recurring_total": recurring_total,
                "usage_total": usage_total,
                "revenue_by_request_class": revenue_by_request_class,
                "unattributed": unattributed,
                "credits_applied": credits_applied,
                "amount_due": amount_due,
                "id": id,
                "finalized_at": finalized_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_line_output import InvoiceLineOutput
        from ..models.request_class_revenue_output import RequestClassRevenueOutput

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = InvoiceLineOutput.from_dict(lines_item_data)

            lines.append(lines_item)

        period_total = d.pop("period_total")

        adjustment_total = d.pop("adjustment_total")

        total = d.pop("total")

        recurring_total = d.pop("recurring_total")

        usage_total = d.pop("usage_total")

        revenue_by_request_class = []
        _revenue_by_request_class = d.pop("revenue_by_request_class")
        for revenue_by_request_class_item_data in _revenue_by_request_class:
            revenue_by_request_class_item = RequestClassRevenueOutput.from_dict(
                revenue_by_request_class_item_data
            )

            revenue_by_request_class.append(revenue_by_request_class_item)

        unattributed = d.pop("unattributed")

        credits_applied = d.pop("credits_applied")

        amount_due = d.pop("amount_due")

        id = UUID(d.pop("id"))

        finalized_at = datetime.datetime.fromisoformat(d.pop("finalized_at"))

        invoice_output = cls(
            customer_id=customer_id,
            period_start=period_start,
            period_end=period_end,
            currency=currency,
            lines=lines,
            period_total=period_total,
            adjustment_total=adjustment_total,
            total=total,
            recurring_total=recurring_total,
            usage_total=usage_total,
            revenue_by_request_class=revenue_by_request_class,
            unattributed=unattributed,
            credits_applied=credits_applied,
            amount_due=amount_due,
            id=id,
            finalized_at=finalized_at,
        )

        invoice_output.additional_properties = d
        return invoice_output

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
