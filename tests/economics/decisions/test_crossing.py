"""The crossing point: Holt's linear trend per class, its held-out error, the crossing alert."""

from __future__ import annotations

import io
import warnings
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from django.core.management import call_command
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from economics.alerts.models import Alert, WebhookDelivery, WebhookEndpoint
from economics.decisions.alerting import crossing_alerts_raise
from economics.decisions.crossing import DaySums, crossing_forecast
from economics.decisions.tasks import crossing_evaluate
from economics.margins.models import ClassDay
from tests.economics.decisions.conftest import get

AS_OF = date(2026, 11, 1)
START = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(days=90)


def _linear(days: int = 60) -> list[DaySums]:
    """100 requests a day at $0.012; cost per request $0.00505 + $0.0001 a day."""
    return [
        DaySums(100, 0, Decimal("0.505") + Decimal("0.01") * i, Decimal("1.2")) for i in range(days)
    ]


def _flat(days: int = 60) -> list[DaySums]:
    """300 requests a day at $0.01, costing $0.001 each."""
    return [DaySums(300, 0, Decimal("0.3"), Decimal("3")) for _ in range(days)]


def _statsmodels(values: list[float], steps: int) -> list[float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = ExponentialSmoothing(
            np.asarray(values), trend="add", initialization_method="estimated"
        ).fit()
    return [float(x) for x in fitted.forecast(steps)]


def _mean8(values: list[float], places: str = "0.00000001") -> Decimal:
    return Decimal(repr(sum(values) / len(values))).quantize(Decimal(places), ROUND_HALF_UP)


def test_a_rising_cost_crosses_its_flat_price_on_the_hand_checked_day():
    result = crossing_forecast(
        {"summarise": _linear(), "classify": _flat()}, [400] * 60, as_of=AS_OF, months=3
    )

    summarise = next(c for c in result["classes"] if c.request_class == "summarise")
    # Day i of history costs 0.00505 + 0.0001 i; forecast day k (k = 0 on Nov 1) is i = 60 + k:
    # 0.01105 + 0.0001 k > 0.012 first at k = 10, so the margin turns negative on Nov 11.
    assert (summarise.status, summarise.crosses, summarise.crossing_date) == (
        "forecast",
        True,
        date(2026, 11, 11),
    )
    assert summarise.recent == {
        "days": 14,
        "requests": 1400,
        "unpriced_requests": 0,
        "cost_per_request": Decimal("0.01030000"),  # mean of days 46-59
        "revenue_per_request": Decimal("0.01200000"),
        "margin_per_request": Decimal("0.00170000"),
        "share_of_requests": Decimal("0.2500"),
    }
    # A month's figure is the mean of its days: Nov k = 0..29 (mean k 14.5), Dec 30..60 (45),
    # Jan 61..91 (76): 0.01105 + 0.0001 x mean k.
    assert [
        (p["from"], p["to"], p["cost_per_request"], p["margin_per_request"], p["margin_negative"])
        for p in summarise.periods
    ] == [
        (date(2026, 11, 1), date(2026, 12, 1), Decimal("0.01250000"), Decimal("-0.00050000"), True),
        (date(2026, 12, 1), date(2027, 1, 1), Decimal("0.01555000"), Decimal("-0.00355000"), True),
        (date(2027, 1, 1), date(2027, 2, 1), Decimal("0.01865000"), Decimal("-0.00665000"), True),
    ]
    # The same figures as statsmodels gives called directly on the same series.
    costs = _statsmodels([0.00505 + 0.0001 * i for i in range(60)], 92)
    assert [p["cost_per_request"] for p in summarise.periods] == [
        _mean8(costs[0:30]),
        _mean8(costs[30:61]),
        _mean8(costs[61:92]),
    ]
    # An exact line is forecast exactly: no error on the 14 held-out days.
    assert summarise.holdout_error == {
        "cost_per_request": {"mae": "0.00000000", "mape_pct": "0.0000", "days": 14},
        "revenue_per_request": {"mae": "0.00000000", "mape_pct": "0.0000", "days": 14},
        "share_of_requests": {"mae": "0.0000", "mape_pct": "0.0000", "days": 14},
    }
    classify = next(c for c in result["classes"] if c.request_class == "classify")
    assert (classify.crosses, classify.crossing_date) == (False, None)
    assert result["crossing_classes"] == ["summarise"]
    # Blend: 0.25 x summarise + 0.75 x classify (0.009): Nov 0.25 x -0.0005 + 0.00675.
    assert [b["margin_per_request"] for b in result["blended"]] == [
        Decimal("0.00662500"),
        Decimal("0.00586250"),
        Decimal("0.00508750"),
    ]


def test_the_held_out_error_is_the_one_statsmodels_gives_on_the_last_14_days():
    noise = [0.0004, -0.0003, 0.0001, 0.0005, -0.0002, -0.0004, 0.0002]
    costs = [0.005 + 0.00002 * i + noise[i % 7] for i in range(40)]
    days = [DaySums(1000, 0, Decimal(repr(c)) * 1000, Decimal("10")) for c in costs]

    result = crossing_forecast({"chat": days}, [1000] * 40, as_of=AS_OF, months=1)

    held = _statsmodels(costs[:-14], 14)
    errors = [abs(a - p) for a, p in zip(costs[-14:], held, strict=True)]
    mae = Decimal(repr(sum(errors) / 14)).quantize(Decimal("0.00000001"), ROUND_HALF_UP)
    mape = Decimal(
        repr(sum(e / a for e, a in zip(errors, costs[-14:], strict=True)) / 14 * 100)
    ).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    chat = result["classes"][0]
    assert chat.holdout_error["cost_per_request"] == {
        "mae": str(mae),
        "mape_pct": str(mape),
        "days": 14,
    }
    assert mae > 0


def test_too_short_a_history_is_said_and_not_forecast():
    young = [DaySums()] * 40 + _linear(20)

    result = crossing_forecast(
        {"new-feature": young, "classify": _flat()}, [300] * 40 + [400] * 20, as_of=AS_OF, months=2
    )

    new = next(c for c in result["classes"] if c.request_class == "new-feature")
    assert (new.status, new.history_days, new.message, new.periods, new.crosses) == (
        "insufficient_history",
        20,
        "20 days of history; a forecast needs 28.",
        [],
        False,
    )
    assert new.holdout_error is None
    # The blend is the forecast classes': classify alone.
    assert [b["margin_per_request"] for b in result["blended"]] == [
        Decimal("0.00900000"),
        Decimal("0.00900000"),
    ]
    empty = crossing_forecast({}, [0] * 90, as_of=AS_OF, months=1)
    assert (empty["classes"], empty["blended"][0]["margin_per_request"]) == ([], None)


def test_unpriced_requests_are_left_out_of_the_cost_per_request():
    # Half of each day's requests have no known cost: $0.0005 of cost is for 50 requests.
    days = [DaySums(100, 50, Decimal("0.5"), Decimal("1.2")) for _ in range(30)]

    chat = crossing_forecast({"chat": days}, [100] * 30, as_of=AS_OF, months=1)["classes"][0]

    assert chat.recent["cost_per_request"] == Decimal("0.01000000")  # not 0.005
    assert chat.recent["margin_per_request"] == Decimal("0.00200000")
    assert chat.recent["unpriced_requests"] == 700
    assert chat.periods[0]["cost_per_request"] == Decimal("0.01000000")


# ------------------------------------------------------------------------- API and alert


def _seed(tenant, name: str, days: list[DaySums], *, offset: int = 0) -> None:
    ClassDay.objects.bulk_create(
        ClassDay(
            tenant=tenant,
            request_class=name,
            model="m1",
            bucket_start=START + timedelta(days=offset + i),
            events=d.requests,
            requests=d.requests,
            unpriced_events=d.unpriced_requests,
            unpriced_requests=d.unpriced_requests,
            cost_total=d.cost,
            revenue=d.revenue,
        )
        for i, d in enumerate(days)
        if d.requests
    )


@pytest.fixture
def history(tenant):
    _seed(tenant, "summarise", _linear(), offset=30)
    _seed(tenant, "classify", _flat(90))
    _seed(tenant, "new-feature", _flat(10), offset=80)
    return tenant


def test_the_endpoint_forecasts_each_class_and_the_blend(api, history):
    response = api.get("/v1/economics/crossing?as_of=2026-11-01&months=1")

    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["months"], body["currency"]) == ("2026-11-01", 1, "USD")
    assert (body["history_from"], body["history_to"]) == (
        "2026-08-03T00:00:00Z",
        "2026-11-01T00:00:00Z",
    )
    assert body["method"]["name"] == "holt_linear_trend"
    assert body["method"]["library"] == "statsmodels 0.15.0"
    assert body["crossing_classes"] == ["summarise"]
    by_name = {c["request_class"]: c for c in body["classes"]}
    assert list(by_name) == ["classify", "new-feature", "summarise"]
    summarise = by_name["summarise"]
    # Its share: 100 of 400 requests a day, then 100 of 700 once new-feature starts.
    shares = _statsmodels([0.25] * 50 + [1 / 7] * 10, 30)
    share = str(_mean8(shares, "0.0001").normalize())
    assert (summarise["crosses"], summarise["crossing_date"]) == (True, "2026-11-11")
    assert summarise["periods"] == [
        {
            "from": "2026-11-01",
            "to": "2026-12-01",
            "cost_per_request": "0.0125",
            "revenue_per_request": "0.012",
            "margin_per_request": "-0.0005",
            "share_of_requests": share,
            "margin_negative": True,
        }
    ]
    assert summarise["recent"]["margin_per_request"] == "0.0017"
    assert by_name["new-feature"]["status"] == "insufficient_history"
    assert by_name["new-feature"]["periods"] == []
    assert body["blended"][0]["from"] == "2026-11-01"


