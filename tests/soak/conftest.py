"""The soak: promises tried many times over (kills, fuzzed inputs, faults), a few dozen times in
`make test` and hundreds in `make soak` (FACILITY_LEDGER_SOAK=1), which prints what was tried."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest

SOAKING = os.environ.get("FACILITY_LEDGER_SOAK") == "1"
"""`make soak`: hundreds of rounds per path instead of a few dozen."""

_tried: Counter[str] = Counter()
_lost: Counter[str] = Counter()


class Soak:
    """How many rounds a path gets, and the tally `make soak` prints."""

    def rounds(self, quick: int, soaking: int) -> int:
        """`quick` rounds in `make test`, `soaking` in `make soak`."""
        return soaking if SOAKING else quick

    def tried(self, what: str, count: int = 1) -> None:
        """Count what was done to the app: "kills: record saves", "fuzzed: workbooks" …"""
        _tried[what] += count

    def lost(self, what: str, count: int = 1) -> None:
        """Count rows lost or half written (the test fails as well: the tally must show 0)."""
        _lost[what] += count


@pytest.fixture
def soak() -> Iterator[Soak]:
    yield Soak()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _tried:
        return  # under xdist the workers keep their tallies: `make soak` runs in one process
    write = terminalreporter.write_line
    terminalreporter.section("soak")
    for what, count in sorted(_tried.items()):
        write(f"{count:8,d}  {what}")
    write(f"{sum(_lost.values()):8,d}  rows lost or half written")
