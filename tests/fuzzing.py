"""Fuzzing budgets: modest in `make test`, 50 times larger under `make stress`."""

from __future__ import annotations

import os

STRESS = os.environ.get("BROADSHEET_HYPOTHESIS") == "stress"
STRESS_FACTOR = 50


def examples(default: int) -> int:
    """How many hypothesis examples a fuzz test runs in this mode."""
    return default * STRESS_FACTOR if STRESS else default
