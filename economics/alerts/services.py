"""Cost SLOs and spend anomalies: evaluate, raise each breach once, queue its webhooks."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from config.errors import Conflict
from economics.alerts.anomalies import spend_anomaly
from economics.alerts.models import Alert, CostSlo, WebhookDelivery, WebhookEndpoint
from economics.dates import day_range
from economics.margins.formulas import plain
from economics.margins.models import RollupDay
from economics.margins.projections import RATE_DAYS, customer_projection
from economics.margins.reports import request_class_report
from metering.audit import Actor, audit_record, audit_values
from metering.models import Customer, Tenant
from pricing.credits.models import Budget, BudgetMeasure, CreditAccount
from pricing.credits.selectors import (
    AlertThresholds,
    credit_alert_settings_all,
    granted_in_force,
    latest_grant_id,
)
from pricing.stripe.models import StripeDifference

ANOMALY_HISTORY_DAYS = 28


def alert_raise(
    *,
    tenant: Tenant,
    kind: str,
    dedup_key: str,
    window_start: datetime,
    window_end: datetime,
    observed: Decimal,
    threshold: Decimal,
    message: str,
    request_class: str = "",
    customer: Customer | None = None,
) -> Alert | None:
    """Store an alert with one pending delivery per active webhook; None if already raised."""
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                tenant=tenant,
                kind=kind,
                dedup_key=dedup_key,
                request_class=request_class,
                customer=customer,
                window_start=window_start,
                window_end=window_end,
                observed=observed,
                threshold=threshold,
                message=message,
            )
            WebhookDelivery.objects.bulk_create(
                WebhookDelivery(
                    tenant=tenant, endpoint=endpoint, alert=alert, next_attempt_at=timezone.now()
                )
                for endpoint in WebhookEndpoint.objects.of(tenant).filter(active=True)
            )
    except IntegrityError:
        return None  # this breach was raised before: the unique dedup key holds
    return alert


def slo_evaluate(*, tenant: Tenant, day: date) -> list[Alert]:
    """Check each class's cost per request and margin on one UTC day against its SLO."""
    slos = list(CostSlo.objects.of(tenant))
    if not slos:
        return []
    start, end = day_range(day)
    report = request_class_report(tenant=tenant, start=start, end=end).margins
    by_class = {row.request_class: row for row in report.classes}
    raised = []
    for slo in slos:
        row = by_class.get(slo.request_class)
        if row is None:
            continue
        cost = row.cost_per_request
        if slo.max_cost_per_request is not None and cost is not None:
            if cost > slo.max_cost_per_request:
                raised.append(
                    alert_raise(
                        tenant=tenant,
                        kind=Alert.Kind.COST_PER_REQUEST,
                        dedup_key=f"cost_per_request:{slo.request_class}:{day.isoformat()}",
                        window_start=start,
                        window_end=end,
                        observed=cost,
                        threshold=slo.max_cost_per_request,
                        request_class=slo.request_class,
                        message=(
                            f"{slo.request_class}: cost per request {plain(cost)} USD on {day} is "
                            f"above the SLO of {plain(slo.max_cost_per_request)} USD."
                        ),
                    )
                )
        margin = row.inference_margin_pct
        if slo.min_margin_pct is not None and margin is not None and margin < slo.min_margin_pct:
            raised.append(
                alert_raise(
                    tenant=tenant,
                    kind=Alert.Kind.MARGIN,
                    dedup_key=f"margin:{slo.request_class}:{day.isoformat()}",
                    window_start=start,
                    window_end=end,
                    observed=margin,
                    threshold=slo.min_margin_pct,
                    request_class=slo.request_class,
                    message=(
                        f"{slo.request_class}: inference margin {plain(margin)}% on {day} is below "
                        f"the SLO of {plain(slo.min_margin_pct)}%."
                    ),
                )
            )
    return [alert for alert in raised if alert is not None]


