"""`export`, `import` and `report` from a terminal (in this process, tests/helpers/cli.py), files
read back."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers.cli import rows, run
from tests.helpers.ledgers import copy_ledger

TABLES = ("community", "space", "function_status", "demand", "project", "operator", "evaluation",
          "history")


def _counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"SELECT count(*) FROM {t}") for t in TABLES}


@pytest.fixture
def street_db(street_demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the street's demo ledger (init --role street, then demo)."""
    return copy_ledger(street_demo_template, tmp_path / "街道 台账" / "台账.db")


def test_export_reimport_changes_nothing(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "导出 台账.xlsx"
    done = run("--db", street_db, "export", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "需求清单" in done.stdout
    book = load_workbook(out)
    assert book.sheetnames[:8] == ["社区", "空间资源", "功能配置", "需求清单", "建设项目",
                                   "运营主体", "评估", "九项功能矩阵"]
    communities = book["社区"]
    header = [c.value for c in communities[1]]
    assert header[0] == "社区代码" and header[-1] == "记录ID"
    code = communities.cell(row=2, column=1)
    assert code.data_type == "s" and len(code.value) == 12  # text, never 6.10102E+11
    assert communities.freeze_panes == "A2"
    validations = book["需求清单"].data_validations.dataValidation
    assert any("选项" in (v.formula1 or "") for v in validations)
    before = _counts(street_db)
    done = run("--db", street_db, "import", out)
    assert done.returncode == 0, done.stderr
    assert "无需修改" in done.stdout
    assert _counts(street_db) == before


def test_template_has_dropdowns_and_no_rows(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    assert run("--db", street_db, "export", "--template", "--out", out).returncode == 0
    book = load_workbook(out)
    spaces = book["空间资源"]
    assert spaces.max_row == 1 and "记录ID" not in [c.value for c in spaces[1]]
    lists = {str(v.sqref)[0] for v in spaces.data_validations.dataValidation}
    assert {"C", "I"} <= lists  # 资源类型 and 使用状态 columns offer their choices
    assert book["选项"].sheet_state == "hidden"
    assert spaces.column_dimensions["G"].number_format == "#,##0.00"  # 建筑面积（㎡）


def test_csv_export_has_bom_and_guards_formulas(street_db: Path, tmp_path: Path) -> None:
    db = street_db
    first = run("--db", db, "list", "demands", "--format", "csv", "--limit", "1").stdout
    record_id = first.splitlines()[1].split(",")[-1]
    assert run("--db", db, "update", "demands", record_id, "reply=-5度也要开放").returncode == 0
    out = tmp_path / "需求清单.csv"
    done = run("--db", db, "export", "--entity", "demands", "--out", out)
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0][:3] == ["所属社区", "功能类别", "需求内容"] and table[0][-1] == "记录ID"
    assert [c for row in table for c in row if "5度" in c] == ["'-5度也要开放"]
    before = _counts(db)
    done = run("--db", db, "import", out)  # the guard is taken off again on the way in
    assert done.returncode == 0, done.stderr
    assert _counts(db) == before


def test_a_bad_file_exits_2_writes_nothing_and_leaves_an_error_workbook(
    street_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "需求 台账.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["所属社区", "需求内容", "紧急程度", "登记日期"])
    sheet.append(["东七路社区", "加装电梯", "一般", "2024-03-05"])
    sheet.append(["没有这个社区", "增设助餐点", "特急", "2024-02-30"])
    book.save(path)
    before = _counts(street_db)
    done = run("--db", street_db, "import", path)
    assert done.returncode == 2
    assert "第 3 行" in done.stderr and "没有这个社区" in done.stderr
    assert "特急" in done.stderr and "2024年2月30日" in done.stderr
    assert "没有导入任何内容" in done.stderr
    assert _counts(street_db) == before
    report = tmp_path / "需求 台账.errors.xlsx"
    assert report.exists()
    marked = load_workbook(report)
    assert [c.comment is not None for c in marked["Sheet"][3]][:4] == [True, False, True, True]
    dry = run("--db", street_db, "import", "--dry-run", "--valid-rows-only", path)
    assert dry.returncode == 0 and "试运行" in dry.stdout
    assert _counts(street_db) == before


def test_optional_libreoffice_cross_check_of_the_export(street_db: Path, tmp_path: Path) -> None:
    """An optional cross-check: LibreOffice, where installed, reads our export as we wrote it.

    Not a dependency: the export is read back with openpyxl and calamine in the other tests.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("optional cross-check with LibreOffice, not installed here (soffice); "
                    "the export is read back by the other tests")
    out = tmp_path / "台账.xlsx"
    assert run("--db", street_db, "export", "--out", out).returncode == 0
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",  # 76: UTF-8
         "--outdir", str(tmp_path / "csv"), str(out)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = (tmp_path / "csv" / "台账.csv").read_text(encoding="utf-8", errors="replace")
    lines = converted.splitlines()
    assert lines[0].startswith("社区代码,社区名称")  # LibreOffice converts the first sheet
    communities = rows(street_db, "SELECT count(*) FROM community WHERE deleted = 0")
    assert len(lines) == communities + 1
    conn = sqlite3.connect(street_db)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM community WHERE deleted = 0")}
    finally:
        conn.close()
    assert names <= {line.split(",")[1] for line in lines[1:]}


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["demands", "--scope", "community:610102005004", "--publicity-from", "2026-11-26",
          "--publicity-to", "2026-12-02"], "需求清单（公示版）"),
        (["demands-internal", "--scope", "street:解放门街道"], "需求清单（内部版）"),
        (["profile", "--scope", "community:610102005004"], "概况"),
        (["monthly", "--scope", "street:解放门街道", "--month", "2026-11"], "月通报"),
    ],
)
def test_report_commands_write_pdfs(street_db: Path, tmp_path: Path, args: list[str],
                                    title: str) -> None:
    from pypdf import PdfReader

    out = tmp_path / "报表 输出.pdf"
    done = run("--db", street_db, "report", *args, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout
    first = PdfReader(out).pages[0].extract_text() or ""
    assert title in first.replace(" ", "")


def test_report_refuses_bad_arguments_with_exit_2(street_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    for args, words in [
        (["monthly", "--scope", "street:解放门街道"], "--month"),
        (["profile", "--scope", "street:解放门街道"], "一个社区"),
        (["demands", "--scope", "street:解放门街道", "--publicity-from", "2026-11-26"], "同时"),
        (["demands", "--scope", "street:不存在街道"], "找不到街道"),
    ]:
        done = run("--db", street_db, "report", *args, "--out", out)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr
    assert not out.exists()
