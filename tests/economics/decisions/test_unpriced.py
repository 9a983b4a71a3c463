"""Unknown is not zero in the decisions: what-ifs' figures and customers, and the mix."""

from __future__ import annotations

from decimal import Decimal

import pytest

from economics.decisions.whatif import Sums, _customer, figures


def test_a_what_if_side_leaves_unpriced_requests_out_of_every_ratio():
    # 4 requests, 2 of unknown cost: $0.02 of cost is for the 2 priced ones; $0.08 of revenue.
    side = figures(Sums(Decimal(4), Decimal(2), Decimal("0.02"), Decimal("0.08")))

    assert side == {
        "requests": "4",
        "unpriced_requests": "2",
        "cost": "0.02",
        "revenue": "0.08",
        "margin": "0.06",
        "cost_per_request": "0.01000000",
        "revenue_per_request": "0.02000000",
        "margin_per_request": "0.01000000",
        "margin_pct": "50.0000",  # 0.01 / 0.02, not (0.08 - 0.02) / 0.08 = 75 %
        "margin_negative": False,
    }


def test_a_class_losing_on_each_priced_request_is_negative_though_its_known_total_is_not():
    # 1 priced request costs $0.05; 3 more of unknown cost; $0.02 of revenue each.
    side = figures(Sums(Decimal(4), Decimal(3), Decimal("0.05"), Decimal("0.08")))

    assert (side["margin"], side["margin_per_request"], side["margin_pct"]) == (
        "0.03",
        "-0.03000000",
        "-150.0000",
    )
    assert side["margin_negative"] is True
    everything_unknown = figures(Sums(Decimal(2), Decimal(2), Decimal(0), Decimal("0.04")))
    assert (
        everything_unknown["cost_per_request"],
        everything_unknown["margin_per_request"],
        everything_unknown["margin_pct"],
        everything_unknown["margin_negative"],
    ) == (None, None, None, False)


def test_a_what_if_customer_gross_margin_leaves_unpriced_requests_out():
    assert _customer(Sums(Decimal(4), Decimal(2), Decimal("0.02"), Decimal("0.08"))) == {
        "revenue": "0.08",
        "cost": "0.02",
        "unpriced_requests": "2",
        "gross_margin_pct": "50.0000",
    }
    assert (
        _customer(Sums(Decimal(4), Decimal(0), Decimal("0.02"), Decimal("0.08")))[
            "gross_margin_pct"
        ]
        == "75.0000"
    )


@pytest.mark.django_db(transaction=True)
def test_the_mix_counts_unpriced_requests_from_the_rollups(api, tenant, monkeypatch):
    from datetime import UTC, datetime

    from tests.economics import factories

    factories.install_fake_revenue(monkeypatch)
    acme = factories.customer(tenant, "acme")
    october, november = datetime(2026, 10, 10, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)
    factories.event(tenant, acme, at=october, request_class="chat", cost="0.01", revenue="0.02")
    factories.event(
        tenant, acme, at=november, request_class="chat", cost="0.01", revenue="0.02", count=2
    )
    factories.event(
        tenant, acme, at=november, request_class="chat", cost=None, requests=2, revenue="0.04"
    )

    body = api.get(
        "/v1/economics/mix?from=2026-11-01&to=2026-12-01"
        "&compare_from=2026-10-01&compare_to=2026-11-01"
    ).json()

    # November: 4 requests, 2 of unknown cost: $0.02 - $0.02 / 2 = $0.01 a request.
    assert body["classes"][0]["after"] == {
        "requests": 4,
        "unpriced_requests": 2,
        "share_of_requests": "1.0000",
        "margin_per_request": "0.01000000",
    }
    assert body["blended"]["change"] == "0.00000000"
