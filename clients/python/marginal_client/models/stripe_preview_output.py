from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_enum import SourceEnum

if TYPE_CHECKING:
    from ..models.stripe_preview_charge_output import StripePreviewChargeOutput
    from ..models.stripe_preview_item_output import StripePreviewItemOutput


T = TypeVar("T", bound="StripePreviewOutput")


@_attrs_define
class StripePreviewOutput:
    """
    Attributes:
        customer_id (str):
        period_start (datetime.date):
        period_end (datetime.date):
        currency (None | str):
        source (SourceEnum): * `upcoming` - upcoming
            * `invoices` - invoices
        marginal_total (str):
        stripe_total (str): Stripe's lines before Marginal's items.
        items_total (str):
        stripe_expected_total (str): stripe_total + items_total.
        difference (str): marginal_total - stripe_expected_total.
        charges (list[StripePreviewChargeOutput]):
        items (list[StripePreviewItemOutput]):
    """

    customer_id: str
    period_start: datetime.date
    period_end: datetime.date
    currency: None | str
    source: SourceEnum
    marginal_total: str
    stripe_total: str
    items_total: str
    stripe_expected_total: str
    difference: str
    charges: list[StripePreviewChargeOutput]
    items: list[StripePreviewItemOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        currency: None | str
        currency = self.currency

        source = self.source.value

        marginal_total = self.marginal_total

        stripe_total = self.stripe_total

        items_total = self.items_total

        stripe_expected_total = self.stripe_expected_total

        difference = self.difference

        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "period_start": period_start,
                "period_end": period_end,
                "currency": currency,
                "source": source,
                "marginal_total": marginal_total,
                "stripe_total": stripe_total,
                "items_total": items_total,
                "stripe_expected_total": stripe_expected_total,
                "difference": difference,
                "charges": charges,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.stripe_preview_charge_output import StripePreviewChargeOutput
        from ..models.stripe_preview_item_output import StripePreviewItemOutput

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        period_start = datetime.date.fromisoformat(d.pop("period_start"))

        period_end = datetime.date.fromisoformat(d.pop("period_end"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        source = SourceEnum(d.pop("source"))

        marginal_total = d.pop("marginal_total")

        stripe_total = d.pop("stripe_total")

        items_total = d.pop("items_total")

        stripe_expected_total = d.pop("stripe_expected_total")

        difference = d.pop("difference")

        charges = []
        _charges = d.pop("charges")
        for charges_item_data in _charges:
            charges_item = StripePreviewChargeOutput.from_dict(charges_item_data)

            charges.append(charges_item)

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = StripePreviewItemOutput.from_dict(items_item_data)

            items.append(items_item)

        stripe_preview_output = cls(
            customer_id=customer_id,
            period_start=period_start,
            period_end=period_end,
            currency=currency,
            source=source,
            marginal_total=marginal_total,
            stripe_total=stripe_total,
            items_total=items_total,
            stripe_expected_total=stripe_expected_total,
            difference=difference,
            charges=charges,
            items=items,
        )

        stripe_preview_output.additional_properties = d
        return stripe_preview_output

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
