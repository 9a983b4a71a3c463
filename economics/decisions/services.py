"""Writes of what-ifs: record a job and queue it. A what-if writes only its own rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from config.errors import InvalidInput
from config.jobs import job_create_once, job_send_on_commit
from economics.costs.selectors import price_book_get
from economics.dates import instant, month_label
from economics.decisions import changes as kinds
from economics.decisions.models import WhatIf
from economics.decisions.tasks import what_if_run as what_if_run_task
from economics.margins.models import ClassDay
from economics.simulations.models import Simulation
from economics.simulations.services import candidate_resolve, past_months
from metering.models import Tenant, UsageEvent

MAX_CHANGES = 20


def _now() -> datetime:
    return datetime.now(UTC)


def _decimal(path: str, value: Any, low: Decimal | None, high: Decimal | None) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError as exc:
        raise InvalidInput.field(path, "Must be a decimal number.") from exc
    if value is None or not amount.is_finite():
        raise InvalidInput.field(path, "Must be a decimal number.")
    if low is not None and amount < low:
        raise InvalidInput.field(path, f"Must be at least {low}.")
    if high is not None and amount > high:
        raise InvalidInput.field(path, f"Must be at most {high}.")
    return amount


def _change(
    tenant: Tenant, index: int, data: Mapping[str, Any], classes: set[str], at: datetime
) -> kinds.Change:
    path = f"changes.{index}"
    kind = data.get("type")
    if kind not in kinds.KINDS:
        raise InvalidInput.field(f"{path}.type", f"Must be one of {', '.join(kinds.KINDS)}.")
    request_class = data.get("request_class") or None
    if request_class is not None and request_class not in classes:
        raise InvalidInput.field(
            f"{path}.request_class", f"No events of class '{request_class}' in these months."
        )
    if kind == kinds.MODEL:
        model, provider = str(data.get("model") or ""), str(data.get("provider") or "")
        if not model:
            raise InvalidInput.field(f"{path}.model", "Name the model the class moves to.")
        price, _ = price_book_get(tenant=tenant).model_price(
            model=model, provider=provider, moment=at
        )
        if price is None:
            raise InvalidInput.field(
                f"{path}.model", f"The cost book has no price for model '{model}' in these months."
            )
        return kinds.Change(kind, request_class, model=model, provider=provider)
    if kind == kinds.CACHED_INPUT_SHARE:
        share = _decimal(f"{path}.share", data.get("share"), Decimal(0), Decimal(1))
        return kinds.Change(kind, request_class, share=share)
    if kind == kinds.OUTPUT_TOKENS:
        percent = _decimal(f"{path}.percent", data.get("percent"), Decimal(-100), None)
        return kinds.Change(kind, request_class, percent=percent)
    if kind == kinds.RETRIEVAL_CALLS:
        per_request = _decimal(f"{path}.per_request", data.get("per_request"), Decimal(0), None)
        return kinds.Change(kind, request_class, per_request=per_request)
    if kind == kinds.GPU_RATE:
        if request_class is not None:
            raise InvalidInput.field(
                f"{path}.request_class", "A GPU rate applies to every class: leave it out."
            )
        rate = _decimal(f"{path}.usd_per_gpu_hour", data.get("usd_per_gpu_hour"), Decimal(0), None)
        return kinds.Change(
            kind, None, gpu_type=str(data.get("gpu_type") or ""), usd_per_gpu_hour=rate
        )
    if request_class is None:
        raise InvalidInput.field(f"{path}.request_class", "Name the class to retire.")
    return kinds.Change(
        kind, request_class, remove_fixed_costs=bool(data.get("remove_fixed_costs", False))
    )


def _classes(tenant: Tenant, start: datetime, end: datetime, named: set[Any]) -> set[str]:
    """The named request classes that have live events in [start, end) (whole days).

    Read from the tenant-wide day rollups; a class they do not show (not rolled up yet) is
    looked for among the events.
    """
    wanted = {str(n) for n in named if n}
    found = set(
        ClassDay.objects.of(tenant)
        .filter(bucket_start__gte=start, bucket_start__lt=end, request_class__in=sorted(wanted))
        .values_list("request_class", flat=True)
        .distinct()
    )
    for name in sorted(wanted - found):
        events = UsageEvent.objects.of(tenant).filter(
            timestamp__gte=start, timestamp__lt=end, voided_at__isnull=True, request_class=name
        )
        if events.exists():
            found.add(name)
    return found


def _candidate(tenant: Tenant, data: Mapping[str, Any]) -> dict[str, Any]:
    if data.get("simulation_id") is not None:
        try:
            simulation = Simulation.objects.of(tenant).get(pk=data["simulation_id"])
        except (Simulation.DoesNotExist, ValueError, DjangoValidationError) as exc:
            raise InvalidInput.field(
                "candidate.simulation_id", f"No simulation with id '{data['simulation_id']}'."
            ) from exc
        key = str(data.get("plan") or "candidate_1")
        for candidate in simulation.params.get("candidates", []):
            if candidate["key"] == key:
                return {**candidate, "key": "candidate", "simulation_id": str(simulation.pk)}
        raise InvalidInput.field("candidate.plan", f"The simulation has no candidate '{key}'.")
    return candidate_resolve(tenant=tenant, path="candidate", data=data)


@transaction.atomic
def what_if_create(
    *,
    tenant: Tenant,
    start_month: str,
    end_month: str,
    changes: Sequence[Mapping[str, Any]] = (),
    candidate: Mapping[str, Any] | None = None,
    name: str = "",
    enqueue: bool = True,
    today: date | None = None,
    idempotency_key: str = "",
) -> WhatIf:
    """Record a what-if (changes to the cost book, a candidate plan, classes retired) and queue it.

    With an `idempotency_key`, the same request again returns the job it created; the key with
    another request is a conflict.
    """
    if not changes and not candidate:
        raise InvalidInput.field("changes", "Give at least one change or a candidate plan.")
    if len(changes) > MAX_CHANGES:
        raise InvalidInput.field("changes", f"At most {MAX_CHANGES} changes.")
    start, end = past_months(start_month, end_month, today or _now().date())
    first, after = instant(month_label(start)), instant(month_label(end))
    classes = _classes(tenant, first, after, {c.get("request_class") for c in changes})
    resolved = [
        _change(tenant, i, c, classes, after - timedelta(microseconds=1))
        for i, c in enumerate(changes)
    ]
    params: dict[str, Any] = {
        "start_month": start,
        "end_month": end,
        "changes": [c.as_data() for c in resolved],
        "candidate": _candidate(tenant, candidate) if candidate else None,
        "currency": "USD",
    }
    what_if, created = job_create_once(
        WhatIf,
        tenant=tenant,
        idempotency_key=idempotency_key,
        asked={"name": name, "params": params},
        what="what-if",
    )
    if not created:
        return what_if
    if enqueue:
        job_send_on_commit(what_if_run_task, WhatIf, what_if.pk)
    return what_if
