"""A what-if split into chunk tasks (one range of customers each) stores each chunk's sums once
and merges them once: the same results as one task, digit for digit, however often a chunk is
delivered. Tasks run in-process here; test_what_if_worker.py runs real workers."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import override_settings

from config.celery_app import app as celery_app
from economics.decisions import runner
from economics.decisions.models import WhatIf, WhatIfChunk
from economics.decisions.runner import what_if_chunk_run, what_if_merge, what_if_run
from economics.decisions.services import what_if_create
from economics.decisions.whatif import WhatIfSums, merge_sums, sums_from_data, sums_to_data
from metering.models import Tenant
from tests.economics.decisions.conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)

SEPTEMBER_OCTOBER = {"start_month": "2026-09", "end_month": "2026-11"}
CHEAPER_MODEL = {
    "type": "model",
    "request_class": "doc-summarise",
    "model": "gpt-4o-mini",
    "provider": "openai",
}
CANDIDATE = {
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
# Re-costed (a cheaper model, a model costed event by event, fewer output tokens), a class
# retired with its fixed costs, and a candidate plan: every part of a what-if in one run.
EVERYTHING: dict[str, Any] = {
    **SEPTEMBER_OCTOBER,
    "changes": [
        CHEAPER_MODEL,
        {"type": "model", "request_class": "chat", "model": "gpt-5.5", "provider": "openai"},
        {"type": "output_tokens", "percent": "-33.3"},
        {"type": "retire", "request_class": "search-ranking", "remove_fixed_costs": True},
    ],
    "candidate": CANDIDATE,
}


def _job(tenant: Tenant, ask: dict[str, Any]) -> WhatIf:
    with time_machine.travel(TODAY, tick=False):
        return what_if_create(tenant=tenant, enqueue=False, **ask)


def _single(tenant: Tenant, ask: dict[str, Any]) -> WhatIf:
    return what_if_run(what_if_id=_job(tenant, ask).pk, chunked=False)


def _chunks(what_if: WhatIf) -> list[tuple[Any, ...]]:
    """(index, customers, attempts, sums, finished) of each chunk of the job."""
    return [
        (c.index, c.customers, c.attempts, c.sums, c.finished_at is not None)
        for c in WhatIfChunk.objects.filter(what_if=what_if).order_by("index")
    ]


def _blended(what_if: WhatIf) -> tuple[Any, ...]:
    blended = what_if.results["blended"]  # type: ignore[index]
    return tuple(
        blended[side][name]
        for side in ("before", "after")
        for name in ("requests", "unpriced_requests", "cost", "revenue", "margin_per_request")
    )


def test_the_sums_of_a_chunk_read_back_digit_for_digit() -> None:
    from decimal import Decimal

    from economics.decisions.whatif import Pair, Sums

    sums = WhatIfSums(
        by_class={
            "chat": Pair(Sums(Decimal("3"), Decimal("0"), Decimal("0.0150"), Decimal("1E+1")))
        },
        by_customer={"cus_1": Pair(after=Sums(revenue=Decimal("0.000")))},
    )
    again = sums_from_data(sums_to_data(sums))
    assert again == sums
    assert str(again.by_class["chat"].before.cost) == "0.0150"
    assert str(again.by_customer["cus_1"].after.revenue) == "0.000"
    # Merged: classes add up, customers (one chunk each) are kept.
    other = WhatIfSums(
        by_class={"chat": Pair(Sums(Decimal("2"), Decimal("1"), Decimal("0.01"), Decimal("5")))},
        by_customer={"cus_2": Pair()},
    )
    merged = merge_sums([sums, other])
    assert merged.by_class["chat"].before == Sums(
        Decimal("5"), Decimal("1"), Decimal("0.0250"), Decimal("15")
    )
    assert sorted(merged.by_customer) == ["cus_1", "cus_2"]


@override_settings(WHAT_IF_CHUNKS=4)
@pytest.mark.parametrize(
    "ask",
    [
        {**SEPTEMBER_OCTOBER, "changes": [CHEAPER_MODEL]},
        {**SEPTEMBER_OCTOBER, "changes": [{"type": "retire", "request_class": "chat"}]},
        {**SEPTEMBER_OCTOBER, "candidate": CANDIDATE},
        EVERYTHING,
    ],
    ids=["re-engineer", "retire", "reprice", "everything"],
)
def test_chunk_tasks_give_the_single_task_results_digit_for_digit(
    demo: Tenant, ask: dict[str, Any]
) -> None:
    single = _single(demo, ask)
    chunked = what_if_run(what_if_id=_job(demo, ask).pk, chunked=True)  # tasks run in-process

    assert (single.status, single.error) == ("succeeded", "")
    assert (chunked.status, chunked.progress, chunked.attempts) == ("succeeded", 100, 1)
    assert chunked.results == single.results
    # Four chunks of three of the 12 customers (11 with usage or a plan in these months),
    # each computed once, their sums emptied once merged.
    assert _chunks(chunked) == [(0, 3, 1, None, True), (1, 2, 1, None, True)] + [
        (i, 3, 1, None, True) for i in (2, 3)
    ]


@override_settings(WHAT_IF_CHUNKS=4)
def test_every_change_at_once_chunked_gives_these_exact_figures(demo: Tenant) -> None:
    single = _single(demo, EVERYTHING)
    chunked = what_if_run(what_if_id=_job(demo, EVERYTHING).pk, chunked=True)

    assert chunked.results == single.results
    # Blended before and after: requests, unpriced requests, cost, revenue, margin/request.
    # (On PostgreSQL the re-cost is summed by the database, elsewhere read event by event.)
    assert _blended(chunked) == (
        "1417",
        "0",
        "6.41",
        "444.69",
        "0.30929952",
        "1001",
        "0",
        "10.10",
        "1.34",
        "-0.00875042",
    ), connection.vendor
    fixed = chunked.results["fixed_costs"]  # type: ignore[index]
    assert (fixed["before"], fixed["after"]) == ("13000.00", "3000.00")


@override_settings(WHAT_IF_CHUNKS=3)
def test_a_chunk_run_twice_adds_nothing(demo: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    single = _single(demo, EVERYTHING)
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(runner, "task_send", lambda task, *args: sent.append(args))
    what_if = _job(demo, EVERYTHING)
    running = what_if_run(what_if_id=what_if.pk, chunked=True)
    assert (running.status, running.progress) == ("running", 5)
    assert sent == [(str(what_if.pk), 0), (str(what_if.pk), 1), (str(what_if.pk), 2)]

    assert what_if_chunk_run(what_if_id=what_if.pk, index=0) == "running"
    first = WhatIfChunk.objects.get(what_if=what_if, index=0)
    # Delivered again (a redelivery, a retry): found done, computed no second time.
    assert what_if_chunk_run(what_if_id=what_if.pk, index=0) == "running"
    again = WhatIfChunk.objects.get(what_if=what_if, index=0)
    assert (again.attempts, again.sums, again.finished_at) == (1, first.sums, first.finished_at)
    assert WhatIf.objects.get(pk=what_if.pk).progress == 5 + 94 // 3

    assert what_if_chunk_run(what_if_id=what_if.pk, index=1) == "running"
    assert what_if_chunk_run(what_if_id=what_if.pk, index=2) == "succeeded"
    done = WhatIf.objects.get(pk=what_if.pk)
    assert done.results == single.results
    assert (done.status, done.progress, done.attempts) == ("succeeded", 100, 1)

    # Every chunk and the merge again, after the end: nothing changes.
    for index in range(3):
        assert what_if_chunk_run(what_if_id=what_if.pk, index=index) == "succeeded"
    assert what_if_merge(what_if_id=what_if.pk).finished_at == done.finished_at
    assert WhatIf.objects.get(pk=what_if.pk).results == single.results
    assert [c[:3] for c in _chunks(done)] == [(0, 4, 1), (1, 3, 1), (2, 4, 1)]


@override_settings(WHAT_IF_CHUNKS=2)
def test_a_chunk_lost_mid_run_completes_exactly_when_sent_again(
    demo: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    single = _single(demo, EVERYTHING)
    monkeypatch.setattr(runner, "task_send", lambda task, *args: None)
    what_if = _job(demo, EVERYTHING)
    what_if_run(what_if_id=what_if.pk, chunked=True)

    # The worker dies while computing chunk 0: nothing of it is stored.
    compute = runner.accumulate

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt  # stands for the process going away

    monkeypatch.setattr(runner, "accumulate", dies)
    with pytest.raises(KeyboardInterrupt):
        what_if_chunk_run(what_if_id=what_if.pk, index=0)
    monkeypatch.setattr(runner, "accumulate", compute)
    assert _chunks(what_if)[0][2:] == (1, None, False)

    # Chunk 1 finishes; chunk 0 is delivered again and the last one in merges.
    assert what_if_chunk_run(what_if_id=what_if.pk, index=1) == "running"
    assert what_if_chunk_run(what_if_id=what_if.pk, index=0) == "succeeded"
    done = WhatIf.objects.get(pk=what_if.pk)
    assert done.results == single.results
    assert [c[:3] for c in _chunks(done)] == [(0, 5, 2), (1, 6, 1)]


def test_a_what_if_with_a_broker_is_chunked_unless_the_setting_says_single(
    demo: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(runner, "task_send", lambda task, *args: sent.append(args))
    ask = {**SEPTEMBER_OCTOBER, "changes": [CHEAPER_MODEL]}
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # as with a broker: tasks go to workers
    try:
        chunked = what_if_run(what_if_id=_job(demo, ask).pk)
        assert (chunked.status, len(sent)) == ("running", 4)
        with override_settings(WHAT_IF_RUN_MODE="single"):
            single = what_if_run(what_if_id=_job(demo, ask).pk)
    finally:
        celery_app.conf.task_always_eager = previous
    assert (single.status, len(sent)) == ("succeeded", 4)
    assert not WhatIfChunk.objects.filter(what_if=single).exists()
