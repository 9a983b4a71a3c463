"""The outbox's operations: make Stripe's copy of one Marginal object match Marginal.

Each operation is convergent: it reads Marginal's current state, finds the Stripe object
by its stored id (or, when a stored Idempotency-Key can no longer be trusted, by metadata or
lookup key), and creates or updates only what differs. Every write carries a deterministic
Idempotency-Key, so a retry after a lost response replays Stripe's first answer instead of
creating a second object.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import stripe

from metering.models import Customer, Tenant
from pricing.models import PlanVersion, Subscription
from pricing.money import to_minor_units
from pricing.rating import Period
from pricing.selectors import rate_plan
from pricing.stripe.mapping import (
    METER_PAYLOAD_CUSTOMER,
    METER_PAYLOAD_VALUE,
    MeterSpec,
    meter_from_key,
    plan_mapping,
)
from pricing.stripe.models import StripeConnection, StripeMeterWindow, StripeObject, StripeOutbox
from pricing.stripe.ratelimit import token_take

# Stripe may prune an Idempotency-Key after 24 h; past this age a retry looks first.
KEY_TRUST = timedelta(hours=23)
# Meter events can be cancelled for 24 h after Stripe receives them; keep a margin.
CANCEL_WINDOW = timedelta(hours=23)
Kind = StripeObject.Kind


class NotYet(Exception):
    """The operation cannot run before `at` (a subscription that starts in the future)."""

    def __init__(self, at: datetime) -> None:
        super().__init__(f"Waits until {at.isoformat()}.")
        self.at = at


@dataclass
class Ctx:
    """What an operation works with: the tenant, its client, the outbox row, the time."""

    tenant: Tenant
    connection: StripeConnection
    client: stripe.StripeClient
    row: StripeOutbox
    now: datetime

    @property
    def lookup_first(self) -> bool:
        """Whether a create must look for the object first (its key may be gone)."""
        return self.row.key_generation > 0 or self.now - self.row.created_at > KEY_TRUST

    def key(self, stable: str) -> str:
        """Return the Idempotency-Key of a create (stable per object, per key generation)."""
        return _short(f"{stable}:g{self.row.key_generation}")

    def update_key(self, stable: str, params: dict[str, Any]) -> str:
        """Return the Idempotency-Key of an update: the same parameters, the same key."""
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        return _short(f"{self.row.idempotency_key}:{stable}:{digest}")

    def call(self, fn: Callable[..., Any], *args: Any) -> dict[str, Any]:
        """Call Stripe once the tenant's token bucket allows it; return the object as a dict."""
        token_take(tenant=self.tenant, mode=self.connection.mode)
        return dict(fn(*args).to_dict())

    def list(self, fn: Callable[..., Any], *args: Any) -> list[dict[str, Any]]:
        """Return every object of a Stripe list (all pages), as dicts."""
        token_take(tenant=self.tenant, mode=self.connection.mode)
        return [dict(o.to_dict()) for o in fn(*args).auto_paging_iter()]


def _short(key: str) -> str:
    if len(key) <= 255:
        return key
    return key[:200] + ":" + hashlib.sha256(key.encode()).hexdigest()[:32]


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time.min, tzinfo=UTC).timestamp())


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def lookup_key(*, tenant: Tenant, plan_code: str, version: int, charge_key: str) -> str:
    """Return the lookup_key of a version's price (unique per Stripe account, <= 200 chars)."""
    key = f"mgl_{str(tenant.pk)[:8]}_{plan_code}_v{version}_{charge_key}"
    if len(key) <= 200:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[:180]}_{digest}"


def product_id(*, tenant: Tenant, plan_pk: int) -> str:
    """Return the custom id of a plan's Stripe product."""
    return "mgl_" + hashlib.sha256(f"{tenant.pk}|{plan_pk}".encode()).hexdigest()[:24]


def meter_event_identifier(
    *, tenant: Tenant, customer_pk: int, meter_key: str, hour_iso: str, n: int
) -> str:
    """Return the deterministic identifier of the n-th meter event of a window."""
    raw = f"{tenant.pk}|{customer_pk}|{meter_key}|{hour_iso}|{n}"
    return "mgl_" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def mapping_get(*, tenant: Tenant, kind: str, local_key: str) -> StripeObject | None:
    return StripeObject.objects.of(tenant).filter(kind=kind, local_key=local_key).first()


