from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.usage_latency_percentiles import UsageLatencyPercentiles
    from ..models.usage_outcome_counts import UsageOutcomeCounts
    from ..models.usage_percentiles import UsagePercentiles


T = TypeVar("T", bound="UsageRowOutput")


@_attrs_define
class UsageRowOutput:
    """
    Attributes:
        tokens_per_request (UsagePercentiles):
        latency_ms (UsageLatencyPercentiles):
        events (int):
        input_tokens (int):
        cached_input_tokens (int):
        cache_write_tokens (int):
        output_tokens (int):
        reasoning_tokens (int):
        requests (int):
        retrieval_calls (int):
        gpu_seconds (str):
        external_cost (str):
        outcomes (UsageOutcomeCounts):
        outcome_value (str):
        customer_id (str | Unset): When grouped by it.
        request_class (str | Unset): When grouped by it.
        model (str | Unset): When grouped by it.
        provider (str | Unset): When grouped by it.
        bucket_start (datetime.datetime | Unset): Start (UTC) of the hour, day or month, when bucketed.
    """

    tokens_per_request: UsagePercentiles
    latency_ms: UsageLatencyPercentiles
    events: int
    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    requests: int
    retrieval_calls: int
    gpu_seconds: str
    external_cost: str
    outcomes: UsageOutcomeCounts
    outcome_value: str
    customer_id: str | Unset = UNSET
    request_class: str | Unset = UNSET
    model: str | Unset = UNSET
    provider: str | Unset = UNSET
    bucket_start: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tokens_per_request = self.tokens_per_request.to_dict()

        latency_ms = self.latency_ms.to_dict()

        events = self.events

        input_tokens = self.input_tokens

        cached_input_tokens = self.cached_input_tokens

        cache_write_tokens = self.cache_write_tokens

        output_tokens = self.output_tokens

        reasoning_tokens = self.reasoning_tokens

        requests = self.requests

        retrieval_calls = self.retrieval_calls

        gpu_seconds = self.gpu_seconds

        external_cost = self.external_cost

        outcomes = self.outcomes.to_dict()

        outcome_value = self.outcome_value

        customer_id = self.customer_id

        request_class = self.request_class

        model = self.model

        provider = self.provider

        bucket_start: str | Unset = UNSET
        if not isinstance(self.bucket_start, Unset):
            bucket_start = self.bucket_start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tokens_per_request": tokens_per_request,
                "latency_ms": latency_ms,
                "events": events,
                "input_tokens": input_tokens,
                "cached_input_tokens": cached_input_tokens,
                "cache_write_tokens": cache_write_tokens,
                "output_tokens": output_tokens,
                "reasoning_tokens": reasoning_tokens,
                "requests": requests,
                "retrieval_calls": retrieval_calls,
                "gpu_seconds": gpu_seconds,
                "external_cost": external_cost,
                "outcomes": outcomes,
                "outcome_value": outcome_value,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if request_class is not UNSET:
            field_dict["request_class"] = request_class
        if model is not UNSET:
            field_dict["model"] = model
        if provider is not UNSET:
            field_dict["provider"] = provider
        if bucket_start is not UNSET:
            field_dict["bucket_start"] = bucket_start

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.usage_latency_percentiles import UsageLatencyPercentiles
        from ..models.usage_outcome_counts import UsageOutcomeCounts
        from ..models.usage_percentiles import UsagePercentiles

        d = dict(src_dict)
        tokens_per_request = UsagePercentiles.from_dict(d.pop("tokens_per_request"))

        latency_ms = UsageLatencyPercentiles.from_dict(d.pop("latency_ms"))

        events = d.pop("events")

        input_tokens = d.pop("input_tokens")

        cached_input_tokens = d.pop("cached_input_tokens")

        cache_write_tokens = d.pop("cache_write_tokens")

        output_tokens = d.pop("output_tokens")

        reasoning_tokens = d.pop("reasoning_tokens")

        requests = d.pop("requests")

        retrieval_calls = d.pop("retrieval_calls")

        gpu_seconds = d.pop("gpu_seconds")

        external_cost = d.pop("external_cost")

        outcomes = UsageOutcomeCounts.from_dict(d.pop("outcomes"))

        outcome_value = d.pop("outcome_value")

        customer_id = d.pop("customer_id", UNSET)

        request_class = d.pop("request_class", UNSET)

        model = d.pop("model", UNSET)

        provider = d.pop("provider", UNSET)

        _bucket_start = d.pop("bucket_start", UNSET)
        bucket_start: datetime.datetime | Unset
        if isinstance(_bucket_start, Unset):
            bucket_start = UNSET
        else:
            bucket_start = datetime.datetime.fromisoformat(_bucket_start)

        usage_row_output = cls(
            tokens_per_request=tokens_per_request,
            latency_ms=latency_ms,
            events=events,
            input_tokens=input_tokens,
            cached_input_tokens=cached_input_tokens,
            cache_write_tokens=cache_write_tokens,
            output_tokens=output_tokens,
            reasoning_tokens=reasoning_tokens,
            requests=requests,
            retrieval_calls=retrieval_calls,
            gpu_seconds=gpu_seconds,
            external_cost=external_cost,
            outcomes=outcomes,
            outcome_value=outcome_value,
            customer_id=customer_id,
            request_class=request_class,
            model=model,
            provider=provider,
            bucket_start=bucket_start,
        )

        usage_row_output.additional_properties = d
        return usage_row_output

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
