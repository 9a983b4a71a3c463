"""The one way from a stored change to the reports: cost, mark buckets, refresh rollups, alerts.

    metering: ingest / void / amend / re-cost
        │  writes an EventChange note in the same transaction as the change
        ▼  (after commit: metering's one change listener, economics.tasks.on_events_changed)
    changes_process        one transaction per step: lock notes, cost the pending events
        │                  among them, mark their customer-hours (DirtyBucket, and Stripe's
        │                  usage marks for a tenant connected to Stripe), delete notes;
        │                  then sync the credit ledgers of customers with prepaid credits
        ▼
    rollups_process        mark the customer-months billed without an event (a new month, a
        │                  subscription written), recompute the marked buckets (one tenant at
        │                  a time) and the revenue of their customer-months; move the
        │                  tenant-wide rows and the churn base by the difference (recompute
        │                  the base over every customer only when a large batch dropped it)
        ▼
    alerts (economics.alerts.tasks.alerts_evaluate) for the live days that moved

Costing and marking commit together, so no crash or error between two steps can leave a
cost that the rollups never hear of; a rollup that read an event while it was pending is
marked again by the transaction that costs it. Every step is idempotent and its input is
durable (notes, marks, pending events), so a lost task or a killed worker costs a delay,
never a figure: `sweep` finds what waits. The Celery tasks that run these steps live in
economics/tasks.py; this module holds the steps themselves and imports no task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Q

from economics.costs.selectors import pending_event_pks, pending_events_page, price_book_get
from economics.costs.services.event_costs import events_cost
from economics.margins.customer_base import customer_base_refresh, customer_base_stored
from economics.margins.rollups import rollup_mark_events, rollup_mark_range, rollup_refresh
from metering.changes import event_changes_delete, event_changes_take
from metering.models import Tenant
from pricing.credits.services import (
    authorizations_in_use,
    budget_customers,
    budgets_exist,
    budgets_sync_customer,
    credit_accounts_exist,
    credits_sync_customer,
    event_customers,
    events_with_authorization,
    holds_settle_events,
)
from pricing.stripe.connection import connected as stripe_connected
from pricing.stripe.usage import usage_mark_events as stripe_usage_mark

# Events costed and marked per transaction: big enough to amortise a round trip, small
# enough that a step never holds its locks for long.
EVENTS_PER_STEP = 5_000
# Pending events younger than this are left to the notes that announced them.
SWEEP_GRACE = timedelta(seconds=60)


@dataclass
class CreditsFollow:
    """What the credits follow once a batch of changes is marked (collected per step)."""

    credits: bool  # the tenant has credit accounts
    holds: bool  # the tenant authorises requests: events may name a hold to settle
    budgets: bool = False  # the tenant has budgets: they count usage posted without a hold
    customers: set[int] = field(default_factory=set)  # with credits, whose events changed
    settle: set[int] = field(default_factory=set)  # events naming an authorisation
    budgeted: set[int] = field(default_factory=set)  # with budgets, whose events changed


@dataclass
class ChangesResult:
    notes: int = 0
    costed: int = 0  # events whose cost changed
    unpriced: int = 0  # of those, events left unpriced (a price is missing)
    marked: int = 0  # customer-hour marks added


def changes_process(*, tenant: Tenant) -> ChangesResult:
    """Consume the tenant's change notes: cost what is pending and mark its buckets, together."""
    result = ChangesResult()
    book = price_book_get(tenant=tenant)
    stripe: bool | None = None  # a tenant mirrored to Stripe: its meter windows are marked too
    follow = _follow(tenant)
    while True:
        with transaction.atomic():
            changes = event_changes_take(tenant=tenant, max_events=EVENTS_PER_STEP)
            if not changes.note_ids:
                break
            if stripe is None:
                stripe = stripe_connected(tenant=tenant)
            for where in changes.id_filters():
                pending = pending_event_pks(tenant=tenant, where=where)
                costed = events_cost(tenant=tenant, event_pks=pending, only_pending=True, book=book)
                result.costed += costed.changed
                result.unpriced += costed.unpriced
                result.marked += _changed_mark(tenant, where, stripe=stripe, follow=follow)
            for start, end in changes.ranges:
                result.marked += rollup_mark_range(tenant=tenant, start=start, end=end)
            event_changes_delete(tenant=tenant, changes=changes)
        result.notes += len(changes.note_ids)
    _credits_follow(tenant, follow)
    return result


