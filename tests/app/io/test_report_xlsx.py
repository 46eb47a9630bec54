"""A report written as a workbook: the same content as its PDF, numbers as numbers, no formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import UsageError
from app.io.document import Bar, BarChart, Document, Furniture, Table, heading, note
from app.io.report_file import write_document


def _document() -> Document:
    furniture = Furniture("季度排名（2026年第四季度）", "西安市", "西安市住房和城乡建设局",
                          dt.date(2026, 12, 4), preparer="王敏")
    return Document(furniture, ["数据截至 2026年12月3日"], [
        heading("一、区县排名"),
        Table(["名次", "区县", "总分"], [[1, "新城区", 87.5], [2, "=碑林区", 80]], [1, 3, 1]),
        note("计分办法（第 2 版）"),
        BarChart([Bar("养老服务", 0.5, 0.9, False, "50%")]),
    ])


def test_the_workbook_holds_the_reports_lines_tables_and_figures(tmp_path: Path) -> None:
    out = tmp_path / "排名.xlsx"
    rows = write_document(out, _document())
    sheet = load_workbook(out).active
    assert sheet is not None
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows == len(values)
    assert values[:3] == [["季度排名（2026年第四季度）"], ["西安市"], ["数据截至 2026年12月3日"]]
    assert ["名次", "区县", "总分"] in values
    assert [1, "新城区", 87.5] in values
    assert [2, "=碑林区", 80] in values  # text that looks like a formula stays text
    assert sheet.cell(8, 2).data_type == "s"
    assert ["养老服务", "50%"] in values
    assert values[-1] == [
        "制表单位：西安市住房和城乡建设局", "制表人：王敏", "制表日期：2026-12-04"]


def test_the_suffix_chooses_the_format_and_others_are_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "排名.PDF"
    assert write_document(pdf, _document()) == 1
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(UsageError, match=r"请用 \.pdf 或 \.xlsx 结尾"):
        write_document(tmp_path / "排名.docx", _document())
    assert not (tmp_path / "排名.docx").exists()
