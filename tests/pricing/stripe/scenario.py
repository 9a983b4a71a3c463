"""The billing month the Stripe tests replay: two plans, three customers, a month of usage.

Driven through the API like a tenant would. `pro` is hybrid (a base fee, 10M tokens
included, graduated overage); `outcomes` is outcome-based (per resolution, a share of value,
a minimum). The usage includes a batch posted twice, a late event and a void.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from tests.pricing.factories import HYBRID_CHARGES, OUTCOME_CHARGES

__all__ = ["HYBRID_CHARGES", "OUTCOME_PLAN"]

OUTCOME_PLAN: list[dict[str, Any]] = [
    *OUTCOME_CHARGES,
    {"type": "minimum", "key": "floor", "description": "Minimum spend", "amount": "100"},
]
CUSTOMERS = {"acme": "pro", "globex": "pro", "initech": "outcomes"}


@dataclass(frozen=True)
class Month:
    start: datetime  # first instant of the month (UTC)
    last: datetime  # no event at or after this instant

    def at(self, i: int, n: int) -> datetime:
        """The i-th of n instants spread over [start, last), on distinct minutes."""
        span = (self.last - self.start).total_seconds()
        return self.start + timedelta(seconds=int(span * i / n))


def iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def events_of(month: Month) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for i in range(30):
        events.append(
            {
                "event_id": f"acme-{i}",
                "customer_id": "acme",
                "request_class": "chat",
                "model": "gpt-4o",
                "timestamp": iso(month.at(i, 30)),
                "input_tokens": 1_500_000,
                "output_tokens": 500_000,
            }
        )
    for i in range(10):
        events.append(
            {
                "event_id": f"globex-{i}",
                "customer_id": "globex",
                "request_class": "classify",
                "timestamp": iso(month.at(i, 10)),
                "input_tokens": 500_000,
            }
        )
    for i in range(20):
        events.append(
            {
                "event_id": f"initech-{i}",
                "customer_id": "initech",
                "request_class": "support",
                "timestamp": iso(month.at(i, 20)),
                "input_tokens": 1000,
                "outcome": "success" if i % 4 else "failure",
                "outcome_value": "120.50",
            }
        )
    return events


def set_up(api: APIClient, month: Month) -> None:
    """Publish both plans, subscribe the customers from the month's first day."""
    for plan_id, charges in (("pro", HYBRID_CHARGES), ("outcomes", OUTCOME_PLAN)):
        created = api.post(
            "/v1/plans",
            {"plan_id": plan_id, "name": plan_id.title(), "currency": "USD", "charges": charges},
        )
        assert created.status_code == 201, created.content
        assert api.post(f"/v1/plans/{plan_id}/versions/1/publish").status_code == 200
    for customer_id, plan_id in CUSTOMERS.items():
        assert api.post("/v1/customers", {"external_id": customer_id}).status_code == 201
        response = api.post(
            "/v1/subscriptions",
            {
                "customer_id": customer_id,
                "plan_id": plan_id,
                "start_date": month.start.date().isoformat(),
            },
        )
        assert response.status_code == 201, response.content


def ingest(api: APIClient, month: Month) -> None:
    """Post the month's usage, with one batch posted twice."""
    events = events_of(month)
    first = api.post("/v1/events", {"events": events[:40]})
    assert first.json()["accepted"] == 40, first.content
    again = api.post("/v1/events", {"events": events[30:]})  # 10 duplicates, 20 new
    assert (again.json()["accepted"], again.json()["duplicate"]) == (20, 10), again.content


def correct(api: APIClient, month: Month) -> None:
    """A late event for the month's first hour, and a void."""
    late = {
        "event_id": "acme-late",
        "customer_id": "acme",
        "request_class": "chat",
        "model": "gpt-4o",
        "timestamp": iso(month.start + timedelta(minutes=7)),
        "input_tokens": 3_000_000,
    }
    assert api.post("/v1/events", late).json()["accepted"] == 1
    assert api.post("/v1/events/acme-3/void", {"reason": "test"}).status_code == 200


# What Marginal bills for the month, to the cent (and so must Stripe):
# acme: 30 x 2M + 3M late - 2M voided = 61M tokens; 10M included; 40M at 3 + 11M at 2 = 142;
#       with the base fee of 100: 242.00.
# globex: 5M tokens, within the allowance: the base fee, 100.00.
# initech: 15 resolutions x 0.99 = 14.85; 2.5% of 15 x 120.50 = 45.19 (45.1875);
#          60.04 under the 100 minimum: a true-up of 39.96; 100.00.
TOTALS = {"acme": Decimal("242.00"), "globex": Decimal("100.00"), "initech": Decimal("100.00")}
TOKENS = {"acme": Decimal(61_000_000), "globex": Decimal(5_000_000)}
RESOLUTIONS = {"initech": Decimal(15)}