def test_one_class_and_the_bad_parameters(api, history, other_api):
    one = api.get("/v1/economics/crossing?as_of=2026-11-01&months=1&request_class=classify")
    assert [c["request_class"] for c in one.json()["classes"]] == ["classify"]
    assert one.json()["crossing_classes"] == []

    too_far = api.get("/v1/economics/crossing?months=4")
    assert too_far.status_code == 400
    assert too_far["Content-Type"] == "application/problem+json"
    assert too_far.json()["errors"] == [
        {"field": "months", "message": "Ensure this value is less than or equal to 3."}
    ]
    bad_day = api.get("/v1/economics/crossing?as_of=November")
    assert bad_day.status_code == 400
    assert bad_day.json()["errors"][0]["field"] == "as_of"
    far = api.get("/v1/economics/crossing?as_of=9999-12-31")
    assert far.status_code == 400
    assert far.json()["errors"] == [
        {"field": "as_of", "message": "Must be between 2000-01-01 and 9998-12-31."}
    ]
    empty = api.get("/v1/economics/crossing?as_of=")
    assert empty.status_code == 400
    assert empty.json()["errors"] == [
        {"field": "as_of", "message": "Give a date YYYY-MM-DD, or leave as_of out."}
    ]
    assert api.get("/v1/economics/crossing?request_class=nope").status_code == 404
    # Another tenant's class is not there; its figures are none of the stranger's.
    assert other_api.get("/v1/economics/crossing?request_class=summarise").status_code == 404
    stranger = other_api.get("/v1/economics/crossing?as_of=2026-11-01").json()
    assert (stranger["classes"], stranger["crossing_classes"]) == ([], [])


