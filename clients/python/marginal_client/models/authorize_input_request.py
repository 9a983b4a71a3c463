from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.expected_usage_request import ExpectedUsageRequest


T = TypeVar("T", bound="AuthorizeInputRequest")


@_attrs_define
class AuthorizeInputRequest:
    """
    Attributes:
        customer_id (str):
        request_class (str):
        expected_spend (str | Unset): What the request should bill, in the credits' currency (or give expected_usage).
        expected_cost (str | Unset): What it should cost us, in USD (default 0; with expected_usage, leave it out).
        expected_usage (ExpectedUsageRequest | Unset): A request's expected usage: the fields of a usage event, as an
            estimate.
        tag (str | Unset):  Default: ''.
        currency (str | Unset): The credits' currency (default: the customer's only credit account; with expected_usage,
            the plan's currency).
        hold (bool | Unset): Reserve the amounts until settled. Default: True.
        hold_seconds (int | Unset): When an unsettled hold gives its amounts back. Default: 300.
    """

    customer_id: str
    request_class: str
    expected_spend: str | Unset = UNSET
    expected_cost: str | Unset = UNSET
    expected_usage: ExpectedUsageRequest | Unset = UNSET
    tag: str | Unset = ""
    currency: str | Unset = UNSET
    hold: bool | Unset = True
    hold_seconds: int | Unset = 300
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        request_class = self.request_class

        expected_spend = self.expected_spend

        expected_cost = self.expected_cost

        expected_usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.expected_usage, Unset):
            expected_usage = self.expected_usage.to_dict()

        tag = self.tag

        currency = self.currency

        hold = self.hold

        hold_seconds = self.hold_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "request_class": request_class,
            }
        )
        if expected_spend is not UNSET:
            field_dict["expected_spend"] = expected_spend
        if expected_cost is not UNSET:
            field_dict["expected_cost"] = expected_cost
        if expected_usage is not UNSET:
            field_dict["expected_usage"] = expected_usage
        if tag is not UNSET:
            field_dict["tag"] = tag
        if currency is not UNSET:
            field_dict["currency"] = currency
        if hold is not UNSET:
            field_dict["hold"] = hold
        if hold_seconds is not UNSET:
            field_dict["hold_seconds"] = hold_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.expected_usage_request import ExpectedUsageRequest

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        request_class = d.pop("request_class")

        expected_spend = d.pop("expected_spend", UNSET)

        expected_cost = d.pop("expected_cost", UNSET)

        _expected_usage = d.pop("expected_usage", UNSET)
        expected_usage: ExpectedUsageRequest | Unset
        if isinstance(_expected_usage, Unset):
            expected_usage = UNSET
        else:
            expected_usage = ExpectedUsageRequest.from_dict(_expected_usage)

        tag = d.pop("tag", UNSET)

        currency = d.pop("currency", UNSET)

        hold = d.pop("hold", UNSET)

        hold_seconds = d.pop("hold_seconds", UNSET)

        authorize_input_request = cls(
            customer_id=customer_id,
            request_class=request_class,
            expected_spend=expected_spend,
            expected_cost=expected_cost,
            expected_usage=expected_usage,
            tag=tag,
            currency=currency,
            hold=hold,
            hold_seconds=hold_seconds,
        )

        authorize_input_request.additional_properties = d
        return authorize_input_request

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
