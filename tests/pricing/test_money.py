from __future__ import annotations

from decimal import Decimal

import pytest

from pricing.money import (
    allocate_exact,
    minor_unit,
    normalize_currency,
    round_money,
    to_minor_units,
)

D = Decimal


def test_round_money_rounds_half_up_to_the_cent():
    assert round_money(D("2.505"), "USD") == D("2.51")
    assert round_money(D("2.5049999"), "USD") == D("2.50")
    assert round_money(D("0.125"), "eur") == D("0.13")


def test_round_money_rounds_a_negative_half_away_from_zero():
    assert round_money(D("-0.005"), "USD") == D("-0.01")


def test_zero_decimal_currencies_round_to_whole_units():
    assert minor_unit("JPY") == D("1")
    assert minor_unit("KRW") == D("1")
    assert round_money(D("184.5"), "JPY") == D("185")
    assert round_money(D("184.49"), "KRW") == D("184")


def test_three_decimal_currencies_keep_three_places():
    assert round_money(D("1.2345"), "KWD") == D("1.235")
    assert to_minor_units(D("1.2345"), "KWD") == 1235


def test_to_minor_units_gives_stripe_integers():
    assert to_minor_units(D("12.345"), "USD") == 1235
    assert to_minor_units(D("1234"), "JPY") == 1234


def test_normalize_currency_refuses_a_code_that_is_not_three_letters():
    assert normalize_currency(" usd ") == "USD"
    with pytest.raises(ValueError):
        normalize_currency("US")
    with pytest.raises(ValueError):
        normalize_currency("U$D")


def test_allocate_exact_gives_leftover_cents_to_the_largest_remainders():
    parts = allocate_exact(D("10.00"), [D(10) / 3, D(10) / 3, D(10) / 3], D("0.01"))
    assert parts == [D("3.34"), D("3.33"), D("3.33")]
    parts = allocate_exact(D("1.00"), [D("0.104"), D("0.108"), D("0.788")], D("0.01"))
    assert parts == [D("0.10"), D("0.11"), D("0.79")]


def test_allocate_exact_handles_credits_and_a_zero_total():
    parts = allocate_exact(D("0.00"), [D("5.005"), D("-5.005")], D("0.01"))
    assert parts == [D("5.01"), D("-5.01")]
    assert sum(parts) == D("0.00")


def test_allocate_exact_takes_quanta_back_when_shares_overshoot():
    parts = allocate_exact(D("1.00"), [D("0.50"), D("0.50"), D("0.01")], D("0.01"))
    assert sum(parts) == D("1.00")
    assert parts == [D("0.50"), D("0.50"), D("0.00")]


def test_allocate_exact_refuses_a_total_finer_than_the_quantum():
    with pytest.raises(ValueError):
        allocate_exact(D("1.005"), [D("1.005")], D("0.01"))
