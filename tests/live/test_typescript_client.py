"""The TypeScript client (clients/typescript) type-checks and runs its end-to-end script live."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker
PACKAGE = Path(__file__).resolve().parent.parent.parent / "clients" / "typescript"


def npm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npm", *args],
        cwd=PACKAGE,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_typed_client_talks_to_a_live_server(live_stack: LiveStack) -> None:
    if not (PACKAGE / "node_modules" / ".bin" / "tsc").exists():
        installed = npm("ci", "--no-audit", "--no-fund", "--loglevel=error")
        assert installed.returncode == 0, installed.stderr
    typecheck = npm("run", "--silent", "typecheck")
    assert typecheck.returncode == 0, typecheck.stdout + typecheck.stderr

    env = {
        **os.environ,
        "MARGINAL_URL": live_stack.base_url,
        "MARGINAL_API_KEY": live_stack.create_tenant("TypeScript client e2e"),
    }
    run = npm("run", "--silent", "e2e", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == "6 passed, 0 failed"
