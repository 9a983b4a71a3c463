from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from pricing.money import (
    ExactSum,
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


# ------------------------------------------------------------------ exact sums on SQLite


def sqlite_with_exact_sum() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (amount decimal, n integer, flag integer)")
    db.create_aggregate("SUM", 1, ExactSum)
    return db


def test_the_exact_sum_adds_a_thousand_stored_decimals_without_float_error():
    db = sqlite_with_exact_sum()
    db.executemany(
        "INSERT INTO t VALUES (?, ?, ?)", [("0.0004000000", 1, i % 2) for i in range(1000)]
    )

    (total,) = db.execute("SELECT SUM(amount) FROM t").fetchone()
    (half,) = db.execute("SELECT SUM(amount) FILTER (WHERE flag = 1) FROM t").fetchone()

    # SQLite's own SUM gives 0.40000000000000735 here.
    assert (total, half) == (0.4, 0.2)


def test_the_exact_sum_keeps_integers_integers_and_an_empty_sum_null():
    db = sqlite_with_exact_sum()
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", [(None, 3, 0), (None, 4, 0)])

    assert db.execute("SELECT SUM(n), SUM(amount) FROM t").fetchone() == (7, None)
    assert db.execute("SELECT SUM(n) FROM t WHERE flag = 9").fetchone() == (None,)


def test_the_exact_sum_reads_decimals_stored_as_text_and_mixed_with_integers():
    db = sqlite_with_exact_sum()
    db.execute("CREATE TABLE raw (v)")  # no affinity: text stays text
    db.executemany("INSERT INTO raw VALUES (?)", [(5,), (0.1,), ("0.2",), ("0.3",)])

    (total,) = db.execute("SELECT SUM(v) FROM raw").fetchone()

    assert Decimal(repr(total)) == D("5.6")


@pytest.mark.django_db
def test_the_default_database_sums_money_exactly():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(x) FROM (SELECT 0.1 AS x UNION ALL SELECT 0.2 UNION ALL SELECT 0.3) AS a"
        )
        (total,) = cursor.fetchone()

    assert Decimal(str(total)) == D("0.6")  # 0.6000000000000001 from SQLite's own SUM
