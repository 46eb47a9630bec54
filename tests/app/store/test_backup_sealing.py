"""Backups made before the upgrade that seals personal fields are sealed in place after it: the
same names, restorable at every instant, checked against the original, retried when they cannot."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import time_machine

from app.services import records
from app.store import backup, backup_sealing, migrate
from app.store.db import open_ledger
from app.store.personal import PREFIX
from tests.app.store.test_migrations import make_revision_db, revision_of
from tests.app.store.util import add_plain_demands, plain_bytes_in
from tests.faults import cli, python, small_disk_run

SECRETS = ("王秀英", "1390000")


def _old_ledger_with_backups(path: Path) -> list[Path]:
    """A revision-0003 ledger of 40 demands, backed up at 20 and at 40: the backups' paths."""
    make_revision_db(path, "0003")
    add_plain_demands(path, 0, 20)
    with time_machine.travel("2026-11-02 09:00 +0800", tick=False):
        first = backup.create_backup(path, "manual")
    add_plain_demands(path, 20, 20)
    with time_machine.travel("2026-11-03 09:00 +0800", tick=False):
        second = backup.create_backup(path, "daily")
    return [first, second]


def _phones(path: Path) -> dict[str, str]:
    """Each demand's phone, as the app reads it (the ledger opened, values opened)."""
    ledger = open_ledger(path, renew_identity=True)
    try:
        return {r["content"]: r["phone"] for r in records.list_records(ledger, "demands")
                if r["content"].startswith("需求")}
    finally:
        ledger.close()


def test_an_upgrade_seals_every_older_backup_in_place_and_each_restores_as_typed(
        tmp_path: Path) -> None:
    path = tmp_path / "台账.db"
    old = _old_ledger_with_backups(path)
    assert [plain_bytes_in(b, SECRETS) != [] for b in old] == [True, True]

    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        ledger = open_ledger(path, renew_identity=True)
    ledger.close()
    assert not [n for n in ledger.notices if "备份" in n]
    made = backup.list_backups(path)
    assert sorted(b.reason for b in made) == ["before-upgrade-0003", "daily", "manual"]
    assert {b.path for b in made} >= set(old)  # the same names, sealed in place
    for b in made:
        assert revision_of(b.path) == migrate.HEAD
        assert plain_bytes_in(b.path, SECRETS) == [], b.path.name
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted(
        b.path.name for b in made)  # no temporary copy left beside them

    for b, count in ((old[0], 20), (old[1], 40)):
        backup.restore_backup(path, b)
        phones = _phones(path)
        assert len(phones) == count
        assert phones["需求 7"] == "13900000007"
        assert phones[f"需求 {count - 1}"] == f"139{count - 1:08d}"


def test_backups_already_sealed_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "台账.db"
    _old_ledger_with_backups(path)
    open_ledger(path, renew_identity=True).close()
    before = {b.path: b.path.read_bytes() for b in backup.list_backups(path)}
    ledger = open_ledger(path)
    ledger.close()
    assert backup_sealing.plain_backups(path) == []
    assert {b.path: b.path.read_bytes() for b in backup.list_backups(path)} == before


def test_a_sealed_copy_that_differs_from_its_backup_is_never_put_in_its_place(
        tmp_path: Path) -> None:
    path = tmp_path / "台账.db"
    [first, _] = _old_ledger_with_backups(path)
    plain = tmp_path / "plain.db"
    plain.write_bytes(first.read_bytes())
    ledger = open_ledger(path, renew_identity=True)
    ledger.close()
    source = sqlite3.connect(plain)
    try:
        backup_sealing.check_sealed(source, first, ledger.vault)  # the real copy: it matches
        for damage in ("DELETE FROM history WHERE id = (SELECT max(id) FROM history)",
                       "UPDATE demand SET phone = NULL WHERE content = '需求 3'",
                       "UPDATE demand SET phone = '13900000003' WHERE content = '需求 3'",
                       "DELETE FROM demand WHERE content = '需求 4'"):
            tampered = tmp_path / "tampered.db"
            tampered.write_bytes(first.read_bytes())
            conn = sqlite3.connect(tampered)
            with conn:
                conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute(damage)
            conn.close()
            with pytest.raises(ValueError, match="加密后的副本"):
                backup_sealing.check_sealed(source, tampered, ledger.vault)
    finally:
        source.close()


def test_a_backup_that_cannot_be_sealed_stays_whole_and_plain_and_is_sealed_next_time(
        tmp_path: Path) -> None:
    """A disk too full for the sealed copy: the ledger opens with a notice, the plain backup is
    as it was, no temporary file is left; with room again, the next opening seals it."""
    path = tmp_path / "台账.db"
    [first, _] = _old_ledger_with_backups(path)
    plain = first.read_bytes()
    open_ledger(path, renew_identity=True).close()
    first.write_bytes(plain)  # as if it could not be sealed then
    beside = {p: p.name for p in tmp_path.iterdir()
              if p.is_file() and p.name.startswith("台账.db.")}  # its keys, the data key
    disk = tmp_path / "满盘"
    named = disk / "backups" / first.name
    then = python(
        "import json, os, sqlite3\n"
        f"os.remove({str(disk / 'filler.bin')!r})\n"
        "from app.store.db import open_ledger\n"
        f"ledger = open_ledger({str(disk / '台账.db')!r}); ledger.close()\n"
        f"kept = sqlite3.connect({str(named)!r})\n"
        "print(json.dumps([ledger.notices, kept.execute("
        "'SELECT version_num FROM alembic_version').fetchone()[0]], ensure_ascii=False))\n")
    report = small_disk_run(
        disk, (path.stat().st_size + len(plain)) // 1024 + 4096,  # room for 3 copies
        copy={path: "台账.db", first: f"backups/{first.name}", **beside},
        leave_kb=len(plain) // 1024 // 2,
        command=cli("--db", disk / "台账.db", "list", "demands"), then=then)
    listed, again = report["runs"]
    assert listed["code"] == 0, listed
    assert "1 个升级前的备份仍含未加密的联系人和电话" in listed["stderr"], listed["stderr"]
    assert "磁盘空间不足" in listed["stderr"]
    assert "Traceback" not in listed["stderr"] and "需求 39" in listed["stdout"]
    assert again["code"] == 0, again
    notices, revision = json.loads(again["stdout"].strip().splitlines()[-1])
    assert revision == migrate.HEAD and not [n for n in notices if "备份" in n]
    assert [n for n in report["files"] if "partial" in n] == []


def test_restored_plain_backup_has_no_prefix_in_a_field_that_was_empty(tmp_path: Path) -> None:
    """Absence is not secret: an empty reporter stays empty (NULL), not a sealed token."""
    path = tmp_path / "台账.db"
    make_revision_db(path, "0003")
    add_plain_demands(path, 0, 3)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE demand SET reporter = NULL WHERE content = '需求 1'")
    conn.close()
    old = backup.create_backup(path, "manual")
    open_ledger(path, renew_identity=True).close()
    conn = sqlite3.connect(old)
    try:
        found = dict(conn.execute(
            "SELECT content, reporter FROM demand WHERE content LIKE '需求%'"))
    finally:
        conn.close()
    assert found["需求 1"] is None
    assert str(found["需求 0"]).startswith(PREFIX) and str(found["需求 2"]).startswith(PREFIX)
