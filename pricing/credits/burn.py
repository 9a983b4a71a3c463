"""Burn-down of prepaid credits: rated amounts draw on grants in priority and expiry order.

Pure: no ORM. The ledger (services.credits_sync) and every reader (balance, invoice preview,
finalisation) call ``burn`` on the same inputs, so a balance, the credits an invoice shows
and the ledger always agree.

Rules:

* Draws are taken in time order (ties by key). A draw at instant t takes from the grants in
  force at t (``effective_at <= t``, not expired: ``t < expires_at``, not voided:
  ``t < voided_at``) with something left, in order: lower ``priority`` first, then the
  earliest ``expires_at`` (never-expiring last), then the earliest ``effective_at``, then id.
* What a draw cannot take from grants is left uncovered (billed as usual).
* A grant's remainder expires at ``expires_at`` and is voided at ``voided_at`` once that
  instant is at or before ``until``; an expired or voided remainder never comes back.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Grant:
    id: Hashable
    amount: Decimal  # currency
    effective_at: datetime
    priority: int = 100  # lower draws first
    expires_at: datetime | None = None
    voided_at: datetime | None = None

    def end(self) -> datetime | None:
        """Return when the grant stops covering draws (expiry or void, the earlier)."""
        ends = [t for t in (self.expires_at, self.voided_at) if t is not None]
        return min(ends) if ends else None


@dataclass(frozen=True, slots=True)
class Draw:
    at: datetime
    amount: Decimal  # currency, >= 0
    key: Hashable = None  # the event (or the fees of a period) that drew


@dataclass(slots=True)
class GrantState:
    grant: Grant
    remaining: Decimal
    drawn: Decimal = ZERO
    expired: Decimal = ZERO
    voided: Decimal = ZERO


@dataclass(slots=True)
class Burn:
    grants: dict[Hashable, GrantState]
    # Per draw: (draw, [(grant id, amount taken)], uncovered)
    draws: list[tuple[Draw, list[tuple[Hashable, Decimal]], Decimal]] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        """Return what is left on grants in force or not yet effective."""
        return sum((s.remaining for s in self.grants.values()), ZERO)

    def covered_between(self, start: datetime, end: datetime) -> Decimal:
        """Return the credits applied to draws of [start, end)."""
        return sum(
            (sum((a for _, a in taken), ZERO) for d, taken, _ in self.draws if start <= d.at < end),
            ZERO,
        )


def _order(state: GrantState) -> tuple[int, int, datetime, datetime, str]:
    g = state.grant
    expires = g.expires_at or datetime.max.replace(tzinfo=g.effective_at.tzinfo)
    never = 1 if g.expires_at is None else 0
    return (g.priority, never, expires, g.effective_at, str(g.id))


def _close(states: Sequence[GrantState], moment: datetime) -> None:
    """Expire or void the remainders of grants whose end is at or before ``moment``."""
    for s in states:
        end = s.grant.end()
        if end is None or end > moment or not s.remaining:
            continue
        if s.grant.voided_at is not None and s.grant.voided_at == end:
            s.voided += s.remaining
        else:
            s.expired += s.remaining
        s.remaining = ZERO


def burn(grants: Sequence[Grant], draws: Sequence[Draw], *, until: datetime) -> Burn:
    """Apply draws (time order) to grants; close what expired or was voided by ``until``."""
    states = [GrantState(g, g.amount) for g in grants]
    result = Burn({s.grant.id: s for s in states})
    ordered = sorted(states, key=_order)
    for draw in sorted(draws, key=lambda d: (d.at, str(d.key))):
        if draw.at >= until:
            continue
        _close(states, draw.at)
        need = draw.amount
        taken: list[tuple[Hashable, Decimal]] = []
        for s in ordered:
            if not need:
                break
            if not s.remaining or s.grant.effective_at > draw.at:
                continue
            take = s.remaining if s.remaining < need else need
            s.remaining -= take
            s.drawn += take
            need -= take
            taken.append((s.grant.id, take))
        result.draws.append((draw, taken, need))
    _close(states, until)
    return result
