from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.metric_enum import MetricEnum
from ..models.price_model_enum import PriceModelEnum
from ..models.type_enum import TypeEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tier_input_request import TierInputRequest


T = TypeVar("T", bound="ChargeInputRequest")


@_attrs_define
class ChargeInputRequest:
    """
    Attributes:
        type_ (TypeEnum): * `flat_fee` - flat_fee
            * `usage` - usage
            * `minimum` - minimum
            * `cost_plus` - cost_plus
        description (str): Shown on invoice lines.
        key (str | Unset): Stable id of the charge within the plan (default: type and position).
        amount (str | Unset): flat_fee: fee per monthly period (billed in advance, prorated by day); minimum: minimum
            spend per period.
        metric (MetricEnum | Unset): * `input_tokens` - input_tokens
            * `cached_input_tokens` - cached_input_tokens
            * `output_tokens` - output_tokens
            * `reasoning_tokens` - reasoning_tokens
            * `total_tokens` - total_tokens
            * `requests` - requests
            * `gpu_seconds` - gpu_seconds
            * `retrieval_calls` - retrieval_calls
            * `outcomes` - outcomes
            * `outcome_value` - outcome_value
            * `cost` - cost
        unit_size (str | Unset): usage: metric units per billing unit, e.g. 1000000 to price per 1M tokens.
        included (str | Unset): usage: billing units included free each period before the price applies.
        model (None | str | Unset): Only events of this model.
        request_class (None | str | Unset): Only this request class.
        price_model (PriceModelEnum | Unset): * `per_unit` - per_unit
            * `graduated` - graduated
            * `volume` - volume
            * `package` - package
            * `percentage` - percentage
        unit_amount (str | Unset): per_unit: price per billing unit.
        tiers (list[TierInputRequest] | Unset): graduated / volume tiers.
        package_size (str | Unset): package: billing units per package.
        package_amount (str | Unset): package: price per started package.
        percent (str | Unset): percentage: percent of the metric (2.5 is 2.5 %).
        markup_percent (str | Unset): cost_plus: markup on the requests' pinned cost (20 bills cost x 1.20).
        minimum_per_request (str | Unset): cost_plus: at least this much per request over the period (default 0).
    """

    type_: TypeEnum
    description: str
    key: str | Unset = UNSET
    amount: str | Unset = UNSET
    metric: MetricEnum | Unset = UNSET
    unit_size: str | Unset = UNSET
    included: str | Unset = UNSET
    model: None | str | Unset = UNSET
    request_class: None | str | Unset = UNSET
    price_model: PriceModelEnum | Unset = UNSET
    unit_amount: str | Unset = UNSET
    tiers: list[TierInputRequest] | Unset = UNSET
    package_size: str | Unset = UNSET
    package_amount: str | Unset = UNSET
    percent: str | Unset = UNSET
    markup_percent: str | Unset = UNSET
    minimum_per_request: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        description = self.description

        key = self.key

        amount = self.amount

        metric: str | Unset = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

        unit_size = self.unit_size

        included = self.included

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        request_class: None | str | Unset
        if isinstance(self.request_class, Unset):
            request_class = UNSET
        else:
            request_class = self.request_class

        price_model: str | Unset = UNSET
        if not isinstance(self.price_model, Unset):
            price_model = self.price_model.value

        unit_amount = self.unit_amount

        tiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tiers, Unset):
            tiers = []
            for tiers_item_data in self.tiers:
                tiers_item = tiers_item_data.to_dict()
                tiers.append(tiers_item)

        package_size = self.package_size

        package_amount = self.package_amount

        percent = self.percent

        markup_percent = self.markup_percent

        minimum_per_request = self.minimum_per_request

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "description": description,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key
        if amount is not UNSET:
            field_dict["amount"] = amount
        if metric is not UNSET:
            field_dict["metric"] = metric
        if unit_size is not UNSET:
            field_dict["unit_size"] = unit_size
        if included is not UNSET:
            field_dict["included"] = included
        if model is not UNSET:
            field_dict["model"] = model
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if price_model is not UNSET:
            field_dict["price_model"] = price_model
        if unit_amount is not UNSET:
            field_dict["unit_amount"] = unit_amount
        if tiers is not UNSET:
            field_dict["tiers"] = tiers
        if package_size is not UNSET:
            field_dict["package_size"] = package_size
        if package_amount is not UNSET:
            field_dict["package_amount"] = package_amount
        if percent is not UNSET:
            field_dict["percent"] = percent
        if markup_percent is not UNSET:
            field_dict["markup_percent"] = markup_percent
        if minimum_per_request is not UNSET:
            field_dict["minimum_per_request"] = minimum_per_request

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tier_input_request import TierInputRequest

        d = dict(src_dict)
        type_ = TypeEnum(d.pop("type"))

        description = d.pop("description")

        key = d.pop("key", UNSET)

        amount = d.pop("amount", UNSET)

        _metric = d.pop("metric", UNSET)
        metric: MetricEnum | Unset
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = MetricEnum(_metric)

        unit_size = d.pop("unit_size", UNSET)

        included = d.pop("included", UNSET)

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_request_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_class = _parse_request_class(d.pop("request_class", UNSET))

        _price_model = d.pop("price_model", UNSET)
        price_model: PriceModelEnum | Unset
        if isinstance(_price_model, Unset):
            price_model = UNSET
        else:
            price_model = PriceModelEnum(_price_model)

        unit_amount = d.pop("unit_amount", UNSET)

        _tiers = d.pop("tiers", UNSET)
        tiers: list[TierInputRequest] | Unset = UNSET
        if _tiers is not UNSET:
            tiers = []
            for tiers_item_data in _tiers:
                tiers_item = TierInputRequest.from_dict(tiers_item_data)

                tiers.append(tiers_item)

        package_size = d.pop("package_size", UNSET)

        package_amount = d.pop("package_amount", UNSET)

        percent = d.pop("percent", UNSET)

        markup_percent = d.pop("markup_percent", UNSET)

        minimum_per_request = d.pop("minimum_per_request", UNSET)

        charge_input_request = cls(
            type_=type_,
            description=description,
            key=key,
            amount=amount,
            metric=metric,
            unit_size=unit_size,
            included=included,
            model=model,
            request_class=request_class,
            price_model=price_model,
            unit_amount=unit_amount,
            tiers=tiers,
            package_size=package_size,
            package_amount=package_amount,
            percent=percent,
            markup_percent=markup_percent,
            minimum_per_request=minimum_per_request,
        )

        charge_input_request.additional_properties = d
        return charge_input_request

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
