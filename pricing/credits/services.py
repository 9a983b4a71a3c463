"""Writes of prepaid credits and guardrails: grants, voids, the ledger sync, authorisations.

Concurrency: every change of a customer's credit balance or budget counters locks the rows
it changes (``SELECT ... FOR UPDATE``, in id order so two writers never deadlock) and checks
the limit under that lock, so two authorisations racing for the last credit are serialised
and the second sees the first's hold. The boundary rule, everywhere: a request whose
expected amount brings spend exactly to the limit (or the balance exactly to zero) is
allowed; one cent above is denied.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from config.errors import Conflict, InvalidInput
from metering.audit import Actor, audit_record, audit_values, jsonable
from metering.models import Customer, Tenant, UsageEvent
from pricing.credits import selectors
from pricing.credits.burn import Burn
from pricing.credits.models import (
    Authorization,
    AutoTopUp,
    AutoTopUpRule,
    Budget,
    BudgetMeasure,
    CreditAccount,
    CreditAlertSettings,
    CreditEntry,
    CreditGrant,
    EntryKind,
    GrantKind,
    HoldStatus,
    default_alert_percents,
)
from pricing.money import normalize_currency
from pricing.stripe.outbox import credit_top_up_charge as stripe_credit_top_up

ZERO = Decimal(0)
HUNDRED = Decimal(100)
DEFAULT_HOLD_SECONDS = 300
_M = TypeVar("_M", bound=models.Model)

_GRANT_FIELDS = (
    "customer_id",
    "kind",
    "currency",
    "credits",
    "unit",
    "unit_rate",
    "amount",
    "priority",
    "effective_at",
    "expires_at",
    "voided_at",
)


# ----------------------------------------------------------------------------- grants


def _account_locked(*, tenant: Tenant, customer: Customer, currency: str) -> CreditAccount:
    """Return the customer's account in a currency, created if new, locked for this transaction."""
    CreditAccount.objects.of(tenant).get_or_create(
        tenant=tenant, customer=customer, currency=currency
    )
    return (
        CreditAccount.objects.of(tenant)
        .select_for_update()
        .get(customer=customer, currency=currency)
    )


@transaction.atomic
def credit_grant_create(
    *,
    tenant: Tenant,
    customer: Customer,
    kind: str,
    credits: Decimal,
    currency: str,
    actor: Actor,
    unit: str = "",
    unit_rate: Decimal = Decimal(1),
    priority: int = 100,
    effective_at: datetime | None = None,
    expires_at: datetime | None = None,
    description: str = "",
    idempotency_key: str = "",
) -> tuple[CreditGrant, bool]:
    """Grant credits to a customer; a retry with the same key returns the first grant."""
    currency = normalize_currency(currency)
    effective_at = effective_at or timezone.now()
    if credits <= 0:
        raise InvalidInput.field("credits", "Must be positive.")
    if unit_rate <= 0:
        raise InvalidInput.field("unit_rate", "Must be positive.")
    if expires_at is not None and expires_at <= effective_at:
        raise InvalidInput.field("expires_at", "Must be after effective_at.")
    if idempotency_key:
        existing = CreditGrant.objects.of(tenant).filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_grant(existing, customer, credits, currency), False
    account = _account_locked(tenant=tenant, customer=customer, currency=currency)
    grant = _grant_insert(
        tenant=tenant,
        customer=customer,
        actor=actor,
        kind=kind,
        credits=credits,
        currency=currency,
        unit=unit,
        unit_rate=unit_rate,
        priority=priority,
        effective_at=effective_at,
        expires_at=expires_at,
        description=description,
        idempotency_key=idempotency_key,
    )
    if grant is None:
        existing = CreditGrant.objects.of(tenant).get(idempotency_key=idempotency_key)
        return _same_grant(existing, customer, credits, currency), False
    _sync_locked(tenant=tenant, customer=customer, account=account, now=timezone.now())
    return grant, True


def _grant_insert(
    *, tenant: Tenant, customer: Customer, actor: Actor, **fields: Any
) -> CreditGrant | None:
    """Insert a grant and its ledger entry, audited (the account is locked); None: key taken."""
    try:
        with transaction.atomic():
            grant = CreditGrant.objects.create(
                tenant=tenant,
                customer=customer,
                amount=fields["credits"] * fields["unit_rate"],
                **fields,
            )
    except IntegrityError:
        return None
    CreditEntry.objects.create(
        tenant=tenant,
        customer=customer,
        grant=grant,
        kind=EntryKind.GRANT,
        amount=grant.amount,
        occurred_at=grant.effective_at,
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="credit_grant.create",
        object_type="credit_grant",
        object_id=grant.pk,
        after=audit_values(grant, _GRANT_FIELDS),
    )
    return grant


def _same_grant(
    grant: CreditGrant, customer: Customer, credits: Decimal, currency: str
) -> CreditGrant:
    if grant.customer_id != customer.pk or grant.credits != credits or grant.currency != currency:
        raise Conflict("This Idempotency-Key was used for another grant.")
    return grant


