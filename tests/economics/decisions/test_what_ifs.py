"""What-ifs on the demo data: re-engineer, retire and reprice October 2026, exact figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection

from economics.decisions.models import WhatIf
from economics.decisions.runner import what_if_run
from economics.decisions.services import what_if_create
from metering.models import UsageEvent
from tests.economics.decisions.conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)

OCTOBER = {"start_month": "2026-10", "end_month": "2026-11"}
CHEAPER_MODEL = {
    "type": "model",
    "request_class": "doc-summarise",
    "model": "gpt-4o-mini",
    "provider": "openai",
}


def post(api: Any, body: dict, **headers: str) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return api.post("/v1/what-ifs", body, format="json", headers=headers)


def side(row: dict, name: str) -> dict:
    return row[name]


def class_row(results: dict, name: str) -> dict:
    return next(c for c in results["request_classes"] if c["request_class"] == name)


def test_moving_doc_summarise_to_a_cheaper_model_turns_its_margin_positive(demo, api):
    response = post(api, {**OCTOBER, "changes": [CHEAPER_MODEL]})

    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["progress"], body["error"]) == ("succeeded", 100, "")
    assert response["Location"] == f"/v1/what-ifs/{body['what_if_id']}"
    results = body["results"]
    doc = class_row(results, "doc-summarise")
    # Before, as the request-class report shows it: per request $0.011 of gpt-4o tokens
    # (2,000 input at $2.50, 800 cached at $1.25, 500 output at $10 per 1M), 1.4 GPU-s of an
    # a10g at $5.40/h ($0.0021) and 2 retrievals at $0.001: $0.0151; revenue $0.32 over 36.
    assert doc["before"] == {
        "requests": "36",
        "unpriced_requests": "0",
        "cost": "0.54",
        "revenue": "0.32",
        "margin": "-0.22",
        "cost_per_request": "0.01510000",
        "revenue_per_request": "0.00888889",
        "margin_per_request": "-0.00621111",
        "margin_pct": "-69.8750",
        "margin_negative": True,
    }
    # On gpt-4o-mini ($0.15 input, $0.075 cached, $0.60 output per 1M) the tokens cost
    # $0.0003 + $0.00006 + $0.0003 = $0.00066: $0.00476 a request, $0.17136 in all.
    assert doc["after"] == {
        "requests": "36",
        "unpriced_requests": "0",
        "cost": "0.17",
        "revenue": "0.32",
        "margin": "0.15",
        "cost_per_request": "0.00476000",
        "revenue_per_request": "0.00888889",
        "margin_per_request": "0.00412889",
        "margin_pct": "46.4500",
        "margin_negative": False,
    }
    assert Decimal("0.32") / 36 - Decimal("0.00476") == Decimal("0.004128888888888888888888888889")
    # Every other class is untouched; blended cost falls by 36 x ($0.0151 - $0.00476).
    for row in results["request_classes"]:
        if row["request_class"] != "doc-summarise":
            assert row["before"] == row["after"]
    blended = results["blended"]
    assert (blended["before"]["cost"], blended["after"]["cost"]) == ("5.77", "5.40")
    assert (blended["before"]["margin"], blended["after"]["margin"]) == ("295.90", "296.27")
    assert [(c["customer_id"], c["margin_change"]) for c in results["customers"]] == [
        ("cus_007", "0.28"),
        ("cus_003", "0.06"),
        ("cus_010", "0.03"),
    ]
    assert results["customers"][0]["before"] == {
        "revenue": "0.75",
        "cost": "0.45",
        "unpriced_requests": "0",
        "gross_margin_pct": "40.2707",
    }
    assert results["customers"][0]["after"] == {
        "revenue": "0.75",
        "cost": "0.17",
        "unpriced_requests": "0",
        "gross_margin_pct": "77.4947",
    }
    assert results["changes"] == [CHEAPER_MODEL]
    read = api.get(f"/v1/what-ifs/{body['what_if_id']}")
    assert read.json() == body


def test_retiring_a_class_takes_its_usage_charges_and_respreads_flat_fees(demo, api):
    doc = post(api, {**OCTOBER, "changes": [{"type": "retire", "request_class": "doc-summarise"}]})
    chat = post(api, {**OCTOBER, "changes": [{"type": "retire", "request_class": "chat"}]})

    results = doc.json()["results"]
    retired = class_row(results, "doc-summarise")
    assert retired["retired"] is True
    assert (retired["after"]["requests"], retired["after"]["revenue"]) == ("0", "0.00")
    # Starter bills $0.009 a summary and no fee: the $0.32 goes with the $0.5436 of cost.
    blended = results["blended"]
    assert blended["before"]["margin"] == "295.90"
    assert blended["after"]["margin"] == "296.12"
    assert blended["after"]["requests"] == "781"
    assert (blended["before"]["margin_per_request"], blended["after"]["margin_per_request"]) == (
        "0.36217487",
        "0.37915553",
    )
    # By hand: October's revenue is $301.67 and its recorded cost the events' sum; without
    # the summaries, $0.32 less revenue and 36 x $0.0151 = $0.5436 less cost, over 781.
    cost = sum(
        UsageEvent.objects.filter(
            tenant=demo, timestamp__gte="2026-10-01T00:00Z", timestamp__lt="2026-11-01T00:00Z"
        ).values_list("cost_total", flat=True),
        Decimal(0),
    )
    after = (Decimal("301.67") - Decimal("0.32") - (cost - Decimal("0.5436"))) / 781
    assert after.quantize(Decimal("0.00000001")) == Decimal("0.37915553")
    # Pro customers chat; their $49 base fee stays and is spread over classify and
    # search-ranking instead: revenue per class moves, the pro invoices do not.
    results = chat.json()["results"]
    moved = {
        c["request_class"]: (c["before"]["revenue"], c["after"]["revenue"])
        for c in results["request_classes"]
    }
    assert moved == {
        "chat": ("62.95", "0.00"),
        "classify": ("57.04", "86.07"),
        "doc-summarise": ("0.32", "0.32"),
        "search-ranking": ("62.56", "96.35"),
        "support-agent": ("118.80", "118.80"),
    }
    pro = {c["customer_id"]: c for c in results["customers"]}["cus_004"]
    assert (pro["before"]["revenue"], pro["after"]["revenue"]) == ("49.00", "49.00")
    blended = results["blended"]
    assert (blended["before"]["revenue"], blended["after"]["revenue"]) == ("301.67", "301.54")
    assert (blended["before"]["margin_per_request"], blended["after"]["margin_per_request"]) == (
        "0.36217487",
        "0.45305227",
    )


def test_retiring_with_its_fixed_costs_removes_them(demo, api):
    body = post(
        api,
        {
            **OCTOBER,
            "changes": [
                {"type": "retire", "request_class": "search-ranking", "remove_fixed_costs": True}
            ],
        },
    ).json()

    # $5,000 of ranking-model training and $1,500 of reserved capacity a month; the first goes.
    fixed = body["results"]["fixed_costs"]
    assert (fixed["before"], fixed["after"]) == ("6500.00", "1500.00")


def test_reprice_and_re_engineer_combine_in_one_run(demo, api):
    candidate = {
        "name": "summaries at 2 cents",
        "currency": "USD",
        "charges": [
            {
                "type": "usage",
                "description": "Summaries",
                "metric": "requests",
                "request_class": "doc-summarise",
                "price_model": "per_unit",
                "unit_amount": "0.02",
            }
        ],
    }
    body = post(api, {**OCTOBER, "changes": [CHEAPER_MODEL], "candidate": candidate}).json()

    doc = class_row(body["results"], "doc-summarise")
    assert (doc["after"]["revenue"], doc["after"]["cost"]) == ("0.72", "0.17")
    assert doc["after"]["margin_per_request"] == "0.01524000"  # $0.02 - $0.00476
    assert body["results"]["candidate"] == {"name": "summaries at 2 cents", "plan_id": None}
    # Repriced alone, on gpt-4o: $0.02 - $0.0151 a summary, positive too.
    alone = post(api, {**OCTOBER, "candidate": candidate}).json()
    doc = class_row(alone["results"], "doc-summarise")
    assert (doc["after"]["revenue"], doc["after"]["cost"]) == ("0.72", "0.54")
    assert doc["after"]["margin_per_request"] == "0.00490000"


def tables() -> dict[str, list[tuple]]:
    """Every row of every table but the what-ifs' own."""
    with connection.cursor() as cursor:
        names = [n for n in connection.introspection.table_names(cursor) if n != "economics_whatif"]
        out = {}
        for name in names:
            cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 (names from the catalog)
            out[name] = sorted(cursor.fetchall(), key=repr)
    return out


