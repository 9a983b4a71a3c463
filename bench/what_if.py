"""What-if: one class re-modelled over one month of 1,000,000 events on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal python bench/what_if.py

Seeds (once, reused by later runs) a tenant with 10,000 customers on two plans (per request
with a fee; base fee with graduated tokens), a GPU rate and a retrieval rate, and one month
(October 2025) of costed events written with COPY: four request classes, token counts drawn
per event (so few events share a usage shape: the re-cost's worst case). Then, ``--rounds``
times, measures the whole job as the API or ``manage.py what_if`` runs it
(``what_if_create`` then ``what_if_run``): reading the customer-months, re-costing the
re-modelled class's events (doc-summarise: gpt-4o to gpt-4o-mini) under the changed cost
book, rating every customer-month before and after, storing the results. Prints each round
and the median, as wall time and CPU time of this process (PostgreSQL's own CPU is not in it).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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

from economics.costs.models import GpuRate, ServiceRate  # noqa: E402
from economics.decisions.models import WhatIf  # noqa: E402
from economics.decisions.runner import what_if_run  # noqa: E402
from economics.decisions.services import what_if_create  # noqa: E402
from metering.audit import Actor  # noqa: E402
from metering.models import Customer, Tenant, UsageEvent  # noqa: E402
from pricing import services  # noqa: E402
from pricing.models import Subscription  # noqa: E402

TENANT_NAME = "bench-what-if"
MONTH = datetime(2025, 10, 1, tzinfo=UTC)
TODAY = date(2026, 1, 15)
# request class -> (model, weight, GPU-seconds, retrieval calls)
CLASSES: dict[str, tuple[str, int, str, int]] = {
    "doc-summarise": ("gpt-4o", 1, "1.4", 2),
    "classify": ("gpt-4.1-nano", 1, "0.05", 0),
    "chat": ("gpt-4o-mini", 1, "0", 0),
    "search-ranking": ("gpt-4.1-nano", 1, "0.01", 0),
}
PLANS: dict[str, list[dict[str, Any]]] = {
    "starter": [
        {"type": "flat_fee", "key": "base", "description": "Starter", "amount": "29"},
        {
            "type": "usage",
            "key": "requests",
            "description": "Requests",
            "metric": "requests",
            "price_model": "per_unit",
            "unit_amount": "0.009",
        },
    ],
    "pro": [
        {"type": "flat_fee", "key": "base", "description": "Pro", "amount": "99"},
        {
            "type": "usage",
            "key": "tokens",
            "description": "Tokens",
            "metric": "total_tokens",
            "unit_size": "1000000",
            "included": "0.5",
            "price_model": "graduated",
            "tiers": [
                {"up_to": "2", "unit_amount": "6"},
                {"up_to": None, "unit_amount": "4"},
            ],
        },
    ],
}


def seed(customers: int, events: int, seed_value: int) -> Tenant:
    """Create the bench tenant and its data unless one with the same shape exists."""
    tenant = Tenant.objects.filter(name=TENANT_NAME).first()
    if tenant is not None:
        if UsageEvent.objects.filter(tenant=tenant).count() == events:
            return tenant
        print("bench data differs from the arguments: re-seeding", file=sys.stderr)
        WhatIf.objects.filter(tenant=tenant).delete()
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
            draft = services.plan_create(
                tenant=tenant, code=code, name=code.title(), currency="USD", charges=charges
            )
            versions.append(
                services.plan_version_publish(
                    tenant=tenant, version=draft, actor=Actor.system("bench")
                )
            )
        GpuRate.objects.create(
            tenant=tenant, gpu_type="", valid_from=MONTH, usd_per_gpu_hour=Decimal("5.40")
        )
        ServiceRate.objects.create(
            tenant=tenant, service="retrieval", valid_from=MONTH, usd_per_call=Decimal("0.001")
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
                start_date=date(2025, 1, 1),
            )
            for i, cid in enumerate(ids)
        )
    copy_events(tenant, ids, events, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE metering_usageevent")
    print(
        f"seeded {customers:,} customers, {events:,} events in {time.perf_counter() - started:.1f} s"
    )
    return tenant


def copy_events(tenant: Tenant, ids: list[int], events: int, rng: random.Random) -> None:
    """Write a month of costed events with COPY (ingest is benchmarked elsewhere)."""
    columns = [str(f.column) for f in UsageEvent._meta.concrete_fields if f.column != "id"]
    defaults = {
        f.column: f.get_default() for f in UsageEvent._meta.concrete_fields if f.column != "id"
    }
    names = list(CLASSES)
    seconds = 31 * 86_400
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY metering_usageevent ({', '.join(columns)}) FROM STDIN"  # noqa: S608
        ) as copy,
    ):
        for serial in range(events):
            request_class = names[serial % len(names)]
            model, _, gpu, retrieval = CLASSES[request_class]
            ts = MONTH + timedelta(seconds=rng.randrange(seconds))
            inp, cached = rng.randrange(500, 4_000), rng.randrange(0, 1_000)
            out = rng.randrange(100, 800)
            cost = (Decimal(inp) * Decimal("2.5") + Decimal(out) * 10) / 1_000_000
            row = dict(defaults)
            row.update(
                tenant_id=tenant.id,
                customer_id=ids[rng.randrange(len(ids))],
                event_id=f"wi-{serial:09d}",
                timestamp=ts,
                received_at=ts,
                request_class=request_class,
                model=model,
                provider="openai",
                input_tokens=inp,
                cached_input_tokens=cached,
                output_tokens=out,
                gpu_seconds=Decimal(gpu),
                gpu_type="a10g" if gpu != "0" else "",
                retrieval_calls=retrieval,
                payload_hash=f"{serial:064d}",
                cost_status="priced",
                cost_tokens=cost,
                cost_gpu=Decimal(0),
                cost_services=Decimal(0),
                cost_external=Decimal(0),
                cost_total=cost,
            )
            copy.write_row([Jsonb(row[c]) if isinstance(row[c], dict) else row[c] for c in columns])


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    tenant = seed(args.customers, args.events, args.seed)
    change = {
        "type": "model",
        "request_class": "doc-summarise",
        "model": "gpt-4o-mini",
        "provider": "openai",
    }
    walls, cpus = [], []
    for round_ in range(args.rounds):
        WhatIf.objects.filter(tenant=tenant).delete()
        c0, t0 = _cpu(), time.perf_counter()
        what_if = what_if_create(
            tenant=tenant,
            start_month="2025-10",
            end_month="2025-11",
            changes=[change],
            enqueue=False,
            today=TODAY,
        )
        what_if = what_if_run(what_if_id=what_if.pk, chunked=False)  # one task, as measured
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        assert what_if.status == "succeeded", what_if.error
        walls.append(wall)
        cpus.append(cpu)
        doc = next(
            c
            for c in (what_if.results or {})["request_classes"]
            if c["request_class"] == "doc-summarise"
        )
        print(
            f"round {round_ + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU; doc-summarise "
            f"{doc['before']['requests']} requests, margin per request "
            f"{doc['before']['margin_per_request']} -> {doc['after']['margin_per_request']}"
        )
    print(f"median: {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
