"""Rates as the monthly report (PDF) and the Excel 九项功能矩阵 print them (GLOSSARY)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from app.domain import china_time
from app.domain.enums import Function
from app.io import layout
from app.services import exports, reports
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store.db import Ledger
from tests.app.services.rate_areas import EIGHTHS, EMPTY, NEAR_TARGET, fill_rate_areas
from tests.helpers.pdf import pdf_text

ENTERED = dt.datetime(2026, 11, 20, 12, tzinfo=china_time.CHINA)
"""When the data is entered."""
PRINTED = dt.datetime(2026, 11, 25, 12, tzinfo=china_time.CHINA)
"""When the reports are printed (the clock stands still)."""
COLUMN = {f: 4 + n for n, f in enumerate(Function.nine())}
"""The 九项功能矩阵 column of each function (after 街道, 社区, 社区代码)."""


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    folder = tmp_path_factory.mktemp("rates")
    with time_machine.travel(ENTERED.timestamp(), tick=False):
        opened = init_ledger(folder / "台账.db")
        fill_rate_areas(opened, folder)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def printed() -> Iterator[None]:
    with time_machine.travel(PRINTED.timestamp(), tick=False):
        yield


def _monthly(ledger: Ledger, area: str, out: Path) -> str:
    reports.monthly_report(ledger, resolve_scope(ledger, area), "2026-11", out)
    return pdf_text(out)[0]


def test_monthly_report_rounds_half_up(ledger: Ledger, tmp_path: Path) -> None:
    text = _monthly(ledger, f"street:{EIGHTHS}", tmp_path / "月通报.pdf")
    assert "养老服务1/813%90%还差7个" in text  # 12.5 % → 13 %, not 12 %
    assert "婴幼儿托育5/863%50%已达标" in text  # 62.5 % → 63 %, not 62 %
    assert "养老服务13%婴幼儿托育63%" in text  # the chart beside the bars too


def test_monthly_report_never_prints_a_rate_below_target_as_reached(
    ledger: Ledger, tmp_path: Path
) -> None:
    text = _monthly(ledger, "district:碑林区",  # 南院门街道 only, ranked as one street
                    tmp_path / "月通报.pdf")
    assert "社区助餐1094/156369.9%70%还差1个" in text
    assert "社区助餐69.9%家政便民" in text  # the chart beside the bars too
    assert "70.0%" not in text


def test_monthly_report_of_an_area_without_communities_prints_dashes(
    ledger: Ledger, tmp_path: Path
) -> None:
    text = _monthly(ledger, f"street:{EMPTY}", tmp_path / "月通报.pdf")
    assert "养老服务0/0—90%—" in text and "社区助餐0/0—70%—" in text
    assert "还差" not in text and "养老服务—婴幼儿托育—" in text


def _matrix_lines(ledger: Ledger, street: str, out: Path) -> dict[str, list[Any]]:
    """The coverage lines under the matrix: title → the cells of the nine functions."""
    exports.export_workbook(ledger, out, scope=resolve_scope(ledger, f"street:{street}"))
    sheet = load_workbook(out)[layout.MATRIX_SHEET]
    lines = {}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value and row[1].value is None:
            lines[row[0].value] = list(row[3:])
    return lines


def _shown(cell: Any) -> Any:
    """What the cell holds and how Excel shows it."""
    return cell.value, cell.number_format


def test_matrix_sheet_rounds_half_up(ledger: Ledger, tmp_path: Path) -> None:
    lines = _matrix_lines(ledger, EIGHTHS, tmp_path / "台账.xlsx")
    elderly, infant = COLUMN[Function.ELDERLY_CARE] - 4, COLUMN[Function.INFANT_CARE] - 4
    assert lines["应计社区（不含未回迁）"][elderly].value == 8
    assert _shown(lines["覆盖率"][elderly]) == (0.13, "0%")
    assert _shown(lines["覆盖率"][infant]) == (0.63, "0%")
    assert _shown(lines["2030 年目标"][elderly]) == (0.9, "0%")
    assert lines["达标情况"][elderly].value == "还差 7 个"
    assert lines["达标情况"][infant].value == "已达标"


def test_matrix_sheet_never_shows_a_rate_below_target_as_reached(
    ledger: Ledger, tmp_path: Path
) -> None:
    lines = _matrix_lines(ledger, NEAR_TARGET, tmp_path / "台账.xlsx")
    meal = COLUMN[Function.MEAL_SERVICE] - 4
    assert _shown(lines["覆盖率"][meal]) == (0.699, "0.0%")  # Excel shows 69.9%
    assert lines["达标情况"][meal].value == "还差 1 个"


def test_matrix_sheet_of_an_area_without_communities_shows_dashes(
    ledger: Ledger, tmp_path: Path
) -> None:
    lines = _matrix_lines(ledger, EMPTY, tmp_path / "台账.xlsx")
    assert [c.value for c in lines["覆盖率"]] == ["—"] * 9
    assert [c.value for c in lines["达标情况"]] == ["—"] * 9
