"""Start-up and memory of the window on the city database, beside a bare PySide6 window.

Each figure comes from a fresh interpreter (imports are part of the cost): the time from process
start to the window shown with the ledger loaded (the area tree filled: `ledger_loaded`), then to
the page shown displaying the ledger's numbers (the 概览 page's counts read in its worker: what
DESIGN.md's budget means by "showing data"), then the peak resident memory after visiting every
page and letting the background work (counts, the integrity check) finish. The bare run imports
PySide6, shows a QMainWindow and waits for the event loop likewise. Beside the wall-clock times,
the CPU seconds each process used until then (all its threads): on a shared machine the wall
clock also counts other programs' work, the CPU seconds do not.

The project's own modules are compiled to bytecode first, as an installed or frozen program has
them (PYTHONDONTWRITEBYTECODE, set in some shells, would otherwise make every run compile them).
"""

from __future__ import annotations

import compileall
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from bench import common, verdicts
from bench.citydb import city_db

ROOT = Path(__file__).resolve().parent.parent
"""DESIGN.md: start to an interactive window showing data ≤ 6× a bare PySide6 window."""

BARE = common.HWM + """
import json, resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def done():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"interactive": time.time() - float(sys.argv[1]),
                      "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": PEAK_MB()}))
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

APP = common.HWM + """
import json, resource, sys, time
from pathlib import Path
from ui import preload
preload.app_modules()  # as python -m ui does, before PySide6
from PySide6.QtCore import QEvent, QObject, QTimer
from ui.app import create_app
app = create_app(["ui"], language="zh_CN")
from ui.main_window import MainWindow
window = MainWindow(remember_geometry=False)
window.resize(1280, 800)
figures = {}
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in figures:
            figures["painted"] = time.time() - float(sys.argv[1])
        return False
first_paint = FirstPaint()
window.installEventFilter(first_paint)
def peak():
    return PEAK_MB()
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
def loaded():
    figures["interactive"] = time.time() - float(sys.argv[1])
    figures["cpu_interactive"] = cpu()
    figures["modules"] = len(sys.modules)
    if "data" in figures:
        look_around()
def data_shown():
    if "data" in figures:
        return
    figures["data"] = time.time() - float(sys.argv[1])
    figures["cpu_data"] = cpu()
    if "interactive" in figures:
        look_around()
def look_around():
    figures["peak_mb_loaded"] = peak()
    for page in window.pages:  # every page once, as a user looking around would
        window.show_page(page.objectName())
        app.processEvents()
    window.show_page("demands")
def checked(_problems):
    QTimer.singleShot(3000, finish)  # the background counts of the big lists finish meanwhile
def finish():
    if "peak_mb_loaded" not in figures:  # the page's numbers are still being read
        QTimer.singleShot(200, finish)
        return
    figures["peak_mb"] = peak()
    print(json.dumps(figures))
    app.quit()
window.ledger_loaded.connect(loaded)
window.page("overview").overview_loaded.connect(data_shown)  # the page shown at start
window.integrity_checked.connect(checked)
window.show()
window.open_ledger(Path(sys.argv[2]))
app.exec()
window.shutdown()
"""

RUNS = 3

FROZEN = ROOT / "dist" / "FacilityLedger" / (
    "FacilityLedger.exe" if sys.platform == "win32" else "FacilityLedger")
"""The window program of a frozen build (`make package`), timed too when it is there."""


def _run(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, str(started), *args],
        capture_output=True, text=True, env=env, check=True, timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _frozen(path: Path) -> dict[str, float]:
    """One start of the frozen window program on `path`: seconds from launch to the tree and to
    the first page's numbers (it writes their instants itself: `--time-start`)."""
    with tempfile.TemporaryDirectory() as home:
        target = Path(home) / "start.json"
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": str(Path(home) / "config"),
               "XDG_DATA_HOME": str(Path(home) / "data")}
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(name, None)
        started = time.time()
        subprocess.run([str(FROZEN), "--db", str(path), "--time-start", str(target)],
                       env=env, cwd=home, capture_output=True, check=True, timeout=120)
        shown = json.loads(target.read_text(encoding="utf-8"))
    return {"tree": shown["tree"] - started, "data": shown["data"] - started}


