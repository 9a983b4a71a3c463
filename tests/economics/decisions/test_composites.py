"""Composite units on the demo data: support conversations are traces of agent calls."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from tests.economics.decisions.conftest import TODAY, get

pytestmark = pytest.mark.django_db(transaction=True)

OCTOBER = "from=2026-10-01&to=2026-11-01"


def test_a_seeded_conversation_adds_up_to_its_events(demo, api):
    body = get(api, "/v1/economics/composites/cus_008-conv-20261005").json()

    # Three agent calls at $0.03 each (claude-sonnet-4-5: 6,000 input tokens at $3 per 1M
    # plus 800 output tokens at $15 per 1M); two resolved at $0.99 each, one failed.
    assert [
        (e["event_id"], e["cost"], e["revenue"], e["margin"], e["outcome"]) for e in body["events"]
    ] == [
        ("cus_008-000001", "0.03", "0.99", "0.96", "success"),
        ("cus_008-000004", "0.03", "0", "-0.03", "failure"),
        ("cus_008-000002", "0.03", "0.99", "0.96", "success"),
    ]
    assert {k: v for k, v in body.items() if k != "events"} == {
        "trace_id": "cus_008-conv-20261005",
        "composite_class": "support-agent",
        "customer_id": "cus_008",
        "started_at": "2026-10-05T07:00:24Z",
        "ended_at": "2026-10-05T19:32:42Z",
        "currency": "USD",
        "calls": 3,
        "unpriced_events": 0,
        "cost": "0.09",
        "revenue": "1.98",
        "margin": "1.89",
        "outcome": "success",
    }
    for name in ("cost", "revenue", "margin"):
        assert sum(Decimal(e[name]) for e in body["events"]) == Decimal(body[name])


def test_the_report_gives_each_composite_class_its_figures_and_worst_composites(demo, api):
    body = get(api, f"/v1/economics/composites?{OCTOBER}&worst=2").json()

    assert (body["from"], body["to"], body["currency"]) == (
        "2026-10-01T00:00:00Z",
        "2026-11-01T00:00:00Z",
        "USD",
    )
    [support] = body["classes"]
    # Every support-agent event of October is in a conversation: the composites add up to
    # the request-class report's support-agent row (168 requests, margin 113.76).
    assert support == {
        "composite_class": "support-agent",
        "composites": 72,
        "unpriced_composites": 0,
        "calls": 168,
        "calls_per_composite": {"mean": "2.33333333", "p50": "2", "p95": "5", "p99": "5"},
        "cost": "5.04",
        "revenue": "118.8",
        "margin": "113.76",
        "cost_per_composite": {"mean": "0.07", "p50": "0.06", "p95": "0.15", "p99": "0.15"},
        "revenue_per_composite": {"mean": "1.65", "p50": "1.98", "p95": "3.96", "p99": "4.95"},
        "margin_per_composite": {"mean": "1.58", "p50": "1.86", "p95": "3.81", "p99": "4.8"},
        "successful_composites": 57,
        # $5.04 over 57 resolved conversations: the cost of a resolved ticket.
        "cost_per_successful_composite": "0.08842105",
        "worst": [
            {
                "trace_id": "cus_008-conv-20261030",
                "customer_id": "cus_008",
                "calls": 1,
                "cost": "0.03",
                "revenue": "0",
                "margin": "-0.03",
            },
            {
                "trace_id": "cus_009-conv-20261006",
                "customer_id": "cus_009",
                "calls": 1,
                "cost": "0.03",
                "revenue": "0",
                "margin": "-0.03",
            },
        ],
    }
    assert Decimal("168") / 72 == Decimal("2.333333333333333333333333333")
    classes = get(api, f"/v1/economics/request-classes?{OCTOBER}").json()["classes"]
    row = next(c for c in classes if c["request_class"] == "support-agent")
    assert (row["requests"], row["margin"]) == (support["calls"], support["margin"])


def test_a_late_event_joins_its_trace_and_an_unpriced_call_is_not_zero(demo, api):
    def event(n: int, minute: int, request_class: str, model: str) -> dict:
        return {
            "event_id": f"run-1-{n}",
            "customer_id": "cus_008",
            "timestamp": f"2026-11-22T10:{minute:02d}:00Z",
            "request_class": request_class,
            "model": model,
            "input_tokens": 1000,
            "output_tokens": 100,
            "trace_id": "run-1",
        }

    with time_machine.travel(TODAY, tick=False):
        posted = api.post(
            "/v1/events",
            {"events": [event(1, 1, "support-agent", "claude-sonnet-4-5")]},
            format="json",
        )
        assert posted.status_code in (200, 202), posted.json()
        # The root arrives late: the composite's class becomes the root's class.
        api.post(
            "/v1/events",
            {"events": [event(0, 0, "classify", "gpt-4.1-nano"), event(2, 2, "chat", "no-such")]},
            format="json",
        )
    body = get(api, "/v1/economics/composites/run-1").json()
    assert [(e["event_id"], e["cost_status"], e["cost"]) for e in body["events"]] == [
        ("run-1-0", "priced", "0.00014"),  # 1,000 x $0.10 + 100 x $0.40 per 1M
        ("run-1-1", "priced", "0.0045"),  # 1,000 x $3 + 100 x $15 per 1M
        ("run-1-2", "unpriced", None),
    ]
    assert (body["composite_class"], body["calls"], body["unpriced_events"]) == ("classify", 3, 1)
    assert (body["cost"], body["margin"]) == (None, None)
    report = get(
        api, "/v1/economics/composites?from=2026-11-01&to=2026-11-23&request_class=classify"
    )
    [classify] = report.json()["classes"]
    assert (classify["composites"], classify["unpriced_composites"], classify["cost"]) == (
        1,
        1,
        "0",
    )
    assert classify["cost_per_composite"] == {"mean": None, "p50": None, "p95": None, "p99": None}


def test_composites_are_read_with_a_read_key_and_never_across_tenants(
    demo, api, other_api, client_for
):
    from metering.models import Tenant

    assert get(other_api, "/v1/economics/composites/cus_008-conv-20261005").status_code == 404
    assert get(other_api, f"/v1/economics/composites?{OCTOBER}").json()["classes"] == []
    ingest_only = client_for(Tenant.objects.get(pk=demo.pk), ["ingest"])
    assert get(ingest_only, f"/v1/economics/composites?{OCTOBER}").status_code == 403
    bad = get(api, "/v1/economics/composites?from=yesterday")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (400, "from")
    api.credentials()
    assert get(api, "/v1/economics/composites").status_code == 401


@pytest.mark.postgres
def test_the_events_of_composites_are_read_through_the_trace_index(demo):
    """The (tenant, trace_id) index of traced events serves the composites' reads (its
    condition is implied by the query), on every monthly partition."""
    from django.db import connection, transaction

    from economics.decisions.composites import _events_of

    qs = _events_of(demo, ["cus_008-conv-20261005", "cus_001-conv-20261006"])
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few demo rows: force the choice
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0][0]["Plan"]
    scans = []
    stack = [plan]
    while stack:
        node = stack.pop()
        stack.extend(node.get("Plans", []))
        if node.get("Relation Name", "").startswith("metering_usageevent"):
            scans.append((node["Node Type"], node.get("Index Name", "")))
    assert scans
    for node_type, index in scans:
        assert node_type in ("Index Scan", "Bitmap Heap Scan", "Bitmap Index Scan"), scans
        if node_type != "Bitmap Heap Scan":
            assert index.endswith("tenant_id_trace_id_idx") or index == "usageevent_tenant_trace"
    assert [row[-1] for row in qs] == ["cus_008-conv-20261005"] * 3


def test_the_command_prints_what_the_composites_and_mix_apis_answer(demo, api):
    import io
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    def command(*args: str) -> object:
        out = io.StringIO()
        call_command("decision_report", *args, "--tenant", str(demo.id), stdout=out)
        return json.loads(out.getvalue())

    days = ("--from", "2026-10-01", "--to", "2026-11-01")
    assert command("composites", *days, "--worst", "2") == (
        get(api, f"/v1/economics/composites?{OCTOBER}&worst=2").json()
    )
    mix = command("mix", *days, "--compare-from", "2026-09-01", "--compare-to", "2026-10-01")
    assert (
        mix
        == get(
            api, f"/v1/economics/mix?{OCTOBER}&compare_from=2026-09-01&compare_to=2026-10-01"
        ).json()
    )
    assert mix["blended"]["after"] == {"requests": 817, "margin_per_request": "0.36217487"}
    with pytest.raises(CommandError, match="--to must be after --from"):
        command("mix", "--from", "2026-11-01", "--to", "2026-10-01")
