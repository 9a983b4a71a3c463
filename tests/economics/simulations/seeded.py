"""A seeded tenant for comparing simulation runs: customers on three plans (some changing plan
mid-month, some with no plan), several request classes, costed and uncosted events."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from metering.audit import Actor
from metering.models import Customer, Tenant, UsageEvent
from metering.services import tenant_create
from pricing import services
from tests.economics.simulations.test_simulation_api import HYBRID, OUTCOME, PER_TOKEN

STARTER = [
    {"type": "flat_fee", "key": "base", "description": "Starter", "amount": "29"},
    {
        "type": "usage",
        "key": "requests",
        "description": "Requests",
        "metric": "requests",
        "price_model": "per_unit",
        "unit_amount": "0.0137",
    },
]
GRADUATED = [
    {
        "type": "usage",
        "key": "tokens",
        "description": "Tokens",
        "metric": "total_tokens",
        "unit_size": "1000000",
        "price_model": "graduated",
        "tiers": [
            {"up_to": "0.05", "unit_amount": "12"},
            {"up_to": "0.5", "unit_amount": "8.3"},
            {"up_to": None, "unit_amount": "5.07"},
        ],
    }
]
CLASSES = {"chat": "gpt-4o", "classify": "gpt-4o-mini", "summarise": "claude", "rank": "llama"}
TODAY = date(2026, 5, 10)
# What each comparison simulates: January to March 2026, all customers, three candidates.
ASK: dict[str, Any] = {
    "candidates": [
        {"plan_id": "graduated", "version": 1},
        {"plan_id": "outcome", "version": 1},
        {"plan_id": "hybrid", "version": 1},
    ],
    "start_month": "2026-01",
    "end_month": "2026-04",
    "today": TODAY,
}


def seeded_tenant(customers: int = 40, seed: int = 7, *, all_costed: bool = False) -> Tenant:
    """Create the tenant and its usage; the same arguments give the same data.

    About one event in twenty is left uncosted (`pending`), unless `all_costed`: a tenant
    seeded where a costing worker runs keeps the usage it was seeded with.
    """
    rng = random.Random(seed)
    system = Actor.system("tests")
    tenant = tenant_create(name="Seeded", actor=system)[0]
    versions = []
    for code, charges in (("per-token", PER_TOKEN), ("starter", STARTER), ("pro", HYBRID)):
        draft = services.plan_create(
            tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
        )
        versions.append(services.plan_version_publish(tenant=tenant, version=draft, actor=system))
    for code, charges in (("graduated", GRADUATED), ("outcome", OUTCOME), ("hybrid", HYBRID)):
        services.plan_create(
            tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
        )
    events = []
    serial = 0
    for i in range(customers):
        who = Customer.objects.create(tenant=tenant, external_id=f"cus-{i:03d}")
        if i % 7 != 6:  # one in seven pays for usage under no plan
            first = versions[i % 3]
            change = date(2026, 2, 15) if i % 5 == 4 else None  # moves plan mid-February
            services.subscription_create(
                tenant=tenant,
                customer=who,
                plan_version=first,
                start_date=date(2026, 1, 1),
                end_date=change,
                actor=system,
            )
            if change is not None:
                services.subscription_create(
                    tenant=tenant,
                    customer=who,
                    plan_version=versions[(i + 1) % 3],
                    start_date=change,
                    actor=system,
                )
        used = rng.sample(list(CLASSES), rng.randint(1, 3))
        for month in (1, 2, 3):
            start = datetime(2026, month, 1, tzinfo=UTC)
            for request_class in used:
                for _ in range(rng.randint(1, 4)):
                    serial += 1
                    ts = start + timedelta(seconds=rng.randrange(27 * 86400))
                    inp, out = rng.randrange(2_000, 900_000), rng.randrange(100, 90_000)
                    outcome = rng.choice(["success", "failure", None])
                    costed = rng.random() > 0.05 or all_costed
                    events.append(
                        UsageEvent(
                            tenant=tenant,
                            customer=who,
                            event_id=f"seeded-{serial}",
                            timestamp=ts,
                            received_at=ts,
                            request_class=request_class,
                            model=CLASSES[request_class],
                            input_tokens=inp,
                            output_tokens=out,
                            requests=rng.randint(1, 3),
                            outcome=outcome,
                            outcome_value=Decimal(rng.randrange(0, 90_000)) / 100
                            if outcome == "success"
                            else None,
                            payload_hash=hashlib.sha256(f"seeded-{serial}".encode()).hexdigest(),
                            cost_status="priced" if costed else "pending",
                            cost_total=(Decimal(inp) * 3 + Decimal(out) * 15) / 1_000_000
                            if costed
                            else None,
                        )
                    )
    UsageEvent.objects.bulk_create(events)
    return tenant
