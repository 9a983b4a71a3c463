"""Seed the demo tenant with three months of realistic usage, then print its unit economics.

Called by `manage.py demo` (and so by `make demo`). Deterministic for a given UTC day: the
same customers, plans and events every run. Everything goes through the product's own
services: prices in the cost book, plans and subscriptions in pricing, events through
metering's ingest (which costs them and rolls them up), acquisition spend, a cost SLO.
Run twice, it only prints the report again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from economics.alerts.models import Alert, CostSlo
from economics.costs.services.fixed_costs import fixed_cost_create
from economics.costs.services.prices import gpu_rate_create, service_rate_create
from economics.dates import month_floor
from economics.margins import reports
from economics.margins.formulas import BLENDED, plain, quantize
from economics.margins.services import acquisition_cost_create
from metering.audit import Actor
from metering.event_services import events_ingest
from metering.models import Customer, Tenant
from pricing.models import PlanVersion
from pricing.services import (
    plan_create,
    plan_version_create,
    plan_version_publish,
    subscription_create,
)

SEED = 20261101
ACTOR = Actor.system("manage.py seed_demo")
ZERO = Decimal(0)
CUSTOMERS = 36
BATCH = 10_000  # events per ingest call (the API's batch limit)

# What one request of each class looks like (tokens, GPU, retrieval, model).
SHAPES: dict[str, dict[str, Any]] = {
    # DESIGN.md example 1, A: ~1.4 GPU-s, ~$0.011 tokens, ~$0.002 retrieval: ~$0.015.
    "doc-summarise": {
        "model": "gpt-4o",
        "provider": "openai",
        "input_tokens": 2000,
        "cached_input_tokens": 800,
        "output_tokens": 500,
        "gpu_seconds": "1.4",
        "gpu_type": "a10g",
        "retrieval_calls": 2,
    },
    # Example 1, B: ~0.05 GPU-s, ~$0.0002 tokens: ~$0.0004.
    "classify": {
        "model": "gpt-4.1-nano",
        "provider": "openai",
        "input_tokens": 1200,
        "output_tokens": 200,
        "gpu_seconds": "0.05",
        "gpu_type": "h100",
    },
    "chat": {
        "model": "gpt-4o-mini",
        "provider": "openai",
        "input_tokens": 1500,
        "output_tokens": 400,
    },
    # Example 3: a support agent whose resolutions avoid ~$2 of human cost each.
    "support-agent": {
        "model": "claude-sonnet-4-5",
        "provider": "anthropic",
        "input_tokens": 6000,
        "output_tokens": 800,
    },
    # Example 2: cheap queries, but a $5,000 a month model to train.
    "search-ranking": {
        "model": "gpt-4.1-nano",
        "provider": "openai",
        "input_tokens": 300,
        "output_tokens": 20,
        "gpu_seconds": "0.01",
        "gpu_type": "h100",
    },
}


def _per_request(key: str, description: str, request_class: str, price: str) -> dict[str, str]:
    return {
        "type": "usage",
        "key": key,
        "description": description,
        "metric": "requests",
        "request_class": request_class,
        "price_model": "per_unit",
        "unit_amount": price,
    }


PLANS: dict[str, dict[str, Any]] = {
    "starter": {
        "name": "Starter (pay per request)",
        "mix": {"doc-summarise": 3, "classify": 10, "chat": 4, "search-ranking": 6},
        "charges": [
            _per_request("summaries", "Document summaries", "doc-summarise", "0.009"),
            _per_request("classifications", "Classifications", "classify", "0.006"),
            _per_request("chats", "Chat messages", "chat", "0.004"),
            _per_request("searches", "Ranked searches", "search-ranking", "0.0006"),
        ],
    },
    "pro": {
        "name": "Pro (base fee, included tokens, graduated overage)",
        "mix": {"classify": 6, "chat": 8, "search-ranking": 8},
        "charges": [
            {"type": "flat_fee", "key": "base", "description": "Pro base fee", "amount": "49"},
            {
                "type": "usage",
                "key": "tokens",
                "description": "Tokens",
                "metric": "total_tokens",
                "unit_size": "1000000",
                "included": "2",
                "price_model": "graduated",
                "tiers": [
                    {"up_to": "20", "unit_amount": "4"},
                    {"up_to": None, "unit_amount": "3"},
                ],
            },
        ],
    },
    "support": {
        "name": "Support (per resolution)",
        "mix": {"support-agent": 10, "classify": 3},
        "charges": [
            {
                "type": "usage",
                "key": "resolutions",
                "description": "Resolved conversations",
                "metric": "outcomes",
                "price_model": "per_unit",
                "unit_amount": "0.99",
            },
        ],
    },
}
REPRICED_SUMMARY = "0.02"  # USD per summary in the draft starter v2 (cost is ~$0.015)
CHANNELS = ["ads", "seo", "partner"]
HEAVY = 16  # requests a day of a heavy starter customer
# Acquisition spend per cohort month and channel, USD.
CHANNEL_SPEND = {"ads": Decimal("2400"), "seo": Decimal("600"), "partner": Decimal("1200")}


@dataclass(frozen=True)
class DemoCustomer:
    external_id: str
    name: str
    plan: str
    channel: str
    start: date  # first day of use
    end: date | None  # churned: last day + 1
    daily: int  # requests a day


class Command(BaseCommand):
    help = "Seed the demo tenant with three months of usage and print its margin report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="Id of the demo tenant.")
        parser.add_argument(
            "--customers",
            type=int,
            default=None,
            help=f"How many customers to seed (at most {CUSTOMERS}; fewer seed faster). "
            "Default: the DEMO_CUSTOMERS setting, else all of them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.get(pk=options["tenant"])
        # History runs up to today's midnight (UTC), so a rerun on the same day is identical.
        now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        count = options["customers"] or int(getattr(settings, "DEMO_CUSTOMERS", CUSTOMERS))
        if not 1 <= count <= CUSTOMERS:
            raise CommandError(f"--customers must be between 1 and {CUSTOMERS}.")
        if not Customer.objects.of(tenant).exists():
            self._seed(tenant, now, count)
        self._report(tenant, now)

    # ----------------------------------------------------------------------- seeding

    def _seed(self, tenant: Tenant, now: datetime, count: int) -> None:
        rng = random.Random(SEED)
        first_month = month_floor(month_floor(now) - timedelta(days=1))
        first_month = month_floor(first_month - timedelta(days=1))
        # A demo backfills three months of history in one go.
        tenant.event_max_age_days = (now - first_month).days + 1
        tenant.save(update_fields=["event_max_age_days"])
        self._cost_book(tenant, first_month)
        versions = self._plans(tenant)
        customers = self._customers(rng, first_month.date(), now.date())[:count]
        with transaction.atomic():
            for demo in customers:
                row = Customer.objects.create(
                    tenant=tenant,
                    external_id=demo.external_id,
                    name=demo.name,
                    metadata={"channel": demo.channel, "plan": demo.plan},
                )
                # Cohorts go by the month the account was created.
                created = datetime(demo.start.year, demo.start.month, demo.start.day, tzinfo=UTC)
                Customer.objects.of(tenant).filter(pk=row.pk).update(created_at=created)
                subscription_create(
                    tenant=tenant,
                    customer=row,
                    plan_version=versions[demo.plan],
                    start_date=demo.start,
                    end_date=demo.end,
                    actor=ACTOR,
                )
            for month in {
                month_floor(datetime(d.start.year, d.start.month, 1, tzinfo=UTC)) for d in customers
            }:
                for channel, amount in CHANNEL_SPEND.items():
                    acquisition_cost_create(
                        tenant=tenant,
                        month=month.date(),
                        channel=channel,
                        amount=amount,
                        actor=ACTOR,
                    )
            CostSlo.objects.create(
                tenant=tenant, request_class="doc-summarise", max_cost_per_request=Decimal("0.012")
            )
        events = list(self._events(rng, customers, now))
        # One transaction: the change notes of every batch are processed once, after the
        # commit, by the pipeline's first run (the others find nothing left).
        with transaction.atomic():
            for start in range(0, len(events), BATCH):
                body = msgspec.json.encode({"events": events[start : start + BATCH]})
                report = events_ingest(tenant=tenant, body=body, now=now)
                assert report.rejected == 0, report.entries[:3]
        self.stdout.write(
            f"Seeded {len(customers)} customers on 3 plans and {len(events):,} events."
        )

    def _cost_book(self, tenant: Tenant, since: datetime) -> None:
        # Model prices come from the shipped catalog; GPUs and retrieval are the tenant's own.
        gpu_rate_create(
            tenant=tenant,
            actor=ACTOR,
            gpu_type="a10g",
            valid_from=since,
            usd_per_gpu_hour=Decimal("5.40"),
        )
        gpu_rate_create(
            tenant=tenant,
            actor=ACTOR,
            gpu_type="h100",
            valid_from=since,
            usd_per_gpu_hour=Decimal("14.40"),
        )
        service_rate_create(
            tenant=tenant,
            actor=ACTOR,
            service="retrieval",
            valid_from=since,
            usd_per_call=Decimal("0.001"),
        )
        fixed_cost_create(
            tenant=tenant,
            actor=ACTOR,
            category="training",
            request_class="search-ranking",
            monthly_amount=Decimal("5000"),
            start_month=since.date(),
            description="Ranking model retraining",
        )
        fixed_cost_create(
            tenant=tenant,
            actor=ACTOR,
            category="reserved_capacity",
            request_class="",
            monthly_amount=Decimal("1500"),
            start_month=since.date(),
            description="Reserved GPU capacity",
        )

    def _plans(self, tenant: Tenant) -> dict[str, PlanVersion]:
        versions = {}
        for code, plan in PLANS.items():
            draft = plan_create(
                tenant=tenant, code=code, name=plan["name"], currency="USD", charges=plan["charges"]
            )
            versions[code] = plan_version_publish(tenant=tenant, version=draft, actor=ACTOR)
        # A draft to try in a simulation (the dashboard's Simulations page): summaries priced
        # above their cost, the fix for the class that loses money.
        starter = versions["starter"]
        plan_version_create(
            tenant=tenant,
            plan=starter.plan,
            charges=[
                {**charge, "unit_amount": REPRICED_SUMMARY}
                if charge.get("request_class") == "doc-summarise"
                else charge
                for charge in PLANS["starter"]["charges"]
            ],
        )
        return versions

    def _customers(self, rng: random.Random, first: date, today: date) -> list[DemoCustomer]:
        second = (first + timedelta(days=32)).replace(day=1)
        third = (second + timedelta(days=32)).replace(day=1)
        plans = ["starter"] * 16 + ["pro"] * 12 + ["support"] * 8
        rng.shuffle(plans)
        out = []
        for i, plan in enumerate(plans):
            cohort = rng.choices([first, second, third], weights=[5, 3, 2])[0]
            start = cohort + timedelta(days=rng.randrange(0, 10))
            if start >= today:
                start = cohort
            # A few early customers stop in their first month and never come back.
            end = None
            if cohort == first and i % 9 == 4:
                end = start + timedelta(days=rng.randrange(8, 18))
            size = rng.choice([1, 2, 3, 4, 6, 9])
            if plan == "starter" and i % 5 == 0:
                size = HEAVY  # heavy starter users: mostly summaries, each below cost
            out.append(
                DemoCustomer(
                    external_id=f"cus_{i + 1:03d}",
                    name=f"{rng.choice(NAMES)} {rng.choice(SUFFIXES)}",
                    plan=plan,
                    channel=CHANNELS[i % 3],
                    start=start,
                    end=end,
                    daily=size,
                )
            )
        return out

    def _events(
        self, rng: random.Random, customers: list[DemoCustomer], now: datetime
    ) -> list[dict[str, Any]]:
        events = []
        for demo in customers:
            mix = dict(PLANS[demo.plan]["mix"])
            if demo.daily == HEAVY:
                mix = {"doc-summarise": 12, "classify": 2, "chat": 1}
            classes, weights = zip(*mix.items(), strict=True)
            day = demo.start
            last = demo.end or now.date() + timedelta(days=1)
            serial = 0
            while day < last:
                for _ in range(max(1, int(demo.daily * rng.uniform(0.6, 1.4)))):
                    at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                        seconds=rng.randrange(86_400)
                    )
                    if at >= now:
                        continue
                    request_class = rng.choices(classes, weights)[0]
                    serial += 1
                    event = {
                        "event_id": f"{demo.external_id}-{serial:06d}",
                        "customer_id": demo.external_id,
                        "timestamp": at.isoformat().replace("+00:00", "Z"),
                        "request_class": request_class,
                        **SHAPES[request_class],
                    }
                    if request_class == "support-agent":
                        # One support conversation a customer-day: an agent run of several
                        # model calls, a composite unit (GET /v1/economics/composites).
                        event["trace_id"] = f"{demo.external_id}-conv-{day:%Y%m%d}"
                        resolved = rng.random() < 0.7
                        event["outcome"] = "success" if resolved else "failure"
                        if resolved:
                            event["outcome_value"] = "2.00"  # human cost avoided, USD
                    events.append(event)
                day += timedelta(days=1)
        events.sort(key=lambda e: e["timestamp"])
        return events

    # ------------------------------------------------------------------------ report

    def _report(self, tenant: Tenant, now: datetime) -> None:
        last_month = month_floor(month_floor(now) - timedelta(days=1))
        report = reports.request_class_report(
            tenant=tenant, start=last_month, end=month_floor(now)
        ).margins
        w = self.stdout.write
        w("")
        w(f"Margin per request class, {last_month:%B %Y} (USD; cost is variable cost only)")
        header = (
            f"  {'request class':<16}{'requests':>10}{'share':>8}{'cost/req':>11}"
            f"{'revenue/req':>13}{'margin/req':>12}{'margin %':>10}{'margin':>12}"
        )
        w(header)
        w("  " + "-" * (len(header) - 2))
        for row in [*report.classes, report.blended]:
            if row.request_class == BLENDED:
                w("  " + "-" * (len(header) - 2))
            flag = "  <-- loses money on every request" if row.margin_negative else ""
            w(
                f"  {row.request_class:<16}{row.requests:>10,}"
                f"{_pct(row.share_of_requests):>8}{_money(row.cost_per_request, 5):>11}"
                f"{_money(row.revenue_per_request, 5):>13}{_money(row.margin_per_request, 5):>12}"
                f"{_pct_plain(row.inference_margin_pct):>10}{_money(row.margin, 2):>12}{flag}"
            )
        if report.statement:
            w("")
            w(f"  {report.statement}")

        # One moment for every figure: today's midnight, so a rerun the same day is identical.
        base = reports.customer_base(tenant=tenant, as_of=now)
        customers = list(Customer.objects.of(tenant).order_by("external_id"))
        rows = reports.customer_economics(tenant=tenant, customers=customers, base=base)
        active = [r for r in rows if r.status == "active"]
        churned = [r for r in rows if r.status == "churned"]
        active.sort(
            key=lambda r: r.figures.ltv or r.figures.discounted_ltv or Decimal(0), reverse=True
        )
        w("")
        w(
            f"Customers as of {now:%Y-%m-%d} (closed months to {last_month:%B %Y}; "
            f"{now:%B} is month-to-date and kept out)"
        )
        w(
            f"Active customers by predicted LTV (monthly churn "
            f"{plain(_places(base.monthly_churn * 100, 2))}% per account-month; "
            "LTV = ARPA x GM% / churn)"
        )
        header = (
            f"  {'customer':<10}{'plan':<9}{'months':>7}{'ARPA':>9}{'GM %':>8}{'LTV':>11}"
            f"{'CAC':>10}{'payback (mo)':>14}{'LTV:CAC':>9}"
        )
        w(header)
        w("  " + "-" * (len(header) - 2))
        for line in active[:10]:
            f = line.figures
            flag = "  <-- engagement destroys value" if line.engagement_destroys_value else ""
            w(
                f"  {line.customer.external_id:<10}{line.customer.metadata.get('plan', ''):<9}"
                f"{line.tenure_months:>7}{_money(f.arpa, 2):>9}{_pct_plain(f.gross_margin_pct):>8}"
                f"{_money(f.ltv, 2):>11}{_money(f.cac, 2):>10}{_num(f.cac_payback_months):>14}"
                f"{_num(f.ltv_to_cac):>9}{flag}"
            )
        losing = [r.customer.external_id for r in rows if r.engagement_destroys_value]
        if losing:
            w(f"  Heavy users of losing classes (more use, more loss): {', '.join(losing)}")
        if churned:
            w("")
            w("Churned customers (LTV = the gross margin they actually earned)")
            header = (
                f"  {'customer':<10}{'plan':<9}{'churned on':>11}{'revenue':>10}{'LTV':>11}"
                f"{'CAC':>10}{'LTV:CAC':>9}"
            )
            w(header)
            w("  " + "-" * (len(header) - 2))
            for line in churned:
                f = line.figures
                w(
                    f"  {line.customer.external_id:<10}{line.customer.metadata.get('plan', ''):<9}"
                    f"{str(line.lifecycle.churned_on or ''):>11}{_money(f.revenue, 2):>10}"
                    f"{_money(f.ltv, 2):>11}{_money(f.cac, 2):>10}{_num(f.ltv_to_cac):>9}"
                )
        w("")
        w("Closed months (the summary report; lost = churned, counted in its last active month)")
        first_month = month_floor(month_floor(last_month) - timedelta(days=1))
        for start in (first_month, last_month):
            month = reports.summary(tenant=tenant, month=start.date(), fixed_cost=ZERO, as_of=now)
            nrr = month.net_revenue_retention_pct
            w(
                f"  {start:%B %Y}: invoiced {_money(month.revenue, 2)} to "
                f"{month.active_customers} active customers ({month.new_customers} new), "
                f"{month.churned_customers} lost (logo churn {_pct_plain(month.logo_churn_pct)}), "
                f"net revenue retention {'n/a' if nrr is None else _pct_plain(nrr)}"
            )
        open_alerts = Alert.objects.of(tenant).filter(acknowledged_at__isnull=True).count()
        w("")
        w(
            f"Open alerts: {open_alerts} (GET /v1/alerts). Per class: GET /v1/economics/request-classes;"
            " per customer: GET /v1/economics/customers; cohorts: GET /v1/economics/cohorts."
        )


# The figures arrive rounded by the formulas; the table shows fewer places, rounded the same
# way (half up).
def _places(value: Decimal, places: int) -> Decimal:
    return quantize(value, Decimal(1).scaleb(-places))


def _money(value: Decimal | None, places: int) -> str:
    if value is None:
        return "-"
    return f"{_places(value, places):,f}"


def _num(value: Decimal | None) -> str:
    return "-" if value is None else f"{_places(value, 2):,f}"


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{_places(value * 100, 1):f}%"


def _pct_plain(value: Decimal | None) -> str:
    return "-" if value is None else f"{_places(value, 1):f}%"


NAMES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell"]
SUFFIXES = ["Labs", "Health", "Legal", "Retail", "Media", "Bank", "Travel", "Logistics"]
