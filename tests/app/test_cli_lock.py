"""`facility-ledger lock show|set|off`: the window's app lock from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.app_lock import opens
from app.services import app_lock
from app.store.db import open_ledger
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledger


@pytest.fixture
def ledger_path(street_template: Path, tmp_path: Path) -> Path:
    return copy_ledger(street_template, tmp_path / "台账 目录" / "台账.db")


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_set_change_show_and_off(ledger_path: Path, tmp_path: Path) -> None:
    db = str(ledger_path)
    assert run("--db", db, "lock", "show").stdout.strip() == "应用锁：未设置"
    first = _file(tmp_path, "一.txt", "第一个密码abc")
    second = _file(tmp_path, "二.txt", "second-password")
    done = run("--db", db, "lock", "set", "--password-file", first, "--idle", "15")
    assert done.returncode == 0 and "无操作 15 分钟后" in done.stdout
    assert "打开台账时，以及无操作 15 分钟后" in run("--db", db, "lock", "show").stdout

    refused = run("--db", db, "lock", "set", "--password-file", second)
    assert refused.returncode == 2 and "--current-password-file" in refused.stderr
    wrong = run("--db", db, "lock", "set", "--password-file", second,
                "--current-password-file", second)
    assert wrong.returncode == 2 and "当前密码不对" in wrong.stderr
    changed = run("--db", db, "lock", "set", "--password-file", second,
                  "--current-password-file", first)
    assert changed.returncode == 0 and "无操作 15 分钟后" in changed.stdout  # minutes kept
    ledger = open_ledger(ledger_path)
    try:
        lock = app_lock.current(ledger)
        assert lock is not None and lock.idle_minutes == 15
        assert opens(lock, "second-password") and not opens(lock, "第一个密码abc")
    finally:
        ledger.close()

    off = run("--db", db, "lock", "off")  # a forgotten password: no password asked
    assert off.returncode == 0 and off.stdout.strip() == "应用锁已取消"
    assert run("--db", db, "lock", "show").stdout.strip() == "应用锁：未设置"


def test_what_cannot_be_a_lock_is_refused_and_nothing_set(ledger_path: Path,
                                                          tmp_path: Path) -> None:
    db = str(ledger_path)
    short = _file(tmp_path, "短.txt", "12345")
    for args, words in (((), "需要 --password-file"),
                        (("--password-file", short), "至少要 6 个字符"),
                        (("--password-file", _file(tmp_path, "好.txt", "abcdef"), "--idle", "7"),
                         "之一")):
        done = run("--db", db, "lock", "set", *args)
        assert done.returncode == 2 and words in done.stderr
    assert run("--db", db, "lock", "show").stdout.strip() == "应用锁：未设置"