def mapping_put(
    ctx: Ctx, kind: str, local_key: str, stripe_id: str, data: dict[str, Any] | None = None
) -> StripeObject:
    obj, _ = StripeObject.objects.of(ctx.tenant).update_or_create(
        tenant=ctx.tenant,
        kind=kind,
        local_key=local_key,
        defaults={"stripe_id": stripe_id, "data": data or {}, "synced_at": ctx.now},
    )
    return obj


def _missing(exc: stripe.InvalidRequestError) -> bool:
    return exc.http_status == 404 or exc.code == "resource_missing"


# ----------------------------------------------------------------------------- customers


def _customer_params(tenant: Tenant, customer: Customer) -> dict[str, Any]:
    return {
        "name": customer.name or customer.external_id,
        "metadata": {
            "tenant_id": str(tenant.pk),
            "customer_id": customer.external_id,
            "marginal_customer_pk": str(customer.pk),
        },
    }


def ensure_customer(ctx: Ctx, customer: Customer) -> str:
    """Return the customer's Stripe id, creating or updating the Stripe customer as needed."""
    params = _customer_params(ctx.tenant, customer)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    mapping = mapping_get(tenant=ctx.tenant, kind=Kind.CUSTOMER, local_key=str(customer.pk))
    if mapping is not None:
        if mapping.data.get("digest") != digest:
            ctx.call(
                ctx.client.v1.customers.update,
                mapping.stripe_id,
                params,
                {"idempotency_key": ctx.update_key("customer", params)},
            )
            mapping_put(ctx, Kind.CUSTOMER, str(customer.pk), mapping.stripe_id, {"digest": digest})
        return mapping.stripe_id
    found = None
    if ctx.lookup_first:
        query = f"metadata['marginal_customer_pk']:'{customer.pk}' AND metadata['tenant_id']:'{ctx.tenant.pk}'"
        result = ctx.call(ctx.client.v1.customers.search, {"query": query, "limit": 1})
        found = result["data"][0] if result["data"] else None
    if found is None:
        found = ctx.call(
            ctx.client.v1.customers.create,
            params,
            {"idempotency_key": ctx.key(f"customer:{customer.pk}:create")},
        )
    elif found.get("name") != params["name"]:
        ctx.call(
            ctx.client.v1.customers.update,
            found["id"],
            params,
            {"idempotency_key": ctx.update_key("customer", params)},
        )
    mapping_put(ctx, Kind.CUSTOMER, str(customer.pk), found["id"], {"digest": digest})
    return str(found["id"])


def customer_sync(ctx: Ctx) -> str:
    customer = Customer.objects.of(ctx.tenant).get(pk=int(ctx.row.subject))
    return ensure_customer(ctx, customer)


# ----------------------------------------------------------------------------- plans


def ensure_meter(ctx: Ctx, spec: MeterSpec) -> StripeObject:
    """Return the mapping of a meter, finding it by event name or creating it."""
    mapping = mapping_get(tenant=ctx.tenant, kind=Kind.METER, local_key=spec.key)
    if mapping is not None:
        return mapping
    found = None
    for meter in ctx.list(ctx.client.v1.billing.meters.list, {"limit": 100}):
        if meter["event_name"] == spec.event_name and meter["status"] == "active":
            found = meter
            break
    if found is None:
        try:
            found = ctx.call(
                ctx.client.v1.billing.meters.create,
                spec.create_params(),
                {"idempotency_key": ctx.key(f"meter:{spec.event_name}:create")},
            )
        except stripe.InvalidRequestError as exc:
            if exc.code != "resource_already_exists":
                raise
            # Created by a request whose answer was lost and whose key is gone: look again.
            meters = ctx.list(ctx.client.v1.billing.meters.list, {"limit": 100})
            found = next(m for m in meters if m["event_name"] == spec.event_name)
    return mapping_put(ctx, Kind.METER, spec.key, found["id"], {"event_name": spec.event_name})