def test_a_what_if_changes_no_table_but_its_own(demo):
    with time_machine.travel(TODAY, tick=False):
        what_if = what_if_create(
            tenant=demo,
            changes=[CHEAPER_MODEL, {"type": "retire", "request_class": "chat"}],
            enqueue=False,
            **OCTOBER,
        )
        before = tables()
        done = what_if_run(what_if_id=what_if.pk)
    assert done.status == WhatIf.Status.SUCCEEDED
    assert tables() == before


def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(demo, api):
    cases = [
        ({**OCTOBER}, "changes"),
        (
            {**OCTOBER, "changes": [{"type": "model", "request_class": "doc-summarise"}]},
            "changes.0.model",
        ),
        (
            {**OCTOBER, "changes": [{**CHEAPER_MODEL, "model": "no-such-model"}]},
            "changes.0.model",
        ),
        (
            {**OCTOBER, "changes": [{**CHEAPER_MODEL, "request_class": "nope"}]},
            "changes.0.request_class",
        ),
        (
            {**OCTOBER, "changes": [{"type": "cached_input_share", "share": "1.5"}]},
            "changes.0.share",
        ),
        ({**OCTOBER, "changes": [{"type": "retire"}]}, "changes.0.request_class"),
        (
            {"start_month": "2026-11", "end_month": "2026-12", "changes": [CHEAPER_MODEL]},
            "end_month",
        ),
    ]
    for body, field in cases:
        response = post(api, body)
        assert response.status_code == 400, (body, response.json())
        assert response.json()["errors"][0]["field"] == field
    assert not WhatIf.objects.exists()


