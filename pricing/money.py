"""Money: currency minor units, the one rounding helper, exact allocation and exact sums.

Every amount in Marginal is a ``Decimal`` in the currency's major unit (dollars,
yen). Rounding to the minor unit happens only here, ROUND_HALF_UP (halves round away
from zero, so a credit of -0.005 becomes -0.01): where an invoice line or an
allocation is produced, and where a report shows a total (economics' formulas call
``round_money``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import Any

DEFAULT_MINOR_UNIT_EXPONENT = 2

# ISO 4217 currencies whose minor-unit exponent is not 2 (active codes only).
MINOR_UNIT_EXPONENTS: dict[str, int] = {
    # zero-decimal
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # three-decimal
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # four-decimal units of account
    "CLF": 4,
    "UYW": 4,
}

_QUANTA: dict[int, Decimal] = {e: Decimal(1).scaleb(-e) for e in range(5)}
# Rating calls round_money for every line of every customer-month: memoise the quantum.
_QUANTUM_BY_CURRENCY: dict[str, Decimal] = {}


def normalize_currency(currency: str) -> str:
    """Return the upper-case ISO 4217 code, or raise ValueError if it is not 3 letters."""
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{currency!r} is not an ISO 4217 currency code.")
    return code


def minor_unit_exponent(currency: str) -> int:
    """Return how many decimal places the currency's minor unit has (USD 2, JPY 0)."""
    return MINOR_UNIT_EXPONENTS.get(currency.upper(), DEFAULT_MINOR_UNIT_EXPONENT)


def minor_unit(currency: str) -> Decimal:
    """Return the currency's smallest amount as a Decimal (USD 0.01, JPY 1)."""
    quantum = _QUANTUM_BY_CURRENCY.get(currency)
    if quantum is None:
        quantum = _QUANTA[minor_unit_exponent(currency)]
        _QUANTUM_BY_CURRENCY[currency] = quantum
    return quantum


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round an amount to the currency's minor unit, ROUND_HALF_UP."""
    quantum = _QUANTUM_BY_CURRENCY.get(currency) or minor_unit(currency)
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Return a rounded amount as an integer count of minor units (Stripe's form)."""
    return int(round_money(amount, currency).scaleb(minor_unit_exponent(currency)))


def allocate_exact(total: Decimal, shares: Sequence[Decimal], quantum: Decimal) -> list[Decimal]:
    """Split ``total`` into multiples of ``quantum`` that follow ``shares`` and sum to it exactly.

    ``shares`` are the exact (unrounded) parts, which should sum to ``total``; each is
    floored to the quantum and the quanta left over go one each to the largest
    remainders (ties: earliest share first). ``total`` must be a multiple of
    ``quantum``. Negative shares (credits) are allowed.
    """
    n = len(shares)
    if n == 0:
        if total:
            raise ValueError("Cannot allocate a non-zero total over no shares.")
        return []
    if total % quantum:
        raise ValueError(f"Total {total} is not a multiple of {quantum}.")
    floors = [s.quantize(quantum, rounding=ROUND_FLOOR) for s in shares]
    leftover = int((total - sum(floors, Decimal(0))) / quantum)
    if leftover == 0:
        return floors
    by_remainder = sorted(range(n), key=lambda i: (floors[i] - shares[i], i))
    # by_remainder: largest remainder first (remainder = share - floor >= 0).
    if leftover > 0:
        full, rest = divmod(leftover, n)
        step = quantum * full
        result = [f + step for f in floors] if full else floors
        for i in by_remainder[:rest]:
            result[i] += quantum
        return result
    # More was floored away than the shares add up to (shares summed above the
    # total): take quanta back from the smallest remainders.
    full, rest = divmod(-leftover, n)
    step = quantum * full
    result = [f - step for f in floors] if full else floors
    for i in by_remainder[n - rest :] if rest else ():
        result[i] -= quantum
    return result


# ------------------------------------------------------------------ exact sums on SQLite

# SQLite keeps a decimal column's value as a double and its built-in SUM adds doubles, so
# 1,000 requests at $0.0004 come to 0.400000000000007. Each stored double was written from
# a decimal of at most 15 significant digits (all SQLite keeps), so reading it back at 15
# digits recovers that decimal exactly: ExactSum adds those Decimals instead. PostgreSQL
# sums NUMERIC exactly and needs none of this.
_STORED_DIGITS = Context(prec=15)
_SUM_CONTEXT = Context(prec=60)


class ExactSum:
    """SQLite aggregate: SUM over stored decimals in Decimal arithmetic (integers stay integers).

    The result goes back to SQLite as a double, the form its decimal columns hold, and
    is exact whenever the sum has at most 15 significant digits (e.g. any amount below
    $100,000 to ten places).
    """

    def __init__(self) -> None:
        self.total: Decimal | int | None = None

    def step(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, float):
            part: Decimal | int = _STORED_DIGITS.create_decimal_from_float(value)
        elif isinstance(value, int):
            part = value
        else:  # a decimal written as text
            part = Decimal(value.decode() if isinstance(value, bytes) else value)
        if self.total is None:
            self.total = part
        elif isinstance(self.total, int) and isinstance(part, int):
            self.total += part
        else:
            self.total = _SUM_CONTEXT.add(self.total, part)

    def finalize(self) -> float | int | None:
        if self.total is None or isinstance(self.total, int):
            return self.total
        return float(self.total)


def sqlite_exact_sums(sender: object, connection: Any, **kwargs: Any) -> None:
    """Replace SUM by ExactSum on a new SQLite connection (a `connection_created` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("SUM", 1, ExactSum)
