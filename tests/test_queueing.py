"""Sending a task never fails a request on a broker outage, and never hides a task's own error."""

from __future__ import annotations

from typing import Any

import pytest
from kombu.exceptions import OperationalError

from config.queueing import task_send
from metering.tasks import ping


def test_a_send_the_broker_refuses_is_logged_and_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refused(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(ping, "apply_async", refused)
    eager = ping.app.conf.task_always_eager
    ping.app.conf.task_always_eager = False  # as with a real broker
    try:
        assert task_send(ping, "token") is False
    finally:
        ping.app.conf.task_always_eager = eager
    assert "config.ping not sent, left for the sweep" in caplog.text


def test_in_process_a_task_runs_and_its_own_error_surfaces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug in the task")

    monkeypatch.setattr(ping, "apply_async", broken)

    with pytest.raises(RuntimeError, match="a bug in the task"):
        task_send(ping, "token")


def test_a_starting_worker_waits_out_a_silent_broker_where_a_request_gives_up_in_seconds(
    settings: Any,
) -> None:
    from types import SimpleNamespace

    from celery.signals import celeryd_init

    settings.WORKER_BROKER_TIMEOUT = 300.0
    conf = SimpleNamespace(
        broker_transport_options={"socket_timeout": 1.0, "global_keyprefix": "stack:"}
    )
    celeryd_init.send(sender="celery@test", instance=None, conf=conf, options={})
    assert conf.broker_transport_options == {"socket_timeout": 300.0, "global_keyprefix": "stack:"}


def test_the_changes_of_one_tenant_in_one_process_share_one_delayed_run(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from uuid import UUID

    from economics import tasks

    sent: list[tuple[Any, ...]] = []
    clock = [100.0]
    monkeypatch.setattr(
        tasks, "task_send_later", lambda task, seconds, *args: sent.append((seconds, *args)) or True
    )
    monkeypatch.setattr(tasks.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(tasks, "_processing_due", {})
    settings.PIPELINE_COALESCE_SECONDS = 0.2
    eager = tasks.changes_process.app.conf.task_always_eager
    tasks.changes_process.app.conf.task_always_eager = False  # as with a real broker
    one, two = UUID(int=1), UUID(int=2)
    try:
        tasks.on_events_changed(one)  # queued to run 0.2 s later
        clock[0] = 100.09
        tasks.on_events_changed(one)  # that run is still 0.11 s away: it takes this note too
        tasks.on_events_changed(two)  # another tenant: its own run
        clock[0] = 100.1
        tasks.on_events_changed(one)  # within the margin of half a window: a new run
    finally:
        tasks.changes_process.app.conf.task_always_eager = eager
    assert sent == [(0.2, str(one)), (0.2, str(two)), (0.2, str(one))]


def test_a_refused_delayed_run_is_asked_for_again_by_the_next_change(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from uuid import UUID

    from economics import tasks

    answers = [False, True]
    sent: list[float] = []

    def send(task: Any, seconds: float, *args: Any) -> bool:
        sent.append(seconds)
        return answers.pop(0)

    monkeypatch.setattr(tasks, "task_send_later", send)
    monkeypatch.setattr(tasks, "_processing_due", {})
    settings.PIPELINE_COALESCE_SECONDS = 0.2
    eager = tasks.changes_process.app.conf.task_always_eager
    tasks.changes_process.app.conf.task_always_eager = False
    try:
        tasks.on_events_changed(UUID(int=3))
        tasks.on_events_changed(UUID(int=3))
    finally:
        tasks.changes_process.app.conf.task_always_eager = eager
    assert sent == [0.2, 0.2]