def test_an_idempotency_key_returns_the_first_job_and_strangers_get_404(demo, api, other_api):
    first = post(api, {**OCTOBER, "changes": [CHEAPER_MODEL]}, **{"Idempotency-Key": "k1"})
    again = post(api, {**OCTOBER, "changes": [CHEAPER_MODEL]}, **{"Idempotency-Key": "k1"})
    other = post(
        api,
        {**OCTOBER, "changes": [{**CHEAPER_MODEL, "model": "gpt-4.1-nano"}]},
        **{"Idempotency-Key": "k1"},
    )

    assert first.json()["what_if_id"] == again.json()["what_if_id"]
    assert other.status_code == 409
    assert WhatIf.objects.count() == 1
    what_if_id = first.json()["what_if_id"]
    assert other_api.get(f"/v1/what-ifs/{what_if_id}").status_code == 404
    assert other_api.get("/v1/what-ifs").json()["results"] == []
    listed = api.get("/v1/what-ifs").json()["results"]
    assert [w["what_if_id"] for w in listed] == [what_if_id]


def test_the_command_prints_each_class_before_and_after(demo):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command(
            "what_if",
            tenant=str(demo.pk),
            start_month="2026-10",
            end_month="2026-11",
            change=['{"type": "model", "request_class": "doc-summarise", "model": "gpt-4o-mini"}'],
            stdout=out,
        )
    printed = out.getvalue()
    assert "100%" in printed
    table = printed.rsplit("\r", 1)[1].split("\n")[1:]
    assert table[:9] == [
        "2026-10 (USD)",
        "request class     requests  margin/req before       after  margin before   after",
        "chat            164 -> 164         0.38337646  0.38337646          62.87   62.87",
        "classify        243 -> 243         0.23433251  0.23433251          56.94   56.94",
        "doc-summarise     36 -> 36        -0.00621111  0.00412889          -0.22    0.15",
        "search-ranking  206 -> 206         0.30361132  0.30361132          62.54   62.54",
        "support-agent   168 -> 168         0.67714286  0.67714286         113.76  113.76",
        "(blended)       817 -> 817         0.36217487  0.36263049         295.90  296.27",
        "- cus_007: margin 0.28, gross margin 40.2707% -> 77.4947%",
    ]


def test_a_what_if_whose_send_failed_is_sent_by_the_sweep(demo, monkeypatch):
    from datetime import timedelta

    from economics.decisions.tasks import what_if_run as what_if_task
    from economics.decisions.tasks import what_ifs_sweep
    from tests.economics.test_jobs import BrokerDown

    with time_machine.travel(TODAY, tick=False):
        with BrokerDown(what_if_task, monkeypatch):
            what_if = what_if_create(tenant=demo, changes=[CHEAPER_MODEL], **OCTOBER)
        what_if.refresh_from_db()
        assert (what_if.status, what_if.enqueued_at) == ("queued", None)
        assert what_ifs_sweep() == 0  # a send may still be on its way: wait a little
    with time_machine.travel(TODAY + timedelta(seconds=31), tick=False):
        assert what_ifs_sweep() == 1
    what_if.refresh_from_db()
    assert (what_if.status, what_if.attempts, what_if.progress) == ("succeeded", 1, 100)
    assert what_ifs_sweep() == 0


