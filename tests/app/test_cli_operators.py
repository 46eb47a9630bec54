"""`operators thresholds|publish|list` and the reports `operators` and `qualified-operators`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from app.domain.china_time import CHINA
from app.store.db import open_ledger
from tests.app.services.operator_data import CODE_A, fill
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices
from tests.helpers.pdf import page_texts

NOON = dt.datetime(2026, 12, 4, 12, tzinfo=CHINA).timestamp()


@pytest.fixture
def city_db(devices: Devices, tmp_path: Path) -> Iterator[Path]:
    path = devices.copy(tmp_path / "市 台账" / "台账.db", role="city")
    ledger = open_ledger(path)
    try:
        fill(ledger)
    finally:
        ledger.close()
    with time_machine.travel(NOON, tick=False):
        yield path


def test_thresholds_are_shown_and_set_at_the_city(city_db: Path, devices: Devices,
                                                  tmp_path: Path) -> None:
    shown = run("--db", city_db, "operators", "thresholds")
    assert shown.returncode == 0 and "85" in shown.stdout and "low_usage" in shown.stdout
    done = run("--db", city_db, "operators", "thresholds", "satisfaction=90", "quality=75")
    assert done.returncode == 0 and "第 2 版" in done.stdout, done.stderr
    bad = run("--db", city_db, "operators", "thresholds", "quality=abc")
    assert bad.returncode == 2 and "应为数字" in bad.stderr
    street = devices.copy(tmp_path / "街道.db", role="street", area="解放门街道")
    refused = run("--db", street, "operators", "thresholds", "quality=70")
    assert refused.returncode == 2 and "只有市级" in refused.stderr


def test_publish_list_and_print_it_for_publicity(city_db: Path, tmp_path: Path) -> None:
    done = run("--db", city_db, "operators", "publish", "--on", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert "第 1 版" in done.stdout and "合格 2 家" in done.stdout
    assert "评估次数不足 1 家" in done.stdout and "未评估 1 家" in done.stdout
    assert run("--db", city_db, "operators", "publish", "--on", "2026-12-09").returncode == 2
    listed = run("--db", city_db, "operators", "list")
    assert listed.returncode == 0 and "乙助餐有限公司" in listed.stdout
    assert "84.9" in listed.stdout  # 84.95 % against 85 %: never printed as 85.0
    as_json = json.loads(run("--db", city_db, "operators", "list", "--format", "json").stdout)
    assert as_json["version"] == 1 and as_json["operators"][0]["credit_code"] == CODE_A

    out = tmp_path / "合格 名单.pdf"
    made = run("--db", city_db, "report", "qualified-operators", "--out", out,
               "--publicity-from", "2026-12-05", "--publicity-to", "2026-12-11")
    assert made.returncode == 0, made.stderr
    text = "".join(page_texts(out))
    for expected in ("合格社区服务运营商名单（第1版）", "名单日期：2026年12月1日",
                     "评估期：2025年12月2日至2026年12月1日",
                     "公示期：2026年12月5日至2026年12月11日",
                     "甲养老服务中心", CODE_A, "丁社区服务社", "85.0", "90.0",
                     "合格2家", "不合格1家", "评估次数不足1家", "未评估1家",
                     "平均满意度不低于85%", "平均服务质量评分不低于80分",
                     "西安市社区嵌入式服务设施建设工作专班"):
        assert expected in text, expected
    for absent in ("乙助餐有限公司", "王小明", "13812345678"):  # not qualified; personal
        assert absent not in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out),
                        str(tmp_path / "page")], check=True)
        assert (tmp_path / "page-1.png").stat().st_size > 5000


def test_the_operators_report_as_pdf_and_workbook(city_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "运营评估.pdf"
    made = run("--db", city_db, "report", "operators", "--scope", "street:解放门街道",
               "--year", "2026", "--out", out)
    assert made.returncode == 0, made.stderr
    text = "".join(page_texts(out))
    for expected in ("社区嵌入式服务设施运营评估（2026年）", "共8条评估",
                     "另有1条评估未填评估日期", "一、各运营主体（4家）", "甲养老服务中心",
                     "263.7", "171.6", "84.9", "高0/中0/低2", "另有1条评估未填运营主体",
                     "四、设施调整建议（可拓展、可转换、能兼容）（4处）", "可拓展", "可转换",
                     "能兼容", "转为养老服务：本社区未办结的“养老服务”需求2条", "服务能力20"):
        assert expected in text, expected
    assert "四府街社区" not in text  # another street
    book = tmp_path / "运营评估.xlsx"
    made = run("--db", city_db, "report", "operators", "--scope", "street:解放门街道",
               "--year", "2026", "--out", book)
    assert made.returncode == 0 and "行" in made.stdout, made.stderr
    cells = [c for row in load_workbook(book).active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert "263.7" in cells and "可转换" in cells and 8 in cells


def test_report_usage_errors(city_db: Path, devices: Devices, tmp_path: Path) -> None:
    no_scope = run("--db", city_db, "report", "operators", "--out", tmp_path / "a.pdf")
    assert no_scope.returncode == 2 and "--scope" in no_scope.stderr
    wrong = run("--db", city_db, "report", "operators", "--scope", "city:西安市",
                "--out", tmp_path / "a.docx")
    assert wrong.returncode == 2 and ".xlsx" in wrong.stderr
    street = devices.copy(tmp_path / "街道.db", role="street", area="解放门街道")
    none_yet = run("--db", street, "report", "qualified-operators", "--out", tmp_path / "b.pdf")
    assert none_yet.returncode == 2 and "随参考数据下发" in none_yet.stderr
    assert not (tmp_path / "b.pdf").exists()
