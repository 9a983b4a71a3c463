"""Marginal on three test hosts: a database host, and two hosts of gunicorn and Celery workers.

    db   PostgreSQL (a cluster of the test's own, initdb into a temporary directory) and
         redis-server, both listening on the host's address only
    a    gunicorn (config/gunicorn.py, production settings), a pipeline worker (queues costing,
         rollups, rating, webhooks, stripe, celery), a simulations worker (--pool solo), beat
    b    the same without beat (one beat per deployment)

The hosts are network namespaces on a private subnet (tests/multihost/network.py); every
process is started inside its host's namespace through `ip netns exec`, and talks to the
others over the subnet exactly as separate machines would. `MultiHostStack.stop` kills every
process of every host and deletes the namespaces and the cluster, whatever happened before.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import IO, Any

import psycopg
import redis

from tests.faults.services import PostgresCluster
from tests.live.stack import BIN, ROOT, die_with_parent
from tests.multihost.network import Host, Network
from tests.multihost.simulation import CHUNKS as SIMULATION_CHUNKS

START_TIMEOUT = 60.0
WEB_PORT = 8000
# Beat looks for pipeline input a lost task left behind this often (30 s in production), so
# that the work of the killed host is picked up within the test's time bound.
SWEEP_SECONDS = 3
PIPELINE_QUEUES = "costing,rollups,rating,webhooks,stripe,celery"
# The pipeline tasks whose runs are counted per host (economics/tasks.py).
COUNTED_TASKS = (
    "economics.changes_process",
    "economics.pending_process",
    "economics.rollups_refresh",
)


class NamespacedPostgres(PostgresCluster):
    """The fault suite's throw-away cluster, served inside the database host's namespace."""

    def __init__(self, log_dir: Path, host: Host) -> None:
        super().__init__(log_dir)
        self.host = host
        self.port = 5432
        self.url = f"postgres://postgres@{host.address}:{self.port}/marginal"
        self.admin_url = f"postgres://postgres@{host.address}:{self.port}/postgres"

    def start(self) -> None:
        hba = self.data / "pg_hba.conf"
        line = f"host all all {self.host.address.rsplit('.', 1)[0]}.0/24 trust\n"
        if line not in hba.read_text():
            with hba.open("a") as handle:
                handle.write(line)
        log = self.log_path.open("ab")
        # `ip netns exec` needs root; the server then runs as the cluster's owner.
        # (A change of user clears the parent-death signal: it is asked for again after it.)
        as_owner = [
            "setpriv",
            f"--reuid={self.user}",
            f"--regid={self.user}",
            "--init-groups",
            *die_with_parent()[1:],
        ]
        self.process = subprocess.Popen(
            [
                *die_with_parent(),
                *self.host.exec_prefix,
                *(as_owner if self.user else []),
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                f"listen_addresses={self.host.address}",
                "-c",
                "unix_socket_directories=",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=100",
            ],
            stdout=log,
            stderr=log,
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


class AppHost:
    """One host of gunicorn and Celery workers; its processes, logs and address."""

    def __init__(self, host: Host, log_dir: Path) -> None:
        self.host = host
        self.log_dir = log_dir / f"host-{host.name}"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        (self.log_dir / "metrics").mkdir(exist_ok=True)
        self.base_url = f"http://{host.address}:{WEB_PORT}"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.alive = False

    @property
    def name(self) -> str:
        return self.host.name

    def worker_log(self, kind: str = "pipeline") -> Path:
        return self.log_dir / f"worker-{kind}.log"

    def _task_lines(self, kind: str = "pipeline") -> list[tuple[str, str, str]]:
        """(task name, task id, rest) of each line a worker of this host wrote about a task.

        Read from the worker's INFO log: Celery writes `Task <name>[<id>] received` when a
        task arrives, and `Task <name>[<id>] succeeded in <s>s: <returned value>` when done.
        """
        path = self.worker_log(kind)
        if not path.exists():
            return []
        found = []
        for line in path.read_text(errors="replace").splitlines():
            try:
                message = str(json.loads(line).get("event", ""))
            except ValueError:
                continue
            if message.startswith("Task ") and "[" in message and "] " in message:
                name, rest = message[5:].split("[", 1)
                task_id, rest = rest.split("] ", 1)
                found.append((name, task_id, rest))
        return found

    def _finished(self, kind: str = "pipeline") -> list[tuple[str, str]]:
        """(task name, returned value) of every task the worker of `kind` finished."""
        return [
            (name, rest.rsplit(": ", 1)[-1].strip())
            for name, _, rest in self._task_lines(kind)
            if rest.startswith("succeeded in ")
        ]

    def in_flight(self) -> Counter[str]:
        """Tasks received and not (yet) finished, by name: at a kill, those it was running."""
        lines = self._task_lines()
        done = {task_id for _, task_id, rest in lines if not rest.startswith("received")}
        return Counter(
            name for name, task_id, rest in lines if rest == "received" and task_id not in done
        )

    def task_runs(self) -> Counter[str]:
        """Pipeline tasks this host's worker finished, by task name."""
        return Counter(name for name, _ in self._finished() if name in COUNTED_TASKS)

    def simulation_runs(self) -> Counter[str]:
        """Tasks this host's simulations worker finished, by task name (jobs and chunks)."""
        return Counter(name for name, _ in self._finished("simulations"))

    def events_costed(self) -> int:
        """Events this host's costing tasks costed (the count each task returns)."""
        costing = ("economics.changes_process", "economics.pending_process")
        return sum(int(value) for name, value in self._finished() if name in costing)

    def worker_ready(self) -> bool:
        """Both Celery workers of the host have logged that they are ready."""
        return all(
            (self.log_dir / f"{kind}.log").exists()
            and " ready." in (self.log_dir / f"{kind}.log").read_text(errors="replace")
            for kind in ("worker-pipeline", "worker-simulations")
        )