def anomaly_evaluate(*, tenant: Tenant, day: date) -> list[Alert]:
    """Compare a day's spend per class and per customer with the previous 28 days."""
    start, end = day_range(day)
    history_start = start - timedelta(days=ANOMALY_HISTORY_DAYS)
    rows = RollupDay.objects.of(tenant).filter(
        bucket_start__gte=history_start, bucket_start__lt=end
    )
    raised: list[Alert | None] = []
    for dimension, kind in (
        ("request_class", Alert.Kind.CLASS_SPEND_ANOMALY),
        ("customer_id", Alert.Kind.CUSTOMER_SPEND_ANOMALY),
    ):
        spend: dict[object, dict[datetime, Decimal]] = defaultdict(dict)
        for row in rows.values(dimension, "bucket_start").annotate(cost=Sum("cost_total")):
            spend[row[dimension]][row["bucket_start"]] = row["cost"]
        for subject, by_day in spend.items():
            today = by_day.get(start)
            if today is None:
                continue
            # Days without events are zero spend, from the subject's first active day on.
            first = min(by_day)
            history = [
                by_day.get(history_start + timedelta(days=i), Decimal("0"))
                for i in range(ANOMALY_HISTORY_DAYS)
                if history_start + timedelta(days=i) >= first
            ]
            verdict = spend_anomaly(history, today)
            if not verdict.is_anomaly:
                continue
            assert verdict.median is not None
            request_class, customer = "", None
            if dimension == "request_class":
                label = request_class = str(subject)
            else:
                customer = Customer.objects.of(tenant).get(pk=int(str(subject)))
                label = customer.external_id
            raised.append(
                alert_raise(
                    tenant=tenant,
                    kind=kind,
                    dedup_key=f"{kind}:{subject}:{day.isoformat()}",
                    window_start=start,
                    window_end=end,
                    observed=today,
                    threshold=verdict.median,
                    message=(
                        f"{label}: spend of {plain(today)} USD on {day} is anomalous against a median "
                        f"of {plain(verdict.median)} USD over the previous {len(history)} days "
                        f"(robust score {verdict.score})."
                    ),
                    request_class=request_class,
                    customer=customer,
                )
            )
    return [alert for alert in raised if alert is not None]


def guardrails_evaluate(*, tenant: Tenant, now: datetime) -> list[Alert]:
    """Raise the credit and budget alerts whose threshold is crossed at `now`.

    - budget_threshold: a spend or cost budget's settled amount this month reached one of its
      `alert_percents` (80 and 100 by default) of its limit; once per budget, month and
      percentage.
    - credits_balance_low: available credits (balance - held) below the customer's (or the
      tenant's default) `balance_below`, or below `balance_below_percent` of the credits of
      grants in force now.
    - credits_running_out: the days of credit left at the recent daily rate
      (economics/margins/projections.py) below `running_out_days` (7 unless set).
    - invoice_projected: the month's projected invoice above `projected_invoice_above`.

    A credit alert fires once per account, month and latest grant: a new grant (a top-up,
    an auto top-up) or a new month re-arms it. The invoice projection fires once a month.
    """
    raised: list[Alert | None] = []
    month = now.astimezone(UTC).date().replace(day=1)
    month_start = datetime.combine(month, datetime.min.time(), tzinfo=UTC)
    budgets = (
        Budget.objects.of(tenant)
        .select_related("customer")
        .filter(period_start=month, limit__gt=0)
        .exclude(measure=BudgetMeasure.MARGIN)
        .order_by("created_at", "id")
    )
    for budget in budgets:
        limit = budget.limit or Decimal(0)
        used = budget.spend if budget.measure == BudgetMeasure.SPEND else budget.cost
        for percent in sorted(Decimal(str(p)) for p in budget.alert_percents):
            if used * 100 < limit * percent:
                continue
            scope = budget.request_class or "every class"
            raised.append(
                alert_raise(
                    tenant=tenant,
                    kind=Alert.Kind.BUDGET_THRESHOLD,
                    dedup_key=f"budget:{budget.pk}:{month.isoformat()}:{plain(percent)}",
                    window_start=month_start,
                    window_end=now,
                    observed=used,
                    threshold=limit * percent / 100,
                    customer=budget.customer,
                    request_class=budget.request_class,
                    message=(
                        f"{budget.customer.external_id}: {budget.measure} this month is"
                        f" {plain(used)}, {plain(percent)} % or more of its budget of"
                        f" {plain(limit)} ({scope})."
                    ),
                )
            )
    settings = credit_alert_settings_all(tenant=tenant)
    for account in CreditAccount.objects.of(tenant).select_related("customer").order_by("pk"):
        rule = settings.effective(account.customer_id)
        raised += _credit_alerts(tenant, account, rule, now, month)
    if settings.projects_invoices():
        customers = (
            RollupDay.objects.of(tenant)
            .filter(bucket_start__gte=month_start, bucket_start__lt=now)
            .values_list("customer_id", flat=True)
            .distinct()
        )
        for customer in Customer.objects.of(tenant).filter(pk__in=customers).order_by("pk"):
            above = settings.effective(customer.pk).projected_invoice_above
            if above is None:
                continue
            projection = customer_projection(tenant=tenant, customer=customer, now=now)
            if projection.projected_invoice <= above:
                continue
            raised.append(
                alert_raise(
                    tenant=tenant,
                    kind=Alert.Kind.INVOICE_PROJECTED,
                    dedup_key=f"invoice_projected:{customer.pk}:{month.isoformat()}",
                    window_start=projection.window_start,
                    window_end=projection.period_end,
                    observed=projection.projected_invoice,
                    threshold=above,
                    customer=customer,
                    message=(
                        f"{customer.external_id}: this month's invoice is projected at"
                        f" {projection.projected_invoice:f}, above {plain(above)}"
                        f" ({plain(projection.month_to_date)} so far, then"
                        f" {projection.daily_rate.quantize(Decimal('0.01')):f} per day over"
                        f" the last {RATE_DAYS} days)."
                    ),
                )
            )
    return [alert for alert in raised if alert is not None]


