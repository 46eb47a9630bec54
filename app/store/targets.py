"""The 2030 coverage targets in force: the city plan's, unless the office above sent its own."""

from __future__ import annotations

from app.domain.enums import COVERAGE_TARGETS_2030, Function
from app.store.db import Ledger
from app.store.settings import get_setting

TARGETS = "reference/targets"
"""The setting that holds the targets a reference bundle from the office above carried."""


def coverage_targets(ledger: Ledger) -> dict[Function, float]:
    """The 2030 coverage targets: as the office above last sent them, else the city plan's."""
    sent = get_setting(ledger, TARGETS) or {}
    return {f: float(sent.get(f.value, COVERAGE_TARGETS_2030[f])) for f in Function.nine()}