@pytest.mark.parametrize(
    "changes",
    [
        [CHEAPER_MODEL],
        [{"type": "cached_input_share", "share": "0.6"}],
        [{"type": "output_tokens", "request_class": "chat", "percent": "-30"}],
        [{"type": "gpu_rate", "gpu_type": "a10g", "usd_per_gpu_hour": "2.10"}],
        [{"type": "retrieval_calls", "request_class": "doc-summarise", "per_request": "1"}],
        # A model whose tier depends on each prompt: its events are costed one by one.
        [{**CHEAPER_MODEL, "model": "gpt-5.5"}],
        # A model without a price: its requests are unpriced, not $0.
        [{**CHEAPER_MODEL, "model": "no-such-model", "provider": "nobody"}],
        # Several, in order, on one class and on every class, rounding per event each time.
        [
            {"type": "cached_input_share", "request_class": "doc-summarise", "share": "0.35"},
            {"type": "output_tokens", "percent": "-33.3"},
            {"type": "output_tokens", "request_class": "doc-summarise", "percent": "12.5"},
            {"type": "retrieval_calls", "request_class": "chat", "per_request": "2.5"},
            {**CHEAPER_MODEL, "request_class": "chat"},
            {"type": "gpu_rate", "gpu_type": "a10g", "usd_per_gpu_hour": "2.10"},
        ],
        [
            {"type": "output_tokens", "request_class": "doc-summarise", "percent": "-30"},
            {"type": "output_tokens", "request_class": "chat", "percent": "-50"},
        ],
    ],
)
def test_the_grouped_re_cost_equals_costing_each_event(demo, changes):
    """Both re-costs (reading each event, and summed by the database) give the figures of
    costing every changed event one by one, to the last digit."""
    from datetime import UTC, datetime
    from typing import cast

    from economics.costs.costing import STATUS_PRICED
    from economics.costs.selectors import PriceBook, price_book_get
    from economics.costs.services.event_costs import _EVENT_FIELDS, EventRow, event_cost
    from economics.decisions.changes import (
        ChangedBook,
        change_from_data,
        changed_shape,
        recosted_classes,
    )
    from economics.decisions.selectors import recost, recost_summed

    parsed = [change_from_data({"request_class": None, **change}) for change in changes]
    classes = recosted_classes(parsed)
    start, end = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    grouped = recost(tenant=demo, start=start, end=end, classes=classes, changes=parsed)
    summed = recost_summed(tenant=demo, start=start, end=end, classes=classes, changes=parsed)

    book = cast(PriceBook, ChangedBook(price_book_get(tenant=demo), parsed))
    expected: dict[tuple, Decimal] = {}
    unpriced: dict[tuple, int] = {}
    events = UsageEvent.objects.filter(tenant=demo, timestamp__gte=start, timestamp__lt=end)
    if classes is not None:
        events = events.filter(request_class__in=classes)
    for values, external_id, request_class in zip(
        events.order_by("id").values_list(*_EVENT_FIELDS),
        events.order_by("id").values_list("customer__external_id", flat=True),
        events.order_by("id").values_list("request_class", flat=True),
        strict=True,
    ):
        row = EventRow(*values)
        shape = changed_shape(
            (
                row.model,
                row.provider,
                row.input_tokens,
                row.cached_input_tokens,
                row.output_tokens,
                row.retrieval_calls,
            ),
            row.requests,
            request_class,
            parsed,
        )
        row.model, row.provider, row.input_tokens, row.cached_input_tokens = shape[:4]
        row.output_tokens, row.retrieval_calls = shape[4:]
        key = (external_id, "2026-10", request_class)
        cost = event_cost(book=book, event=row)
        expected.setdefault(key, Decimal(0))
        if cost.status == STATUS_PRICED:
            expected[key] += cost.total
        else:
            unpriced[key] = unpriced.get(key, 0) + row.requests
    assert expected
    for found in (grouped, summed):
        assert dict(found.cost) == expected
        assert dict(found.unpriced_requests) == unpriced
        assert found.classes == (None if classes is None else frozenset(classes))
    # The same Decimals, digit for digit (exponent included), not only equal values.
    assert sorted((k, str(v)) for k, v in summed.cost.items()) == sorted(
        (k, str(v)) for k, v in grouped.cost.items()
    )


def test_unpriced_requests_from_the_usage_query_equal_reading_them_apart(demo):
    """The job takes the requests of events without a cost from the customer-months' usage
    query's rows: the same counts per customer, month and class as their own query."""
    from datetime import UTC, datetime

    from economics.decisions.selectors import unpriced_from_rows, unpriced_requests
    from economics.simulations.selectors import simulation_inputs

    october = UsageEvent.objects.filter(tenant=demo, timestamp__month=10, timestamp__year=2026)
    unknown = october.filter(request_class__in=["doc-summarise", "chat"]).order_by("id")[::7]
    UsageEvent.objects.filter(pk__in=[e.pk for e in unknown]).update(
        cost_status="unpriced", cost_total=None
    )
    start, end = datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    rows: list[tuple[Any, ...]] = []
    params = {"start_month": "2026-09", "end_month": "2026-11", "candidates": []}
    simulation_inputs(tenant=demo, params=params, rows_read=rows)

    expected = unpriced_requests(tenant=demo, start=start, end=end)
    assert unpriced_from_rows(tenant=demo, rows=rows) == expected
    assert {month for _, month, _ in expected} == {"2026-10"}
    assert {name for _, _, name in expected} == {"doc-summarise", "chat"}
    assert sum(expected.values()) == sum(e.requests for e in unknown)