def _credit_alerts(
    tenant: Tenant, account: CreditAccount, rule: AlertThresholds, now: datetime, month: date
) -> list[Alert | None]:
    """The balance and running-out alerts of one credit account (see guardrails_evaluate)."""
    customer = account.customer
    who = customer.external_id
    available = account.balance - account.held
    # Armed per month and per latest grant: a top-up starts a new round of alerts.
    latest = latest_grant_id(tenant=tenant, customer=customer, currency=account.currency)
    armed = f"{account.pk}:{month.isoformat()}:{latest}"
    raised: list[Alert | None] = []
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    checks: list[tuple[str, Decimal, str]] = []
    if rule.balance_below is not None:
        checks.append(("amount", rule.balance_below, f"below {plain(rule.balance_below)}"))
    if rule.balance_below_percent is not None:
        granted = granted_in_force(
            tenant=tenant, customer=customer, currency=account.currency, at=now
        )
        floor = granted * rule.balance_below_percent / 100
        checks.append(
            (
                "percent",
                floor,
                f"below {plain(rule.balance_below_percent)} % of the {plain(granted)} granted",
            )
        )
    for name, floor, words in checks:
        if available >= floor:
            continue
        raised.append(
            alert_raise(
                tenant=tenant,
                kind=Alert.Kind.CREDITS_BALANCE_LOW,
                dedup_key=f"credits_balance:{armed}:{name}",
                window_start=today,
                window_end=now,
                observed=available,
                threshold=floor,
                customer=customer,
                message=(
                    f"{who} has {plain(available)} {account.currency} of credits left, {words}."
                ),
            )
        )
    if rule.running_out_days is not None:
        projection = customer_projection(tenant=tenant, customer=customer, now=now, account=account)
        days = projection.credit_days_left
        if days is not None and days < rule.running_out_days:
            rate = projection.daily_rate.quantize(Decimal("0.01"))
            raised.append(
                alert_raise(
                    tenant=tenant,
                    kind=Alert.Kind.CREDITS_RUNNING_OUT,
                    dedup_key=f"credits_running_out:{armed}",
                    window_start=projection.window_start,
                    window_end=projection.window_end,
                    observed=days,
                    threshold=rule.running_out_days,
                    customer=customer,
                    message=(
                        f"{who} has {plain(available)} {account.currency} of credits left:"
                        f" about {plain(days)} days at {plain(rate)} per day over the last"
                        f" {RATE_DAYS} days."
                    ),
                )
            )
    return raised


