"""A USB stick that is full, write-protected or pulled out while a street writes its bundles to it
or syncs with it, and a data disk that fills during an import (issue 18, part 2): each time a
Chinese message naming the place, no half file under a real name, the ledger as it was, and the
next sync with a good stick delivering everything.

The faults are real, in child processes: a tmpfs of a few KiB as the stick, an ordinary user
facing a folder it may not write, a stick unmounted (lazily, as a pulled one) mid-write."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.faults import as_ordinary_user, last_json, on_small_disk, python, small_disk_run
from tests.faults import cli as cli_command
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledger

STREET = "解放门街道"
TABLES = ("community", "demand", "space", "history", "change_log", "device", "setting")

FOLDER_SYNC = """
import json, sys
from pathlib import Path
from app.errors import KnownError
from app.store.db import open_ledger
from app.sync.folder import sync_folder
ledger = open_ledger(Path(sys.argv[1]))
try:
    report = sync_folder(ledger, Path(sys.argv[2]))
    print(json.dumps({"ok": True, "written": report.written}, ensure_ascii=False))
except KnownError as exc:
    print(json.dumps({"ok": False, "message": str(exc)}, ensure_ascii=False))
finally:
    ledger.close()
"""
"""A folder sync in a child process: what it wrote, or the message it gave."""

COUNTS = f"""
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = {{t: conn.execute(f"SELECT count(*) FROM {{t}}").fetchone()[0] for t in {TABLES!r}}}
check = conn.execute("PRAGMA integrity_check").fetchone()[0]
print(json.dumps({{"rows": rows, "check": check}}))
"""
"""The rows of each table and the integrity check, read in the child without the app."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, street_template: Path) -> Path:
    """A street ledger with its demo data (a bundle of some hundred KiB), closed."""
    path = copy_ledger(street_template, tmp_path_factory.mktemp("模板") / "台账.db")
    done = run("--db", path, "demo", "--scope", f"street:{STREET}")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def ledger(template: Path, tmp_path: Path) -> Path:
    return copy_ledger(template, tmp_path / "街道 台账" / "台账.db")


def rows(path: Path) -> dict[str, int]:
    """How many rows each table holds, read without the app."""
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def sound(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def delivered_later(ledger: Path, tmp_path: Path) -> list[str]:
    """Sync with a good stick: every change goes, as bundles whole and verified."""
    good = tmp_path / "好U盘"
    done = run("--db", ledger, "bundle", "create", "--out", good)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in good.glob("*.cfbundle") if not p.name.startswith("ckpt-"))
    assert made, done.stdout
    for name in made:
        checked = run("--db", ledger, "bundle", "verify", good / name)
        assert checked.returncode == 0, checked.stderr
    return made


def _no_half_files(files: dict[str, int]) -> None:
    """Nothing on the stick but whole files under their real names (checked apart)."""
    assert not [n for n in files if ".tmp" in n or "partial" in n or n.startswith(".")], files


@pytest.mark.parametrize("leave_kb", [2, 64], ids=["nothing left", "64 KiB left"])
def test_a_full_stick(ledger: Path, tmp_path: Path, leave_kb: int) -> None:
    before = rows(ledger)
    stick = tmp_path / "满U盘"
    report = small_disk_run(stick, 1024, copy={}, leave_kb=leave_kb, command=cli_command(
        "--db", ledger, "bundle", "create", "--out", stick),
        then=[*python(FOLDER_SYNC), str(ledger), str(stick)])
    created, synced = report["runs"]
    assert created["code"] == 1 and "磁盘空间不足" in created["stderr"], created
    assert str(stick) in created["stderr"] and "Traceback" not in created["stderr"]
    outcome = json.loads(synced["stdout"].strip().splitlines()[-1])
    assert not outcome["ok"] and "磁盘空间不足" in outcome["message"], synced
    assert report["files"] in ({}, {"outbox": 0}) or set(report["files"]) <= {
        "outbox", "receipts"}, report["files"]
    _no_half_files(report["files"])
    sound(ledger)
    changed = rows(ledger)
    assert {t: changed[t] for t in ("community", "demand", "space", "history")} == {
        t: before[t] for t in ("community", "demand", "space", "history")}
    delivered_later(ledger, tmp_path)


