"""What pricing's write services call, inside their transaction, for the Stripe mirror.

Each call writes the outbox row of the change (nothing for a tenant without Stripe) and,
for a subscription, marks the customer's recent usage so its meter windows are recomputed
under the plan now in force.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from metering.models import Tenant
from pricing.models import PlanVersion, Subscription
from pricing.stripe.connection import connected
from pricing.stripe.outbox import plan_version_published as _plan_version_published
from pricing.stripe.outbox import subscription_changed as _subscription_changed
from pricing.stripe.usage import usage_mark_range

# Stripe takes meter events up to 35 days old.
USAGE_REACH = timedelta(days=35)


def plan_version_published(*, tenant: Tenant, version: PlanVersion) -> None:
    """Queue the product, meters and prices of a newly published version."""
    _plan_version_published(tenant=tenant, version=version)


def subscription_changed(*, tenant: Tenant, subscription: Subscription) -> None:
    """Queue the subscription's mirroring and re-mark its customer's recent usage."""
    if not connected(tenant=tenant):
        return
    _subscription_changed(tenant=tenant, subscription=subscription)
    today = timezone.now().date()
    start = max(subscription.start_date, today - USAGE_REACH)
    if start <= today:
        usage_mark_range(
            tenant=tenant,
            start=start,
            end=today,
            customer_ids=[subscription.customer_id],
            is_connected=True,
        )