def alert_acknowledge(*, tenant: Tenant, alert: Alert) -> Alert:
    """Mark an alert acknowledged (idempotent: the first time is kept)."""
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_at"])
    return alert


def alert_payload(alert: Alert) -> dict[str, object]:
    """The JSON body of an alert, as the API and webhooks show it."""
    return {
        "id": str(alert.id),
        "kind": alert.kind,
        "request_class": alert.request_class or None,
        "customer_id": alert.customer.external_id if alert.customer else None,
        "window_start": alert.window_start.isoformat().replace("+00:00", "Z"),
        "window_end": alert.window_end.isoformat().replace("+00:00", "Z"),
        "observed": str(alert.observed),
        "threshold": str(alert.threshold),
        "message": alert.message,
        "created_at": alert.created_at.isoformat().replace("+00:00", "Z"),
        "acknowledged_at": (
            alert.acknowledged_at.isoformat().replace("+00:00", "Z")
            if alert.acknowledged_at
            else None
        ),
    }


COST_SLO_AUDITED = ("request_class", "max_cost_per_request", "min_margin_pct")


@transaction.atomic
def cost_slo_create(
    *,
    tenant: Tenant,
    actor: Actor,
    request_class: str,
    max_cost_per_request: Decimal | None,
    min_margin_pct: Decimal | None,
) -> CostSlo:
    """Set a request class's cost SLO; a class has at most one (409 otherwise)."""
    try:
        with transaction.atomic():
            slo = CostSlo.objects.create(
                tenant=tenant,
                request_class=request_class,
                max_cost_per_request=max_cost_per_request,
                min_margin_pct=min_margin_pct,
            )
    except IntegrityError as exc:
        raise Conflict(
            f"Request class '{request_class}' already has a cost SLO; delete it first."
        ) from exc
    audit_record(
        tenant=tenant,
        actor=actor,
        action="cost_slo.create",
        object_type="cost_slo",
        object_id=slo.pk,
        after=audit_values(slo, COST_SLO_AUDITED),
    )
    return slo


@transaction.atomic
def cost_slo_delete(*, tenant: Tenant, slo: CostSlo, actor: Actor) -> None:
    """Delete a cost SLO."""
    audit_record(
        tenant=tenant,
        actor=actor,
        action="cost_slo.delete",
        object_type="cost_slo",
        object_id=slo.pk,
        before=audit_values(slo, COST_SLO_AUDITED),
    )
    slo.delete()


def stripe_differences_raise() -> list[Alert]:
    """Raise an alert for each open difference with Stripe (reconciliation, meter errors)."""
    open_rows = (
        StripeDifference.objects.cross_tenant(reason="beat: Stripe differences of every tenant")
        .filter(resolved_at__isnull=True)
        .select_related("tenant", "customer")
        .order_by("found_at")
    )
    raised = []
    for row in open_rows[:1000]:
        meter_error = row.kind == StripeDifference.Kind.METER_ERROR
        kind = Alert.Kind.STRIPE_METER_ERROR if meter_error else Alert.Kind.STRIPE_DIFFERENCE
        who = f"{row.customer.external_id}: " if row.customer else ""
        alert = alert_raise(
            tenant=row.tenant,
            kind=kind,
            dedup_key=f"stripe:{row.id}",
            window_start=datetime.combine(row.month, datetime.min.time(), tzinfo=UTC),
            window_end=row.found_at,
            observed=row.stripe_value or Decimal(0),
            threshold=row.marginal_value or Decimal(0),
            customer=row.customer,
            message=f"{row.get_kind_display()} ({row.month:%Y-%m}): {who}{row.cause}"[:1000],
        )
        if alert is not None:
            raised.append(alert)
    return raised