def test_a_crossing_raises_one_alert_per_class_and_month(history):
    WebhookEndpoint.objects.create(tenant=history, url="https://hooks.example.com/m", secret="s")

    first = crossing_alerts_raise(tenant=history, as_of=AS_OF)
    again = crossing_alerts_raise(tenant=history, as_of=AS_OF + timedelta(days=1))

    assert again == []
    assert len(first) == 1
    alert = Alert.objects.get()
    assert (alert.kind, alert.request_class, alert.dedup_key) == (
        "margin_crossing",
        "summarise",
        "margin_crossing:summarise:2026-11",
    )
    assert (alert.window_start, alert.window_end) == (
        datetime(2026, 11, 1, tzinfo=UTC),
        datetime(2026, 11, 11, tzinfo=UTC),
    )
    assert (alert.observed, alert.threshold) == (Decimal("0.0017"), Decimal("0"))
    assert alert.message == (
        "summarise: margin per request 0.0017 USD over the last 14 days is forecast to turn "
        "negative on 2026-11-11 (Holt's linear trend on cost and revenue per request)."
    )
    assert WebhookDelivery.objects.filter(alert=alert).count() == 1


def test_the_task_raises_each_crossing_once(history):
    assert crossing_evaluate(str(history.pk), "2026-11-01") == 1
    assert crossing_evaluate(str(history.pk), "2026-11-02") == 0
    assert Alert.objects.filter(kind="margin_crossing").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_worked_example(demo, api):
    body = get(api, "/v1/economics/crossing?as_of=2026-11-23&months=3").json()

    by_name = {c["request_class"]: c for c in body["classes"]}
    summarise = by_name["doc-summarise"]
    # Already losing: $0.0151 a summary against $0.123 of revenue over its 13 requests of the
    # last 14 days ($0.00940828): nothing to cross, it is below zero now.
    assert summarise["recent"] == {
        "days": 14,
        "requests": 13,
        "unpriced_requests": 0,
        "cost_per_request": "0.0151",
        "revenue_per_request": "0.00940828",
        "margin_per_request": "-0.00569172",
        "share_of_requests": "0.0278",
    }
    assert (summarise["margin_negative_now"], summarise["crosses"]) == (True, False)
    assert [p["margin_negative"] for p in summarise["periods"]] == [True, True, True]
    # Costs per request are flat in the demo: forecast flat, and exactly on held-out days.
    assert [p["cost_per_request"] for p in by_name["chat"]["periods"]] == ["0.000465"] * 3
    assert by_name["chat"]["holdout_error"]["cost_per_request"] == {
        "mae": "0.00000000",
        "mape_pct": "0.0000",
        "days": 14,
    }
    assert body["crossing_classes"] == []
    assert [b["from"] for b in body["blended"]] == ["2026-11-23", "2026-12-23", "2027-01-23"]
    assert all(b["margin_negative"] is False for b in body["blended"])

    out = io.StringIO()
    call_command("crossing", tenant=str(demo.pk), as_of="2026-11-23", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "Forecast from 2026-11-23 for 3 month(s), Holt's linear trend (USD per request)"
    )
    assert (
        "doc-summarise: last 14 days margin -0.00569172 (cost 0.01510000, revenue 0.00940828,"
        " unpriced requests 0)"
    ) in lines
    blended = [line for line in lines if line.startswith("blended ")]
    # The command prints the API's figures.
    assert [Decimal(line.rsplit(" ", 1)[1]) for line in blended] == [
        Decimal(b["margin_per_request"]) for b in body["blended"]
    ]
    assert len(blended) == 3
