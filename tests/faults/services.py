"""A Marginal of the fault suite's own: PostgreSQL, Redis, gunicorn, a Celery worker and beat.

The database cluster and the Redis server are private (temporary directories, ports nobody
else uses) so the scenarios can stop, freeze and restart them without touching the
machine's shared services. Every process is started with a time bound and `FaultStack.stop`
kills whatever is left, whatever happened before.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import redis

from tests.live.stack import ROOT, LiveStack, die_with_parent, free_port

START_TIMEOUT = 60.0
# The pipeline sweep runs this often here (30 s in production) so that scenarios drain fast.
SWEEP_SECONDS = 3


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed on this machine, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def missing_binaries() -> list[str]:
    """What the fault suite needs and this machine lacks."""
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def _run(args: list[str], *, user: str | None = None, timeout: float = 60) -> str:
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, check=False, user=user
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


class PostgresCluster:
    """A throw-away PostgreSQL cluster on a private port (fsync off: its data is disposable).

    The server is a child process of the test run (no pg_ctl daemon), started through
    `die_with_parent`, so a run that dies leaves no server behind.
    """

    def __init__(self, log_dir: Path) -> None:
        bin_dir = postgres_bin()
        assert bin_dir is not None
        self.bin = bin_dir
        self.port = free_port()
        # initdb refuses to run as root: the cluster then belongs to the `postgres` user.
        self.user = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="marginal-faults-pg-"))
        self.data = self.root / "data"
        self.log_path = log_dir / "postgres.log"
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/marginal"
        self.admin_url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.process: subprocess.Popen[bytes] | None = None

    def init(self) -> None:
        _run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ],
            user=self.user,
            timeout=120,
        )
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as admin:
            admin.execute("CREATE DATABASE marginal")

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                *die_with_parent(),
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=60",
            ],
            stdout=log,
            stderr=log,
            user=self.user,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited; see {self.log_path}")
            try:
                psycopg.connect(self.admin_url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.2)
        raise RuntimeError("postgres did not start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` disconnects every session; `immediate` is a crash."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT if mode == "fast" else signal.SIGQUIT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=5)

    def destroy(self) -> None:
        """Stop the cluster however it is, then delete it."""
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """A redis-server of the suite's own, without persistence, on a private port."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = (self.log_dir / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                *die_with_parent(),
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop the server; what it held (queued tasks) is gone, as in a restart without disk."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait(timeout=30)
        self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


class FaultStack(LiveStack):
    """gunicorn, a Celery worker and beat on the private database and Redis."""

    def __init__(self, log_dir: Path) -> None:
        self.postgres = PostgresCluster(log_dir)
        self.redis = RedisServer(log_dir)
        super().__init__(database_url=self.postgres.url, redis_url=self.redis.url, log_dir=log_dir)
        # LiveStack names a database per xdist worker; this cluster has one of its own.
        self.database_url = self.postgres.url
        self.beat: subprocess.Popen[bytes] | None = None
        # Every process is started from the main thread, so each can die with the run.
        self.launcher = die_with_parent()
        self.env |= {
            "DATABASE_URL": self.postgres.url,
            "PIPELINE_SWEEP_SECONDS": str(SWEEP_SECONDS),
            # Requests fail fast while the database is down (a 503), never wait on it long.
            "DB_CONNECT_TIMEOUT": "2",
            "DB_CONN_MAX_AGE": "60",
        }

    def start(self) -> None:
        self.postgres.init()
        self.redis.start()
        self.manage("migrate", "--noinput")
        self.start_worker()
        self.start_beat()
        self.start_server()

    def start_worker(self) -> None:
        # The worker's sessions are named, so a scenario can see what it is doing.
        self.env["DATABASE_URL"] = f"{self.postgres.url}?application_name=marginal-worker"
        try:
            super().start_worker()
        finally:
            self.env["DATABASE_URL"] = self.postgres.url

    def start_beat(self) -> None:
        log = self._log("beat")
        self.beat = subprocess.Popen(
            [
                *self.launcher,
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.log_dir / "beat-schedule"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )

    def kill_worker(self) -> None:
        """kill -9 the worker: its open transaction is rolled back, its task never acked."""
        assert self.worker is not None
        self.worker.kill()
        self.worker.wait(timeout=30)
        self.worker = None

    def stop(self) -> None:
        """Kill every process and delete the cluster: nothing is left behind, even on failure."""
        if self.redis.process is not None:
            self.redis.thaw()
        for process in (self.server, self.worker, self.beat):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (self.server, self.worker, self.beat):
            if process is None:
                continue
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.server = self.worker = self.beat = None
        for handle in self._logs:
            handle.close()
        self.redis.stop()
        self.postgres.destroy()
