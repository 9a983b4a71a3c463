"""Writes of plan simulations: create a job, run it, record how it ended.

A simulation reads subscriptions, plan versions and events and writes only its own
``Simulation`` row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction

from config.errors import InvalidInput
from config.jobs import job_create_once, job_send_on_commit
from economics.dates import month_label
from economics.simulations.models import Simulation
from economics.simulations.selectors import month_periods
from economics.simulations.tasks import simulation_run as simulation_run_task
from metering.models import Customer, Tenant
from pricing.charge_specs import charges_from_data, charges_to_data
from pricing.models import Plan, PlanVersion
from pricing.money import normalize_currency
from pricing.rating import RatingError

MAX_MONTHS = 36
MAX_CANDIDATES = 5
MAX_EXTERNAL_IDS = 10_000
COST_CURRENCY = "USD"  # event costs are recorded in USD


def _now() -> datetime:
    return datetime.now(UTC)


def _version(tenant: Tenant, path: str, plan_id: Any, version: Any) -> PlanVersion:
    plan = Plan.objects.of(tenant).filter(code=str(plan_id)).first()
    if plan is None:
        raise InvalidInput.field(f"{path}.plan_id", f"No plan with plan_id '{plan_id}'.")
    found = PlanVersion.objects.of(tenant).filter(plan=plan, version=version).first()
    if found is None:
        raise InvalidInput.field(f"{path}.version", f"Plan '{plan_id}' has no version {version}.")
    return found


def _candidate(tenant: Tenant, index: int, data: Mapping[str, Any]) -> dict[str, Any]:
    path = f"candidates.{index}"
    if data.get("plan_id") is not None:
        version = _version(tenant, path, data["plan_id"], data.get("version"))
        currency, charges = version.currency, version.charges
        name = data.get("name") or f"{data['plan_id']} v{version.version}"
        source = {"plan_id": str(data["plan_id"]), "version": version.version}
    else:
        try:
            currency = normalize_currency(str(data.get("currency") or ""))
        except ValueError as exc:
            raise InvalidInput.field(f"{path}.currency", str(exc)) from exc
        try:
            charges = charges_to_data(charges_from_data(list(data.get("charges") or [])))
        except RatingError as exc:
            raise InvalidInput.field(f"{path}.{exc.field}", exc.message) from exc
        except (TypeError, ValueError) as exc:
            raise InvalidInput.field(f"{path}.charges", "Must be a list of charges.") from exc
        name = data.get("name") or f"Candidate {index + 1}"
        source = {"plan_id": None, "version": None}
    if currency != COST_CURRENCY:
        raise InvalidInput.field(
            f"{path}.currency",
            f"Costs are recorded in {COST_CURRENCY}, so simulations compare "
            f"{COST_CURRENCY} plans; this plan is in {currency}.",
        )
    return {
        "key": f"candidate_{index + 1}",
        "name": str(name),
        **source,
        "currency": currency,
        "charges": charges,
    }


def _customers(tenant: Tenant, data: Mapping[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {"mode": "all"}
    ids = data.get("external_ids")
    on_plan = data.get("plan_id") is not None
    if ids is not None and on_plan:
        raise InvalidInput.field(
            "customers", "Give either external_ids or plan_id and version, not both."
        )
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            raise InvalidInput.field("customers.external_ids", "Give at least one customer id.")
        if len(wanted) > MAX_EXTERNAL_IDS:
            raise InvalidInput.field(
                "customers.external_ids", f"At most {MAX_EXTERNAL_IDS} customer ids."
            )
        known = set(
            Customer.objects.of(tenant)
            .filter(external_id__in=wanted)
            .values_list("external_id", flat=True)
        )
        unknown = [i for i in wanted if i not in known]
        if unknown:
            shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
            raise InvalidInput.field("customers.external_ids", f"Unknown customer ids: {shown}.")
        return {"mode": "list", "external_ids": wanted}
    if on_plan:
        version = _version(tenant, "customers", data["plan_id"], data.get("version"))
        return {
            "mode": "plan_version",
            "plan_id": str(data["plan_id"]),
            "version": version.version,
            "plan_version_pk": version.pk,
        }
    return {"mode": "all"}


def _months(start_month: str, end_month: str, today: date) -> tuple[str, str]:
    errors: list[tuple[str, str]] = []
    parsed: dict[str, date] = {}
    for name, value in (("start_month", start_month), ("end_month", end_month)):
        try:
            parsed[name] = month_label(value)
        except (TypeError, ValueError):
            errors.append((name, "Must be a month as YYYY-MM."))
    if errors:
        raise InvalidInput(errors)
    start, end = parsed["start_month"], parsed["end_month"]
    this_month = today.replace(day=1)
    if end <= start:
        raise InvalidInput.field(
            "end_month", "Must be after start_month (the range is [start, end))."
        )
    if end > this_month:
        raise InvalidInput.field(
            "end_month", f"Simulations rate complete past months: at most {this_month:%Y-%m}."
        )
    if len(month_periods(start, end)) > MAX_MONTHS:
        raise InvalidInput.field("end_month", f"At most {MAX_MONTHS} months.")
    return f"{start:%Y-%m}", f"{end:%Y-%m}"


@transaction.atomic
def simulation_create(
    *,
    tenant: Tenant,
    candidates: Sequence[Mapping[str, Any]],
    start_month: str,
    end_month: str,
    customers: Mapping[str, Any] | None = None,
    name: str = "",
    enqueue: bool = True,
    today: date | None = None,
    idempotency_key: str = "",
) -> Simulation:
    """Record a simulation of candidate plans and queue it (after commit).

    With an `idempotency_key`, the same request again returns the job it created; the key
    with another request is a conflict.
    """
    if not candidates:
        raise InvalidInput.field("candidates", "Give at least one candidate plan.")
    if len(candidates) > MAX_CANDIDATES:
        raise InvalidInput.field("candidates", f"At most {MAX_CANDIDATES} candidate plans.")
    start, end = _months(start_month, end_month, today or _now().date())
    params = {
        "start_month": start,
        "end_month": end,
        "customers": _customers(tenant, customers),
        "candidates": [_candidate(tenant, i, c) for i, c in enumerate(candidates)],
        "currency": COST_CURRENCY,
    }
    simulation, created = job_create_once(
        Simulation,
        tenant=tenant,
        idempotency_key=idempotency_key,
        asked={"name": name, "params": params},
        what="simulation",
    )
    if not created:
        return simulation
    if enqueue:
        job_send_on_commit(simulation_run_task, Simulation, simulation.pk)
    return simulation


def candidate_resolve(*, tenant: Tenant, path: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Resolve a candidate plan (an existing version or inline charges) the way simulations do.

    Errors name fields under `path` (e.g. "candidate.charges.0.unit_amount").
    """
    try:
        resolved = _candidate(tenant, 0, data)
    except InvalidInput as exc:
        raise InvalidInput(
            [(path + name.removeprefix("candidates.0"), message) for name, message in exc.errors]
        ) from exc
    return {**resolved, "key": "candidate"}


def past_months(start_month: str, end_month: str, today: date) -> tuple[str, str]:
    """Validate a [start, end) range of complete past months (YYYY-MM), as simulations take it."""
    return _months(start_month, end_month, today)