def ensure_plan_version(ctx: Ctx, version: PlanVersion) -> dict[str, str]:
    """Mirror a published version (product, meters, prices); return price id by charge key."""
    plan = version.plan
    mapping = plan_mapping(rate_plan(version))
    prod_id = product_id(tenant=ctx.tenant, plan_pk=plan.pk)
    if mapping_get(tenant=ctx.tenant, kind=Kind.PRODUCT, local_key=str(plan.pk)) is None:
        try:
            ctx.call(ctx.client.v1.products.retrieve, prod_id)
        except stripe.InvalidRequestError as exc:
            if not _missing(exc):
                raise
            ctx.call(
                ctx.client.v1.products.create,
                {
                    "id": prod_id,
                    "name": plan.name,
                    "metadata": {"tenant_id": str(ctx.tenant.pk), "plan_id": plan.code},
                },
                {"idempotency_key": ctx.key(f"product:{prod_id}:create")},
            )
        mapping_put(ctx, Kind.PRODUCT, str(plan.pk), prod_id)
    meters = {spec.key: ensure_meter(ctx, spec) for spec in mapping.meters}
    prices: dict[str, str] = {}
    for spec in mapping.prices:
        local = f"{version.pk}:{spec.charge_key}"
        existing = mapping_get(tenant=ctx.tenant, kind=Kind.PRICE, local_key=local)
        if existing is not None:
            prices[spec.charge_key] = existing.stripe_id
            continue
        key = lookup_key(
            tenant=ctx.tenant,
            plan_code=plan.code,
            version=version.version,
            charge_key=spec.charge_key,
        )
        listed = ctx.call(ctx.client.v1.prices.list, {"lookup_keys": [key], "limit": 1})
        if listed["data"]:
            price_id = listed["data"][0]["id"]
        else:
            params = {
                **spec.params,
                "product": prod_id,
                "lookup_key": key,
                "metadata": {
                    "tenant_id": str(ctx.tenant.pk),
                    "plan_id": plan.code,
                    "version": str(version.version),
                    "charge_key": spec.charge_key,
                },
            }
            if spec.meter_key is not None:
                params["recurring"] = {
                    **params["recurring"],
                    "meter": meters[spec.meter_key].stripe_id,
                }
            price_id = ctx.call(
                ctx.client.v1.prices.create,
                params,
                {"idempotency_key": ctx.key(f"price:{key}:create")},
            )["id"]
        data = {"charge_key": spec.charge_key, "usage": spec.usage, "meter_key": spec.meter_key}
        mapping_put(ctx, Kind.PRICE, local, price_id, data)
        prices[spec.charge_key] = price_id
    return prices


def plan_version_sync(ctx: Ctx) -> str:
    version = PlanVersion.objects.of(ctx.tenant).select_related("plan").get(pk=int(ctx.row.subject))
    prices = ensure_plan_version(ctx, version)
    return ",".join(sorted(prices.values()))


# ----------------------------------------------------------------------------- subscriptions


def _subscription_items(prices: dict[str, str], version: PlanVersion) -> list[dict[str, Any]]:
    usage = {
        o.stripe_id: o.data.get("usage", False)
        for o in StripeObject.objects.of(version.tenant).filter(
            kind=Kind.PRICE, local_key__startswith=f"{version.pk}:"
        )
    }
    items = []
    for _, price_id in sorted(prices.items()):
        items.append(
            {"price": price_id} if usage.get(price_id) else {"price": price_id, "quantity": 1}
        )
    return items


def _find_subscription(ctx: Ctx, customer_stripe_id: str, sub: Subscription) -> Any:
    params = {"customer": customer_stripe_id, "status": "all", "limit": 100}
    for candidate in ctx.list(ctx.client.v1.subscriptions.list, params):
        if (candidate.get("metadata") or {}).get("marginal_subscription_id") == str(sub.pk):
            return candidate
    return None


