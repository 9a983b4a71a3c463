from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_enum import OutcomeEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ExpectedUsageRequest")


@_attrs_define
class ExpectedUsageRequest:
    """A request's expected usage: the fields of a usage event, as an estimate.

    Attributes:
        model (str | Unset): e.g. gpt-4o. Default: ''.
        provider (str | Unset):  Default: ''.
        input_tokens (int | Unset): Expected input tokens (not cached). Default: 0.
        cached_input_tokens (int | Unset): Expected cached input tokens. Default: 0.
        cache_write_tokens (int | Unset): Expected cache-write tokens. Default: 0.
        output_tokens (int | Unset): Expected output tokens. Default: 0.
        reasoning_tokens (int | Unset): Expected reasoning tokens. Default: 0.
        requests (int | Unset):  Default: 1.
        gpu_seconds (str | Unset):  Default: '0.000000'.
        gpu_type (str | Unset):  Default: ''.
        retrieval_calls (int | Unset): Expected retrieval calls. Default: 0.
        external_cost (str | Unset): Cost already priced by the caller, USD. Default: '0.0000000000'.
        outcome (None | OutcomeEnum | Unset): The outcome to price (default success; null for none).

            * `success` - Success
            * `failure` - Failure Default: OutcomeEnum.SUCCESS.
        outcome_value (None | str | Unset):
    """

    model: str | Unset = ""
    provider: str | Unset = ""
    input_tokens: int | Unset = 0
    cached_input_tokens: int | Unset = 0
    cache_write_tokens: int | Unset = 0
    output_tokens: int | Unset = 0
    reasoning_tokens: int | Unset = 0
    requests: int | Unset = 1
    gpu_seconds: str | Unset = "0.000000"
    gpu_type: str | Unset = ""
    retrieval_calls: int | Unset = 0
    external_cost: str | Unset = "0.0000000000"
    outcome: None | OutcomeEnum | Unset = OutcomeEnum.SUCCESS
    outcome_value: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        provider = self.provider

        input_tokens = self.input_tokens

        cached_input_tokens = self.cached_input_tokens

        cache_write_tokens = self.cache_write_tokens

        output_tokens = self.output_tokens

        reasoning_tokens = self.reasoning_tokens

        requests = self.requests

        gpu_seconds = self.gpu_seconds

        gpu_type = self.gpu_type

        retrieval_calls = self.retrieval_calls

        external_cost = self.external_cost

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, OutcomeEnum):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        outcome_value: None | str | Unset
        if isinstance(self.outcome_value, Unset):
            outcome_value = UNSET
        else:
            outcome_value = self.outcome_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if input_tokens is not UNSET:
            field_dict["input_tokens"] = input_tokens
        if cached_input_tokens is not UNSET:
            field_dict["cached_input_tokens"] = cached_input_tokens
        if cache_write_tokens is not UNSET:
            field_dict["cache_write_tokens"] = cache_write_tokens
        if output_tokens is not UNSET:
            field_dict["output_tokens"] = output_tokens
        if reasoning_tokens is not UNSET:
            field_dict["reasoning_tokens"] = reasoning_tokens
        if requests is not UNSET:
            field_dict["requests"] = requests
        if gpu_seconds is not UNSET:
            field_dict["gpu_seconds"] = gpu_seconds
        if gpu_type is not UNSET:
            field_dict["gpu_type"] = gpu_type
        if retrieval_calls is not UNSET:
            field_dict["retrieval_calls"] = retrieval_calls
        if external_cost is not UNSET:
            field_dict["external_cost"] = external_cost
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if outcome_value is not UNSET:
            field_dict["outcome_value"] = outcome_value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model", UNSET)

        provider = d.pop("provider", UNSET)

        input_tokens = d.pop("input_tokens", UNSET)

        cached_input_tokens = d.pop("cached_input_tokens", UNSET)

        cache_write_tokens = d.pop("cache_write_tokens", UNSET)

        output_tokens = d.pop("output_tokens", UNSET)

        reasoning_tokens = d.pop("reasoning_tokens", UNSET)

        requests = d.pop("requests", UNSET)

        gpu_seconds = d.pop("gpu_seconds", UNSET)

        gpu_type = d.pop("gpu_type", UNSET)

        retrieval_calls = d.pop("retrieval_calls", UNSET)

        external_cost = d.pop("external_cost", UNSET)

        def _parse_outcome(data: object) -> None | OutcomeEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = OutcomeEnum(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutcomeEnum | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_outcome_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome_value = _parse_outcome_value(d.pop("outcome_value", UNSET))

        expected_usage_request = cls(
            model=model,
            provider=provider,
            input_tokens=input_tokens,
            cached_input_tokens=cached_input_tokens,
            cache_write_tokens=cache_write_tokens,
            output_tokens=output_tokens,
            reasoning_tokens=reasoning_tokens,
            requests=requests,
            gpu_seconds=gpu_seconds,
            gpu_type=gpu_type,
            retrieval_calls=retrieval_calls,
            external_cost=external_cost,
            outcome=outcome,
            outcome_value=outcome_value,
        )

        expected_usage_request.additional_properties = d
        return expected_usage_request

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
