"""The multi-host test's figures, printed after the run by tests/conftest.py (also in CI)."""

from __future__ import annotations

# Lines set by the test, even when an assertion then fails.
FIGURES: list[str] = []
