"""The command line end to end, as a clerk would type it, on a real file: in this process (see
tests/helpers/cli.py), and as a real process where the process itself is the point."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.faults import damage_bytes
from tests.helpers.cli import rows, run, run_process
from tests.helpers.ledgers import copy_ledger


@pytest.fixture
def demo_db(street_demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the street's demo ledger (init, then demo), in a folder with Chinese, a space."""
    return copy_ledger(street_demo_template, tmp_path / "街道 台账" / "台账.db")


@pytest.fixture
def db(ledger_template: Path, tmp_path: Path) -> Path:
    """A copy of what `init` makes."""
    return copy_ledger(ledger_template, tmp_path / "台账.db")


def test_version() -> None:
    done = run_process("--version")
    assert done.returncode == 0
    assert __version__ in done.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / (
        "facility-ledger.exe" if os.name == "nt" else "facility-ledger"
    )
    assert script.exists()
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0 and __version__ in done.stdout


def test_a_real_process_writes_utf8_whatever_the_terminal_and_exits_with_the_code(
    db: Path,
) -> None:
    """The entry point as a process: Chinese comes out as UTF-8 even where Python's own choice
    for the streams would be Latin-1; an error is a Chinese sentence and exit code 2."""
    latin = {"PYTHONIOENCODING": "latin-1"}
    added = run("--db", db, "add", "communities", "name=东七路社区", "street=解放门街道")
    assert added.returncode == 0, added.stderr
    listed = run_process("--db", db, "list", "communities", env=latin)
    assert listed.returncode == 0 and "东七路社区" in listed.stdout, listed.stderr
    done = run_process("--db", db, "list", "bananas", env=latin)
    assert done.returncode == 2 and "没有“bananas”这种记录" in done.stderr


def test_init_demo_check(demo_db: Path) -> None:
    assert rows(demo_db, "SELECT count(*) FROM community") > 0
    assert rows(demo_db, "SELECT count(*) FROM demand") > 0
    assert rows(demo_db, "SELECT count(*) FROM space") > 0
    done = run("--db", demo_db, "check")
    assert done.returncode == 0, done.stderr
    assert "检查通过" in done.stdout


def test_list_json_in_scope(demo_db: Path) -> None:
    done = run(
        "list", "communities", "--db", demo_db, "--scope", "street:解放门街道", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert items
    assert all(
        i["street"]["name"] == "解放门街道" and i["street"]["code"] == "610102005000" for i in items
    )
    assert all(len(i["code"]) == 12 for i in items)


def test_list_search_two_characters(demo_db: Path) -> None:
    done = run("--db", demo_db, "list", "需求清单", "--search", "养老", "--format", "json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    conn = sqlite3.connect(demo_db)
    expected = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM demand WHERE deleted = 0 "
            "AND (content LIKE '%养老%' OR reply LIKE '%养老%')"
        )
    }
    conn.close()
    assert expected and {i["id"] for i in items} == expected


def test_list_table_and_csv(demo_db: Path) -> None:
    table = run("--db", demo_db, "list", "spaces", "--limit", "3")
    assert (
        table.returncode == 0 and "资源名称" in table.stdout and "共 3 条空间资源" in table.stdout
    )
    as_csv = run("--db", demo_db, "list", "spaces", "--limit", "3", "--format", "csv")
    header = as_csv.stdout.splitlines()[0].split(",")
    assert (
        header[:3] == ["所属社区", "资源名称", "资源类型"]
        and "建筑面积（㎡）" in header
        and header[-1] == "记录ID"
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (
            [
                "add",
                "spaces",
                "所属社区=东七路社区",
                "资源名称=新空间",
                "资源类型=社区用房",
                "建筑面积=-3",
            ],
            "建筑面积",
        ),
        (["add", "functions", "community=东七路社区", "function=洗衣服务"], "功能"),
        (["add", "operators", "name=某公司", "credit_code=91350100M000100Y44"], "统一社会信用代码"),
        (["update", "communities", "东七路社区", "households=-1"], "户数"),
    ],
)
def test_bad_values_exit_2_and_write_nothing(db: Path, args: list[str], field: str) -> None:
    assert (
        run("--db", db, "add", "communities", "name=东七路社区", "street=解放门街道").returncode
        == 0
    )
    history = rows(db, "SELECT count(*) FROM history")
    done = run(*args, "--db", db)
    assert done.returncode == 2
    assert field in done.stderr and "错误" in done.stderr
    assert "Traceback" not in done.stderr
    assert rows(db, "SELECT count(*) FROM history") == history
    assert rows(db, "SELECT count(*) FROM space") == 0
    assert rows(db, "SELECT count(*) FROM operator") == 0