def test_a_write_protected_stick(ledger: Path, tmp_path: Path) -> None:
    stick = tmp_path / "写保护U盘"
    stick.mkdir()
    stick.chmod(0o555)
    ledger.parent.chmod(0o777)  # the ordinary user may write the ledger, not the stick
    for file in ledger.parent.iterdir():
        file.chmod(0o666)
    before = rows(ledger)
    try:
        created = as_ordinary_user(*cli_command("--db", ledger, "bundle", "create",
                                                "--out", stick))
        synced = as_ordinary_user(*python(FOLDER_SYNC), str(ledger), str(stick))
    finally:
        stick.chmod(0o755)
    assert created.returncode == 1, created.stderr
    assert str(stick) in created.stderr and "Traceback" not in created.stderr
    assert "没有写入权限" in created.stderr or "写保护" in created.stderr, created.stderr
    outcome = last_json(synced)
    assert not outcome["ok"] and "写保护或已拔出" in outcome["message"], outcome
    assert list(stick.iterdir()) == []
    sound(ledger)
    assert rows(ledger)["history"] == before["history"]
    delivered_later(ledger, tmp_path)


def test_a_stick_pulled_out_before_or_while_it_is_written(ledger: Path, tmp_path: Path) -> None:
    gone = tmp_path / "已拔出的U盘"
    missing = run("--db", ledger, "bundle", "create", "--out", gone / "台账数据")
    assert missing.returncode in (0, 1), missing.stderr  # a missing folder may be made anew
    before = rows(ledger)
    stick = tmp_path / "U盘"
    pull = f"""
import json, subprocess, sys, threading, time
from pathlib import Path
stick = Path({str(stick)!r})
runs = []
for attempt in range(3):
    child = subprocess.Popen([*{python(FOLDER_SYNC)!r}, {str(ledger)!r}, str(stick)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not any(stick.rglob("*.cfbundle*")) and child.poll() is None and \\
            time.monotonic() < deadline:
        time.sleep(0.001)
    pulled_mid = child.poll() is None
    subprocess.run(["umount", "-l", str(stick)], check=True)  # the stick comes out
    out, err = child.communicate(timeout=60)
    runs.append({{"mid": pulled_mid, "out": out, "err": err, "code": child.returncode}})
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(stick)], check=True)
print(json.dumps(runs, ensure_ascii=False))
"""
    done = on_small_disk(stick, 4096, *python(pull), timeout=300)
    assert done.returncode == 0, done.stderr
    runs = last_json(done)
    assert any(r["mid"] for r in runs)  # pulled while the sync was still writing to it
    for each in runs:
        assert "Traceback" not in each["err"], each["err"]
        outcome = json.loads(each["out"].strip().splitlines()[-1])
        if not outcome["ok"]:
            assert "U盘" in outcome["message"] or str(stick) in outcome["message"], outcome
    sound(ledger)
    assert {t: rows(ledger)[t] for t in ("community", "demand", "space", "history")} == {
        t: before[t] for t in ("community", "demand", "space", "history")}
    delivered_later(ledger, tmp_path)


def test_a_data_disk_that_fills_during_an_import(ledger: Path, street_template: Path,
                                                 tmp_path: Path) -> None:
    workbook = tmp_path / "台账.xlsx"
    exported = run("--db", ledger, "export", "--out", workbook)
    assert exported.returncode == 0, exported.stderr
    fresh = copy_ledger(street_template, tmp_path / "新台账" / "台账.db")  # all of it is new
    before = rows(fresh)
    disk = tmp_path / "满盘"
    size = fresh.stat().st_size // 1024
    files = {fresh: "台账.db", fresh.with_name("台账.db.key"): "台账.db.key"}
    report = small_disk_run(
        disk, size + 2048, copy=files, leave_kb=size // 3,
        command=cli_command("--db", disk / "台账.db", "import", workbook),
        then=[*python(COUNTS), str(disk / "台账.db")])
    imported, counted = report["runs"]
    assert imported["code"] != 0, imported
    assert "磁盘空间不足" in imported["stderr"] or "磁盘 I/O 错误" in imported["stderr"], imported
    assert "Traceback" not in imported["stderr"]
    left = set(report["files"]) - {"台账.db", "台账.db.key", "台账.db-wal", "台账.db-shm"}
    assert not [n for n in left if not n.startswith("backups/")], left
    after = json.loads(counted["stdout"])
    assert after["check"] == "ok" and after["rows"] == before, after  # all or nothing: nothing
