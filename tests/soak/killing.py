"""Killing a writer for real: a child process sent SIGKILL after a seeded random delay, and what
its ledger file holds afterwards, read as the next run would find it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def env() -> dict[str, str]:
    """The child's environment: the repository on its path, no ledger of the user's."""
    out = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    out.pop("FACILITY_LEDGER_DB", None)
    return out


def child(module: str, *args: str | Path) -> list[str]:
    """The command that runs one of this folder's child writers (tests/soak/kill_children.py)."""
    return [sys.executable, "-m", "tests.soak.kill_children", module, *map(str, args)]


def cli(*args: str | Path) -> list[str]:
    """The command `facility-ledger ARGS`."""
    return [sys.executable, "-m", "app", *map(str, args)]


@dataclass(frozen=True)
class Run:
    """What a child did before it died (or ended): its flushed lines, exit code, stderr."""

    lines: list[str]
    code: int
    stderr: str
    seconds: float
    first_line: float | None = None
    """Seconds from the start to the child's first report: its start-up, roughly."""

    @property
    def killed(self) -> bool:
        return self.code == -signal.SIGKILL


def run_killed(command: list[str], after: float | None, *, timeout: float = 120) -> Run:
    """Run `command`, and SIGKILL it `after` seconds (None: let it end); its output as it died.

    The lines are read as they come, so that what the child reported before the kill is known
    even though it never closed its output.
    """
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(),
                            cwd=REPO)
    out: list[bytes] = []
    err: list[bytes] = []
    first: list[float] = []

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if not first:
                first.append(time.monotonic() - started)
            out.append(line)

    readers = [threading.Thread(target=read_out, daemon=True),
               threading.Thread(target=lambda: err.extend(proc.stderr or ()), daemon=True)]
    for reader in readers:
        reader.start()
    limit = timeout if after is None else after
    # small steps: a monotonic wait of one piece can hang under libfaketime
    while proc.poll() is None and time.monotonic() - started < limit:
        time.sleep(0.002)
    if proc.poll() is None:
        if after is None:
            proc.kill()
            raise AssertionError(f"{command} did not end in {timeout} s")
        os.kill(proc.pid, signal.SIGKILL)
    code = proc.wait()
    for reader in readers:
        reader.join(timeout=10)
    text = b"".join(out).decode("utf-8", "replace")
    lines = text.splitlines()
    if text and not text.endswith("\n"):
        lines = lines[:-1]  # a line cut by the kill was not reported
    return Run(lines, code, b"".join(err).decode("utf-8", "replace"),
               time.monotonic() - started, first[0] if first else None)


def delays(seed: str, count: int, span: float, start: float = 0.0) -> list[float]:
    """`count` kill delays in [0, span) from a Random seeded with `seed`: one in three anywhere
    (start-up included), the others after `start` (the measured start-up), where the writes are,
    so that kills land in start-up, in transactions and in commits."""
    rng = random.Random(seed)
    return [rng.uniform(0.0 if n % 3 == 0 else start, span) for n in range(count)]


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check of a file, as the next opener sees it
    (its write-ahead log recovered): [] when sound."""
    conn = sqlite3.connect(path)
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if found == ["ok"] else found
        problems += [repr(r) for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()


def query(path: Path, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
    """The rows of a query on a database file."""
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql, tuple(params))]
    finally:
        conn.close()


def partials(folder: Path) -> list[Path]:
    """Temporary files of writes that never finished (written_whole's *.partial), anywhere."""
    return sorted(p for p in folder.rglob("*.partial"))