class MultiHostStack:
    """The three hosts and everything running on them."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.network = Network()
        self.postgres: NamespacedPostgres | None = None
        self.redis_process: subprocess.Popen[bytes] | None = None
        self.apps: dict[str, AppHost] = {}
        self._logs: list[IO[bytes]] = []
        self.env: dict[str, str] = {}
        self.database_url = ""
        self.redis_url = ""
        self.start_seconds = 0.0
        self.phases: dict[str, float] = {}  # seconds of each step of the start

    # ----------------------------------------------------------------------- set up

    def start(self) -> None:
        started = time.monotonic()
        self.network.create()
        db = self.network.add_host("db")
        hosts = [self.network.add_host(name) for name in ("a", "b")]
        self.postgres = NamespacedPostgres(self.log_dir, db)
        self.phases["network"] = time.monotonic() - started
        self.postgres.init()
        self.database_url = self.postgres.url
        self.redis_url = f"redis://{db.address}:6379/0"
        self._start_redis(db)
        self.phases["database host"] = time.monotonic() - started - sum(self.phases.values())
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "CELERY_KEY_PREFIX": "marginal-multihost:",
            "ALLOWED_HOSTS": ",".join(h.address for h in hosts),
            "LOG_LEVEL": "WARNING",
            "PIPELINE_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "DB_CONNECT_TIMEOUT": "2",
            # The machine's two cores are shared by both hosts and the test.
            "SIMULATION_WORKERS": "1",
            # Enough chunk tasks per simulation (and what-if) for both hosts' simulations
            # workers to take some.
            "SIMULATION_CHUNKS": str(SIMULATION_CHUNKS),
            "WHAT_IF_CHUNKS": str(SIMULATION_CHUNKS),
        }
        for name in ("MARGINAL_REQUIRE_SERVICES", "MARGINAL_MULTIHOST", "PYTEST_XDIST_WORKER"):
            self.env.pop(name, None)
        self.manage("migrate", "--noinput")
        self.phases["migrate"] = time.monotonic() - started - sum(self.phases.values())
        for host in hosts:
            app = AppHost(host, self.log_dir)
            self.apps[host.name] = app
            self._start_app(app, beat=host.name == "a")
        for app in self.apps.values():
            self._wait_ready(app)
        self.phases["app hosts"] = time.monotonic() - started - sum(self.phases.values())
        self.start_seconds = time.monotonic() - started

    def _log(self, path: Path) -> IO[bytes]:
        handle = path.open("ab")
        self._logs.append(handle)
        return handle

    def _start_redis(self, db: Host) -> None:
        log = self._log(self.log_dir / "redis.log")
        self.redis_process = subprocess.Popen(
            [
                *die_with_parent(),
                *db.exec_prefix,
                "redis-server",
                "--port",
                "6379",
                "--bind",
                db.address,
                # Clients come from the other hosts; the subnet has no way in from outside.
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if redis.Redis.from_url(self.redis_url, socket_timeout=1).ping():
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

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

    def create_tenant(self, name: str) -> tuple[str, str]:
        """A new tenant: its first admin key and its id."""
        key = self.manage("create_tenant", name).strip().splitlines()[-1].strip()
        with self.connect() as db:
            row = db.execute("SELECT id FROM metering_tenant WHERE name = %s", [name]).fetchone()
        assert row is not None
        return key, str(row[0])

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.database_url, autocommit=True, connect_timeout=5)

    def _spawn(self, app: AppHost, name: str, args: list[str], env: dict[str, str]) -> None:
        log = self._log(app.log_dir / f"{name}.log")
        app.processes[name] = subprocess.Popen(
            [*die_with_parent(), *app.host.exec_prefix, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )

    def _start_app(self, app: AppHost, *, beat: bool) -> None:
        env = {**self.env, "PROMETHEUS_MULTIPROC_DIR": str(app.log_dir / "metrics")}
        self._spawn(
            app,
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:config.gunicorn",
                "config.wsgi",
                "--bind",
                f"{app.host.address}:{WEB_PORT}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env,
        )
        celery = [sys.executable, "-m", "celery", "-A", "config", "worker"]
        # INFO: the worker logs every task it finished, which is how the test sees who ran what.
        self._spawn(
            app,
            "worker-pipeline",
            [
                *celery,
                "-Q",
                PIPELINE_QUEUES,
                "-n",
                f"pipeline@host-{app.name}",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
            ],
            {**env, "LOG_LEVEL": "INFO"},
        )
        self._spawn(
            app,
            "worker-simulations",
            [
                *celery,
                "-Q",
                "simulations",
                "-n",
                f"simulations@host-{app.name}",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
            ],
            {**env, "LOG_LEVEL": "INFO"},
        )
        if beat:
            self._spawn(
                app,
                "beat",
                [
                    *celery[:-1],
                    "beat",
                    "--loglevel",
                    "WARNING",
                    "--schedule",
                    str(app.log_dir / "beat-schedule"),
                ],
                env,
            )

    def _wait_ready(self, app: AppHost) -> None:
        # Every process of both app hosts imports Django at once: allow for a loaded machine.
        deadline = time.monotonic() + 1.5 * START_TIMEOUT
        while time.monotonic() < deadline:
            for name, process in app.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} of host {app.name} exited; see {app.log_dir}")
            try:
                with urllib.request.urlopen(f"{app.base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        app.alive = True
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"host {app.name} did not become ready")

    # ----------------------------------------------------------------------- faults

    def kill_host(self, name: str) -> int:
        """kill -9 every process of the host and unplug it; how many processes died."""
        app = self.apps[name]
        app.alive = False
        killed = app.host.kill_all()
        app.host.unplug()
        for process in app.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        return len(killed)

    # ----------------------------------------------------------------------- tear down

    def stop(self) -> None:
        """Kill every process of every host, delete the namespaces, the bridge and the cluster."""
        self.network.destroy()
        processes = [p for app in self.apps.values() for p in app.processes.values()]
        if self.redis_process is not None:
            processes.append(self.redis_process)
        if self.postgres is not None and self.postgres.process is not None:
            processes.append(self.postgres.process)
        for process in processes:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        for handle in self._logs:
            handle.close()
        if self.postgres is not None:
            self.postgres.process = None
            shutil.rmtree(self.postgres.root, ignore_errors=True)
