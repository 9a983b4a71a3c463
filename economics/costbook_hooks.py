"""Listeners told after commit which events got a new cost (costing, re-costing).

Rollups register here (in EconomicsConfig.ready) to recompute the buckets those
events fall in, so a re-cost reaches everything downstream.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from django.db import transaction

CostsChangedListener = Callable[[UUID, Sequence[int]], None]
_listeners: list[CostsChangedListener] = []


def register_costs_changed_listener(listener: CostsChangedListener) -> None:
    """Call `listener(tenant_id, event_pks)` after every commit that changes event costs."""
    if listener not in _listeners:
        _listeners.append(listener)


def notify_costs_changed(*, tenant_id: UUID, event_pks: Sequence[int]) -> None:
    """Schedule the listeners for after the current transaction commits."""
    if not event_pks:
        return
    pks = list(event_pks)

    def fire() -> None:
        for listener in list(_listeners):
            listener(tenant_id, pks)

    transaction.on_commit(fire)
