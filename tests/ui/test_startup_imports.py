"""What the start of the app imports: the window shows a ledger's first page with its numbers
without loading the libraries and the parts of the app that nobody has asked for yet.

Imports, not times (no test asserts a time): a module that is not loaded costs nothing, whatever
the machine. bench/startup.py measures the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.ledgers import COMMUNITIES

ROOT = Path(__file__).resolve().parents[2]

START = """
import json, sys, time
from pathlib import Path
from ui import preload
preload.app_modules()  # as python -m ui does, before PySide6
preloaded = sorted(sys.modules)
from ui.app import create_app
qt = create_app(["ui"], language="zh_CN")
from ui.main_window import MainWindow
window = MainWindow(remember_geometry=False)
shown = []
window.ledger_loaded.connect(lambda: shown.append("tree"))
window.page("overview").overview_loaded.connect(lambda: shown.append("numbers"))
window.show()
window.open_ledger(Path(sys.argv[1]))
for _ in range(12000):  # small steps, never a monotonic wait (make test-dates)
    if "tree" in shown and "numbers" in shown:
        break
    qt.processEvents()
    time.sleep(0.01)
at_start = sorted(sys.modules)
built = [page.objectName() for page in window.view.built_pages]
window.show_page("demands")  # a page asked for later is built, and its code loaded, then
later = sorted(set(sys.modules) - set(at_start))
print(json.dumps({"shown": shown, "built": built, "at_start": at_start, "later": later,
                  "preloaded": preloaded,
                  "communities": window.page("overview").data.communities}))
window.shutdown()
"""

HEAVY_LIBRARIES = (
    "openpyxl", "lxml", "reportlab", "python_calamine", "pypinyin", "PIL",
    "alembic", "mako", "sqlmodel", "pydantic", "sqlalchemy.orm", "keyring", "filelock",
)
"""Libraries the first page needs none of: workbooks, PDFs, photos, pinyin keys, migrations,
the ORM (sqlmodel and its pydantic: our tables are read with SQL text), the system keyring (a
relay's password) and the sync folder's lock."""

LATER_PARTS = (
    "ui.pages.records_page", "ui.pages.matrix_page", "ui.pages.programme_page",
    "ui.pages.reports_page", "ui.pages.sync.page", "ui.forms.record_form",
    "ui.dialogs.setup_wizard", "ui.dialogs.import_dialog", "ui.dialogs.backups_dialog",
    "ui.dialogs.data_key_dialog", "ui.dialogs.recovery_box", "ui.fieldvisit", "ui.printing",
    "ui.screenshots", "app.services.imports", "app.services.exports", "app.services.reports",
    "app.store.models", "app.services.sync", "app.sync.receipts", "app.sync.bundle",
    "app.sync.apply",
)
"""Our own modules that load with the page, dialog or action that uses them (the sync page and
a relay round: the status bar's count to deliver reads app.sync.delivered_at alone)."""


def _start(path: Path) -> dict[str, list[str] | int]:
    done = subprocess.run(
        [sys.executable, "-c", START, str(path)], cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
        timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, list[str] | int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_page_shows_its_numbers_without_the_heavy_libraries_or_the_other_pages(
    ledger_path: Path,
) -> None:
    started = _start(ledger_path)
    # the tree and the numbers each load behind the window, in whichever order they finish
    assert sorted(started["shown"]) == ["numbers", "tree"]  # type: ignore[arg-type]
    assert started["communities"] == len(COMMUNITIES)
    assert started["built"] == ["overview"]
    at_start = set(started["at_start"])  # type: ignore[arg-type]
    loaded = [wanted_later for wanted_later in (*HEAVY_LIBRARIES, *LATER_PARTS)
              if any(name == wanted_later or name.startswith(wanted_later + ".")
                     for name in at_start)]
    assert loaded == [], f"启动时不该加载：{loaded}"
    preloaded = set(started["preloaded"])  # type: ignore[arg-type]
    assert not any(name.startswith(("PySide6", "shiboken6")) for name in preloaded)
    # every app module the start loads was loaded before PySide6 (ui/preload.py: why)
    late = sorted(name for name in at_start if name.startswith("app.") and name not in preloaded)
    assert late == [], f"add to ui.preload.START_MODULES: {late}"
    # the page asked for afterwards still comes, with its code
    assert "ui.pages.records_page" in started["later"]  # type: ignore[operator]
