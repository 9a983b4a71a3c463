from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.what_if_change_input_type_enum import WhatIfChangeInputTypeEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="WhatIfChangeInputRequest")


@_attrs_define
class WhatIfChangeInputRequest:
    """
    Attributes:
        type_ (WhatIfChangeInputTypeEnum): * `model` - model
            * `cached_input_share` - cached_input_share
            * `output_tokens` - output_tokens
            * `retrieval_calls` - retrieval_calls
            * `gpu_rate` - gpu_rate
            * `retire` - retire
        request_class (None | str | Unset): The class changed; left out: every class (required to retire).
        model (str | Unset):
        provider (str | Unset):
        share (str | Unset): cached_input_share: 0-1.
        percent (str | Unset): output_tokens: the change in percent, at least -100.
        per_request (str | Unset): retrieval_calls: calls per request.
        gpu_type (str | Unset): gpu_rate: "" is the default.
        usd_per_gpu_hour (str | Unset): gpu_rate: USD per GPU-hour.
        remove_fixed_costs (bool | Unset):  Default: False.
    """

    type_: WhatIfChangeInputTypeEnum
    request_class: None | str | Unset = UNSET
    model: str | Unset = UNSET
    provider: str | Unset = UNSET
    share: str | Unset = UNSET
    percent: str | Unset = UNSET
    per_request: str | Unset = UNSET
    gpu_type: str | Unset = UNSET
    usd_per_gpu_hour: str | Unset = UNSET
    remove_fixed_costs: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        request_class: None | str | Unset
        if isinstance(self.request_class, Unset):
            request_class = UNSET
        else:
            request_class = self.request_class

        model = self.model

        provider = self.provider

        share = self.share

        percent = self.percent

        per_request = self.per_request

        gpu_type = self.gpu_type

        usd_per_gpu_hour = self.usd_per_gpu_hour

        remove_fixed_costs = self.remove_fixed_costs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if share is not UNSET:
            field_dict["share"] = share
        if percent is not UNSET:
            field_dict["percent"] = percent
        if per_request is not UNSET:
            field_dict["per_request"] = per_request
        if gpu_type is not UNSET:
            field_dict["gpu_type"] = gpu_type
        if usd_per_gpu_hour is not UNSET:
            field_dict["usd_per_gpu_hour"] = usd_per_gpu_hour
        if remove_fixed_costs is not UNSET:
            field_dict["remove_fixed_costs"] = remove_fixed_costs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = WhatIfChangeInputTypeEnum(d.pop("type"))

        def _parse_request_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_class = _parse_request_class(d.pop("request_class", UNSET))

        model = d.pop("model", UNSET)

        provider = d.pop("provider", UNSET)

        share = d.pop("share", UNSET)

        percent = d.pop("percent", UNSET)

        per_request = d.pop("per_request", UNSET)

        gpu_type = d.pop("gpu_type", UNSET)

        usd_per_gpu_hour = d.pop("usd_per_gpu_hour", UNSET)

        remove_fixed_costs = d.pop("remove_fixed_costs", UNSET)

        what_if_change_input_request = cls(
            type_=type_,
            request_class=request_class,
            model=model,
            provider=provider,
            share=share,
            percent=percent,
            per_request=per_request,
            gpu_type=gpu_type,
            usd_per_gpu_hour=usd_per_gpu_hour,
            remove_fixed_costs=remove_fixed_costs,
        )

        what_if_change_input_request.additional_properties = d
        return what_if_change_input_request

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
