"""The plain-language summary of a simulation's results: a few sentences a billing team reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from pricing.money import round_money


def _money(value: str | None, currency: str, *, sign: bool = False) -> str:
    amount = round_money(Decimal(value or 0), currency)
    text = f"{abs(amount):,f}"
    prefix = ("+" if amount > 0 else "-" if amount < 0 else "") if sign else "-" * (amount < 0)
    return f"{prefix}{currency} {text}"


def _pct_text(value: object) -> str:
    return "n/a" if value is None else f"{value}%"


def summarise(results: Mapping[str, object], *, currency: str) -> list[str]:
    """Return a few plain sentences on the largest effects of each candidate."""
    totals = results["totals"]
    assert isinstance(totals, Mapping)
    plans = totals["plans"]
    months = results["months"]
    assert isinstance(plans, list) and isinstance(months, list)
    base = plans[0]
    n = len(months)
    lines = [
        f"{totals['customers']} customers over {n} month{'' if n == 1 else 's'}: current plans earn "
        f"{_money(base['revenue'], currency)} against {_money(totals['variable_cost'], currency)} "
        f"of variable cost (margin {_pct_text(base['margin_pct'])})."
    ]
    if totals["uncosted_requests"]:
        lines.append(
            f"{totals['uncosted_requests']} requests have no cost yet; margins leave them out."
        )
    movers = {m["plan"]: m for m in results["movers"]}  # type: ignore[attr-defined]
    classes = results["request_classes"]
    assert isinstance(classes, list)
    for plan in plans[1:]:
        delta = Decimal(plan["revenue_delta"])
        if delta:
            direction = "raises" if delta > 0 else "lowers"
            change = (
                f"{direction} revenue by {_money(format(abs(delta), 'f'), currency)} "
                f"({_pct_text(plan['revenue_delta_pct'])}) to {_money(plan['revenue'], currency)}"
            )
        else:
            change = f"keeps revenue at {_money(plan['revenue'], currency)}"
        lines.append(
            f"{plan['name']} {change}; "
            f"margin {_pct_text(base['margin_pct'])} -> {_pct_text(plan['margin_pct'])}."
        )
        m = movers[plan["plan"]]
        parts = [
            f"{plan['customers_paying_more']} customers would pay more, "
            f"{plan['customers_paying_less']} less, {plan['customers_unchanged']} the same"
        ]
        if m["largest_increases"]:
            top = m["largest_increases"][0]
            parts.append(
                f"largest increase {top['customer_id']} "
                f"{_money(top['revenue_delta'], currency, sign=True)}"
            )
        if m["largest_decreases"]:
            top = m["largest_decreases"][0]
            parts.append(
                f"largest decrease {top['customer_id']} "
                f"{_money(top['revenue_delta'], currency, sign=True)}"
            )
        lines.append("; ".join(parts) + ".")
        lines.extend(_class_sentences(plan, base["plan"], classes, currency))
    return lines


def _class_sentences(
    plan: Mapping[str, object],
    baseline: object,
    classes: Sequence[Mapping[str, object]],
    currency: str,
) -> list[str]:
    moves = []
    losing = []
    for cls in classes:
        name = cls["request_class"] or "(no request class)"
        figures = {p["plan"]: p for p in cls["plans"]}  # type: ignore[attr-defined]
        before, after = figures[baseline], figures[plan["plan"]]
        change = Decimal(after["margin"]) - Decimal(before["margin"])
        moves.append((abs(change), str(name), change, after))
        if after["margin_negative"]:
            losing.append(f"{name} ({_money(after['margin'], currency)})")
    sentences = []
    moves.sort(key=lambda m: (-m[0], m[1]))
    if moves and moves[0][0]:
        _, name, change, after = moves[0]
        sentences.append(
            f"Largest change by request class: {name}, margin "
            f"{'up' if change > 0 else 'down'} {_money(format(abs(change), 'f'), currency)} "
            f"to {_money(after['margin'], currency)}."
        )
    if losing:
        sentences.append(f"Still losing money under {plan['name']}: {', '.join(losing)}.")
    return sentences
