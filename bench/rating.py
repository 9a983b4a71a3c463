"""Rating one month for 10,000 customers on PostgreSQL, end to end and engine only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal python bench/rating.py

Seeds (once, reused by later runs) a tenant with three published plans (hybrid: base fee,
included tokens, graduated overage; outcome-based; volume-tiered requests with a minimum
commitment), 10,000 customers spread over them (one in ten starting mid-month, so
prorated), and ``--events`` usage events per customer in March 2026, written with COPY.

Then, ``--rounds`` times, measures:

(a) ``pricing.selectors.period_rate_many``: subscriptions and plan versions read, usage
    summed per customer x request class x model in one query, every customer rated
    into invoice lines and totals (what finalising or a bulk preview does);
(b) the engine alone on the same in-memory aggregates (no database);
(d) the engine on the same aggregates with revenue attributed to request classes
    (``attribute=True, by_event=False``: what a simulation needs for margin per class);
(c) per-event rating with revenue attribution (``period_rate``) for ``--sample``
    customers, as ms per customer.

Prints each round and the medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from metering.audit import Actor  # noqa: E402
from metering.models import Customer, Tenant, UsageEvent  # noqa: E402
from pricing import selectors, services  # noqa: E402
from pricing.models import PlanVersion, Subscription  # noqa: E402
from pricing.rating import Period, Segment, rate_segments  # noqa: E402
from pricing.usage import aggregate_rows_by_customer  # noqa: E402

TENANT_NAME = "bench-rating"
MONTH = Period.month(2026, 3)
CLASSES = ["chat", "classify", "doc-summarise", "search-rank"]
MODELS = ["gpt-4o", "claude-sonnet-4", "llama-3-70b"]

PLANS: dict[str, list[dict[str, Any]]] = {
    "hybrid": [
        {"type": "flat_fee", "key": "base", "description": "Base fee", "amount": "49"},
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "unit_size": "1000000",
            "included": "0.05",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "0.2", "unit_amount": "3"},
                {"up_to": None, "unit_amount": "2"},
            ],
        },
    ],
    "outcome": [
        {
            "type": "usage",
            "key": "wins",
            "description": "Resolved",
            "metric": "outcomes",
            "price_model": "per_unit",
            "unit_amount": "0.99",
        },
        {
            "type": "usage",
            "key": "share",
            "description": "Value share",
            "metric": "outcome_value",
            "price_model": "percentage",
            "percent": "2.5",
        },
    ],
    "volume": [
        {
            "type": "usage",
            "key": "requests",
            "description": "Requests",
            "metric": "requests",
            "price_model": "volume",
            "tiers": [
                {"up_to": "10", "unit_amount": "0.02"},
                {"up_to": "50", "unit_amount": "0.015"},
                {"up_to": None, "unit_amount": "0.01"},
            ],
        },
        {
            "type": "usage",
            "key": "gpu",
            "description": "GPU seconds",
            "metric": "gpu_seconds",
            "price_model": "per_unit",
            "unit_amount": "0.0004",
            "request_class": "doc-summarise",
        },
        {"type": "minimum", "key": "min", "description": "Minimum", "amount": "5"},
    ],
}


def seed(customers: int, events: int, seed_value: int) -> Tenant:
    """Create the bench tenant and its data unless a matching one exists."""
    tenant = Tenant.objects.filter(name=TENANT_NAME).first()
    if tenant is not None:
        have = Customer.objects.filter(tenant=tenant).count()
        have_events = UsageEvent.objects.filter(tenant=tenant).count()
        if have == customers and have_events == customers * events:
            return tenant
        print("bench data differs from the arguments: re-seeding", file=sys.stderr)
        UsageEvent.objects.filter(tenant=tenant).delete()
        Subscription.objects.filter(tenant=tenant).delete()
        Customer.objects.filter(tenant=tenant).delete()
        tenant.delete()
    rng = random.Random(seed_value)
    started = time.perf_counter()
    with transaction.atomic():
        tenant = Tenant.objects.create(name=TENANT_NAME)
        versions = []
        for code, charges in PLANS.items():
            version = services.plan_create(
                tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
            )
            versions.append(
                services.plan_version_publish(
                    tenant=tenant, version=version, actor=Actor.system("bench")
                )
            )
        Customer.objects.bulk_create(
            Customer(tenant=tenant, external_id=f"cus-{i:05d}") for i in range(customers)
        )
        ids = list(
            Customer.objects.filter(tenant=tenant).order_by("id").values_list("id", flat=True)
        )
        Subscription.objects.bulk_create(
            Subscription(
                tenant=tenant,
                customer_id=cid,
                plan_version=versions[i % len(versions)],
                start_date=date(2026, 3, 11) if i % 10 == 9 else date(2026, 1, 1),
            )
            for i, cid in enumerate(ids)
        )
    copy_events(tenant, ids, events, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE metering_usageevent")
    print(
        f"seeded {customers:,} customers, {customers * events:,} events "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return tenant


def copy_events(tenant: Tenant, customer_ids: list[int], events: int, rng: random.Random) -> None:
    """Write the events with COPY (the product's ingest path is benchmarked elsewhere)."""
    # Every column: Django keeps defaults in Python, not in the table.
    columns = [str(f.column) for f in UsageEvent._meta.concrete_fields if f.column != "id"]
    defaults = {
        f.column: f.get_default() for f in UsageEvent._meta.concrete_fields if f.column != "id"
    }
    start = datetime.combine(MONTH.start, datetime.min.time(), tzinfo=UTC)
    seconds = MONTH.days * 86_400
    serial = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY metering_usageevent ({', '.join(columns)}) FROM STDIN"  # noqa: S608
        ) as copy:
            for cid in customer_ids:
                for _ in range(events):
                    serial += 1
                    ts = start + timedelta(seconds=rng.randrange(seconds))
                    outcome = rng.choice(["success", "failure", None])
                    row = dict(defaults)
                    row.update(
                        tenant_id=tenant.id,
                        customer_id=cid,
                        event_id=f"bench-{serial:09d}",
                        timestamp=ts,
                        received_at=ts,
                        request_class=rng.choice(CLASSES),
                        model=rng.choice(MODELS),
                        input_tokens=rng.randrange(50, 4000),
                        cached_input_tokens=rng.randrange(0, 1000),
                        output_tokens=rng.randrange(10, 1500),
                        reasoning_tokens=rng.randrange(0, 200),
                        gpu_seconds=Decimal(rng.randrange(0, 2000)) / 1000,
                        retrieval_calls=rng.randrange(0, 4),
                        outcome=outcome,
                        outcome_value=Decimal(rng.randrange(0, 5000)) / 100
                        if outcome == "success"
                        else None,
                        payload_hash=f"{serial:064d}",
                    )
                    copy.write_row(
                        [Jsonb(row[c]) if isinstance(row[c], dict) else row[c] for c in columns]
                    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=20, help="events per customer")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sample", type=int, default=100, help="customers for (c)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    tenant = seed(args.customers, args.events, args.seed)
    customers = list(Customer.objects.filter(tenant=tenant).order_by("id")[: args.sample])

    results: dict[str, list[float]] = {"a": [], "b": [], "c": [], "d": []}
    total = Decimal(0)
    for round_ in range(args.rounds):
        t0 = time.perf_counter()
        rated = selectors.period_rate_many(tenant=tenant, period=MONTH)
        a = time.perf_counter() - t0
        total = sum((inv.total for inv in rated.values()), Decimal(0))

        usage = aggregate_rows_by_customer(tenant=tenant, start=MONTH.start, end=MONTH.end)
        subs = {
            s.customer_id: s
            for s in Subscription.objects.filter(tenant=tenant).select_related("plan_version")
        }
        plans = {v.id: selectors.rate_plan(v) for v in PlanVersion.objects.filter(tenant=tenant)}
        t0 = time.perf_counter()
        for cid, sub in subs.items():
            start = max(sub.start_date, MONTH.start)
            plan = plans[sub.plan_version_id]
            # Mid-month starters are rated on the whole month's sums here: (b) times the
            # engine, not coverage.
            rate_segments(MONTH, [Segment(plan, start, MONTH.end, usage.get(cid, ()))])
        b = time.perf_counter() - t0

        t0 = time.perf_counter()
        for cid, sub in subs.items():
            start = max(sub.start_date, MONTH.start)
            plan = plans[sub.plan_version_id]
            segment = Segment(plan, start, MONTH.end, usage.get(cid, ()))
            rate_segments(MONTH, [segment], attribute=True, by_event=False)
        d = time.perf_counter() - t0

        t0 = time.perf_counter()
        for customer in customers:
            selectors.period_rate(tenant=tenant, customer=customer, period=MONTH)
        c = (time.perf_counter() - t0) / len(customers) * 1000

        results["a"].append(a)
        results["b"].append(b)
        results["d"].append(d)
        results["c"].append(c)
        print(
            f"round {round_ + 1}: (a) {a:.2f} s for {len(rated):,} customers, "
            f"(b) engine {b:.2f} s, (d) engine with class attribution {d:.2f} s, "
            f"(c) per-event with attribution {c:.1f} ms/customer"
        )
    med = {k: statistics.median(v) for k, v in results.items()}
    n = len(rated)
    print(f"invoiced total {total} USD over {n:,} customers")
    print(f"median (a) end to end: {med['a']:.2f} s ({med['a'] / n * 1e6:.0f} us/customer)")
    print(f"median (b) engine only: {med['b']:.2f} s ({med['b'] / n * 1e6:.0f} us/customer)")
    print(f"median (d) engine, by class: {med['d']:.2f} s ({med['d'] / n * 1e6:.0f} us/customer)")
    print(f"median (c) per-event with attribution: {med['c']:.1f} ms/customer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
