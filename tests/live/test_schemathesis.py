"""Contract fuzzing: schemathesis, every check, every operation, against a live server.

The run is bounded (a fixed number of examples per operation and a fixed seed), prints its
report into the test log, and fails on any finding: a 5xx, a response outside its schema, an
undocumented status code, a valid request refused or an invalid one accepted. What the run is
told beyond the schema is in tests/live/schemathesis.toml, each item with its reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.stack import LiveStack

pytestmark = pytest.mark.worker
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
TIME_LIMIT = 900  # seconds


def test_the_live_api_keeps_its_contract_under_fuzzing(
    live_stack: LiveStack, tmp_path: Path
) -> None:
    key = live_stack.create_tenant("Schemathesis")
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_stack.base_url}/v1/schema",
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "20261201",
        "--workers",
        "2",
        "--generation-database",
        "none",
        "--suppress-health-check",
        "all",
        "--no-color",
    ]
    run = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    print(run.stdout[-20000:])
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
