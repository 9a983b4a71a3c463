from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.outcome_enum import OutcomeEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_event_input_request_properties_type_0 import (
        UsageEventInputRequestPropertiesType0,
    )


T = TypeVar("T", bound="UsageEventInputRequest")


@_attrs_define
class UsageEventInputRequest:
    """One usage event: one inference request. Unknown fields are rejected.

    Attributes:
        event_id (str): Your idempotency key, unique per tenant forever: a retry with the same payload is a duplicate,
            with another payload a conflict. 1-128 letters, digits or _ . : @ - characters, starting with a letter or digit,
            so that the event can be read, voided and amended at /v1/events/{event_id}.
        customer_id (str): Your customer's external id; an unknown customer is created on first sight.
        request_class (str): The endpoint or feature that made the request, e.g. doc-summarise.
        timestamp (datetime.datetime | None | Unset): RFC 3339 with an offset; default: when received. Accepted from
            event_max_age_days (35) in the past to event_max_future_seconds (300) ahead.
        model (None | str | Unset):
        provider (None | str | Unset):
        input_tokens (int | None | Unset): Input tokens NOT counting cached or cache-write tokens.
        cached_input_tokens (int | None | Unset): Cache-read tokens.
        cache_write_tokens (int | None | Unset): Cache-write tokens.
        output_tokens (int | None | Unset): Output tokens NOT counting reasoning tokens.
        reasoning_tokens (int | None | Unset):
        requests (int | None | Unset): Default 1.
        gpu_seconds (float | None | str | Unset): Seconds of GPU time. A JSON number or a numeric string; kept exactly.
        gpu_type (None | str | Unset):
        retrieval_calls (int | None | Unset):
        external_cost (float | None | str | Unset): USD of third-party spend for this request. A JSON number or a
            numeric string; kept exactly.
        outcome (None | OutcomeEnum | Unset):
        outcome_value (float | None | str | Unset): USD value of the outcome (an order, a cost avoided). A JSON number
            or a numeric string; kept exactly.
        latency_ms (int | None | Unset):
        trace_id (None | str | Unset): Groups the calls of one composite request (an agent run, a conversation).
        properties (None | Unset | UsageEventInputRequestPropertiesType0): Flat map of string to string, number, boolean
            or null; at most 50 keys and 4096 bytes as JSON.
        gen_ai_usage_input_tokens (int | Unset): OpenTelemetry alias of input_tokens (inclusive OTel total; split into
            the exclusive buckets).
        gen_ai_usage_cache_read_input_tokens (int | Unset): OpenTelemetry alias of cached_input_tokens.
        gen_ai_usage_cache_creation_input_tokens (int | Unset): OpenTelemetry alias of cache_write_tokens.
        gen_ai_usage_output_tokens (int | Unset): OpenTelemetry alias of output_tokens (inclusive OTel total; split into
            the exclusive buckets).
        gen_ai_usage_reasoning_output_tokens (int | Unset): OpenTelemetry alias of reasoning_tokens.
        gen_ai_request_model (None | str | Unset): OpenTelemetry alias of model.
        gen_ai_response_model (None | str | Unset): OpenTelemetry alias of model.
        gen_ai_provider_name (None | str | Unset): OpenTelemetry alias of provider.
    """

    event_id: str
    customer_id: str
    request_class: str
    timestamp: datetime.datetime | None | Unset = UNSET
    model: None | str | Unset = UNSET
    provider: None | str | Unset = UNSET
    input_tokens: int | None | Unset = UNSET
    cached_input_tokens: int | None | Unset = UNSET
    cache_write_tokens: int | None | Unset = UNSET
    output_tokens: int | None | Unset = UNSET
    reasoning_tokens: int | None | Unset = UNSET
    requests: int | None | Unset = UNSET
    gpu_seconds: float | None | str | Unset = UNSET
    gpu_type: None | str | Unset = UNSET
    retrieval_calls: int | None | Unset = UNSET
    external_cost: float | None | str | Unset = UNSET
    outcome: None | OutcomeEnum | Unset = UNSET
    outcome_value: float | None | str | Unset = UNSET
    latency_ms: int | None | Unset = UNSET
    trace_id: None | str | Unset = UNSET
    properties: None | Unset | UsageEventInputRequestPropertiesType0 = UNSET
    gen_ai_usage_input_tokens: int | Unset = UNSET
    gen_ai_usage_cache_read_input_tokens: int | Unset = UNSET
    gen_ai_usage_cache_creation_input_tokens: int | Unset = UNSET
    gen_ai_usage_output_tokens: int | Unset = UNSET
    gen_ai_usage_reasoning_output_tokens: int | Unset = UNSET
    gen_ai_request_model: None | str | Unset = UNSET
    gen_ai_response_model: None | str | Unset = UNSET
    gen_ai_provider_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.usage_event_input_request_properties_type_0 import (
            UsageEventInputRequestPropertiesType0,
        )

        event_id = self.event_id

        customer_id = self.customer_id

        request_class = self.request_class

        timestamp: None | str | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        elif isinstance(self.timestamp, datetime.datetime):
            timestamp = self.timestamp.isoformat()
        else:
            timestamp = self.timestamp

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        input_tokens: int | None | Unset
        if isinstance(self.input_tokens, Unset):
            input_tokens = UNSET
        else:
            input_tokens = self.input_tokens

        cached_input_tokens: int | None | Unset
        if isinstance(self.cached_input_tokens, Unset):
            cached_input_tokens = UNSET
        else:
            cached_input_tokens = self.cached_input_tokens

        cache_write_tokens: int | None | Unset
        if isinstance(self.cache_write_tokens, Unset):
            cache_write_tokens = UNSET
        else:
            cache_write_tokens = self.cache_write_tokens

        output_tokens: int | None | Unset
        if isinstance(self.output_tokens, Unset):
            output_tokens = UNSET
        else:
            output_tokens = self.output_tokens

        reasoning_tokens: int | None | Unset
        if isinstance(self.reasoning_tokens, Unset):
            reasoning_tokens = UNSET
        else:
            reasoning_tokens = self.reasoning_tokens

        requests: int | None | Unset
        if isinstance(self.requests, Unset):
            requests = UNSET
        else:
            requests = self.requests

        gpu_seconds: float | None | str | Unset
        if isinstance(self.gpu_seconds, Unset):
            gpu_seconds = UNSET
        else:
            gpu_seconds = self.gpu_seconds

        gpu_type: None | str | Unset
        if isinstance(self.gpu_type, Unset):
            gpu_type = UNSET
        else:
            gpu_type = self.gpu_type

        retrieval_calls: int | None | Unset
        if isinstance(self.retrieval_calls, Unset):
            retrieval_calls = UNSET
        else:
            retrieval_calls = self.retrieval_calls

        external_cost: float | None | str | Unset
        if isinstance(self.external_cost, Unset):
            external_cost = UNSET
        else:
            external_cost = self.external_cost

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, OutcomeEnum):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        outcome_value: float | None | str | Unset
        if isinstance(self.outcome_value, Unset):
            outcome_value = UNSET
        else:
            outcome_value = self.outcome_value

        latency_ms: int | None | Unset
        if isinstance(self.latency_ms, Unset):
            latency_ms = UNSET
        else:
            latency_ms = self.latency_ms

        trace_id: None | str | Unset
        if isinstance(self.trace_id, Unset):
            trace_id = UNSET
        else:
            trace_id = self.trace_id

        properties: dict[str, Any] | None | Unset
        if isinstance(self.properties, Unset):
            properties = UNSET
        elif isinstance(self.properties, UsageEventInputRequestPropertiesType0):
            properties = self.properties.to_dict()
        else:
            properties = self.properties

        gen_ai_usage_input_tokens = self.gen_ai_usage_input_tokens

        gen_ai_usage_cache_read_input_tokens = self.gen_ai_usage_cache_read_input_tokens

        gen_ai_usage_cache_creation_input_tokens = (
            self.gen_ai_usage_cache_creation_input_tokens
        )

        gen_ai_usage_output_tokens = self.gen_ai_usage_output_tokens

        gen_ai_usage_reasoning_output_tokens = self.gen_ai_usage_reasoning_output_tokens

        gen_ai_request_model: None | str | Unset
        if isinstance(self.gen_ai_request_model, Unset):
            gen_ai_request_model = UNSET
        else:
            gen_ai_request_model = self.gen_ai_request_model

        gen_ai_response_model: None | str | Unset
        if isinstance(self.gen_ai_response_model, Unset):
            gen_ai_response_model = UNSET
        else:
            gen_ai_response_model = self.gen_ai_response_model

        gen_ai_provider_name: None | str | Unset
        if isinstance(self.gen_ai_provider_name, Unset):
            gen_ai_provider_name = UNSET
        else:
            gen_ai_provider_name = self.gen_ai_provider_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "customer_id": customer_id,
                "request_class": request_class,
            }
        )
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
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
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id
        if properties is not UNSET:
            field_dict["properties"] = properties
        if gen_ai_usage_input_tokens is not UNSET:
            field_dict["gen_ai.usage.input_tokens"] = gen_ai_usage_input_tokens
        if gen_ai_usage_cache_read_input_tokens is not UNSET:
            field_dict["gen_ai.usage.cache_read.input_tokens"] = (
                gen_ai_usage_cache_read_input_tokens
            )
        if gen_ai_usage_cache_creation_input_tokens is not UNSET:
            field_dict["gen_ai.usage.cache_creation.input_tokens"] = (
                gen_ai_usage_cache_creation_input_tokens
            )
        if gen_ai_usage_output_tokens is not UNSET:
            field_dict["gen_ai.usage.output_tokens"] = gen_ai_usage_output_tokens
        if gen_ai_usage_reasoning_output_tokens is not UNSET:
            field_dict["gen_ai.usage.reasoning.output_tokens"] = (
                gen_ai_usage_reasoning_output_tokens
            )
        if gen_ai_request_model is not UNSET:
            field_dict["gen_ai.request.model"] = gen_ai_request_model
        if gen_ai_response_model is not UNSET:
            field_dict["gen_ai.response.model"] = gen_ai_response_model
        if gen_ai_provider_name is not UNSET:
            field_dict["gen_ai.provider.name"] = gen_ai_provider_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.usage_event_input_request_properties_type_0 import (
            UsageEventInputRequestPropertiesType0,
        )

        d = dict(src_dict)
        event_id = d.pop("event_id")

        customer_id = d.pop("customer_id")

        request_class = d.pop("request_class")

        def _parse_timestamp(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                timestamp_type_0 = datetime.datetime.fromisoformat(data)

                return timestamp_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_input_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        input_tokens = _parse_input_tokens(d.pop("input_tokens", UNSET))

        def _parse_cached_input_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cached_input_tokens = _parse_cached_input_tokens(
            d.pop("cached_input_tokens", UNSET)
        )

        def _parse_cache_write_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cache_write_tokens = _parse_cache_write_tokens(
            d.pop("cache_write_tokens", UNSET)
        )

        def _parse_output_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        output_tokens = _parse_output_tokens(d.pop("output_tokens", UNSET))

        def _parse_reasoning_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reasoning_tokens = _parse_reasoning_tokens(d.pop("reasoning_tokens", UNSET))

        def _parse_requests(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        requests = _parse_requests(d.pop("requests", UNSET))

        def _parse_gpu_seconds(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        gpu_seconds = _parse_gpu_seconds(d.pop("gpu_seconds", UNSET))

        def _parse_gpu_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gpu_type = _parse_gpu_type(d.pop("gpu_type", UNSET))

        def _parse_retrieval_calls(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retrieval_calls = _parse_retrieval_calls(d.pop("retrieval_calls", UNSET))

        def _parse_external_cost(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        external_cost = _parse_external_cost(d.pop("external_cost", UNSET))

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

        def _parse_outcome_value(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        outcome_value = _parse_outcome_value(d.pop("outcome_value", UNSET))

        def _parse_latency_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms", UNSET))

        def _parse_trace_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trace_id = _parse_trace_id(d.pop("trace_id", UNSET))

        def _parse_properties(
            data: object,
        ) -> None | Unset | UsageEventInputRequestPropertiesType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                properties_type_0 = UsageEventInputRequestPropertiesType0.from_dict(
                    data
                )

                return properties_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UsageEventInputRequestPropertiesType0, data)

        properties = _parse_properties(d.pop("properties", UNSET))

        gen_ai_usage_input_tokens = d.pop("gen_ai.usage.input_tokens", UNSET)

        gen_ai_usage_cache_read_input_tokens = d.pop(
            "gen_ai.usage.cache_read.input_tokens", UNSET
        )

        gen_ai_usage_cache_creation_input_tokens = d.pop(
            "gen_ai.usage.cache_creation.input_tokens", UNSET
        )

        gen_ai_usage_output_tokens = d.pop("gen_ai.usage.output_tokens", UNSET)

        gen_ai_usage_reasoning_output_tokens = d.pop(
            "gen_ai.usage.reasoning.output_tokens", UNSET
        )

        def _parse_gen_ai_request_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gen_ai_request_model = _parse_gen_ai_request_model(
            d.pop("gen_ai.request.model", UNSET)
        )

        def _parse_gen_ai_response_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gen_ai_response_model = _parse_gen_ai_response_model(
            d.pop("gen_ai.response.model", UNSET)
        )

        def _parse_gen_ai_provider_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gen_ai_provider_name = _parse_gen_ai_provider_name(
            d.pop("gen_ai.provider.name", UNSET)
        )

        usage_event_input_request = cls(
            event_id=event_id,
            customer_id=customer_id,
            request_class=request_class,
            timestamp=timestamp,
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
            latency_ms=latency_ms,
            trace_id=trace_id,
            properties=properties,
            gen_ai_usage_input_tokens=gen_ai_usage_input_tokens,
            gen_ai_usage_cache_read_input_tokens=gen_ai_usage_cache_read_input_tokens,
            gen_ai_usage_cache_creation_input_tokens=gen_ai_usage_cache_creation_input_tokens,
            gen_ai_usage_output_tokens=gen_ai_usage_output_tokens,
            gen_ai_usage_reasoning_output_tokens=gen_ai_usage_reasoning_output_tokens,
            gen_ai_request_model=gen_ai_request_model,
            gen_ai_response_model=gen_ai_response_model,
            gen_ai_provider_name=gen_ai_provider_name,
        )

        usage_event_input_request.additional_properties = d
        return usage_event_input_request

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