def subscription_sync(ctx: Ctx) -> str:
    """Create, reprice or end the Stripe subscription of a Marginal subscription."""
    sub = (
        Subscription.objects.of(ctx.tenant)
        .select_related("customer", "plan_version__plan")
        .get(pk=ctx.row.subject)
    )
    today = ctx.now.date()
    if sub.start_date > today:
        raise NotYet(datetime.combine(sub.start_date, time.min, tzinfo=UTC))
    customer_id = ensure_customer(ctx, sub.customer)
    prices = ensure_plan_version(ctx, sub.plan_version)
    ended = sub.end_date is not None and sub.end_date <= today
    mapping = mapping_get(tenant=ctx.tenant, kind=Kind.SUBSCRIPTION, local_key=str(sub.pk))
    stripe_sub = None
    if mapping is None and ctx.lookup_first:
        stripe_sub = _find_subscription(ctx, customer_id, sub)
    if mapping is None and stripe_sub is None:
        if ended:
            return ""  # over before it reached Stripe: Marginal bills it alone
        anchor = Period.month(today.year, today.month).end
        params: dict[str, Any] = {
            "customer": customer_id,
            "items": _subscription_items(prices, sub.plan_version),
            "billing_cycle_anchor": _epoch(anchor),
            "proration_behavior": "none",
            "metadata": {
                "tenant_id": str(ctx.tenant.pk),
                "marginal_subscription_id": str(sub.pk),
                "customer_id": sub.customer.external_id,
                "plan_id": sub.plan_version.plan.code,
                "version": str(sub.plan_version.version),
            },
        }
        # Stripe bills from this month on; earlier months were Marginal's to bill.
        start = max(sub.start_date, today.replace(day=1))
        if _epoch(start) < int(ctx.now.timestamp()):
            params["backdate_start_date"] = _epoch(start)
        if sub.end_date is not None:
            params["cancel_at"] = _epoch(sub.end_date)
        stripe_sub = ctx.call(
            ctx.client.v1.subscriptions.create,
            params,
            {"idempotency_key": ctx.key(f"subscription:{sub.pk}:create")},
        )
    elif stripe_sub is None:
        assert mapping is not None
        stripe_sub = ctx.call(ctx.client.v1.subscriptions.retrieve, mapping.stripe_id)
    stripe_sub = _converge_subscription(ctx, sub, stripe_sub, prices, ended)
    items = {item["price"]["id"]: item["id"] for item in stripe_sub["items"]["data"]}
    mapping_put(
        ctx,
        Kind.SUBSCRIPTION,
        str(sub.pk),
        stripe_sub["id"],
        {"status": stripe_sub["status"], "items": items, "customer": customer_id},
    )
    return str(stripe_sub["id"])


def _converge_subscription(
    ctx: Ctx, sub: Subscription, stripe_sub: Any, prices: dict[str, str], ended: bool
) -> Any:
    if stripe_sub["status"] == "canceled":
        return stripe_sub
    if ended:
        return ctx.call(
            ctx.client.v1.subscriptions.cancel,
            stripe_sub["id"],
            {"invoice_now": True, "prorate": False},
            {"idempotency_key": ctx.key(f"subscription:{sub.pk}:cancel")},
        )
    wanted = set(prices.values())
    current = {item["price"]["id"]: item["id"] for item in stripe_sub["items"]["data"]}
    params: dict[str, Any] = {}
    if set(current) != wanted:
        params["items"] = [
            {"id": item_id, "deleted": True}
            for price, item_id in current.items()
            if price not in wanted
        ] + [i for i in _subscription_items(prices, sub.plan_version) if i["price"] not in current]
        params["proration_behavior"] = "none"
    cancel_at = _epoch(sub.end_date) if sub.end_date is not None else None
    if stripe_sub.get("cancel_at") != cancel_at:
        params["cancel_at"] = cancel_at if cancel_at is not None else ""
    if not params:
        return stripe_sub
    return ctx.call(
        ctx.client.v1.subscriptions.update,
        stripe_sub["id"],
        params,
        {"idempotency_key": ctx.update_key("subscription", params)},
    )


# ----------------------------------------------------------------------------- usage


def meter_window_sync(ctx: Ctx) -> str:
    """Make Stripe hold the window's value: send, cancel and resend, or top up."""
    window = (
        StripeMeterWindow.objects.of(ctx.tenant)
        .select_for_update()
        .select_related("customer")
        .get(pk=int(ctx.row.subject))
    )
    customer_id = ensure_customer(ctx, window.customer)
    spec = meter_from_key(window.meter_key)
    ensure_meter(ctx, spec)
    events: list[dict[str, Any]] = list(window.events)
    live = [e for e in events if not e["cancelled"]]
    held = sum((Decimal(e["value"]) for e in live), Decimal(0))
    desired = window.desired
    if held == desired:
        window.uncorrectable = Decimal(0)
        window.save(update_fields=["uncorrectable", "updated_at"])
        return "unchanged"
    hour = window.hour.astimezone(UTC)
    cancellable = all(ctx.now - datetime.fromisoformat(e["sent_at"]) < CANCEL_WINDOW for e in live)
    if live and cancellable:
        for event in live:
            if not _cancel(ctx, spec, event["identifier"]):
                cancellable = False
                break
            event["cancelled"] = True
        window.events = events
        window.save(update_fields=["events", "updated_at"])
    if cancellable:
        to_send = desired
    else:
        held = sum((Decimal(e["value"]) for e in events if not e["cancelled"]), Decimal(0))
        to_send = desired - held if desired > held else Decimal(0)
    window.uncorrectable = max(held - desired, Decimal(0)) if not cancellable else Decimal(0)
    if to_send > 0:
        identifier = meter_event_identifier(
            tenant=ctx.tenant,
            customer_pk=window.customer_id,
            meter_key=window.meter_key,
            hour_iso=hour.isoformat(),
            n=len(events),
        )
        sent = _send_event(ctx, spec, customer_id, identifier, to_send, hour)
        events.append(
            {
                "identifier": identifier,
                "value": _plain(to_send),
                "sent_at": sent.isoformat(),
                "cancelled": False,
            }
        )
    window.events = events
    window.save(update_fields=["events", "uncorrectable", "updated_at"])
    return f"{_plain(desired)}"


