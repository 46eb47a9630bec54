"""Storage faults at the command line, as a clerk meets them: a Chinese message and the exit code
of DESIGN.md's table, never a traceback; nothing half-written, a damaged ledger never written to
or bundled, a lost key never silently replaced; files the user's only.

The commands run in this process (tests/helpers/cli.py), in a child process where the fault needs
one: a full disk, an ordinary user, a window still open in another process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.store import db
from app.store.identity import key_path
from tests.app.store.util import file_counts
from tests.faults import as_ordinary_user, damage_table, small_disk_run
from tests.faults import cli as cli_command
from tests.helpers.cli import run, run_process
from tests.helpers.ledgers import copy_ledger

STREET = "解放门街道"
TABLES = ("community", "demand", "change_log", "history", "device")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, street_template: Path) -> Path:
    """A street ledger with a community and a demand, closed (its key beside it)."""
    path = copy_ledger(street_template, tmp_path_factory.mktemp("模板") / "台账.db")
    done = run("--db", path, "add", "communities", "name=东七路社区", "code=610102005001")
    assert done.returncode == 0, done.stderr
    done = run("--db", path, "add", "demands", "community=东七路社区", "content=希望增加托育服务")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def ledger(template: Path, tmp_path: Path) -> Path:
    """A copy of the template (database and key file) in a folder of its own."""
    return copy_ledger(template, tmp_path / "街道 台账" / "台账.db")


def _no_traceback(done: object) -> None:
    assert "Traceback" not in getattr(done, "stderr", ""), getattr(done, "stderr", "")


def test_a_read_only_ledger_is_a_message(ledger: Path) -> None:
    before = file_counts(ledger, *TABLES)
    ledger.chmod(0o444)
    ledger.parent.chmod(0o555)
    try:
        done = as_ordinary_user(
            *cli_command("--db", ledger, "add", "communities", "name=西七路社区"))
    finally:
        ledger.parent.chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "没有写入权限" in done.stderr and str(ledger) in done.stderr
    _no_traceback(done)
    assert file_counts(ledger, *TABLES) == before


def test_a_full_disk_leaves_no_partial_backup(ledger: Path, tmp_path: Path) -> None:
    disk = tmp_path / "满盘"
    size = ledger.stat().st_size // 1024
    files = {ledger: "台账.db", key_path(ledger): "台账.db.key"}
    report = small_disk_run(disk, size + 1024, copy=files, leave_kb=size // 2,
                            command=cli_command("--db", disk / "台账.db", "backup", "create"))
    [made] = report["runs"]
    assert made["code"] == 1 and "磁盘空间不足" in made["stderr"], made
    assert "Traceback" not in made["stderr"]
    left = set(report["files"]) - {"台账.db", "台账.db.key", "台账.db-wal", "台账.db-shm"}
    assert left == set(), left  # no partial backup, no temporary file

    report = small_disk_run(disk, size + 1024, copy=files, leave_kb=48, command=cli_command(
        "--db", disk / "台账.db", "add", "demands", "community=东七路社区",
        "content=" + "长" * 2000, "reply=" + "短" * 2000))
    [added] = report["runs"]
    assert added["code"] == 1, added
    assert "磁盘空间不足" in added["stderr"] or "磁盘 I/O 错误" in added["stderr"], added
    assert "Traceback" not in added["stderr"]


def test_a_damaged_ledger_is_read_only_until_restored(ledger: Path, tmp_path: Path) -> None:
    made = run("--db", ledger, "backup", "create")
    assert made.returncode == 0, made.stderr
    good = next((ledger.parent / "backups").iterdir())
    damage_table(ledger, "demand")
    before = file_counts(ledger, "community", "change_log", "device")

    checked = run("--db", ledger, "check")
    assert checked.returncode == 4 and "只读" in checked.stderr
    added = run("--db", ledger, "add", "communities", "name=西七路社区")
    assert added.returncode == 4, added.stderr
    assert "只读" in added.stderr and f'backup restore "{good}"' in added.stderr
    listed = run("--db", ledger, "list", "communities")
    assert listed.returncode == 0 and "东七路社区" in listed.stdout  # reading goes on
    out = tmp_path / "U盘"
    bundled = run("--db", ledger, "bundle", "create", "--out", out)
    assert bundled.returncode == 4 and "已损坏" in bundled.stderr
    assert not out.exists() or not list(out.iterdir())
    again = run("--db", ledger, "backup", "create")
    assert again.returncode == 4 and [p.name for p in good.parent.iterdir()] == [good.name]
    for done in (checked, added, listed, bundled, again):
        _no_traceback(done)
    assert file_counts(ledger, "community", "change_log", "device") == before

    restored = run("--db", ledger, "backup", "restore", good)
    assert restored.returncode == 0, restored.stderr
    assert "新的设备标识" in restored.stdout
    assert list(ledger.parent.glob("台账.damaged-*.db"))  # the damaged file is kept
    added = run("--db", ledger, "add", "communities", "name=西七路社区")
    assert added.returncode == 0, added.stderr


def test_damage_is_found_before_bundling_without_a_check(ledger: Path, tmp_path: Path) -> None:
    damage_table(ledger, "demand")
    out = tmp_path / "U盘"
    bundled = run("--db", ledger, "bundle", "create", "--out", out)
    assert bundled.returncode == 4 and "已损坏" in bundled.stderr, bundled.stderr
    _no_traceback(bundled)
    outbox = ledger.with_name(ledger.name + ".outbox")
    assert not (outbox.exists() and list(outbox.iterdir()))
    added = run("--db", ledger, "add", "communities", "name=西七路社区")
    assert added.returncode == 4 and "只读" in added.stderr


def _crashed_window(ledger: Path) -> Path:
    """The mark a window leaves beside a ledger it never closed: a process that is gone."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    marker = ledger.with_name(ledger.name + ".open")
    marker.write_text(f"{gone.stdout.strip()} 2026-12-04T09:00:00+08:00\n", encoding="utf-8")
    return marker


