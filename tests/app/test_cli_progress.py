"""`report progress|wall-chart` from a terminal: the format follows --out, the wall chart is PDF
only, --by, --paper and --date are read; existing kinds keep refusing a workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from app.domain.china_time import CHINA
from app.store.db import open_ledger
from tests.app.services.programme_ledger import fill_programme
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledger
from tests.helpers.pdf import pdf_text

NOON = dt.datetime(2026, 12, 4, 12, tzinfo=CHINA).timestamp()


@pytest.fixture
def db(ledger_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A ledger with the programme of known numbers; the clock stands at 2026-12-04."""
    path = copy_ledger(ledger_template, tmp_path / "台账 目录" / "台账.db")
    ledger = open_ledger(path)
    try:
        fill_programme(ledger)
    finally:
        ledger.close()
    with time_machine.travel(NOON, tick=False):
        yield path


def test_progress_as_pdf_and_as_workbook(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "进度.pdf"
    done = run("--db", db, "report", "progress", "--scope", "city:", "--out", pdf)
    assert done.returncode == 0, done.stderr
    assert f"已生成：{pdf}（共" in done.stdout
    text, _pages = pdf_text(pdf)
    assert "建设进度（截至2026年12月4日）" in text and "曲江新区" in text
    book = tmp_path / "进度.xlsx"
    done = run("--db", db, "report", "progress", "--scope", "city:", "--by", "legal",
               "--date", "2026-05-20", "--out", book)
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(book, read_only=True)
    cells = {str(v) for sheet in workbook.worksheets
             for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    workbook.close()
    assert any("截至 2026年5月20日" in c for c in cells) and "曲江新区" not in cells


def test_wall_chart_on_a4_and_only_as_pdf(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "挂图.pdf"
    done = run("--db", db, "report", "wall-chart", "--scope", "district:新城区", "--paper", "A4",
               "--out", out)
    assert done.returncode == 0, done.stderr
    text, pages = pdf_text(out)
    assert pages == 1 and "挂图作战图" in text and "新城区" in text
    done = run("--db", db, "report", "wall-chart", "--scope", "city:", "--out",
               tmp_path / "挂图.xlsx")
    assert done.returncode == 2 and "只能输出为 PDF" in done.stderr
    assert not (tmp_path / "挂图.xlsx").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["progress", "--scope", "city:", "--out", "进度.docx"], [".pdf 或 .xlsx"]),
    (["progress", "--scope", "city:", "--date", "2099-01-01", "--out", "进度.pdf"], ["还没有到"]),
    (["progress", "--scope", "city:", "--date", "明天", "--out", "进度.pdf"], ["--date"]),
    (["progress", "--scope", "community:610102005001", "--out", "进度.pdf"], ["按街道、区县"]),
    (["progress", "--scope", "city:", "--by", "zone", "--out", "进度.pdf"], ["--by"]),
    (["wall-chart", "--scope", "city:", "--paper", "B5", "--out", "挂图.pdf"], ["--paper"]),
    (["monthly", "--scope", "city:", "--month", "2026-10", "--out", "月通报.xlsx"], [".pdf"]),
])
def test_bad_arguments_exit_2(db: Path, tmp_path: Path, args: list[str],
                              words: list[str]) -> None:
    out = tmp_path / args[-1]
    done = run("--db", db, "report", *args[:-1], out)
    assert done.returncode == 2, (done.stdout, done.stderr)
    for word in words:
        assert word in done.stderr, done.stderr
    assert not out.exists()