@transaction.atomic
def credit_grant_void(
    *, tenant: Tenant, grant: CreditGrant, actor: Actor, at: datetime | None = None
) -> CreditGrant:
    """Withdraw what is left of a grant from `at` (now by default); voiding twice changes nothing."""
    account = _account_locked(tenant=tenant, customer=grant.customer, currency=grant.currency)
    grant = CreditGrant.objects.of(tenant).select_related("customer").get(pk=grant.pk)
    if grant.voided_at is not None:
        return grant
    now = timezone.now()
    grant.voided_at = max(at or now, grant.effective_at)
    grant.save(update_fields=["voided_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="credit_grant.void",
        object_type="credit_grant",
        object_id=grant.pk,
        before={"voided_at": None},
        after=audit_values(grant, ["voided_at"]),
    )
    _sync_locked(tenant=tenant, customer=grant.customer, account=account, now=now)
    return grant


# ----------------------------------------------------------------------------- ledger


@transaction.atomic
def credits_sync(
    *, tenant: Tenant, customer: Customer, currency: str, now: datetime | None = None
) -> tuple[CreditAccount | None, Burn | None]:
    """Bring the ledger and balance up to the last rated event; running it again appends nothing.

    The burn-down of the customer's grants by its rated usage is recomputed; for each grant
    the difference between what it says was drawn, expired or voided and what the ledger
    holds is appended. A void or amendment of an event shows as a positive draw entry.
    """
    if not CreditGrant.objects.of(tenant).filter(customer=customer, currency=currency).exists():
        return None, None  # no credits: no account (an account makes authorisations check it)
    account = _account_locked(tenant=tenant, customer=customer, currency=currency)
    return account, _sync_locked(
        tenant=tenant, customer=customer, account=account, now=now or timezone.now()
    )


def _sync_locked(
    *, tenant: Tenant, customer: Customer, account: CreditAccount, now: datetime
) -> Burn | None:
    b = selectors.credits_burn(
        tenant=tenant, customer=customer, currency=account.currency, until=now
    )
    if b is None:
        return None
    recorded: dict[tuple[Any, str], Decimal] = {
        (row["grant_id"], row["kind"]): row["total"]
        for row in CreditEntry.objects.of(tenant)
        .filter(customer=customer, grant__currency=account.currency)
        .values("grant_id", "kind")
        .annotate(total=Sum("amount"))
    }
    entries = []
    for grant_id, state in b.grants.items():
        end = state.grant.end()
        for kind, wanted, when in (
            (EntryKind.DRAW, -state.drawn, now),
            (EntryKind.EXPIRY, -state.expired, state.grant.expires_at or now),
            (EntryKind.VOID, -state.voided, state.grant.voided_at or end or now),
        ):
            difference = wanted - recorded.get((grant_id, kind), ZERO)
            if difference:
                entries.append(
                    CreditEntry(
                        tenant=tenant,
                        customer=customer,
                        grant_id=grant_id,  # type: ignore[misc]
                        kind=kind,
                        amount=difference,
                        occurred_at=when,
                    )
                )
    CreditEntry.objects.bulk_create(entries)
    account.balance = selectors.available_now(b, now)
    account.synced_at = now
    _top_up_locked(tenant=tenant, customer=customer, account=account, now=now)
    account.save(update_fields=["balance", "synced_at"])
    return b


# ----------------------------------------------------------------------------- auto top-up

TOP_UP_ACTOR = Actor.system("auto top-up")


def _top_up_locked(
    *, tenant: Tenant, customer: Customer, account: CreditAccount, now: datetime
) -> AutoTopUp | None:
    """Grant the rule's paid credits when the balance fell below its threshold (account locked).

    Runs wherever the balance goes down (the ledger sync, a settled hold), under the lock of
    the customer's account row: two draws crossing the threshold at once are serialised and
    the second sees the first's top-up. The grant's idempotency key names the rule, month and
    sequence number, so even a second writer could not grant twice. Adds the grant to
    `account.balance`; the caller saves the account.
    """
    rule = (
        AutoTopUpRule.objects.of(tenant)
        .filter(customer=customer, currency=account.currency, active=True)
        .first()
    )
    if rule is None or account.balance >= rule.below:
        return None
    month = selectors.month_start(now)
    made = AutoTopUp.objects.of(tenant).filter(rule=rule)
    this_month = made.filter(period_start=month).count()
    if this_month >= rule.max_per_month:
        return None
    last = made.order_by("-created_at").first()
    if last is not None and now < last.created_at + timedelta(seconds=rule.cooldown_seconds):
        return None
    sequence = this_month + 1
    grant = _grant_insert(
        tenant=tenant,
        customer=customer,
        actor=TOP_UP_ACTOR,
        kind=GrantKind.PAID,
        credits=rule.credits,
        currency=account.currency,
        unit="",
        unit_rate=Decimal(1),
        priority=100,
        effective_at=now,
        expires_at=None,
        description=f"Auto top-up {sequence} of {month:%Y-%m}",
        idempotency_key=f"auto-top-up:{rule.pk}:{month:%Y-%m}:{sequence}",
    )
    if grant is None:
        return None  # made already (the key is taken)
    top_up = AutoTopUp.objects.create(
        tenant=tenant,
        rule=rule,
        grant=grant,
        period_start=month,
        sequence=sequence,
        balance_before=account.balance,
        created_at=now,
    )
    account.balance += grant.amount
    stripe_credit_top_up(
        tenant=tenant,
        top_up_id=str(top_up.pk),
        customer_pk=customer.pk,
        amount=grant.amount,
        currency=grant.currency,
        description=f"Prepaid credits: {grant.description.lower()}",
    )
    return top_up


_RULE_FIELDS = (
    "customer_id",
    "currency",
    "below",
    "credits",
    "max_per_month",
    "cooldown_seconds",
    "active",
)


@transaction.atomic
def auto_top_up_set(
    *,
    tenant: Tenant,
    customer: Customer,
    actor: Actor,
    currency: str,
    below: Decimal,
    credits: Decimal,
    max_per_month: int = 1,
    cooldown_seconds: int = 0,
    active: bool = True,
) -> AutoTopUpRule:
    """Create or replace the customer's auto top-up rule in a currency (audited).

    The rule is checked at once: a balance already below the threshold is topped up.
    """
    currency = normalize_currency(currency)
    if credits <= 0:
        raise InvalidInput.field("credits", "Must be positive.")
    if below < 0:
        raise InvalidInput.field("below", "Must be 0 or more.")
    if max_per_month < 1:
        raise InvalidInput.field("max_per_month", "Must be at least 1.")
    rule = (
        AutoTopUpRule.objects.of(tenant)
        .select_for_update()
        .filter(customer=customer, currency=currency)
        .first()
    )
    before = None if rule is None else audit_values(rule, _RULE_FIELDS)
    if rule is None:
        rule = AutoTopUpRule(tenant=tenant, customer=customer, currency=currency)
    rule.below, rule.credits = below, credits
    rule.max_per_month, rule.cooldown_seconds, rule.active = max_per_month, cooldown_seconds, active
    rule.save()
    audit_record(
        tenant=tenant,
        actor=actor,
        action="auto_top_up.set",
        object_type="auto_top_up_rule",
        object_id=rule.pk,
        before=before,
        after=audit_values(rule, _RULE_FIELDS),
    )
    credits_sync(tenant=tenant, customer=customer, currency=currency)
    return rule


@transaction.atomic
def auto_top_up_delete(*, tenant: Tenant, rule: AutoTopUpRule, actor: Actor) -> AutoTopUpRule:
    """Turn an auto top-up rule off (kept with the top-ups it made; a PUT turns it on again)."""
    rule = AutoTopUpRule.objects.of(tenant).select_for_update().get(pk=rule.pk)
    if not rule.active:
        return rule
    before = audit_values(rule, _RULE_FIELDS)
    rule.active = False
    rule.save(update_fields=["active", "updated_at"])
    audit_record(
        tenant=tenant,
        actor=actor,
        action="auto_top_up.delete",
        object_type="auto_top_up_rule",
        object_id=rule.pk,
        before=before,
        after=audit_values(rule, _RULE_FIELDS),
    )
    return rule


def credit_accounts_exist(*, tenant: Tenant) -> bool:
    """Return whether any customer of the tenant has prepaid credits."""
    return CreditAccount.objects.of(tenant).exists()


def event_customers(*, tenant: Tenant, where: Q) -> set[int]:
    """Return the customers with a credit account among the events matching `where`."""
    accounts = CreditAccount.objects.of(tenant).values("customer_id")
    return set(
        UsageEvent.objects.of(tenant)
        .filter(where)
        .filter(customer_id__in=accounts)
        .values_list("customer_id", flat=True)
        .distinct()
    )


def credits_sync_customer(*, tenant: Tenant, customer_id: int) -> None:
    """Sync every credit account of one customer (after its events changed)."""
    accounts = CreditAccount.objects.of(tenant).filter(customer_id=customer_id)
    for currency in accounts.values_list("currency", flat=True):
        customer = Customer.objects.of(tenant).get(pk=customer_id)
        credits_sync(tenant=tenant, customer=customer, currency=currency)


# ----------------------------------------------------------------------------- budgets


def budgets_exist(*, tenant: Tenant) -> bool:
    """Return whether any customer of the tenant has a budget."""
    return Budget.objects.of(tenant).exists()


def budget_customers(*, tenant: Tenant, where: Q) -> set[int]:
    """Return the customers with a budget among the events matching `where`."""
    budgets = Budget.objects.of(tenant).values("customer_id")
    return set(
        UsageEvent.objects.of(tenant)
        .filter(where)
        .filter(customer_id__in=budgets)
        .values_list("customer_id", flat=True)
        .distinct()
    )


def budgets_sync_customer(*, tenant: Tenant, customer_id: int, now: datetime | None = None) -> int:
    """Count the month's rated usage that names no hold in the customer's budgets.

    Usage posted without an authorisation (and so never held or settled) still spends: each
    budget without a tag moves its month's spend and cost by the difference between the
    usage it matches now (its request class, or all) and what the last sync counted, so
    running it again changes nothing, and a void, an amendment or a re-cost moves it back.
    Events naming a hold are counted when they settle it. Returns the budgets changed.
    """
    now = now or timezone.now()
    month = selectors.month_start(now)
    customer = Customer.objects.of(tenant).get(pk=customer_id)
    usage = selectors.unauthorised_usage(tenant=tenant, customer=customer, month=month)
    with transaction.atomic():
        budgets = list(
            Budget.objects.of(tenant)
            .select_for_update()
            .filter(customer_id=customer_id, tag="")
            .order_by("pk")
        )
        changed = []
        for budget in budgets:
            if budget.request_class:
                spend, cost = usage.get(budget.request_class, (ZERO, ZERO))
            else:
                spend = sum((v[0] for v in usage.values()), ZERO)
                cost = sum((v[1] for v in usage.values()), ZERO)
            rolled = _roll_over(budget, month)
            counted = budget.usage_month == month
            before = (budget.usage_spend, budget.usage_cost) if counted else (ZERO, ZERO)
            if not rolled and counted and before == (spend, cost):
                continue
            budget.spend += spend - before[0]
            budget.cost += cost - before[1]
            budget.usage_month, budget.usage_spend, budget.usage_cost = month, spend, cost
            changed.append(budget)
        Budget.objects.of(tenant).bulk_update(
            changed, [*_BUDGET_COUNTERS, "usage_month", "usage_spend", "usage_cost"]
        )
    return len(changed)


@transaction.atomic
def budget_create(
    *,
    tenant: Tenant,
    customer: Customer,
    measure: str,
    actor: Actor,
    limit: Decimal | None = None,
    floor_percent: Decimal | None = None,
    request_class: str = "",
    tag: str = "",
    alert_percents: list[Decimal] | None = None,
) -> Budget:
    """Set a monthly cap (spend, cost) or margin floor for a customer.

    `alert_percents`: the percentages of the limit that raise a budget_threshold alert
    (default 80 and 100; [] for none).
    """
    if alert_percents is None:
        percents = default_alert_percents()
    else:
        for i, percent in enumerate(alert_percents):
            if percent <= 0:
                raise InvalidInput.field(f"alert_percents.{i}", "Must be positive.")
        percents = [_n(p) for p in sorted(set(alert_percents))]
    if measure == BudgetMeasure.MARGIN:
        if floor_percent is None:
            raise InvalidInput.field("floor_percent", "A margin budget needs a floor_percent.")
        limit = None
    else:
        if limit is None or limit < 0:
            raise InvalidInput.field("limit", "A spend or cost budget needs a limit of 0 or more.")
        floor_percent = None
    budget = Budget.objects.create(
        tenant=tenant,
        customer=customer,
        measure=measure,
        limit=limit,
        floor_percent=floor_percent,
        request_class=request_class,
        tag=tag,
        period_start=selectors.month_start(timezone.now()),
        alert_percents=percents,
    )
    audit_record(
        tenant=tenant,
        actor=actor,
        action="budget.create",
        object_type="budget",
        object_id=budget.pk,
        after=audit_values(
            budget,
            [
                "customer_id",
                "measure",
                "limit",
                "floor_percent",
                "request_class",
                "tag",
                "alert_percents",
            ],
        ),
    )
    if not tag:  # from its first authorisation, it counts the month's usage so far
        budgets_sync_customer(tenant=tenant, customer_id=customer.pk)
        budget.refresh_from_db()
    return budget


# ----------------------------------------------------------------------------- authorisation


@dataclass
class Decision:
    allowed: bool
    reason: str  # "ok", "insufficient_credits", "spend_limit", "cost_limit", "margin_floor"
    detail: str
    authorization: Authorization | None = None
    credits_remaining: Decimal | None = None  # after this request's hold
    budgets: list[dict[str, Any]] = field(default_factory=list)


def _roll_over(budget: Budget, month: Any) -> bool:
    """Start a new month's counters; return whether the budget changed."""
    if budget.period_start == month:
        return False
    budget.period_start = month
    budget.spend = budget.cost = ZERO
    # Holds of the old month still count against the new one until they close.
    return True


def _release(
    hold: Authorization, account: CreditAccount | None, budgets: dict[Any, Budget]
) -> None:
    if account is not None and hold.account_id == account.pk:
        account.held -= hold.spend
    for budget_id in hold.budget_ids:
        budget = budgets.get(budget_id)
        if budget is not None:
            budget.held_spend -= hold.spend
            budget.held_cost -= hold.cost


def authorize(
    *,
    tenant: Tenant,
    customer: Customer,
    request_class: str,
    spend: Decimal,
    cost: Decimal = ZERO,
    tag: str = "",
    currency: str | None = None,
    hold: bool = True,
    hold_seconds: int = DEFAULT_HOLD_SECONDS,
    now: datetime | None = None,
) -> Decision:
    """Allow or deny a request before it runs; when allowed (and `hold`), reserve its amounts.

    `spend` is what the request is expected to bill (the plan's currency, the credits'
    currency), `cost` what it is expected to cost us (USD).

    On PostgreSQL an authorisation is two statements in one transaction: one locks the
    customer's account and matching budgets and expires their holds past due, one writes the
    counters and the hold (``_pg_lock`` and ``_pg_write``; ``tests/pricing/credits``
    pins the count). Other databases take the same steps through the ORM.
    """
    now = now or timezone.now()
    month = selectors.month_start(now)
    code = None if currency is None else normalize_currency(currency)
    fast = connection.vendor == "postgresql"
    with transaction.atomic():
        lock = _pg_lock if fast else _orm_lock
        locked, budgets, expired = lock(tenant, customer, request_class, tag, code, now)
        if len(locked) > 1:
            raise InvalidInput.field(
                "currency", "The customer has credits in several currencies: name one."
            )
        account = locked[0] if locked else None
        by_key = {str(b.pk): b for b in budgets}
        for old in expired:
            _release(old, account, by_key)
        rolled = [_roll_over(budget, month) for budget in budgets]
        decision = _decide(account, budgets, spend, cost)
        held = None
        if decision.allowed and hold:
            held = Authorization(
                tenant=tenant,
                customer=customer,
                request_class=request_class,
                tag=tag,
                spend=spend,
                cost=cost,
                account=account,
                budget_ids=[str(b.pk) for b in budgets],
                expires_at=now + timedelta(seconds=hold_seconds),
            )
            decision.authorization = held
            if account is not None:
                account.held += spend
            for budget in budgets:
                budget.held_spend += spend
                budget.held_cost += cost
        write_account = account is not None and (bool(expired) or held is not None)
        write_budgets = bool(budgets) and (bool(expired) or any(rolled) or held is not None)
        write = _pg_write if fast else _orm_write
        write(
            tenant,
            account if write_account else None,
            budgets if write_budgets else [],
            held,
        )
    return decision


def _expirable(hold: Authorization, accounts: list[CreditAccount], budget_keys: set[str]) -> bool:
    """Whether an authorisation may release an expired hold: it holds every row the hold holds.

    A hold on a budget of another request class (or another currency's account) is left to
    the sweep (``authorizations_expire``) or to an authorisation that locks its rows.
    """
    if hold.account_id is not None and hold.account_id not in {a.pk for a in accounts}:
        return False
    return set(hold.budget_ids) <= budget_keys


def _orm_lock(
    tenant: Tenant,
    customer: Customer,
    request_class: str,
    tag: str,
    currency: str | None,
    now: datetime,
) -> tuple[list[CreditAccount], list[Budget], list[Authorization]]:
    same = Customer.objects.of(tenant).filter(pk=customer.pk, external_id=customer.external_id)
    if not same.exists():
        raise Customer.DoesNotExist("The customer is not in the database (a stale copy?).")
    accounts = CreditAccount.objects.of(tenant).select_for_update().filter(customer=customer)
    if currency is not None:
        accounts = accounts.filter(currency=currency)
    locked = list(accounts.order_by("pk"))
    budgets = list(
        Budget.objects.of(tenant)
        .select_for_update()
        .filter(customer=customer)
        .filter(Q(request_class="") | Q(request_class=request_class))
        .filter(Q(tag="") | Q(tag=tag))
        .order_by("pk")
    )
    keys = {str(b.pk) for b in budgets}
    expired = [
        old
        for old in Authorization.objects.of(tenant).filter(
            customer=customer, status=HoldStatus.HELD, expires_at__lte=now
        )
        if _expirable(old, locked, keys)
    ]
    if expired:
        Authorization.objects.of(tenant).filter(pk__in=[h.pk for h in expired]).update(
            status=HoldStatus.EXPIRED, closed_at=now
        )
    return locked, budgets, expired


def _orm_write(
    tenant: Tenant,
    account: CreditAccount | None,
    budgets: list[Budget],
    held: Authorization | None,
) -> None:
    if held is not None:
        held.save(force_insert=True)
    if account is not None:
        account.save(update_fields=["held"])
    if budgets:
        Budget.objects.of(tenant).bulk_update(budgets, _BUDGET_COUNTERS)


_BUDGET_COUNTERS = ["period_start", "spend", "cost", "held_spend", "held_cost"]

# One statement: check the customer (the API passes a per-process cached copy), lock the
# account(s) and the budgets that count this request (in id order, as every writer of these
# rows does), then expire the customer's holds past due whose rows are all among those
# locked. UNION ALL reads the CTEs in this order.
_PG_LOCK = """
WITH cus AS (
    SELECT id FROM metering_customer
    WHERE id = %(customer)s AND tenant_id = %(tenant)s AND external_id = %(external_id)s
), acc AS (
    SELECT id, currency, balance, held FROM pricing_creditaccount
    WHERE tenant_id = %(tenant)s AND customer_id = %(customer)s {currency}
    ORDER BY id FOR UPDATE
), bud AS (
    SELECT id, measure, request_class, tag, "limit", floor_percent, period_start,
           spend, cost, held_spend, held_cost
    FROM pricing_budget
    WHERE tenant_id = %(tenant)s AND customer_id = %(customer)s
      AND request_class IN ('', %(request_class)s) AND tag IN ('', %(tag)s)
    ORDER BY id FOR UPDATE
), exp AS (
    UPDATE pricing_authorization SET status = 'expired', closed_at = %(now)s
    WHERE tenant_id = %(tenant)s AND customer_id = %(customer)s AND status = 'held'
      AND expires_at <= %(now)s
      AND (account_id IS NULL OR account_id IN (SELECT id FROM acc))
      AND budget_ids <@ (SELECT coalesce(jsonb_agg(id::text), '[]'::jsonb) FROM bud)
    RETURNING id, account_id, budget_ids, spend, cost
)
SELECT 'c', id::text, NULL::text, NULL::numeric, NULL::numeric, NULL::text, NULL::text,
       NULL::text, NULL::numeric, NULL::numeric, NULL::date, NULL::numeric, NULL::numeric,
       NULL::numeric, NULL::numeric, NULL::jsonb
FROM cus
UNION ALL
SELECT 'a', id::text, currency, balance, held, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL
FROM acc
UNION ALL
SELECT 'b', id::text, NULL, NULL, NULL, measure, request_class, tag, "limit", floor_percent,
       period_start, spend, cost, held_spend, held_cost, NULL
FROM bud
UNION ALL
SELECT 'e', id::text, account_id::text, spend, cost, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, budget_ids
FROM exp
"""


def _pg_lock(
    tenant: Tenant,
    customer: Customer,
    request_class: str,
    tag: str,
    currency: str | None,
    now: datetime,
) -> tuple[list[CreditAccount], list[Budget], list[Authorization]]:
    params: dict[str, Any] = {
        "tenant": tenant.pk,
        "customer": customer.pk,
        "currency": currency,
        "request_class": request_class,
        "tag": tag,
        "now": now,
        "external_id": customer.external_id,
    }
    sql = _PG_LOCK.format(currency="" if currency is None else "AND currency = %(currency)s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    accounts: list[CreditAccount] = []
    budgets: list[Budget] = []
    expired: list[Authorization] = []
    if not rows or rows[0][0] != "c":
        raise Customer.DoesNotExist("The customer is not in the database (a stale copy?).")
    for row in rows[1:]:
        if row[0] == "a":
            accounts.append(
                _loaded(
                    CreditAccount(
                        id=int(row[1]),
                        tenant=tenant,
                        customer=customer,
                        currency=row[2],
                        balance=row[3],
                        held=row[4],
                    )
                )
            )
        elif row[0] == "b":
            budgets.append(
                _loaded(
                    Budget(
                        id=uuid.UUID(row[1]),
                        tenant=tenant,
                        customer=customer,
                        measure=row[5],
                        request_class=row[6],
                        tag=row[7],
                        limit=row[8],
                        floor_percent=row[9],
                        period_start=row[10],
                        spend=row[11],
                        cost=row[12],
                        held_spend=row[13],
                        held_cost=row[14],
                    )
                )
            )
        else:
            ids = row[15]
            expired.append(
                Authorization(
                    id=uuid.UUID(row[1]),
                    account_id=None if row[2] is None else int(row[2]),
                    budget_ids=json.loads(ids) if isinstance(ids, str | bytes) else ids,
                    spend=row[3],
                    cost=row[4],
                )
            )
    return accounts, budgets, expired


def _loaded(instance: _M) -> _M:
    """Mark an instance built from a raw row as one that exists in the database."""
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


_PG_BUDGETS = (
    "b AS (UPDATE pricing_budget AS t SET period_start = v.period_start,"
    " spend = v.spend, cost = v.cost, held_spend = v.held_spend, held_cost = v.held_cost"
    " FROM (VALUES {values}) AS v(id, period_start, spend, cost, held_spend, held_cost)"
    " WHERE t.id = v.id AND t.tenant_id = %s)"
)


def _pg_write(
    tenant: Tenant,
    account: CreditAccount | None,
    budgets: list[Budget],
    held: Authorization | None,
) -> None:
    """Write the account's and budgets' counters and insert the hold, in one statement."""
    parts: list[str] = []
    params: list[Any] = []
    if account is not None:
        parts.append(
            "a AS (UPDATE pricing_creditaccount SET held = %s WHERE id = %s AND tenant_id = %s)"
        )
        params += [account.held, account.pk, tenant.pk]
    if budgets:
        values = ", ".join(
            ["(%s::uuid, %s::date, %s::numeric, %s::numeric, %s::numeric, %s::numeric)"]
            * len(budgets)
        )
        parts.append(_PG_BUDGETS.format(values=values))
        for b in budgets:
            params += [b.pk, b.period_start, b.spend, b.cost, b.held_spend, b.held_cost]
        params.append(tenant.pk)
    if held is not None:
        held.created_at = timezone.now()
        main = (
            "INSERT INTO pricing_authorization (id, tenant_id, customer_id, request_class, tag,"
            " spend, cost, account_id, budget_ids, status, expires_at, created_at, closed_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, NULL)"
        )
        params += [
            held.pk,
            tenant.pk,
            held.customer_id,
            held.request_class,
            held.tag,
            held.spend,
            held.cost,
            held.account_id,
            json.dumps(held.budget_ids),
            held.status,
            held.expires_at,
            held.created_at,
        ]
        _loaded(held)
    elif parts:
        main = "SELECT 1"
    else:
        return
    sql = (f"WITH {', '.join(parts)} " if parts else "") + main
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _decide(
    account: CreditAccount | None, budgets: list[Budget], spend: Decimal, cost: Decimal
) -> Decision:
    states: list[dict[str, Any]] = []
    remaining = None
    if account is not None:
        available = account.balance - account.held
        if spend > available:
            return Decision(
                False,
                "insufficient_credits",
                f"The request needs {_n(spend)} {account.currency}; {_n(available)} of credits"
                " are left.",
                credits_remaining=available,
            )
        remaining = available - spend
    for budget in budgets:
        verdict = _check(budget, spend, cost)
        states.append(verdict[2])
        if verdict[0] is not None:
            return Decision(False, verdict[0], verdict[1], None, remaining, states)
    return Decision(True, "ok", "Allowed.", None, remaining, states)


def _check(budget: Budget, spend: Decimal, cost: Decimal) -> tuple[str | None, str, dict[str, Any]]:
    """Return (reason or None, sentence, the budget's state after this request)."""
    state: dict[str, Any] = {
        "id": str(budget.pk),
        "measure": budget.measure,
        "request_class": budget.request_class,
        "tag": budget.tag,
    }
    if budget.measure == BudgetMeasure.MARGIN:
        revenue = budget.spend + budget.held_spend + spend
        total_cost = budget.cost + budget.held_cost + cost
        margin = None if not revenue else (revenue - total_cost) / revenue * HUNDRED
        state["margin_percent"] = margin
        state["floor_percent"] = budget.floor_percent
        if (margin is None and total_cost > 0) or (
            margin is not None and margin < budget.floor_percent  # type: ignore[operator]
        ):
            return (
                "margin_floor",
                f"The period's margin would fall to {_pct(margin)} %, below the floor of"
                f" {_n(budget.floor_percent)} %.",
                state,
            )
        return None, "", state
    if budget.measure == BudgetMeasure.SPEND:
        used, amount, reason = budget.spend + budget.held_spend, spend, "spend_limit"
    else:
        used, amount, reason = budget.cost + budget.held_cost, cost, "cost_limit"
    limit = budget.limit or ZERO
    state["limit"] = limit
    state["remaining"] = limit - used - amount
    if used + amount > limit:
        state["remaining"] = limit - used
        what = "Spend" if reason == "spend_limit" else "Cost"
        return (
            reason,
            f"{what} this month would be {_n(used + amount)}, above the limit of {_n(limit)}.",
            state,
        )
    return None, "", state


def _n(value: Decimal | None) -> str:
    """Return an amount as a plain decimal string without trailing zeros."""
    return str(jsonable(value))


def _pct(value: Decimal | None) -> str:
    return "-inf" if value is None else format(value.quantize(Decimal("0.01")), "f")


@transaction.atomic
def authorization_close(
    *,
    tenant: Tenant,
    authorization: Authorization,
    spend: Decimal | None = None,
    cost: Decimal | None = None,
    now: datetime | None = None,
    from_event: bool = False,
) -> Authorization:
    """Settle a hold with the request's real amounts (or release it: no amounts); once only.

    Settling counts the real spend and cost in the budgets' month. The credits themselves
    are drawn by the rated event (credits_sync); until the next sync the settled spend is
    taken off the balance so it cannot be spent twice. `from_event`: the real event settles
    it (holds_settle_events), so the caller syncs the ledger instead, and a hold that
    expired before its event arrived is settled too (its amounts were given back at expiry;
    the event's are counted now).
    """
    return _close(
        tenant=tenant,
        authorization=authorization,
        spend=spend,
        cost=cost,
        now=now,
        from_event=from_event,
    )


def _close(
    *,
    tenant: Tenant,
    authorization: Authorization,
    spend: Decimal | None = None,
    cost: Decimal | None = None,
    now: datetime | None = None,
    expire: bool = False,
    from_event: bool = False,
) -> Authorization:
    now = now or timezone.now()
    # Locks in authorize()'s order (account, budgets, then the hold), so closing a hold never
    # deadlocks with an authorisation expiring it; a hold's account and budgets never change,
    # its status is read again under the lock.
    unlocked = Authorization.objects.of(tenant).get(pk=authorization.pk)
    closable = [HoldStatus.HELD, HoldStatus.EXPIRED] if from_event else [HoldStatus.HELD]
    if unlocked.status not in closable or (expire and unlocked.expires_at > now):
        return unlocked
    account = None
    if unlocked.account_id is not None:
        account = CreditAccount.objects.of(tenant).select_for_update().get(pk=unlocked.account_id)
    budgets = list(
        Budget.objects.of(tenant)
        .select_for_update()
        .filter(pk__in=unlocked.budget_ids)
        .order_by("pk")
    )
    hold = Authorization.objects.of(tenant).select_for_update().get(pk=authorization.pk)
    closable = [HoldStatus.HELD, HoldStatus.EXPIRED] if from_event else [HoldStatus.HELD]
    if hold.status not in closable:
        return hold
    if hold.status == HoldStatus.HELD:
        _release(hold, account, {str(b.pk): b for b in budgets})
    settle = spend is not None
    if settle:
        month = selectors.month_start(now)
        for budget in budgets:
            _roll_over(budget, month)
            budget.spend += spend or ZERO
            budget.cost += cost or ZERO
        if account is not None and not from_event:
            account.balance -= spend or ZERO
            _top_up_locked(tenant=tenant, customer=hold.customer, account=account, now=now)
    if account is not None:
        account.save(update_fields=["held", "balance"])
    Budget.objects.of(tenant).bulk_update(
        budgets, ["period_start", "spend", "cost", "held_spend", "held_cost"]
    )
    if expire:
        hold.status = HoldStatus.EXPIRED
    else:
        hold.status = HoldStatus.SETTLED if settle else HoldStatus.RELEASED
    hold.closed_at = now
    hold.save(update_fields=["status", "closed_at"])
    return hold


def authorizations_expire(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Give back what holds past their expiry reserve (the periodic sweep); return how many.

    An authorisation releases the expired holds of the rows it locks itself, so a customer's
    next request never waits for this sweep; the sweep releases the others (a class or
    currency nobody authorises for a while), each hold in its own transaction, and keeps the
    set of holds an authorisation finds due small.
    """
    now = now or timezone.now()
    due = list(
        Authorization.objects.cross_tenant(reason="the expiry sweep releases every tenant's holds")
        .filter(status=HoldStatus.HELD, expires_at__lte=now)
        .select_related("tenant")
        .order_by("expires_at")[:limit]
    )
    expired = 0
    for hold in due:
        with transaction.atomic():
            closed = _close(tenant=hold.tenant, authorization=hold, now=now, expire=True)
        expired += closed.status == HoldStatus.EXPIRED and closed.closed_at == now
    return expired


AUTHORIZATION_PROPERTY = selectors.AUTHORIZATION_PROPERTY


def authorizations_in_use(*, tenant: Tenant) -> bool:
    """Return whether the tenant ever authorised a request (its events may settle holds)."""
    return Authorization.objects.of(tenant).exists()


def events_with_authorization(*, tenant: Tenant, where: Q) -> set[int]:
    """Return the live events among `where` that name an authorisation in their properties."""
    return set(
        UsageEvent.objects.of(tenant)
        .filter(where)
        .filter(voided_at__isnull=True, properties__has_key=AUTHORIZATION_PROPERTY)
        .values_list("pk", flat=True)
    )


def holds_settle_events(*, tenant: Tenant, event_pks: set[int], now: datetime | None = None) -> int:
    """Settle the holds that rated events name (`properties.authorization_id`); return how many.

    The hold is settled with the event's real amounts: its rated revenue (what it draws from
    credits) and its cost; the difference from what was held goes back. A hold already
    settled or released is left as it is (settling is once only), so running this again
    changes nothing. The customer's ledger is synced afterwards by the caller.
    """
    if not event_pks:
        return 0
    now = now or timezone.now()
    events = list(
        UsageEvent.objects.of(tenant)
        .filter(pk__in=sorted(event_pks), voided_at__isnull=True)
        .select_related("customer")
        .order_by("pk")
    )
    wanted: dict[int, Authorization] = {}
    ids = {str(e.properties.get(AUTHORIZATION_PROPERTY)) for e in events}
    holds = {
        str(h.pk): h
        for h in Authorization.objects.of(tenant).filter(
            pk__in=[i for i in ids if selectors.is_uuid(i)],
            status__in=[HoldStatus.HELD, HoldStatus.EXPIRED],
        )
    }
    for event in events:
        hold = holds.get(str(event.properties.get(AUTHORIZATION_PROPERTY)))
        if hold is not None and hold.customer_id == event.customer_id:
            wanted[event.pk] = hold
    settled = 0
    for event in events:
        hold = wanted.get(event.pk)
        if hold is None:
            continue
        spend = selectors.event_revenue(tenant=tenant, event=event)
        closed = authorization_close(
            tenant=tenant,
            authorization=hold,
            spend=spend,
            cost=event.cost_total or ZERO,
            now=now,
            from_event=True,
        )
        settled += closed.status == HoldStatus.SETTLED and closed.closed_at == now
    return settled


# ----------------------------------------------------------------------------- alert settings

_SETTINGS_FIELDS = (
    "customer_id",
    "balance_below",
    "balance_below_percent",
    "running_out_days",
    "projected_invoice_above",
)


@transaction.atomic
def credit_alert_settings_set(
    *,
    tenant: Tenant,
    customer: Customer | None,
    actor: Actor,
    balance_below: Decimal | None = None,
    balance_below_percent: Decimal | None = None,
    running_out_days: Decimal | None = None,
    projected_invoice_above: Decimal | None = None,
) -> CreditAlertSettings:
    """Set a customer's credit alert thresholds (no customer: the tenant's default); audited.

    Replaces the whole row: a field left out (null) turns its alert off for this customer.
    """
    rows = CreditAlertSettings.objects.of(tenant).select_for_update()
    row = (
        rows.filter(customer=customer) if customer else rows.filter(customer__isnull=True)
    ).first()
    before = None if row is None else audit_values(row, _SETTINGS_FIELDS)
    if row is None:
        row = CreditAlertSettings(tenant=tenant, customer=customer)
    row.balance_below = balance_below
    row.balance_below_percent = balance_below_percent
    row.running_out_days = running_out_days
    row.projected_invoice_above = projected_invoice_above
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # a concurrent first write of the same settings
        raise Conflict("These alert settings were just written by another request.") from exc
    audit_record(
        tenant=tenant,
        actor=actor,
        action="credit_alert_settings.set",
        object_type="credit_alert_settings",
        object_id=row.pk,
        before=before,
        after=audit_values(row, _SETTINGS_FIELDS),
    )
    return row


@transaction.atomic
def credit_alert_settings_delete(*, tenant: Tenant, customer: Customer, actor: Actor) -> bool:
    """Drop a customer's own thresholds (the tenant's default applies again); audited."""
    row = CreditAlertSettings.objects.of(tenant).filter(customer=customer).first()
    if row is None:
        return False
    audit_record(
        tenant=tenant,
        actor=actor,
        action="credit_alert_settings.delete",
        object_type="credit_alert_settings",
        object_id=row.pk,
        before=audit_values(row, _SETTINGS_FIELDS),
    )
    row.delete()
    return True
