"""`programme …`: the city keeps the directory (join, leave, replace, its list as a workbook);
districts and streets read their own part and may not change it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from app.domain.enums import ProjectTier
from app.store.db import open_ledger
from app.store.programme import directory
from tests.app.io.hostile_files import bomb_sheet, xlsx
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

# 解放门街道's official communities (resources/seed/xian-communities.csv)
DONGDAYUAN, XILIULU = "610102005004", "610102005005"


@pytest.fixture
def city(devices: Devices, tmp_path: Path) -> Path:
    """The city's ledger as init makes it, with two of 解放门街道's official communities."""
    db = devices.copy(tmp_path / "市" / "台账.db", role="city")
    for code, name in ((DONGDAYUAN, "东大院社区"), (XILIULU, "西六路社区")):
        done = run("--db", db, "add", "communities", f"name={name}", f"code={code}",
                   "street=解放门街道")
        assert done.returncode == 0, done.stderr
    return db


def _run(db: Path, *args: str) -> tuple[int, str, str]:
    done = run("--db", db, "programme", *args)
    return done.returncode, done.stdout, done.stderr


def _join(db: Path, name: str, *more: str) -> tuple[int, str, str]:
    return _run(db, "join", name, *more)


def test_join_leave_replace_kept_dated_in_the_history(city: Path) -> None:
    code, out, err = _join(city, "东大院社区综合体", "--tier", "national_pilot",
                           "--community", "东大院社区", "--year", "2025", "--on", "2025-01-10",
                           "--plan", "开工=2025-05-01")
    assert code == 0, err
    assert "名录第 1 版" in out
    code, _out, err = _join(city, "解放门街道项目", "--tier", "国家试点", "--street", "解放门街道",
                            "--year", "2024", "--on", "2025-01-10")
    assert code == 0, err
    code, _out, err = _join(city, "西六路助餐点", "--tier", "city_project",
                            "--community", XILIULU, "--on", "2025-01-10")
    assert code == 0, err
    code, _out, err = _run(city, "leave", "西六路助餐点", "--on", "2025-06-01",
                           "--reason", "选址调整")
    assert code == 0, err
    code, out, err = _run(city, "replace", "东大院社区综合体", "--by", "东大院养老服务站",
                          "--community", DONGDAYUAN, "--on", "2025-07-01", "--reason", "方案调整")
    assert code == 0, err
    assert "名录第 5 版" in out

    ledger = open_ledger(city)
    try:
        held = directory(ledger)
    finally:
        ledger.close()
    assert held.version == 5
    first = held.changes[0]
    assert (first.community, first.street, first.year) == (DONGDAYUAN, "610102005000", 2025)
    assert held.changes[1].street == "610102005000" and held.changes[1].community is None
    before = held.entries_on(dt.date(2025, 5, 31))
    assert set(before) == {"东大院社区综合体", "解放门街道项目", "西六路助餐点"}
    after = held.entries_on(dt.date(2025, 7, 1))
    assert set(after) == {"东大院养老服务站", "解放门街道项目"}
    successor = after["东大院养老服务站"]
    assert (successor.tier, successor.year) == (ProjectTier.NATIONAL_PILOT, 2025)
    assert successor.plan["started_on"].isoformat() == "2025-05-01"  # inherited

    code, out, err = _run(city, "history", "东大院社区综合体", "--json")
    assert code == 0, err
    kinds = [(c["on"], c["kind"], c["project"]) for c in json.loads(out)]
    assert kinds == [("2025-01-10", "join", "东大院社区综合体"),
                     ("2025-07-01", "replace", "东大院养老服务站")]

    code, out, err = _run(city, "list", "--on", "2025-08-01", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["version"] == 5 and not listed["from_records"]
    rows = [(e["tier"], e["year"], e["street"], e["community"], e["project"], e["stage"])
            for e in listed["entries"]]
    assert rows == [
        ("national_pilot", 2024, "解放门街道", "", "解放门街道项目", "未录入"),
        ("national_pilot", 2025, "解放门街道", "东大院社区", "东大院养老服务站", "未录入"),
    ]


def test_the_listed_stage_is_the_recorded_projects(city: Path) -> None:
    assert _join(city, "东大院社区综合体", "--tier", "national_pilot", "--community",
                 DONGDAYUAN, "--year", "2025", "--on", "2025-01-10")[0] == 0
    assert _join(city, "西六路助餐点", "--tier", "city_project", "--community",
                 XILIULU, "--on", "2025-01-10")[0] == 0
    done = run("--db", city, "add", "projects", "name=东大院社区综合体",
               f"community={DONGDAYUAN}", "tier=national_pilot", "started_on=2025-06-01")
    assert done.returncode == 0, done.stderr
    code, out, err = _run(city, "list", "--scope", "street:解放门街道", "--on", "2025-08-01")
    assert code == 0, err
    assert "东大院社区综合体" in out and "开工" in out
    assert "西六路助餐点" in out and "未录入" in out
    code, out, err = _run(city, "list", "--scope", "street:西一路街道", "--on", "2025-08-01",
                          "--json")
    assert code == 0, err
    assert json.loads(out)["entries"] == []  # another street sees none of it


@pytest.mark.parametrize(("args", "words"), [
    (["leave", "没有的项目", "--on", "2025-06-01", "--reason", "撤销"],
     ["没有的项目", "不在名录中"]),
    (["replace", "东大院社区综合体", "--by", "东大院社区综合体", "--community", DONGDAYUAN,
      "--on", "2025-06-01", "--reason", "调整"], ["不能替换自己"]),
    (["leave", "东大院社区综合体", "--on", "2025-06-01"], ["东大院社区综合体", "调出须写明原因"]),
    (["replace", "没有的项目", "--by", "新项目", "--community", DONGDAYUAN,
      "--on", "2025-06-01", "--reason", "调整"], ["没有的项目", "不在名录中"]),
    (["join", "新项目", "--tier", "other", "--community", DONGDAYUAN, "--on", "2025-06-01",
      "--reason", "x"], ["国家试点项目", "市级项目"]),
    (["join", "新项目", "--tier", "national_pilot", "--community", DONGDAYUAN,
      "--on", "2025-06-01", "--reason", "x"], ["批次年度"]),
    (["join", "新项目", "--tier", "city_project", "--community", "没有这个社区",
      "--on", "2025-06-01", "--reason", "x"], ["找不到社区“没有这个社区”"]),
    (["join", "新项目", "--tier", "city_project", "--community", DONGDAYUAN,
      "--on", "2025-06-01", "--reason", "x", "--plan", "完工=2026-01-01"], ["计划节点", "开工"]),
])
def test_refused_changes_write_nothing(city: Path, args: list[str], words: list[str]) -> None:
    assert _join(city, "东大院社区综合体", "--tier", "national_pilot", "--community",
                 DONGDAYUAN, "--year", "2025", "--on", "2025-01-10")[0] == 0
    code, _out, err = _run(city, *args)
    assert code == 2, err
    for word in words:
        assert word in err, (word, err)
    ledger = open_ledger(city)
    try:
        assert directory(ledger).version == 1
    finally:
        ledger.close()


@pytest.mark.parametrize("role", ["street", "district"])
def test_only_the_city_changes_the_directory(devices: Devices, tmp_path: Path, role: str
                                             ) -> None:
    area = "解放门街道" if role == "street" else "新城区"
    db = devices.copy(tmp_path / "下级.db", role=role, area=area)
    code, _out, err = _join(db, "东大院社区综合体", "--tier", "national_pilot", "--community",
                            DONGDAYUAN, "--year", "2025", "--on", "2025-01-10")
    assert code == 2
    assert "只有市级台账" in err and ("街道" in err or "区县" in err)
    sheet = tmp_path / "名单.xlsx"
    _workbook(sheet, [["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""]])
    code, _out, err = _run(db, "import", str(sheet))
    assert code == 2 and "只有市级台账" in err
    code, out, err = _run(db, "list", "--json")  # reading is for everyone
    assert code == 0, err
    assert json.loads(out)["entries"] == []


HEADERS = ["项目名称", "项目类型", "社区", "街道", "批次年度", "列入日期", "原因"]


def _workbook(path: Path, rows: list[list[object]], title: bool = True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append(["西安市社区嵌入式服务设施建设项目名单"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_good_list_is_one_version(city: Path, tmp_path: Path) -> None:
    sheet = _workbook(tmp_path / "名单.xlsx", [
        ["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["西六路社区助餐点", "市级项目", "西六路社区", "", "", "2025/1/10", ""],
        ["解放门街道项目", "国家试点", "", "解放门街道", "2024年", "2025年1月10日", "首批"],
    ])
    code, out, err = _run(city, "import", str(sheet))
    assert code == 0, err
    assert "3 条变更" in out and "第 1 版" in out
    code, out, err = _run(city, "list", "--on", "2025-02-01", "--json")
    entries = {e["project"]: e for e in json.loads(out)["entries"]}
    assert set(entries) == {"东大院社区综合体", "西六路社区助餐点", "解放门街道项目"}
    assert entries["西六路社区助餐点"]["tier"] == "city_project"
    assert entries["解放门街道项目"]["year"] == 2024


def test_bad_rows_are_named_and_nothing_is_written(city: Path, tmp_path: Path) -> None:
    sheet = _workbook(tmp_path / "名单.xlsx", [
        ["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["甲项目", "重点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["乙项目", "市级项目", "没有这个社区", "", "", "2025-01-10", ""],
        ["丙项目", "市级项目", XILIULU, "", "", "明天", ""],
        ["东大院社区综合体", "国家试点项目", DONGDAYUAN, "", 2025, "2025-01-10", ""],
        ["丁项目", "国家试点项目", XILIULU, "", "", "2025-01-10", ""],
        ["", "市级项目", XILIULU, "", "", "2025-01-10", ""],
    ])
    code, _out, err = _run(city, "import", str(sheet))
    assert code == 2
    for words in ["第 4 行 B 列“项目类型”", "第 5 行 C 列“社区”：找不到社区“没有这个社区”",
                  "第 6 行 F 列“列入日期”", "第 7 行：项目“东大院社区综合体”与第 3 行重复",
                  "第 8 行：国家试点社区“丁项目”须写明批次年度", "第 9 行 A 列“项目名称”：必填",
                  "有 6 处错误"]:
        assert words in err, (words, err)
    ledger = open_ledger(city)
    try:
        assert not directory(ledger)
    finally:
        ledger.close()


def test_a_hostile_workbook_is_refused_unread(city: Path, tmp_path: Path) -> None:
    bomb = xlsx(tmp_path / "名单.xlsx", bomb_sheet(2 << 30))
    code, _out, err = _run(city, "import", str(bomb))
    assert code == 2, err
    assert "名单.xlsx" in err
    ledger = open_ledger(city)
    try:
        assert not directory(ledger)
    finally:
        ledger.close()


def test_a_workbook_without_the_lists_headers(city: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["社区名称", "人口"])
    book.save(tmp_path / "别的表.xlsx")
    code, _out, err = _run(city, "import", str(tmp_path / "别的表.xlsx"))
    assert code == 2 and "项目名称" in err
