"""Mix shift: the blended margin change split into mix and rate effects, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from economics.decisions.mix import ClassPeriod, decompose
from tests.economics.decisions.conftest import get


def test_a_hand_worked_example_splits_exactly_with_a_class_new_in_the_second_period():
    # Base: A 100 requests at -$0.006, B 300 at +$0.0056. Then: A 300 at -$0.006, B 300 at
    # +$0.006, C (new) 400 at $0.001.
    base = {
        "A": ClassPeriod(100, 0, Decimal("1.5"), Decimal("0.9")),
        "B": ClassPeriod(300, 0, Decimal("0.12"), Decimal("1.8")),
    }
    current = {
        "A": ClassPeriod(300, 0, Decimal("4.5"), Decimal("2.7")),
        "B": ClassPeriod(300, 0, Decimal("0.12"), Decimal("1.92")),
        "C": ClassPeriod(400, 0, Decimal("0"), Decimal("0.4")),
    }

    result = decompose(base, current)

    # M0 = (100 x -0.006 + 300 x 0.0056) / 400 = 0.0027; M1 = (-1.8 + 1.8 + 0.4) / 1000 = 0.0004.
    assert result["blended"] == {
        "before": {"requests": 400, "margin_per_request": "0.00270000"},
        "after": {"requests": 1000, "margin_per_request": "0.00040000"},
        "change": "-0.00230000",
        "mix_effect": "-0.00282000",
        "rate_effect": "0.00052000",
    }
    # A: mix (0.3 - 0.25) x -0.006 = -0.0003, rate 0; B: mix (0.3 - 0.75) x 0.0056 = -0.00252,
    # rate 0.3 x 0.0004 = 0.00012; C: mix 0.4 x 0 = 0, rate 0.4 x 0.001 = 0.0004.
    effects = [(c["request_class"], c["mix_effect"], c["rate_effect"]) for c in result["classes"]]
    assert effects == [
        ("A", "-0.00030000", "0.00000000"),
        ("B", "-0.00252000", "0.00012000"),
        ("C", "0.00000000", "0.00040000"),
    ]
    assert result["classes"][2]["before"] == {
        "requests": 0,
        "unpriced_requests": 0,
        "share_of_requests": "0.0000",
        "margin_per_request": "0.00000000",
    }


def test_unpriced_requests_are_left_out_of_the_cost_per_request():
    only = {"A": ClassPeriod(4, 2, Decimal("0.02"), Decimal("0.08"))}

    result = decompose(only, only)

    # Revenue $0.02 a request; cost $0.01 per priced request (2 of 4): $0.01, not $0.015.
    assert result["classes"][0]["after"]["margin_per_request"] == "0.01000000"
    assert result["classes"][0]["after"]["unpriced_requests"] == 2


@pytest.mark.django_db(transaction=True)
def test_two_demo_months_split_to_the_blended_change_to_the_last_decimal(demo, api):
    body = get(
        api,
        "/v1/economics/mix?from=2026-10-01&to=2026-11-01"
        "&compare_from=2026-09-01&compare_to=2026-10-01",
    ).json()

    october = get(api, "/v1/economics/request-classes?from=2026-10-01&to=2026-11-01").json()
    september = get(api, "/v1/economics/request-classes?from=2026-09-01&to=2026-10-01").json()
    blended = body["blended"]
    # The ends are the request-class report's blended margin per request of each month.
    assert blended["before"]["margin_per_request"] == september["blended"]["margin_per_request"]
    assert blended["after"]["margin_per_request"] == october["blended"]["margin_per_request"]
    assert blended["after"] == {"requests": 817, "margin_per_request": "0.36217487"}
    change = Decimal(blended["change"])
    assert change == Decimal(blended["after"]["margin_per_request"]) - Decimal(
        blended["before"]["margin_per_request"]
    )
    assert sum(Decimal(c["mix_effect"]) + Decimal(c["rate_effect"]) for c in body["classes"]) == (
        change
    )
    assert Decimal(blended["mix_effect"]) + Decimal(blended["rate_effect"]) == change
    assert sum(Decimal(c["total_effect"]) for c in body["classes"]) == change
    for row in body["classes"]:
        assert Decimal(row["total_effect"]) == Decimal(row["mix_effect"]) + Decimal(
            row["rate_effect"]
        )
    assert [c["request_class"] for c in body["classes"]] == [
        "chat",
        "classify",
        "doc-summarise",
        "search-ranking",
        "support-agent",
    ]
    assert (body["from"], body["compare_from"], body["compare_to"]) == (
        "2026-10-01T00:00:00Z",
        "2026-09-01T00:00:00Z",
        "2026-10-01T00:00:00Z",
    )
    # September to October: margin per request rose 12.5 cents, though traffic moved away
    # from the higher-margin classes (mix -5.4 cents): the support agent arrived (rate
    # +13.9 cents; a class new in October has m0 = 0, so its arrival is a rate effect).
    assert blended == {
        "before": {"requests": 600, "margin_per_request": "0.23730091"},
        "after": {"requests": 817, "margin_per_request": "0.36217487"},
        "change": "0.12487396",
        "mix_effect": "-0.05402488",
        "rate_effect": "0.17889884",
    }
    assert [(c["mix_effect"], c["rate_effect"]) for c in body["classes"]] == [
        ("-0.02916516", "0.01257430"),
        ("-0.00185627", "0.00992636"),
        ("0.00004613", "-0.00000632"),
        ("-0.02304958", "0.01716337"),
        ("0.00000000", "0.13924113"),
    ]


@pytest.mark.django_db
def test_a_base_period_must_end_after_it_starts(api):
    bad = api.get("/v1/economics/mix?compare_from=2026-10-01&compare_to=2026-09-01")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "compare_to")