def test_after_an_unclean_shutdown_the_command_line_checks_first(ledger: Path) -> None:
    marker = _crashed_window(ledger)
    damage_table(ledger, "demand")  # power lost while a window wrote
    added = run("--db", ledger, "add", "communities", "name=西七路社区")  # another table
    assert added.returncode == 4, added.stderr
    assert "上次程序没有正常关闭" in added.stderr and "只读" in added.stderr
    _no_traceback(added)
    assert not marker.exists()  # checked: the mark is the damage mark's now
    assert run("--db", ledger, "add", "communities", "name=西七路社区").returncode == 4


def test_after_an_unclean_shutdown_a_sound_ledger_goes_on(ledger: Path) -> None:
    marker = _crashed_window(ledger)
    added = run("--db", ledger, "add", "communities", "name=西七路社区")
    assert added.returncode == 0 and "没有正常关闭" not in added.stderr, added.stderr
    assert not marker.exists()
    marker.write_text(f"{os.getpid()} 2026-12-04T09:00:00+08:00\n", encoding="utf-8")
    # a process of its own: the mark's process must be another one, as a window is
    assert run_process("--db", ledger, "list", "communities").returncode == 0
    assert marker.exists()  # a window still open (this process) keeps its mark


def test_a_lost_key_file_is_never_silently_replaced(ledger: Path) -> None:
    old = file_counts(ledger, "device")
    key_path(ledger).unlink()
    for command in (("list", "communities"), ("add", "communities", "name=西七路社区"),
                    ("keys", "show")):
        done = run("--db", ledger, *command)
        assert done.returncode == 4, done.stderr
        assert "找不到本机的密钥文件" in done.stderr and "keys new --confirm" in done.stderr
        _no_traceback(done)
        assert not key_path(ledger).exists() and file_counts(ledger, "device") == old
    asked = run("--db", ledger, "keys", "new")
    assert asked.returncode == 2 and "重新登记" in asked.stderr and "--confirm" in asked.stderr
    assert not key_path(ledger).exists()
    made = run("--db", ledger, "keys", "new", "--confirm")
    assert made.returncode == 0, made.stderr
    assert "已生成新的设备标识" in made.stdout
    assert stat.S_IMODE(key_path(ledger).stat().st_mode) == 0o600
    assert run("--db", ledger, "list", "communities").returncode == 0
    twice = run("--db", ledger, "keys", "new", "--confirm")
    assert twice.returncode == 2 and "密钥完好" in twice.stderr


