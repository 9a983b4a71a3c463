"""Dashboard: server time of every page on the economics benchmark's database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marginal_bench_economics \\
        .venv/bin/python bench/dashboard.py --requests 100

Reads the database `bench/economics.py` seeded (1,000,000 events of October 2026 by
default): gives the bench tenant a dashboard member, starts gunicorn (2 workers, local
settings with DEBUG off, over plain http), signs in, then times R sequential requests of each
page after a warm-up: the wall time of a request on localhost with the connection reused, which
bounds the server time from above. Prints p50 / p95 / max in ms and the queries per page.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
# Local settings, as the server: the member's password is hashed with the hasher it checks.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

EMAIL = "bench@bench.example"
PASSWORD = "bench password long enough"
OCTOBER = "from=2026-10-01&to=2026-10-31"


def member() -> str:
    """A dashboard member of the bench tenant; returns the first customer's id."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from metering.audit import Actor
    from metering.models import Customer, Role, Tenant
    from metering.services import member_create

    tenant = Tenant.objects.get(name="Bench AI")
    get_user_model().objects.filter(username=EMAIL).delete()
    member_create(
        tenant=tenant, email=EMAIL, password=PASSWORD, role=Role.ADMIN, actor=Actor.system("bench")
    )
    first = Customer.objects.of(tenant).order_by("external_id").first()
    assert first is not None
    return first.external_id


def queries_per_page(pages: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.login(username=EMAIL, password=PASSWORD)
    counts = {}
    for name, path in pages.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        counts[name] = len(captured.captured_queries)
    return counts


def main() -> None:
    import requests

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    args = parser.parse_args()
    customer = member()
    pages = {
        "overview (October)": f"/dashboard/?{OCTOBER}",
        "request class (October)": f"/dashboard/classes/doc-summarise/?{OCTOBER}",
        "customers (all)": "/dashboard/customers/",
        "customer": f"/dashboard/customers/{customer}/",
        "simulations": "/dashboard/simulations/",
        "costs (October)": f"/dashboard/costs/?{OCTOBER}",
        "alerts": "/dashboard/alerts/",
    }
    counts = queries_per_page(pages)
    port = 8700 + os.getpid() % 200
    # Local settings with DEBUG off: production's, but cookies that travel over plain http.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0")
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    server = subprocess.Popen(  # noqa: S603
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    try:
        for _ in range(100):
            try:
                if session.get(f"{base}/healthz", timeout=5).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        form = session.get(f"{base}/dashboard/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token is not None
        signed = session.post(
            f"{base}/dashboard/login/",
            data={"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{base}/dashboard/login/"},
            timeout=30,
            allow_redirects=False,
        )
        assert signed.status_code == 302, signed.text[:500]
        for name, path in pages.items():
            for _ in range(5):
                answer = session.get(base + path, timeout=60, allow_redirects=False)
                assert answer.status_code == 200, (path, answer.status_code)
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                answer = session.get(base + path, timeout=60, allow_redirects=False)
                timings.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(
                f"GET {name:26s} p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms  "
                f"max {timings[-1]:6.1f} ms  {counts[name]:3d} queries"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
