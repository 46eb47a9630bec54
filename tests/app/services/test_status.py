"""The status services: undelivered changes, clean-shutdown marker, integrity check and recovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import LedgerReadOnly, NeedsPerson
from app.services import records, status, sync
from app.services.setup import init_ledger, open_existing
from app.store import backup
from app.store.db import Ledger
from app.task import TaskState
from tests.faults import break_a_reference, damage_bytes


def _add(ledger: Ledger, name: str, code: str) -> str:
    return records.create(ledger, "communities", {"name": name, "street": "解放门街道",
                                                  "code": code})


def test_undelivered_changes_counts_the_change_log(ledger: Ledger) -> None:
    before = sync.undelivered_changes(ledger)
    record = _add(ledger, "东七路社区", "610102005001")
    assert sync.undelivered_changes(ledger) == before + 1
    records.update(ledger, "communities", record, {"population": "3000"})
    assert sync.undelivered_changes(ledger) == before + 2


def test_marker_tells_an_unclean_shutdown(tmp_path: Path) -> None:
    path = tmp_path / "台账 目录" / "台账.db"
    path.parent.mkdir()
    assert not status.was_unclean(path)
    status.mark_open(path)
    assert status.was_unclean(path)  # the process died here: the marker stays
    status.mark_closed(path)
    assert not status.was_unclean(path)
    status.mark_closed(path)  # twice is fine


def test_check_integrity_finds_sound_damaged_and_foreign_files(ledger: Ledger,
                                                               tmp_path: Path) -> None:
    _add(ledger, "东七路社区", "610102005001")
    ledger.close()
    assert status.check_integrity(ledger.path) == []
    broken = tmp_path / "坏的引用.db"
    backup.restore_backup(broken, ledger.path)
    break_a_reference(broken)
    assert status.check_integrity(broken) != []
    damaged = tmp_path / "坏.db"
    backup.restore_backup(damaged, ledger.path)
    damage_bytes(damaged)
    problems = status.check_integrity(damaged)
    assert problems and "无法读取" in problems[0]
    other = tmp_path / "随便.db"
    other.write_bytes(b"this is not a database" * 100)
    assert status.check_integrity(other) == []  # opening it says what it is
    stopped = TaskState()
    stopped.cancel()
    assert status.check_integrity(ledger.path, stopped) is None


def test_restore_latest_backup_keeps_the_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "台账 目录" / "台账.db"
    ledger = init_ledger(path)
    _add(ledger, "东七路社区", "610102005001")
    device = ledger.device
    ledger.close()
    made = backup.create_backup(path, "daily")
    ledger = open_existing(path)
    _add(ledger, "西七路社区", "610102005002")
    ledger.close()
    damage_bytes(path)
    assert status.latest_backup(path) == backup.list_backups(path)[0]
    restored = status.restore_latest_backup(path)
    assert restored.backup.path == made
    assert restored.damaged_copy.exists() and restored.damaged_copy != path
    assert status.check_integrity(path) == []
    ledger = open_existing(path)
    try:
        assert records.count(ledger, "communities") == 1  # as the backup had it
        assert ledger.device != device  # a restored ledger sends under a new identity
    finally:
        ledger.close()


def test_restore_without_a_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "台账.db"
    init_ledger(path).close()
    damage_bytes(path)
    with pytest.raises(NeedsPerson, match="没有可以恢复的备份"):
        status.restore_latest_backup(path)
    assert path.exists()  # left where it was


def test_read_only_ledger_refuses_writes_and_still_reads(ledger: Ledger) -> None:
    _add(ledger, "东七路社区", "610102005001")
    status.make_read_only(ledger)
    with pytest.raises(LedgerReadOnly, match="只读"):
        _add(ledger, "西七路社区", "610102005002")
    assert records.count(ledger, "communities") == 1
