"""Start-up and memory of the window on the city database, beside a bare PySide6 window.

Each figure comes from a fresh interpreter (imports are part of the cost): the time from process
start to the window shown with the ledger loaded and the event loop idle, then the peak resident
memory after visiting every page and letting the background work (counts, the integrity check)
finish. The bare run imports PySide6, shows a QMainWindow and waits for the event loop likewise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.citydb import city_db

BARE = """
import json, resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
def done():
    print(json.dumps({"interactive": time.time() - float(sys.argv[1]),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

APP = """
import json, resource, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from ui.app import create_app
app = create_app(["ui"], language="zh_CN")
from ui.main_window import MainWindow
window = MainWindow(remember_geometry=False)
window.resize(1280, 800)
figures = {}
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def loaded():
    figures["interactive"] = time.time() - float(sys.argv[1])
    figures["peak_mb_loaded"] = peak()
    for page in window.pages:  # every page once, as a user looking around would
        window.show_page(page.objectName())
        app.processEvents()
    window.show_page("demands")
def checked(_problems):
    QTimer.singleShot(3000, finish)  # the background counts of the big lists finish meanwhile
def finish():
    figures["peak_mb"] = peak()
    print(json.dumps(figures))
    app.quit()
window.ledger_loaded.connect(loaded)
window.integrity_checked.connect(checked)
window.show()
window.open_ledger(Path(sys.argv[2]))
app.exec()
window.shutdown()
"""

RUNS = 3


def _run(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, str(started), *args],
        capture_output=True, text=True, env=env, check=True, timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print the best of three start-up times and the peak memory, app beside bare PySide6."""
    path = city_db()
    bare = [_run(BARE) for _ in range(RUNS)]
    app = [_run(APP, str(Path(path))) for _ in range(RUNS)]
    bare_start = min(r["interactive"] for r in bare)
    app_start = min(r["interactive"] for r in app)
    print(f"startup: main window on {path.name} vs a bare PySide6 window (best of {RUNS})")
    print(f"  start to interactive   app {app_start:6.2f} s   bare {bare_start:6.2f} s   "
          f"ratio {app_start / bare_start:4.1f}× (budget 8×)")
    print(f"  peak memory at load    app {max(r['peak_mb_loaded'] for r in app):6.0f} MB")
    print(f"  peak memory, all pages app {max(r['peak_mb'] for r in app):6.0f} MB   "
          f"bare {max(r['peak_mb'] for r in bare):6.0f} MB (budget 400 MB)")