def compile_sources() -> None:
    """The project's modules as bytecode, as an installed (or frozen) program has them."""
    for folder in ("app", "ui"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def _first_of_the_day(path: Path) -> dict[str, float]:
    """One start with the day's backup still to make (the bench database's daily backups are
    deleted first: the benchmark's own files, at most one kept)."""
    from app.store.backup_files import backup_dir

    for daily in backup_dir(path).glob(f"{path.stem}.*.daily.db"):
        daily.unlink()
    return _run(APP, str(path))


def main() -> None:
    """Print the best of three start-up times and the peak memory, app beside bare PySide6."""
    path = city_db()
    compile_sources()
    first = _first_of_the_day(path)  # also warms the file cache for the runs that follow
    bare = [_run(BARE) for _ in range(RUNS)]
    app = [_run(APP, str(Path(path))) for _ in range(RUNS)]
    bare_start = min(r["interactive"] for r in bare)
    bare_cpu = min(r["cpu"] for r in bare)
    app_start = min(r["interactive"] for r in app)
    app_data = min(r["data"] for r in app)
    verdict = "PASS" if app_data <= verdicts.START.limit * bare_start else "FAIL"
    print(f"startup: main window on {path.name} vs a bare PySide6 window (best of {RUNS})")
    print(f"  start to the window seen app {min(r['painted'] for r in app):6.2f} s   "
          f"(its first paint, before the ledger has opened)")
    print(f"  start to the tree shown  app {app_start:6.2f} s   bare {bare_start:6.2f} s   "
          f"ratio {app_start / bare_start:4.1f}×")
    print(f"  start to data shown      app {app_data:6.2f} s   bare {bare_start:6.2f} s   "
          f"ratio {app_data / bare_start:4.1f}× (budget {verdicts.START.limit:g}×) {verdict}")
    print(f"  first start of the day   app {first['data']:6.2f} s to data shown "
          f"(the daily backup, made behind the window, still to make)")
    print(f"  CPU to the tree shown    app {min(r['cpu_interactive'] for r in app):6.2f} s   "
          f"bare {bare_cpu:6.2f} s   to data shown {min(r['cpu_data'] for r in app):6.2f} s "
          f"(all threads: the start-up check's too)")
    print(f"  modules imported by then app {min(r['modules'] for r in app):6.0f}")
    print(f"  peak memory at load      app {max(r['peak_mb_loaded'] for r in app):6.0f} MB")
    print(f"  peak memory, all pages   app {max(r['peak_mb'] for r in app):6.0f} MB   "
          f"bare {max(r['peak_mb'] for r in bare):6.0f} MB "
          f"(budget {verdicts.UI_MEMORY.text()})")
    rows = _demands(path)
    verdicts.record("startup", "start to data shown", app_data, "s", bare_start, verdicts.START,
                    rows)
    try:
        frozen = [_frozen(path) for _ in range(RUNS)] if FROZEN.is_file() else []
    except (subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
        print(f"  frozen build: no start measured ({exc}); an old build? make package")
        frozen = []
    if frozen:
        frozen_data = min(r["data"] for r in frozen)
        print(f"  frozen build, to data    app {frozen_data:6.2f} s   "
              f"(to the tree {min(r['tree'] for r in frozen):5.2f} s; {FROZEN})")
        verdicts.record("startup", "start to data shown, frozen build", frozen_data, "s",
                        bare_start, verdicts.START, rows)
    else:
        verdicts.unmeasured("startup", "start to data shown, frozen build", verdicts.START,
                            "no frozen build that runs here: make package")
    verdicts.record("startup", "peak memory, every page visited",
                    max(r["peak_mb"] for r in app), "MB", max(r["peak_mb"] for r in bare),
                    verdicts.UI_MEMORY, rows)


def _demands(path: Path) -> int:
    """The demands in the ledger the window opens (the rows its start-up touches at most)."""
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM demand").fetchone()[0])
