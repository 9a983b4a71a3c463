"""The change note: which events changed, written with the change, heard by one listener.

Every write that changes what an event counts for (ingest, a void, an amendment, a
re-cost) calls `event_changes_note` inside its own transaction. The note commits or rolls
back with the change, so what comes downstream (costing, rollups, alerts) can never miss
one. After the commit the one registered listener (economics' pipeline, registered when
Django starts) is told which tenant has notes waiting; if that fails, the note stays and
a periodic sweep finds it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Q

from metering.models import EventChange, Tenant

logger = logging.getLogger(__name__)

ChangeListener = Callable[[UUID], None]
_listener: ChangeListener | None = None


def change_listener_set(listener: ChangeListener | None) -> None:
    """Name the one function told, after each commit that wrote a note, which tenant changed."""
    global _listener
    _listener = listener


def id_runs(pks: Iterable[int]) -> list[list[int]]:
    """Compress ids into sorted [first, last] runs of consecutive ids."""
    runs: list[list[int]] = []
    for pk in sorted(set(pks)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return runs


def event_changes_note(
    *,
    tenant: Tenant,
    event_pks: Iterable[int] = (),
    start: datetime | None = None,
    end: datetime | None = None,
) -> EventChange | None:
    """Note changed events (ids, or every event of [start, end)) inside the caller's transaction.

    Constant work whatever the number of events: one row. An exception here aborts the
    caller's change, which is the point: a change is never stored without its note.
    """
    runs = id_runs(event_pks)
    if not runs and start is None:
        return None
    if (start is None) != (end is None):
        raise ValueError("A range note needs both its start and its end.")
    note = EventChange.objects.create(
        tenant=tenant, event_pks=runs, range_start=start, range_end=end
    )
    if _listener is not None:
        # robust: the change is committed by then; a listener that fails (a broker down)
        # is logged, and the note waits for the sweep.
        transaction.on_commit(_told(_listener, tenant.pk), robust=True)
    return note


def event_changes_told(*, tenant: Tenant) -> None:
    """Tell the listener of a note that a single statement wrote and committed already.

    Robust like the calls after a commit: a listener that fails is logged, and the note
    waits for the sweep.
    """
    if _listener is None:
        return
    try:
        _told(_listener, tenant.pk)()
    except Exception:
        logger.exception("Telling %s of a change note failed; the sweep will find it.", _listener)


def _told(listener: ChangeListener, tenant_id: UUID) -> Callable[[], None]:
    def tell() -> None:
        listener(tenant_id)

    # Django names the callback when it logs a failure.
    tell.__qualname__ = getattr(listener, "__qualname__", repr(listener))
    return tell


@dataclass(frozen=True)
class NotedChanges:
    """Notes taken by one consumer: their ids, the runs of event ids, and the ranges."""

    note_ids: list[int]
    runs: list[tuple[int, int]]
    ranges: list[tuple[datetime, datetime]]

    def id_filters(self, width: int = 100) -> list[Q]:
        """The event-id runs as `id BETWEEN` filters, `width` runs per filter."""
        filters = []
        for start in range(0, len(self.runs), width):
            ranges = Q()
            for first, last in self.runs[start : start + width]:
                ranges |= Q(id__range=(first, last))
            filters.append(ranges)
        return filters


def event_changes_take(
    *, tenant: Tenant, max_events: int = 5_000, limit: int = 100
) -> NotedChanges:
    """Lock the tenant's oldest notes for this transaction, about `max_events` events' worth.

    Other consumers skip the locked notes. At least one note is taken when any waits; a
    range note counts as one event (marking a range is one statement).
    """
    rows = (
        EventChange.objects.of(tenant)
        .select_for_update(skip_locked=True)
        .order_by("id")
        .values_list("id", "event_pks", "range_start", "range_end")[:limit]
    )
    note_ids: list[int] = []
    runs: list[tuple[int, int]] = []
    ranges: list[tuple[datetime, datetime]] = []
    events = 0
    for note_id, pks, start, end in rows:
        if note_ids and events >= max_events:
            break
        note_ids.append(note_id)
        for first, last in pks:
            runs.append((first, last))
            events += last - first + 1
        if start is not None and end is not None:
            ranges.append((start, end))
            events += 1
    return NotedChanges(note_ids=note_ids, runs=runs, ranges=ranges)


def event_changes_delete(*, tenant: Tenant, changes: NotedChanges) -> None:
    """Delete notes once what they asked for is done (inside the same transaction)."""
    EventChange.objects.of(tenant).filter(id__in=changes.note_ids).delete()


def event_change_tenants() -> list[UUID]:
    """Tenants with notes waiting (the sweep's work list)."""
    notes = EventChange.objects.cross_tenant(reason="sweep: every tenant with notes waiting")
    return sorted(set(notes.values_list("tenant_id", flat=True).distinct()))


def event_changes_waiting(*, tenant: Tenant) -> bool:
    """Whether notes of this tenant wait to be consumed."""
    return EventChange.objects.of(tenant).exists()
