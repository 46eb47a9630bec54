"""SQLite's failures reach the user as Chinese messages that say what to do, and damage met while
working turns the ledger read-only with the way out. Each fault is provoked for real: a second
connection holding the lock, `max_page_count`, garbage over a table's pages, a full tmpfs, a file
an ordinary user may not write."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from app.errors import LedgerDamaged, LedgerReadOnly, StorageError
from app.services import records
from app.store import backup, db, faults
from app.store.db import Ledger, open_ledger
from app.store.identity import key_path
from tests.app.store.util import file_counts
from tests.faults import as_ordinary_user, damage_table, python, small_disk_run

TABLES = ("community", "demand", "change_log", "history")


@pytest.fixture
def damaged(ledger: Ledger, community: str) -> Iterator[tuple[Path, Path]]:
    """A ledger with a good backup, then garbage over its demand table: (ledger, good backup)."""
    records.create(ledger, "demands", {"community": community, "content": "希望增加托育服务"})
    good = backup.create_backup(ledger.path, "daily")
    ledger.close()
    damage_table(ledger.path, "demand")
    yield ledger.path, good


def test_a_locked_ledger_is_explained_and_nothing_is_written(
        ledger: Ledger, community: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    path = ledger.path
    ledger.close()
    other = sqlite3.connect(path, isolation_level=None)  # another program, mid-write
    other.execute("BEGIN EXCLUSIVE")
    try:
        again = open_ledger(path)  # reading goes on while another program writes (WAL)
        try:
            assert records.count(again, "communities") == 1
            with pytest.raises(StorageError, match="正被另一个程序使用") as told:
                records.create(again, "communities", {"name": "西七路社区", "street": "解放门街道"})
            assert "请稍等片刻再试" in str(told.value)
        finally:
            again.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    after = open_ledger(path)
    try:
        assert records.count(after, "communities") == 1
        records.create(after, "communities", {"name": "西七路社区", "street": "解放门街道"})
        assert records.count(after, "communities") == 2  # once the lock is gone, it works
    finally:
        after.close()


def test_a_full_disk_is_explained_and_nothing_is_written(ledger: Ledger, community: str) -> None:
    before = {t: records.count(ledger, e) for t, e in (("c", "communities"), ("d", "demands"))}
    ledger.engine.dispose()

    @event.listens_for(ledger.engine, "connect")
    def _no_room(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StorageError, match="磁盘空间不足") as told:
        records.create(ledger, "demands", {"community": community, "content": "长" * 2000,
                                           "reply": "短" * 2000})
    assert str(ledger.path) in str(told.value)
    after = {t: records.count(ledger, e) for t, e in (("c", "communities"), ("d", "demands"))}
    assert after == before
    assert not ledger.read_only  # a full disk is no damage


def test_damage_met_while_working_turns_the_ledger_read_only(
        damaged: tuple[Path, Path]) -> None:
    path, good = damaged
    ledger = open_ledger(path)
    heard: list[str] = []
    ledger.damage_listeners.append(heard.append)
    try:
        assert records.count(ledger, "communities") == 1
        with pytest.raises(LedgerDamaged, match="已损坏") as told:
            records.list_records(ledger, "demands")
        message = str(told.value)
        assert "只读" in message and f'backup restore "{good}"' in message
        assert ledger.read_only and len(heard) == 1
        with pytest.raises(LedgerReadOnly, match="只读") as refused:
            records.create(ledger, "communities", {"name": "西七路社区", "street": "解放门街道"})
        assert refused.value.exit_code == 4 and str(good) in str(refused.value)
        assert records.count(ledger, "communities") == 1  # reading goes on
    finally:
        ledger.close()
    assert faults.damage_mark(path) is not None
    again = open_ledger(path)  # remembered: read-only again until restored
    try:
        assert again.read_only
        with pytest.raises(LedgerReadOnly):
            records.create(again, "communities", {"name": "西七路社区", "street": "解放门街道"})
    finally:
        again.close()
    assert file_counts(path, "community") == {"community": 1}


def test_a_damaged_ledger_is_neither_backed_up_nor_bundled(damaged: tuple[Path, Path]) -> None:
    from app.sync import bundle

    path, good = damaged
    ledger = open_ledger(path)
    try:
        with pytest.raises(LedgerDamaged, match="已损坏"):
            bundle.make_bundle(ledger)
        assert not list(bundle.outbox(ledger).glob("*"))
        assert ledger.read_only
    finally:
        ledger.close()
    faults.clear_damage_mark(path)
    with pytest.raises(LedgerDamaged, match="未做备份") as told:
        backup.create_backup(path, "manual")
    assert str(good) in str(told.value)
    assert [b.path for b in backup.list_backups(path)] == [good]
    assert not [p for p in backup.backup_dir(path).iterdir() if p != good]
    assert faults.damage_mark(path) is not None  # the failed check is remembered


def test_restoring_the_newest_good_backup_frees_the_ledger(damaged: tuple[Path, Path]) -> None:
    path, good = damaged
    with pytest.raises(LedgerDamaged):
        backup.create_backup(path, "manual")
    kept = backup.restore_backup(path, good)
    assert kept.name.startswith("t.damaged-") and kept.exists()  # nothing of it is lost
    assert faults.damage_mark(path) is None
    ledger = open_ledger(path, renew_identity=True)
    try:
        assert not ledger.read_only
        assert records.count(ledger, "demands") == 1
        records.create(ledger, "communities", {"name": "西七路社区", "street": "解放门街道"})
    finally:
        ledger.close()


_ADD = """
import json, sys
from app.errors import KnownError
from app.services import records
from app.store.db import open_ledger
try:
    ledger = open_ledger(sys.argv[1])
    try:
        records.create(ledger, "demands", {"community": sys.argv[2], "content": "长" * 200_000})
        print(json.dumps({"ok": True}))
    finally:
        ledger.close()
except KnownError as exc:
    print(json.dumps({"ok": False, "kind": type(exc).__name__, "message": str(exc)},
                     ensure_ascii=False))
"""


def test_a_disk_that_fills_up_is_explained(ledger: Ledger, community: str,
                                           tmp_path: Path) -> None:
    path = ledger.path
    ledger.close()
    disk = tmp_path / "满盘"
    copy = {path: "台账.db", key_path(path): "台账.db.key"}
    report = small_disk_run(disk, 4096, copy=copy, leave_kb=24,
                            command=[*python(_ADD), str(disk / "台账.db"), community])
    said = json.loads(report["runs"][0]["stdout"].strip().splitlines()[-1])
    assert said["ok"] is False and said["kind"] == "StorageError", report
    assert "磁盘空间不足" in said["message"] or "磁盘 I/O 错误" in said["message"]
    assert "台账.db" in said["message"] and "Traceback" not in report["runs"][0]["stderr"]


def test_a_ledger_one_may_not_write_is_explained(ledger: Ledger, community: str,
                                                 tmp_path: Path) -> None:
    path = ledger.path
    ledger.close()
    folder = tmp_path / "只读"
    folder.mkdir()
    for source in (path, key_path(path)):
        shutil.copyfile(source, folder / source.name)
    (folder / path.name).chmod(0o444)
    folder.chmod(0o555)
    try:
        done = as_ordinary_user(*python(_ADD), folder / path.name, community)
    finally:
        folder.chmod(0o755)
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["ok"] is False and said["kind"] == "StorageError", done.stderr
    assert "没有写入权限" in said["message"] or "无法打开台账文件" in said["message"]
    assert file_counts(folder / path.name, *TABLES) == file_counts(path, *TABLES)