def test_an_unreadable_or_foreign_key_file_stops_too(ledger: Path, template: Path,
                                                     tmp_path: Path) -> None:
    key_path(ledger).write_text("{不是密钥", encoding="utf-8")
    done = run("--db", ledger, "list", "communities")
    assert done.returncode == 4 and "内容不对" in done.stderr
    other = tmp_path / "别的台账.db"
    assert run("--db", other, "init").returncode == 0
    shutil.copyfile(key_path(other), key_path(ledger))
    done = run("--db", ledger, "list", "communities")
    assert done.returncode == 4 and "不属于这个台账" in done.stderr
    made = run("--db", ledger, "keys", "new", "--confirm")
    assert made.returncode == 0 and "原来的密钥文件已保留为" in made.stdout
    kept = list(ledger.parent.glob("台账.db.key.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == key_path(other).read_bytes()


def test_a_key_file_others_may_read_is_warned_about_and_fixed(ledger: Path) -> None:
    key_path(ledger).chmod(0o644)
    done = run("--db", ledger, "list", "communities")
    assert done.returncode == 0, done.stderr
    assert "其他用户也能读取" in done.stderr and "仅本人可读" in done.stderr
    assert stat.S_IMODE(key_path(ledger).stat().st_mode) == 0o600
    again = run("--db", ledger, "list", "communities")
    assert "其他用户" not in again.stderr


def test_ledger_key_backups_and_bundles_are_the_users_only(tmp_path: Path) -> None:
    path = tmp_path / "新 台账" / "台账.db"
    assert run("--db", path, "init", "--role", "street", "--area", STREET).returncode == 0
    assert run("--db", path, "add", "communities", "name=东七路社区").returncode == 0
    assert run("--db", path, "backup", "create").returncode == 0
    out = tmp_path / "U盘"
    assert run("--db", path, "bundle", "create", "--out", out).returncode == 0
    backups = path.parent / "backups"
    outbox = path.with_name(path.name + ".outbox")
    private = [path, key_path(path), *backups.iterdir(), *outbox.iterdir(), *out.iterdir()]
    assert len(private) == 5
    for file in private:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    for folder in (backups, outbox):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_district_enrols_only_devices_of_its_own_streets(tmp_path: Path) -> None:
    district = tmp_path / "新城区.db"
    street = tmp_path / "南院门街道.db"
    pub = tmp_path / "南院门街道.pub"
    assert run("--db", district, "init", "--role", "district", "--area", "新城区").returncode == 0
    assert run("--db", street, "init", "--role", "street", "--area", "南院门街道").returncode == 0
    assert run("--db", street, "keys", "export", "--out", pub).returncode == 0
    done = run("--db", district, "keys", "enroll", "--street", "南院门街道", pub)  # 碑林区's
    assert done.returncode == 2 and "不在本机辖区" in done.stderr, done.stderr
    done = run("--db", district, "keys", "enroll", "--district", "碑林区", pub)
    assert done.returncode == 2 and "不在本机辖区" in done.stderr, done.stderr
    laptop = tmp_path / "笔记本.pub"
    assert run("--db", district, "keys", "export", "--out", laptop).returncode == 0
    other = run("--db", street, "keys", "enroll", "--street", STREET, laptop)
    assert other.returncode == 2 and "不在本机辖区" in other.stderr  # a street: its own only
    assert "enrolled" not in run("--db", district, "keys", "list").stdout
    done = run("--db", district, "keys", "enroll", "--street", STREET, pub)
    assert done.returncode == 0, done.stderr  # its own street: fine


def test_a_locked_ledger_is_a_message(ledger: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    before = file_counts(ledger, *TABLES)
    other = sqlite3.connect(ledger, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program, mid-write
    try:
        code = cli.main(["--db", str(ledger), "add", "communities", "name=西七路社区"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    said = capsys.readouterr().err
    assert code == 1 and "正被另一个程序使用" in said and "Traceback" not in said
    assert file_counts(ledger, *TABLES) == before
