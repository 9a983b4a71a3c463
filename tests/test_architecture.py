"""The layering contracts of pyproject.toml hold, and `lint-imports` fails when one is broken.

Each probe is written into a temporary copy of the code, never into the tree itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "metering", "pricing", "economics")
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))
APPS = "Apps depend one way: economics on pricing on metering"
ECONOMICS = "Economics: orchestration, decisions, alerts and simulations, margins, costs"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def broken_contracts(output: str) -> dict[str, str]:
    """Each broken contract's report, by contract name (a heading underlined with dashes)."""
    _, _, broken = output.partition("Broken contracts\n----------------\n")
    parts = re.split(r"^(.+)\n-+\n", broken, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the packages and pyproject.toml (the contracts) to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.json"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


# One probe per rule: (module written into the copy, its source, the contract it breaks).
PROBES = [
    ("config/_violation_probe.py", "import metering.models\n", "config imports no app"),
    ("metering/_violation_probe.py", "import economics.dates\n", APPS),
    ("pricing/_violation_probe.py", "from economics.margins import formulas\n", APPS),
    ("economics/costs/_violation_probe.py", "from economics.margins import formulas\n", ECONOMICS),
    ("economics/margins/_violation_probe.py", "from economics.alerts import signing\n", ECONOMICS),
    (
        "economics/simulations/_violation_probe.py",
        "from economics.alerts import signing\n",
        ECONOMICS,
    ),
    ("economics/alerts/_violation_probe.py", "from economics.decisions import mix\n", ECONOMICS),
]


def test_every_forbidden_import_and_cycle_breaks_its_contract(tree: Path) -> None:
    for module, source, _ in PROBES:
        (tree / module).write_text(source)
    # A cycle: pricing.models -> the probe -> pricing.services -> pricing.models.
    (tree / "pricing/_cycle_probe.py").write_text("from pricing import services\n")
    models = tree / "pricing/models.py"
    models.write_text(models.read_text() + "\nfrom pricing import _cycle_probe  # noqa: E402\n")

    result = lint_imports(tree)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 4 broken." in result.stdout
    reports = broken_contracts(result.stdout)
    for module, _, contract in PROBES:
        assert module.removesuffix(".py").replace("/", ".") in reports[contract], module
    cycles = reports["No import cycles between the modules of a package"]
    assert "No cycles are allowed in pricing." in cycles
    assert "- ._cycle_probe -> .services (1 import)" in cycles


VIEW_MODULES = sorted(
    [
        *ROOT.glob("*/api/*views.py"),
        *ROOT.glob("economics/*/api/views.py"),
        *ROOT.glob("pricing/*/api/views.py"),
        *ROOT.glob("config/api/*.py"),
    ]
)
DATABASE_WORK = re.compile(
    r"\.objects\b|\btransaction\b|select_related|prefetch_related|refresh_from_db|"
    r"\.(filter|exclude|order_by|annotate|aggregate|first|exists|get_or_create)\("
)


def test_views_leave_queries_and_transactions_to_selectors_and_services() -> None:
    assert len(VIEW_MODULES) >= 8
    offending = {
        str(path.relative_to(ROOT)): [
            line.strip() for line in path.read_text().splitlines() if DATABASE_WORK.search(line)
        ]
        for path in VIEW_MODULES
    }
    assert {path: lines for path, lines in offending.items() if lines} == {}
