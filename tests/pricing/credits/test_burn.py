"""The burn-down alone: draw order, expiry, void, uncovered draws."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from pricing.credits.burn import Draw, Grant, burn

D = Decimal


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_draws_take_the_lowest_priority_then_the_earliest_expiry_first() -> None:
    grants = [
        Grant("paid", D(500), at(1, 0), priority=20),
        Grant("promo", D(100), at(1, 0), priority=10, expires_at=at(16, 0)),
        Grant("bonus", D(10), at(1, 0), priority=10, expires_at=at(20, 0)),
    ]
    b = burn(grants, [Draw(at(2), D(105), "e1"), Draw(at(3), D(10), "e2")], until=at(4))
    assert b.draws[0][1] == [("promo", D(100)), ("bonus", D(5))]
    assert b.draws[1][1] == [("bonus", D(5)), ("paid", D(5))]
    assert {k: s.remaining for k, s in b.grants.items()} == {
        "paid": D(495),
        "promo": D(0),
        "bonus": D(0),
    }


def test_a_grant_expires_with_its_remainder_and_never_covers_a_later_draw() -> None:
    grants = [Grant("promo", D(100), at(1, 0), expires_at=at(16, 0))]
    b = burn(grants, [Draw(at(2), D(30)), Draw(at(16, 0), D(5))], until=at(20))
    state = b.grants["promo"]
    assert (state.drawn, state.expired, state.remaining) == (D(30), D(70), D(0))
    assert b.draws[1][2] == D(5)  # at the expiry instant the grant no longer covers
    assert b.covered_between(at(1, 0), at(31)) == D(30)


def test_a_void_withdraws_the_remainder_and_keeps_what_was_drawn() -> None:
    grants = [Grant("g", D(50), at(1, 0), voided_at=at(10, 0))]
    b = burn(grants, [Draw(at(2), D(20)), Draw(at(11), D(20))], until=at(12))
    state = b.grants["g"]
    assert (state.drawn, state.voided, state.expired) == (D(20), D(30), D(0))


def test_a_grant_not_yet_in_force_covers_nothing_before_it_starts() -> None:
    grants = [Grant("later", D(50), at(10, 0))]
    b = burn(grants, [Draw(at(2), D(20)), Draw(at(11), D(20))], until=at(12))
    assert [uncovered for _, _, uncovered in b.draws] == [D(20), D(0)]
    assert b.balance == D(30)