def test_add_update_delete_restore_history(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    env = {"FACILITY_LEDGER_DB": str(db)}
    assert run("init", env=env).returncode == 0
    made = run(
        "add", "communities", "name=东七路社区", "street=解放门街道", "code=610102005001", env=env
    )
    assert made.returncode == 0, made.stderr
    community = made.stdout.strip()
    space = run(
        "add",
        "spaces",
        f"community={community}",
        "name=原居委会二楼",
        "kind=社区用房",
        "建筑面积=120",
        env=env,
    ).stdout.strip()
    assert run("update", "spaces", space, "usage=闲置", env=env).returncode == 0
    assert run("delete", "spaces", space, env=env).returncode == 0
    assert rows(db, f"SELECT deleted FROM space WHERE id = '{space}'") == 1
    listed = json.loads(run("list", "spaces", "--format", "json", env=env).stdout)
    assert listed == []
    assert run("restore", "spaces", space, env=env).returncode == 0
    history = json.loads(run("history", "spaces", space, "--format", "json", env=env).stdout)
    assert [h["action"] for h in history] == ["create", "update", "delete", "restore"]
    assert history[1]["changes"] == {"usage": [None, "idle"]}
    table = run("history", "spaces", space, env=env).stdout
    assert "闲置" in table and "东七路社区" in table


def test_missing_database_and_unknown_entity(tmp_path: Path, db: Path) -> None:
    done = run("--db", tmp_path / "无.db", "list", "communities")
    assert done.returncode == 2 and "找不到数据库文件" in done.stderr
    assert not (tmp_path / "无.db").exists()
    done = run("--db", db, "list", "bananas")
    assert done.returncode == 2 and "没有“bananas”这种记录" in done.stderr
    done = run("--db", db, "list", "communities", "--scope", "planet:x")
    assert done.returncode == 2 and "层级" in done.stderr


def test_check_finds_damage(ledger_template: Path, tmp_path: Path) -> None:
    db = copy_ledger(ledger_template, tmp_path / "坏.db")
    damage_bytes(db)
    done = run("--db", db, "check")
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert "备份" in done.stderr


def test_backup_create_list_restore(db: Path) -> None:
    run("--db", db, "add", "communities", "name=东七路社区", "street=解放门街道")
    made = run("--db", db, "backup", "create")
    assert made.returncode == 0, made.stderr
    backup_file = Path(made.stdout.split("：", 1)[1].strip())
    assert backup_file.exists()
    run("--db", db, "add", "communities", "name=西七路社区", "street=解放门街道")
    assert rows(db, "SELECT count(*) FROM community") == 2
    listed = run("--db", db, "backup", "list")
    assert "manual" in listed.stdout
    conn = sqlite3.connect(db)
    old_device = conn.execute("SELECT fingerprint FROM device WHERE role = 'self'").fetchone()[0]
    conn.close()
    restored = run("--db", db, "backup", "restore", backup_file)
    assert restored.returncode == 0, restored.stderr
    assert rows(db, "SELECT count(*) FROM community") == 1
    conn = sqlite3.connect(db)
    new_device = conn.execute("SELECT fingerprint FROM device WHERE role = 'self'").fetchone()[0]
    conn.close()
    assert new_device != old_device
