"""Storage faults provoked for real, in child processes: a full disk, a folder one may not write.

The suite runs as root, where chmod changes nothing and no disk is ever full. So a child runs
where the fault is real: in a private mount namespace over a small tmpfs (`unshare -rm` and
`mount -t tmpfs`), or in a user namespace as an ordinary user (`unshare --map-user`), where the
mode bits bind it. Both need only util-linux, present on every Debian machine, CI included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

_MOUNT = 'mount -t tmpfs -o size="$1"k tmpfs "$2" && shift 2 && exec "$@"'


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FACILITY_LEDGER_DB", None)
    return env


def on_small_disk(mount_at: Path, size_kb: int, *command: str | Path,
                  timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a command with `mount_at` a fresh tmpfs of `size_kb` KiB, seen by that command only."""
    mount_at.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        ["unshare", "--map-root-user", "--mount", "--propagation", "private",
         "sh", "-c", _MOUNT, "sh", str(size_kb), str(mount_at), *map(str, command)],
        capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=timeout,
        cwd=REPO)


def as_ordinary_user(*command: str | Path,
                     timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a command as an ordinary user (uid 1000 in a user namespace): mode bits bind it."""
    return subprocess.run(
        ["unshare", "--user", "--map-user=1000", "--map-group=1000", *map(str, command)],
        capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=timeout,
        cwd=REPO)


def python(script: str) -> list[str]:
    """The command that runs a Python script with the test's interpreter."""
    return [sys.executable, "-c", script]


def cli(*args: str | Path) -> list[str]:
    """The command `facility-ledger ARGS` with the test's interpreter."""
    return [sys.executable, "-m", "app", *map(str, args)]


def last_json(done: subprocess.CompletedProcess[str]) -> Any:
    """The JSON a child script printed as its last line (its report of what it saw)."""
    lines = done.stdout.strip().splitlines()
    assert lines, f"no output; stderr:\n{done.stderr}"
    return json.loads(lines[-1])


def small_disk_run(mount_at: Path, size_kb: int, *, copy: dict[Path, str], leave_kb: int,
                   command: list[str], then: list[str] | None = None,
                   timeout: float = 120) -> dict[str, Any]:
    """On a fresh tmpfs at `mount_at`: copy files in (source → name), fill it until `leave_kb`
    KiB are left, run `command` (and then `then`, if given); report what happened.

    The report: each command's exit code, stdout and stderr, and every file left on the tmpfs
    (name → size, the filler excepted), read inside the namespace before the tmpfs goes.
    """
    job = {"root": str(mount_at), "copy": {str(k): v for k, v in copy.items()},
           "leave_kb": leave_kb, "commands": [command] + ([then] if then else [])}
    done = on_small_disk(mount_at, size_kb, sys.executable, "-m", "tests.faults",
                         json.dumps(job, ensure_ascii=False), timeout=timeout)
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = last_json(done)
    return report


def damage_table(path: Path, table: str) -> None:
    """Write garbage over the root page of one table, as a failing disk does.

    The write-ahead log is checkpointed into the file first (waiting for readers to finish), so
    that no newer copy of the page in the log hides the damage from the next read.
    """
    import sqlite3

    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xa5" * size)


def damage_bytes(path: Path) -> None:
    """Overwrite part of many pages, as a failing disk or a cut write does."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 40), page):
        data[offset + 100 : offset + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))


def break_a_reference(path: Path) -> None:
    """A community pointing at a street that does not exist: readable, but not sound."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE community SET street_id = 'nowhere'")
        conn.commit()
    finally:
        conn.close()


FILLER = "filler.bin"


def _child(job: dict[str, Any]) -> dict[str, Any]:
    """Inside the namespace: what small_disk_run describes."""
    import shutil

    root = Path(job["root"])
    for source, name in job["copy"].items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / name)
    stat = os.statvfs(root)
    spare = stat.f_bavail * stat.f_frsize - job["leave_kb"] * 1024
    with (root / FILLER).open("wb", buffering=0) as out:
        while spare > 0:
            try:
                spare -= out.write(b"\0" * min(spare, 1 << 20))
            except OSError:
                break
    runs = []
    for command in job["commands"]:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                              env=_env(), cwd=REPO, timeout=120)
        runs.append({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
    files = {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))
             if p.is_file() and p.name != FILLER}
    return {"runs": runs, "files": files}


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.argv[1])), ensure_ascii=False))
