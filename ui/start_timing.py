"""`--time-start FILE` (hidden): when the tree and the first page's numbers are shown, write the
two instants to FILE and quit, so that a benchmark can time a frozen build, which has no Python
to instrument and, on Windows, no console to print to."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ui.main_window import MainWindow
from ui.pages.overview_page import OverviewPage


def report_when_shown(window: MainWindow, target: Path) -> None:
    """Write {"tree": epoch s, "data": epoch s} to `target` once both are on screen, then quit;
    a ledger that fails to open ends the program with 1 and an error in the file instead."""
    shown: dict[str, float | str] = {}

    def seen(what: str) -> None:
        shown.setdefault(what, time.time())
        if "tree" in shown and "data" in shown:
            _write(target, shown)
            QCoreApplication.exit(0)

    def failed(message: str) -> None:
        _write(target, {"error": message})
        QCoreApplication.exit(1)

    window.ledger_loaded.connect(lambda: seen("tree"))
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)  # the page a start shows
    overview.overview_loaded.connect(lambda: seen("data"))
    window.open_failed.connect(failed)


def _write(target: Path, figures: dict[str, float | str]) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(figures), encoding="utf-8")
    partial.replace(target)  # the benchmark never reads half a file
