"""The generated Python client (clients/python) against a live server, as an integrator uses it.

Every call goes through marginal_client: no hand-built request. Customers, a price, a plan and
subscriptions; a batch with a duplicate and a rejected event and its verdicts; the margin report
once the worker has costed the events; a simulation run to completion; a void.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker
T = TypeVar("T")
WAIT = 90.0  # seconds for the worker to cost, roll up or simulate


def until(probe: Callable[[], T | None], what: str) -> T:
    """Poll `probe` until it returns something, or fail after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_an_integrator_drives_the_whole_api_through_the_generated_client(
    live_stack: LiveStack, client_path: None
) -> None:
    from marginal_client import AuthenticatedClient
    from marginal_client.api.cost_book import model_prices_create
    from marginal_client.api.customers import customers_create, customers_list
    from marginal_client.api.economics import economics_request_classes
    from marginal_client.api.events import events_ingest, events_retrieve, events_void
    from marginal_client.api.plans import plan_versions_publish, plans_create
    from marginal_client.api.simulations import simulations_create, simulations_retrieve
    from marginal_client.api.subscriptions import subscriptions_create
    from marginal_client.models import (
        ChargeInputRequest,
        CustomerCreateInputRequest,
        EventIngestOutput,
        EventVoidInputRequest,
        ModelPriceCreateInputRequest,
        PlanCreateInputRequest,
        ProblemDetail,
        SimulationCandidateInputRequest,
        SimulationCreateInputRequest,
        SimulationOutput,
        SubscriptionCreateInputRequest,
        UsageEventBatchInputRequest,
        UsageEventInputRequest,
    )
    from marginal_client.models.metric_enum import MetricEnum
    from marginal_client.models.price_model_enum import PriceModelEnum
    from marginal_client.models.type_enum import TypeEnum

    key = live_stack.create_tenant("Python client e2e")
    client = AuthenticatedClient(base_url=live_stack.base_url, token=key, timeout=30.0)

    # Customers
    for external_id in ("cus_a", "cus_b"):
        created = customers_create.sync_detailed(
            client=client, body=CustomerCreateInputRequest(external_id=external_id)
        )
        assert created.status_code == 201, created.content
    listed = customers_list.sync(client=client)
    assert sorted(c.external_id for c in listed.results) == ["cus_a", "cus_b"]
    duplicate = customers_create.sync_detailed(
        client=client, body=CustomerCreateInputRequest(external_id="cus_a")
    )
    assert duplicate.status_code == 409
    assert isinstance(duplicate.parsed, ProblemDetail)
    assert duplicate.parsed.status == 409

    # A price of our own: $2 per 1M input tokens, $8 per 1M output tokens.
    price = model_prices_create.sync_detailed(
        client=client,
        body=ModelPriceCreateInputRequest(
            model="e2e-model",
            valid_from=datetime(2020, 1, 1, tzinfo=UTC),
            input_per_1m="2",
            output_per_1m="8",
        ),
    )
    assert price.status_code == 201, price.content

    # A plan ($0.01 per 1,000 input tokens), published, and both customers subscribed.
    plan = plans_create.sync_detailed(
        client=client,
        body=PlanCreateInputRequest(
            plan_id="tokens",
            name="Per token",
            currency="USD",
            charges=[
                ChargeInputRequest(
                    type_=TypeEnum.USAGE,
                    description="Input tokens",
                    metric=MetricEnum.INPUT_TOKENS,
                    price_model=PriceModelEnum.PER_UNIT,
                    unit_size="1000",
                    unit_amount="0.01",
                )
            ],
        ),
    )
    assert plan.status_code == 201, plan.content
    published = plan_versions_publish.sync_detailed("tokens", 1, client=client)
    assert published.status_code == 200, published.content
    today = datetime.now(UTC).date()
    for external_id in ("cus_a", "cus_b"):
        subscribed = subscriptions_create.sync_detailed(
            client=client,
            body=SubscriptionCreateInputRequest(
                customer_id=external_id, plan_id="tokens", start_date=today.replace(day=1)
            ),
        )
        assert subscribed.status_code == 201, subscribed.content

    # A batch: three new events, one repeated, one rejected.
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)

    def event(event_id: str, customer: str, **extra: Any) -> UsageEventInputRequest:
        return UsageEventInputRequest.from_dict(
            {
                "event_id": event_id,
                "customer_id": customer,
                "request_class": "summarise",
                "model": "e2e-model",
                "timestamp": now.isoformat(),
                "input_tokens": 1000,
                "output_tokens": 500,
                **extra,
            }
        )

    batch = [
        event("e-1", "cus_a"),
        event("e-2", "cus_a"),
        event("e-3", "cus_b"),
        event("e-1", "cus_a"),
        event("e-4", "cus_b", input_tokens=-5),
    ]
    answer = events_ingest.sync_detailed(
        client=client, body=UsageEventBatchInputRequest(events=batch)
    )
    assert answer.status_code == 200, answer.content
    verdicts = answer.parsed
    assert isinstance(verdicts, EventIngestOutput)
    assert (verdicts.accepted, verdicts.duplicate, verdicts.rejected, verdicts.conflict) == (
        3,
        1,
        1,
        0,
    )
    by_status = {item.status.value: item for item in verdicts.results}
    assert by_status["duplicate"].event_id == "e-1" and by_status["duplicate"].index == 3
    rejected = by_status["rejected"]
    assert rejected.event_id == "e-4" and rejected.index == 4
    assert [error.field for error in rejected.errors] == ["events.4.input_tokens"]

    # The worker costs the events: 1,000 x $2/1M + 500 x $8/1M = $0.006 each.
    def priced() -> Any:
        found = events_retrieve.sync(client=client, event_id="e-3")
        return found if found and found.cost_status.value == "priced" else None

    assert Decimal(until(priced, "the worker to cost e-3").cost_total) == Decimal("0.006")

    # The margin report: 3 requests, $0.018 cost, $0.03 revenue (3,000 input tokens).
    start, end = today, today + timedelta(days=1)

    def report() -> Any:
        found = economics_request_classes.sync(client=client, from_=start, to=end)
        rows = [row for row in found.classes if row.request_class == "summarise"]
        if rows and rows[0].requests == 3 and Decimal(rows[0].revenue) > 0:
            return rows[0]
        return None

    row = until(report, "the margin report")
    # Totals are in cents; per-request figures keep eight places.
    assert Decimal(row.cost) == Decimal("0.02")
    assert Decimal(row.revenue) == Decimal("0.03")
    assert Decimal(row.margin) == Decimal("0.01")
    assert Decimal(row.cost_per_request) == Decimal("0.006")
    assert Decimal(row.margin_per_request) == Decimal("0.004")
    assert row.margin_negative is False

    # A simulation of a dearer candidate on last month (complete months only), by the worker.
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    old = event("old-1", "cus_a")
    old.timestamp = datetime.combine(last_month, datetime.min.time(), tzinfo=UTC)
    stored = events_ingest.sync_detailed(client=client, body=old)
    assert stored.status_code == 201, stored.content
    job = simulations_create.sync_detailed(
        client=client,
        body=SimulationCreateInputRequest(
            start_month=last_month.strftime("%Y-%m"),
            end_month=today.strftime("%Y-%m"),
            candidates=[
                SimulationCandidateInputRequest.from_dict(
                    {
                        "name": "double",
                        "currency": "USD",
                        "charges": [
                            {
                                "type": "usage",
                                "description": "Input tokens",
                                "metric": "input_tokens",
                                "price_model": "per_unit",
                                "unit_size": "1000",
                                "unit_amount": "0.02",
                            }
                        ],
                    }
                )
            ],
        ),
    )
    assert job.status_code == 202, job.content
    assert isinstance(job.parsed, SimulationOutput)
    simulation_id = job.parsed.simulation_id

    def finished() -> Any:
        found = simulations_retrieve.sync(simulation_id, client=client)
        return found if found and found.status.value in ("succeeded", "failed") else None

    done = until(finished, "the simulation")
    assert done.status.value == "succeeded", done.error
    assert done.results.months == [last_month.strftime("%Y-%m")]

    # Void one event: it stays readable, marked voided.
    voided = events_void.sync_detailed(
        "e-2", client=client, body=EventVoidInputRequest(reason="test traffic")
    )
    assert voided.status_code == 200, voided.content
    assert voided.parsed.voided_at is not None
    assert events_retrieve.sync(client=client, event_id="e-2").voided_at is not None

    # Another tenant's key sees none of it.
    stranger = AuthenticatedClient(
        base_url=live_stack.base_url, token=live_stack.create_tenant("Stranger"), timeout=30.0
    )
    missing = events_retrieve.sync_detailed(client=stranger, event_id="e-3")
    assert missing.status_code == 404
    assert isinstance(missing.parsed, ProblemDetail)
