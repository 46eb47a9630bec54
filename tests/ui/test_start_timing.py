"""`python -m ui --time-start FILE`: the two instants a benchmark times a (frozen) start by."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app import paths

ROOT = Path(__file__).resolve().parents[2]


def _start(database: Path, target: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    env.pop(paths.DB_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "ui", "--db", str(database), "--time-start", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )


def test_the_start_writes_when_the_tree_and_the_numbers_were_shown_and_ends(
        ledger_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "start.json"
    launched = time.perf_counter()
    done = _start(ledger_path, target, tmp_path)
    ended = time.perf_counter()
    assert done.returncode == 0, done.stderr
    shown = json.loads(target.read_text(encoding="utf-8"))
    assert set(shown) == {"tree", "data"}
    assert all(isinstance(shown[what], float) for what in ("tree", "data"))
    # two instants of the child's own clock, apart by less than the run lasted (only durations
    # are compared: under libfaketime, make test-dates, each process's clock starts afresh)
    assert abs(shown["data"] - shown["tree"]) <= ended - launched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_ledger_that_cannot_open_ends_the_timed_start_with_its_error(tmp_path: Path) -> None:
    not_a_ledger = tmp_path / "笔记.db"
    not_a_ledger.write_bytes(b"this is not a SQLite database, just some notes" * 100)
    target = tmp_path / "start.json"
    done = _start(not_a_ledger, target, tmp_path)
    assert done.returncode == 1
    assert json.loads(target.read_text(encoding="utf-8"))["error"]
    assert not_a_ledger.read_bytes().startswith(b"this is not a SQLite")  # left as it was
