"""Writes of usage events: ingest (idempotent, batch-safe), void and amend (audited)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from config.errors import Conflict, Unavailable
from config.metrics import events_ingested_count
from metering import event_store
from metering.audit import Actor, audit_record
from metering.changes import event_changes_note, event_changes_told
from metering.event_fast import parse_events
from metering.event_schema import EventResult, NormalisedEvent
from metering.models import CorrectionAction, EventCorrection, EventKey, Tenant, UsageEvent

ACCEPTED = "accepted"
DUPLICATE = "duplicate"
CONFLICT = "conflict"
REJECTED = "rejected"
RETRY_AFTER_SECONDS = 2
CONFLICT_MESSAGE = (
    "An event with this event_id was already stored with a different payload;"
    " the stored event is unchanged."
)


@dataclass
class IngestReport:
    """What happened to each posted event; `entries` list those not plainly accepted."""

    batch: bool
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    rejected: int = 0
    customers_created: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    stored_pks: list[int] = field(default_factory=list)

    def as_body(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "conflict": self.conflict,
            "rejected": self.rejected,
            "customers_created": len(self.customers_created),
            "created_customer_ids": self.customers_created,
            "results": self.entries,
        }


def events_ingest(*, tenant: Tenant, body: bytes, now: datetime | None = None) -> IngestReport:
    """Validate and store a posted body (one event or {"events": [...]}).

    Raises MalformedBody (nothing stored) for an unusable body and Unavailable when the
    database fails (nothing stored either: one transaction per request).
    """
    now = now or timezone.now()
    results, batch = parse_events(
        body,
        now=now,
        max_age=timedelta(days=tenant.event_max_age_days),
        max_future=timedelta(seconds=tenant.event_max_future_seconds),
    )
    return events_store(tenant=tenant, results=results, batch=batch, received_at=now)


def events_store(
    *,
    tenant: Tenant,
    results: list[EventResult],
    batch: bool,
    received_at: datetime,
    amends: dict[str, str] | None = None,
) -> IngestReport:
    """Store the valid events of `results` once each and give every event its verdict."""
    report = IngestReport(batch=batch)
    first: dict[str, NormalisedEvent] = {}
    for result in results:
        event = result.event
        if event is not None and event.event_id not in first:
            first[event.event_id] = event
    candidates = list(first.values())
    claim = event_store.Claim()
    created: list[str] = []
    try:
        if _at_once(candidates, amends):
            claim = event_store.events_store_at_once(
                tenant=tenant, events=candidates, received_at=received_at
            )
            if claim.claimed:
                event_changes_told(tenant=tenant)
        rest = candidates
        if claim.claimed or claim.hashes:
            rest = [
                e
                for e in candidates
                if e.event_id not in claim.claimed and e.event_id not in claim.hashes
            ]
        if rest:
            event_store.stage_prepare(events=len(rest))
    except DatabaseError as exc:
        raise Unavailable(
            "The database is unavailable; nothing was stored. Retry the request.",
            retry_after=RETRY_AFTER_SECONDS,
        ) from exc
    if rest:
        more, more_pks, created = _store_in_transaction(tenant, rest, received_at, amends)
        claim.hashes.update(more.hashes)
        claim.claimed.update(
            zip((e.event_id for e in rest if e.event_id in more.claimed), more_pks, strict=True)
        )
    new = [e for e in candidates if e.event_id in claim.claimed]
    report.customers_created = created
    report.stored_pks = [claim.claimed[e.event_id] for e in new]
    stored_hashes = claim.hashes
    for event in new:
        stored_hashes[event.event_id] = event.payload_hash
    for result in results:
        event = result.event
        if event is None:
            report.rejected += 1
            errors = [{"field": path, "message": message} for path, message in result.errors]
            report.entries.append(_entry(result, REJECTED, errors))
        elif first.get(event.event_id) is event and event.event_id in claim.claimed:
            report.accepted += 1
        elif stored_hashes[event.event_id] == event.payload_hash:
            report.duplicate += 1
            report.entries.append(_entry(result, DUPLICATE, []))
        else:
            report.conflict += 1
            path = f"events.{result.index}.event_id" if batch else "event_id"
            report.entries.append(
                _entry(result, CONFLICT, [{"field": path, "message": CONFLICT_MESSAGE}])
            )
    for verdict, count in (
        (ACCEPTED, report.accepted),
        (DUPLICATE, report.duplicate),
        (CONFLICT, report.conflict),
        (REJECTED, report.rejected),
    ):
        events_ingested_count(verdict=verdict, count=count)
    return report


def _at_once(candidates: list[NormalisedEvent], amends: dict[str, str] | None) -> bool:
    """Whether a few events can be claimed, stored and noted by one self-committing statement."""
    return (
        0 < len(candidates) < event_store.STAGE_MIN_EVENTS
        and not amends
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def _store_in_transaction(
    tenant: Tenant,
    candidates: list[NormalisedEvent],
    received_at: datetime,
    amends: dict[str, str] | None,
) -> tuple[event_store.Claim, list[int], list[str]]:
    """Claim keys, create new customers, insert events and note them in one transaction."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                claim = event_store.events_claim(
                    tenant=tenant, events=candidates, received_at=received_at, amends=amends
                )
                new = [e for e in candidates if e.event_id in claim.claimed]
                # Claimed events not stored by the claim itself: those of new customers
                # (PostgreSQL), or every claimed event (elsewhere).
                waiting = []
                if len(claim.stored) < len(new):
                    waiting = [e for e in new if e.event_id not in claim.stored]
                customer_pks, created = event_store.customers_resolve(
                    tenant=tenant, external_ids={e.customer_id for e in waiting}
                )
                inserted = event_store.events_insert(
                    tenant=tenant,
                    events=waiting,
                    customer_pks=customer_pks,
                    received_at=received_at,
                    claimed=claim.claimed,
                    amends=amends,
                )
                pk_of = dict(zip((e.event_id for e in waiting), inserted, strict=True))
                pks = [pk_of.get(e.event_id) or claim.claimed[e.event_id] for e in new]
                event_changes_note(tenant=tenant, event_pks=pks)
            return claim, pks, created
        except IntegrityError as exc:
            # Only the non-PostgreSQL path can lose a race for a key; retry once, then give up.
            if attempt == 1:
                raise Unavailable(
                    "Events could not be stored; nothing was stored. Retry the request.",
                    retry_after=RETRY_AFTER_SECONDS,
                ) from exc
        except DatabaseError as exc:
            raise Unavailable(
                "The database is unavailable; nothing was stored. Retry the request.",
                retry_after=RETRY_AFTER_SECONDS,
            ) from exc
    raise AssertionError("unreachable")


