"""Spreading line amounts over usage rows, before any rounding."""

from __future__ import annotations

from decimal import Decimal

from pricing.rating.attribution import row_shares

D = Decimal


def test_amounts_follow_their_weights_and_fees_follow_requests():
    calls = []

    def requests() -> list[Decimal]:
        calls.append(1)
        return [D(3), D(1), D(0)]

    exact, unattributed = row_shares(
        [
            (D("6.00"), [0, 2], [D(1), D(2)]),  # usage: row 0 one unit, row 2 two
            (D("4.00"), None, None),  # a fee: by requests 3:1:0
            (D("2.00"), None, None),
            (D("0.00"), [1], [D(5)]),  # nothing to attribute
        ],
        3,
        requests,
    )
    assert exact == [D("2.00") + D("3.00") + D("1.50"), D("1.00") + D("0.50"), D("4.00")]
    assert unattributed == D(0)
    assert len(calls) == 1


def test_an_amount_without_weight_to_follow_is_unattributed():
    exact, unattributed = row_shares(
        [(D("5.00"), [0], [D(0)]), (D("1.00"), None, None)], 1, lambda: [D(0)]
    )
    assert exact == [D(0)]
    assert unattributed == D("6.00")
