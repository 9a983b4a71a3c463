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
