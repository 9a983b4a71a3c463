"""A live Marginal on this machine: gunicorn and a Celery worker on a PostgreSQL database of its own.

Integrators' tests (the generated clients, the batching helper, the OpenTelemetry receiver,
schemathesis) talk to it over HTTP on 127.0.0.1 only, exactly as a customer's backend would. The
database is `<the run's database>_live_<xdist worker>`, dropped and migrated afresh; the broker is
the run's Redis under a key prefix of the stack's own, emptied when the stack stops.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def die_with_parent() -> list[str]:
    """A command prefix that kills the process when the test run dies, however it dies.

    Teardown stops every process it started; this covers a run killed outright (-9), which
    runs no teardown. The signal follows the thread that started the process: only a stack
    that starts every process from the main thread can use it (`LiveStack.launcher`).
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []


def live_database_url(database_url: str, suffix: str) -> str:
    """The run's DATABASE_URL with the database renamed `<name>_live_<suffix>`."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_live_{suffix}"))


def recreate_database(database_url: str, *, create: bool = True) -> None:
    """Drop the database if it exists, then create it empty (unless `create` is False)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')


class LiveStack:
    """Start, stop, kill and restart the server and the worker of one live Marginal."""

    def __init__(self, database_url: str, redis_url: str, log_dir: Path) -> None:
        # One stack per pytest-xdist worker: its own database and its own Redis key prefix.
        suffix = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.database_url = live_database_url(database_url, suffix)
        self.key_prefix = f"marginal-live-{suffix}:"
        self.redis_url = redis_url
        self.log_dir = log_dir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self._logs: list[IO[bytes]] = []
        # Prefixed to every command started (see die_with_parent).
        self.launcher: list[str] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "CELERY_KEY_PREFIX": self.key_prefix,
            "LOG_LEVEL": "WARNING",
            # One simulation process: the machine's cores are shared with the test run.
            "SIMULATION_WORKERS": "1",
            # gunicorn's workers share their metrics here, as in production (operations.md).
            "PROMETHEUS_MULTIPROC_DIR": str(log_dir / "metrics"),
            # The integrators' tests send requests as fast as they can; tests/limits cover
            # the rate limits.
            "RATELIMIT_ENABLED": "0",
        }
        self.env.pop("MARGINAL_REQUIRE_SERVICES", None)
        (log_dir / "metrics").mkdir(parents=True, exist_ok=True)

    # ----------------------------------------------------------------------- set up

    def start(self) -> None:
        recreate_database(self.database_url)
        self.manage("migrate", "--noinput")
        self.start_worker()
        self.start_server()

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def create_tenant(self, name: str) -> str:
        """Create a tenant and return its first admin key (the last line printed)."""
        return self.manage("create_tenant", name).strip().splitlines()[-1].strip()

    def _log(self, name: str) -> IO[bytes]:
        handle = (self.log_dir / f"{name}.log").open("ab")
        self._logs.append(handle)
        return handle

    def start_server(self) -> None:
        log = self._log("gunicorn")
        self.server = subprocess.Popen(
            [
                *self.launcher,
                str(BIN / "gunicorn"),
                "-c",
                "python:config.gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "120",
                # Fuzzers build query strings past gunicorn's default 4 KB request line (an
                # HTML 414 outside the contract); in production a proxy sets that limit.
                "--limit-request-line",
                "0",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        self.wait_ready()

    def start_worker(self) -> None:
        log = self._log("worker")
        self.worker = subprocess.Popen(
            [
                *self.launcher,
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.server is not None
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_dir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready")

    # ----------------------------------------------------------------------- faults

    def kill_server(self) -> None:
        """kill -9 the gunicorn master and its workers: connections drop mid-request."""
        if self.server is None:
            return
        master = self.server.pid
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
        ).stdout.split()
        for pid in [master, *map(int, children)]:
            try:
                os.kill(int(pid), 9)
            except ProcessLookupError:
                pass
        self.server.wait(timeout=30)
        self.server = None

    # ----------------------------------------------------------------------- tear down

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (self.server, self.worker):
            if process is None:
                continue
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.server = self.worker = None
        for handle in self._logs:
            handle.close()
        # Tasks still queued belong to this stack's database: drop them with its key prefix.
        broker = redis.Redis.from_url(self.redis_url)
        keys = list(broker.scan_iter(match=f"{self.key_prefix}*"))
        if keys:
            broker.delete(*keys)
        broker.close()
        recreate_database(self.database_url, create=False)
