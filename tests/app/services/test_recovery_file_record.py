"""The ledger remembers when the recovery file of its data key was exported (or imported from),
for that key only; `keys show` says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from app.domain import china_time
from app.services import data_keys, records
from app.store import backup
from app.store.db import open_ledger
from tests.helpers.cli import run

WHEN = dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=china_time.CHINA)
NEVER = "数据密钥恢复文件：从未导出"


def _street_with_a_phone(path: Path) -> None:
    assert run("--db", path, "init", "--role", "street", "--area", "解放门街道").returncode == 0
    ledger = open_ledger(path)
    try:
        community = records.create(ledger, "communities",
                                   {"name": "东七路社区", "street": "解放门街道"})
        records.create(ledger, "demands", {"community": community, "content": "增设助餐点",
                                           "reporter": "王秀英", "phone": "13912345678"})
    finally:
        ledger.close()


def _show(path: Path) -> str:
    done = run("--db", path, "keys", "show")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_keys_show_says_whether_and_when_the_recovery_file_was_exported(tmp_path: Path) -> None:
    ledger_path = tmp_path / "街道 台账" / "台账.db"
    _street_with_a_phone(ledger_path)
    shown = _show(ledger_path)
    assert NEVER in shown and "keys export-data-key" in shown
    password = tmp_path / "密码.txt"
    password.write_text("恢复密码 correct horse\n", encoding="utf-8")
    recovery = tmp_path / "U盘" / "数据密钥.cfkey"
    recovery.parent.mkdir()
    made = backup.create_backup(ledger_path, "manual")  # before the export: it knows of none
    with time_machine.travel(WHEN.timestamp(), tick=False):
        done = run("--db", ledger_path, "keys", "export-data-key", "--out", recovery,
                   "--password-file", password)
    assert done.returncode == 0, done.stderr
    shown = _show(ledger_path)
    assert NEVER not in shown
    assert "数据密钥恢复文件：已于 2026-12-31 23:59 导出" in shown

    # a new laptop: the backup restored (from before the export), then the recovery file
    new = tmp_path / "新电脑" / "台账.db"
    assert run("--db", new, "init", "--role", "street", "--area", "解放门街道").returncode == 0
    assert run("--db", new, "backup", "restore", made).returncode == 0
    assert "本机没有这把密钥" in _show(new)
    later = WHEN + dt.timedelta(days=3)
    with time_machine.travel(later.timestamp(), tick=False):
        done = run("--db", new, "keys", "import-data-key", recovery, "--password-file",
                   password)
    assert done.returncode == 0, done.stderr
    assert "数据密钥恢复文件：已有（2027-01-03 23:59 从恢复文件导入）" in _show(new)


def test_a_record_of_another_key_counts_for_nothing(tmp_path: Path) -> None:
    ledger_path = tmp_path / "台账.db"
    _street_with_a_phone(ledger_path)
    ledger = open_ledger(ledger_path)
    try:
        data_keys.export_data_key(ledger, tmp_path / "恢复.cfkey", "恢复密码-12345678", now=WHEN)
        made = data_keys.recovery_file(ledger)
        assert made is not None and made.at == WHEN and made.key_id == ledger.vault.key_id
        key_id = ledger.vault.key_id
        assert key_id is not None
        ledger.vault.key_id = "0" * 16  # as if the ledger had another key now
        assert data_keys.recovery_file(ledger) is None
        ledger.vault.key_id = key_id
    finally:
        ledger.close()


def test_a_damaged_ledger_still_exports_its_recovery_file(tmp_path: Path) -> None:
    ledger_path = tmp_path / "台账.db"
    _street_with_a_phone(ledger_path)
    ledger = open_ledger(ledger_path)
    try:
        ledger.make_read_only("为测试：已损坏", remember=False)
        out = tmp_path / "恢复.cfkey"
        key_id = data_keys.export_data_key(ledger, out, "恢复密码-12345678", now=WHEN)
        assert key_id == ledger.vault.key_id and out.stat().st_size > 0
        assert data_keys.recovery_file(ledger) is None  # not recorded: reminded again, no harm
    finally:
        ledger.close()