def _entry(result: EventResult, status: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    return {"index": result.index, "event_id": result.event_id, "status": status, "errors": errors}


def event_void(*, tenant: Tenant, event: UsageEvent, actor: Actor, reason: str = "") -> UsageEvent:
    """Void an event: it stays stored and audited but leaves every aggregate.

    Voiding a voided event changes nothing (a retried void is safe).
    """
    if event.voided_at is not None:
        return event
    with transaction.atomic():
        now = timezone.now()
        # Filter on the timestamp too, so PostgreSQL touches one partition.
        changed = (
            UsageEvent.objects.of(tenant)
            .filter(pk=event.pk, timestamp=event.timestamp, voided_at__isnull=True)
            .update(voided_at=now)
        )
        if not changed:  # voided meanwhile by a concurrent request
            return UsageEvent.objects.of(tenant).get(pk=event.pk, timestamp=event.timestamp)
        EventCorrection.objects.create(
            tenant=tenant,
            event_id=event.event_id,
            action=CorrectionAction.VOID,
            reason=reason,
            api_key_prefix=actor.api_key_prefix,
        )
        audit_record(
            tenant=tenant,
            actor=actor,
            action="event.void",
            object_type="event",
            object_id=event.event_id,
            before={"voided_at": None},
            after={"voided_at": now, "reason": reason},
        )
        event_changes_note(tenant=tenant, event_pks=[event.pk])
    event.voided_at = now
    return event


def event_amend(
    *,
    tenant: Tenant,
    event: UsageEvent,
    result: EventResult,
    actor: Actor,
    reason: str = "",
    received_at: datetime,
) -> UsageEvent:
    """Void `event` and store the validated replacement, linked to it, in one transaction.

    Retrying the same amendment returns the stored replacement; any other amendment of a voided
    event, or a replacement whose event_id is taken, is a 409.
    """
    replacement = result.event
    assert replacement is not None
    if replacement.event_id == event.event_id:
        raise Conflict("The replacement needs its own event_id, not the amended event's.")
    stored = EventKey.objects.of(tenant).filter(event_id=replacement.event_id).first()
    if stored is not None:
        previous = (
            UsageEvent.objects.of(tenant)
            .filter(event_id=replacement.event_id, timestamp=stored.timestamp)
            .first()
        )
        if (
            previous is not None
            and previous.amends_event_id == event.event_id
            and stored.payload_hash == replacement.payload_hash
        ):
            return previous  # the same amendment, retried
        raise Conflict(f"An event with event_id '{replacement.event_id}' already exists.")
    if event.voided_at is not None:
        raise Conflict(f"Event '{event.event_id}' is voided; amend its replacement instead.")
    try:
        with transaction.atomic():
            report = events_store(
                tenant=tenant,
                results=[result],
                batch=False,
                received_at=received_at,
                amends={replacement.event_id: event.event_id},
            )
            if report.accepted != 1:
                raise Conflict(f"An event with event_id '{replacement.event_id}' already exists.")
            now = timezone.now()
            voided = (
                UsageEvent.objects.of(tenant)
                .filter(pk=event.pk, timestamp=event.timestamp, voided_at__isnull=True)
                .update(voided_at=now)
            )
            if not voided:  # voided by a concurrent request: keep nothing of this one
                raise Conflict(
                    f"Event '{event.event_id}' is voided; amend its replacement instead."
                )
            EventCorrection.objects.create(
                tenant=tenant,
                event_id=event.event_id,
                action=CorrectionAction.AMEND,
                replacement_event_id=replacement.event_id,
                reason=reason,
                api_key_prefix=actor.api_key_prefix,
            )
            audit_record(
                tenant=tenant,
                actor=actor,
                action="event.amend",
                object_type="event",
                object_id=event.event_id,
                before={"voided_at": None},
                after={
                    "voided_at": now,
                    "replacement_event_id": replacement.event_id,
                    "reason": reason,
                },
            )
            event_changes_note(tenant=tenant, event_pks=[event.pk])
    except DatabaseError as exc:
        raise Unavailable(
            "The database is unavailable; nothing was changed. Retry the request.",
            retry_after=RETRY_AFTER_SECONDS,
        ) from exc
    return UsageEvent.objects.of(tenant).get(pk=report.stored_pks[0])