def _cancel(ctx: Ctx, spec: MeterSpec, identifier: str) -> bool:
    """Cancel a meter event; False when Stripe says its correction window has passed."""
    try:
        ctx.call(
            ctx.client.v1.billing.meter_event_adjustments.create,
            {"event_name": spec.event_name, "type": "cancel", "cancel": {"identifier": identifier}},
            {"idempotency_key": ctx.key(f"cancel:{identifier}")},
        )
    except stripe.InvalidRequestError as exc:
        if exc.code in ("meter_event_adjustment_window_closed", "resource_missing"):
            return False
        raise
    return True


def _send_event(
    ctx: Ctx, spec: MeterSpec, customer_id: str, identifier: str, value: Decimal, hour: datetime
) -> datetime:
    """Send one meter event (its identifier is also its Idempotency-Key); return when sent.

    The time kept is this attempt's start by Marginal's clock: Stripe received the event no
    earlier, so the 24 h it may be cancelled in are never overestimated.
    """
    try:
        ctx.call(
            ctx.client.v1.billing.meter_events.create,
            {
                "event_name": spec.event_name,
                "identifier": identifier,
                "timestamp": int(hour.timestamp()),
                "payload": {
                    METER_PAYLOAD_CUSTOMER: customer_id,
                    METER_PAYLOAD_VALUE: _plain(value),
                },
            },
            # The identifier is the key; a key generation past 0 (a stored 5xx replays under
            # the first) adds a suffix, and Stripe's identifier dedupe still refuses a double.
            {"idempotency_key": identifier if not ctx.row.key_generation else ctx.key(identifier)},
        )
    except stripe.InvalidRequestError as exc:
        if exc.code != "duplicate_meter_event":
            raise
        # Sent by an attempt whose answer was lost and whose key has expired: it counts.
    return ctx.now


def credit_top_up_charge(ctx: Ctx) -> str:
    """Bill an auto top-up's paid credits as a pending invoice item (the next invoice's)."""
    payload = ctx.row.payload
    customer = Customer.objects.of(ctx.tenant).get(pk=int(payload["customer_pk"]))
    customer_id = ensure_customer(ctx, customer)
    amount = Decimal(str(payload["amount"]))
    currency = str(payload["currency"])
    marginal_key = f"credit_top_up:{ctx.row.subject}"
    if ctx.lookup_first:  # an earlier attempt under another key may have created it
        for existing in ctx.list(ctx.client.v1.invoice_items.list, {"customer": customer_id}):
            if (existing.get("metadata") or {}).get("marginal_key") == marginal_key:
                return str(existing["id"])
    item = ctx.call(
        ctx.client.v1.invoice_items.create,
        {
            "customer": customer_id,
            "amount": to_minor_units(amount, currency),
            "currency": currency.lower(),
            "description": str(payload["description"]),
            "metadata": {
                "tenant_id": str(ctx.tenant.pk),
                "marginal_key": marginal_key,
                "marginal_charge_key": "credit_top_up",
            },
        },
        {"idempotency_key": ctx.key(marginal_key)},
    )
    return str(item["id"])


OPERATIONS: dict[str, Callable[[Ctx], str]] = {
    "customer.sync": customer_sync,
    "plan_version.sync": plan_version_sync,
    "subscription.sync": subscription_sync,
    "meter_window.sync": meter_window_sync,
    "credit_top_up.charge": credit_top_up_charge,
}
