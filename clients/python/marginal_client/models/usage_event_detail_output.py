from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cost_status_enum import CostStatusEnum
from ..models.outcome_enum import OutcomeEnum

T = TypeVar("T", bound="UsageEventDetailOutput")


@_attrs_define
class UsageEventDetailOutput:
    """
    Attributes:
        event_id (str):
        customer_id (str):
        timestamp (datetime.datetime):
        received_at (datetime.datetime):
        request_class (str):
        model (str):
        provider (str):
        input_tokens (int):
        cached_input_tokens (int):
        cache_write_tokens (int):
        output_tokens (int):
        reasoning_tokens (int):
        requests (int):
        gpu_seconds (str):
        gpu_type (str):
        retrieval_calls (int):
        external_cost (str):
        outcome (None | OutcomeEnum):
        outcome_value (None | str):
        latency_ms (int | None):
        trace_id (str):
        properties (Any):
        voided_at (datetime.datetime | None):
        amends_event_id (str):
        cost_status (CostStatusEnum): * `pending` - Pending
            * `priced` - Priced
            * `unpriced` - Unpriced
        cost_tokens (None | str):
        cost_gpu (None | str):
        cost_services (None | str):
        cost_external (None | str):
        cost_total (None | str):
        cost_detail (Any):
    """

    event_id: str
    customer_id: str
    timestamp: datetime.datetime
    received_at: datetime.datetime
    request_class: str
    model: str
    provider: str
    input_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    output_tokens: int
    reasoning_tokens: int
    requests: int
    gpu_seconds: str
    gpu_type: str
    retrieval_calls: int
    external_cost: str
    outcome: None | OutcomeEnum
    outcome_value: None | str
    latency_ms: int | None
    trace_id: str
    properties: Any
    voided_at: datetime.datetime | None
    amends_event_id: str
    cost_status: CostStatusEnum
    cost_tokens: None | str
    cost_gpu: None | str
    cost_services: None | str
    cost_external: None | str
    cost_total: None | str
    cost_detail: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_id = self.event_id

        customer_id = self.customer_id

        timestamp = self.timestamp.isoformat()

        received_at = self.received_at.isoformat()

        request_class = self.request_class

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

        outcome: None | str
        if isinstance(self.outcome, OutcomeEnum):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        outcome_value: None | str
        outcome_value = self.outcome_value

        latency_ms: int | None
        latency_ms = self.latency_ms

        trace_id = self.trace_id

        properties = self.properties

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        amends_event_id = self.amends_event_id

        cost_status = self.cost_status.value

        cost_tokens: None | str
        cost_tokens = self.cost_tokens

        cost_gpu: None | str
        cost_gpu = self.cost_gpu

        cost_services: None | str
        cost_services = self.cost_services

        cost_external: None | str
        cost_external = self.cost_external

        cost_total: None | str
        cost_total = self.cost_total

        cost_detail = self.cost_detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event_id": event_id,
                "customer_id": customer_id,
                "timestamp": timestamp,
                "received_at": received_at,
                "request_class": request_class,
                "model": model,
                "provider": provider,
                "input_tokens": input_tokens,
                "cached_input_tokens": cached_input_tokens,
                "cache_write_tokens": cache_write_tokens,
                "output_tokens": output_tokens,
                "reasoning_tokens": reasoning_tokens,
                "requests": requests,
                "gpu_seconds": gpu_seconds,
                "gpu_type": gpu_type,
                "retrieval_calls": retrieval_calls,
                "external_cost": external_cost,
                "outcome": outcome,
                "outcome_value": outcome_value,
                "latency_ms": latency_ms,
                "trace_id": trace_id,
                "properties": properties,
                "voided_at": voided_at,
                "amends_event_id": amends_event_id,
                "cost_status": cost_status,
                "cost_tokens": cost_tokens,
                "cost_gpu": cost_gpu,
                "cost_services": cost_services,
                "cost_external": cost_external,
                "cost_total": cost_total,
                "cost_detail": cost_detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        event_id = d.pop("event_id")

        customer_id = d.pop("customer_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        request_class = d.pop("request_class")

        model = d.pop("model")

        provider = d.pop("provider")

        input_tokens = d.pop("input_tokens")

        cached_input_tokens = d.pop("cached_input_tokens")

        cache_write_tokens = d.pop("cache_write_tokens")

        output_tokens = d.pop("output_tokens")

        reasoning_tokens = d.pop("reasoning_tokens")

        requests = d.pop("requests")

        gpu_seconds = d.pop("gpu_seconds")

        gpu_type = d.pop("gpu_type")

        retrieval_calls = d.pop("retrieval_calls")

        external_cost = d.pop("external_cost")

        def _parse_outcome(data: object) -> None | OutcomeEnum:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = OutcomeEnum(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutcomeEnum, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_outcome_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome_value = _parse_outcome_value(d.pop("outcome_value"))

        def _parse_latency_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms"))

        trace_id = d.pop("trace_id")

        properties = d.pop("properties")

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))

        amends_event_id = d.pop("amends_event_id")

        cost_status = CostStatusEnum(d.pop("cost_status"))

        def _parse_cost_tokens(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_tokens = _parse_cost_tokens(d.pop("cost_tokens"))

        def _parse_cost_gpu(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_gpu = _parse_cost_gpu(d.pop("cost_gpu"))

        def _parse_cost_services(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_services = _parse_cost_services(d.pop("cost_services"))

        def _parse_cost_external(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_external = _parse_cost_external(d.pop("cost_external"))

        def _parse_cost_total(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cost_total = _parse_cost_total(d.pop("cost_total"))

        cost_detail = d.pop("cost_detail")

        usage_event_detail_output = cls(
            event_id=event_id,
            customer_id=customer_id,
            timestamp=timestamp,
            received_at=received_at,
            request_class=request_class,
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
            voided_at=voided_at,
            amends_event_id=amends_event_id,
            cost_status=cost_status,
            cost_tokens=cost_tokens,
            cost_gpu=cost_gpu,
            cost_services=cost_services,
            cost_external=cost_external,
            cost_total=cost_total,
            cost_detail=cost_detail,
        )

        usage_event_detail_output.additional_properties = d
        return usage_event_detail_output

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