def _follow(tenant: Tenant) -> CreditsFollow:
    return CreditsFollow(
        credits=credit_accounts_exist(tenant=tenant),
        holds=authorizations_in_use(tenant=tenant),
        budgets=budgets_exist(tenant=tenant),
    )


def _changed_mark(tenant: Tenant, where: Q, *, stripe: bool, follow: CreditsFollow) -> int:
    """Mark what changed events move, in the caller's transaction; return customer-hour marks.

    Their customer-hours for the rollups, their meter windows for a tenant mirrored to Stripe,
    and (collected into `follow`) the customers whose prepaid credits follow rated usage and
    the events that settle an authorisation's hold.
    """
    marked = rollup_mark_events(tenant=tenant, where=where)
    if stripe:
        stripe_usage_mark(tenant=tenant, where=where, is_connected=True)
    if follow.credits:
        follow.customers |= event_customers(tenant=tenant, where=where)
    if follow.holds:
        follow.settle |= events_with_authorization(tenant=tenant, where=where)
    if follow.budgets:
        follow.budgeted |= budget_customers(tenant=tenant, where=where)
    return marked


def _credits_follow(tenant: Tenant, follow: CreditsFollow) -> None:
    """Events that name an authorisation settle its hold with their rated amounts; then
    customers with prepaid credits whose events changed have their ledger and balance follow
    the rated usage, so an authorisation reads a balance exact to the last event."""
    holds_settle_events(tenant=tenant, event_pks=follow.settle)
    for customer_id in sorted(follow.customers):
        credits_sync_customer(tenant=tenant, customer_id=customer_id)
    # Budgets count the month's usage that named no hold (posted without an authorisation).
    for customer_id in sorted(follow.budgeted):
        budgets_sync_customer(tenant=tenant, customer_id=customer_id)


def pending_process(*, tenant: Tenant, received_before: datetime) -> ChangesResult:
    """Cost and mark the tenant's events still pending without a note (a safety net).

    Every pending event normally has a note; this finds any that does not, however old or
    many, through the index of pending events, a step at a time.
    """
    result = ChangesResult()
    book = price_book_get(tenant=tenant)
    stripe = stripe_connected(tenant=tenant)
    follow = _follow(tenant)
    after = 0
    while True:
        with transaction.atomic():
            pks = pending_events_page(
                tenant=tenant, received_before=received_before, after=after, limit=EVENTS_PER_STEP
            )
            if not pks:
                break
            costed = events_cost(tenant=tenant, event_pks=pks, only_pending=True, book=book)
            result.costed += costed.changed
            result.unpriced += costed.unpriced
            if costed.changed_pks:
                result.marked += _changed_mark(
                    tenant,
                    Q(id__in=costed.changed_pks),
                    stripe=stripe,
                    follow=follow,
                )
        after = pks[-1]
    _credits_follow(tenant, follow)
    return result


@dataclass
class RollupsResult:
    marks: int = 0
    days: set[date] = field(default_factory=set)  # UTC days whose figures moved


def rollups_process(*, tenant: Tenant) -> RollupsResult:
    """Recompute the tenant's marked buckets, then its stored churn base if it no longer holds.

    The refresh also rates the customer-months a subscription covers that no event marked
    (a month turned, a subscription written), so the sweep calls this for every tenant
    whose churn base went stale.
    """
    refreshed = rollup_refresh(tenant=tenant)
    # A refresh of a few customers moved the stored base by their difference; one of many
    # (or a base that no longer holds) left it to be computed over every customer here.
    if customer_base_stored(tenant=tenant, as_of=datetime.now(UTC)) is None:
        customer_base_refresh(tenant=tenant)
    return RollupsResult(marks=refreshed.marks, days=refreshed.days)


def live_days(days: set[date], *, today: date) -> list[date]:
    """The days worth alerting on: today and yesterday (an old day pages nobody)."""
    return sorted(day for day in days if (today - day).days <= 1)
