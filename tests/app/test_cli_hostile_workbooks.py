"""`import` of hostile and damaged workbooks, end to end: exit code 2, a Chinese message naming
the file and the limit, no traceback, and the ledger exactly as it was (no backup taken)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from tests.app.io import hostile_files as h
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledger

STREET = "解放门街道"
TABLES = ("community", "space", "function_status", "demand", "project", "operator",
          "evaluation", "history", "change_log")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory, street_template: Path) -> Path:
    """A street ledger with one community, in a folder of its own."""
    db = copy_ledger(street_template, tmp_path_factory.mktemp("hostile") / "台账.db")
    added = run("--db", db, "add", "communities", "name=东七路社区", f"street={STREET}")
    assert added.returncode == 0, added.stderr
    return db


def contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the ledger's tables."""
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


OPTIONS: tuple[tuple[str, ...], ...] = ((), ("--dry-run",), ("--valid-rows-only",))


def refused(db: Path, path: Path, *words: str, options: tuple[tuple[str, ...], ...] = ((),)
            ) -> str:
    """Import `path` (with each of `options`): refused with exit code 2, these words said,
    nothing written, no backup taken; returns the message."""
    before = contents(db)
    backups = sorted((db.parent / "backups").glob("*")) if (db.parent / "backups").exists() else []
    for extra in options:
        done = run("--db", db, "import", path, *extra)
        assert done.returncode == 2, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "程序内部错误" not in done.stderr
        assert path.name in done.stderr
        for word in words:
            assert word in done.stderr, done.stderr
    assert contents(db) == before
    after = sorted((db.parent / "backups").glob("*")) if (db.parent / "backups").exists() else []
    assert after == backups
    assert not path.with_name(f"{path.stem}.errors.xlsx").exists()
    return done.stderr


def test_zip_bombs_are_refused(ledger: Path, tmp_path: Path) -> None:
    honest = h.xlsx(tmp_path / "炸弹.xlsx", h.bomb_sheet(3 * h.GIB), names=["社区"])
    refused(ledger, honest, "解压后有 3 GB", "上限 1 GB", options=OPTIONS)
    lying = h.xlsx(tmp_path / "谎报.xlsx", h.bomb_sheet(3 * h.GIB, declared=40_000))
    refused(ledger, lying, "记录的大小")


def test_a_stray_far_cell_is_refused_not_a_crash(ledger: Path, tmp_path: Path) -> None:
    # without a <dimension>, calamine would ask for 512 GB for A1:XFD1048576 and abort
    sheet = (h.SHEET_HEAD + h.rows_xml([["社区名称", "所属街道"], ["西七路社区", STREET]])
             + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + h.SHEET_TAIL)
    path = h.xlsx(tmp_path / "远处.xlsx", h.deflated("xl/worksheets/sheet1.xml", sheet),
                  names=["社区"])
    refused(ledger, path, "工作表“社区”的使用范围异常大（A1:XFD1048576）")


def test_a_cell_of_a_million_characters_is_refused(ledger: Path, tmp_path: Path) -> None:
    rows = [["社区名称", "所属街道", "备注说明"], ["西七路社区", STREET, "长" * 1_000_000]]
    book = h.xlsx(tmp_path / "长单元格.xlsx", h.rows_xml(rows), names=["社区"])
    refused(ledger, book, "工作表“社区”第 2 行 C 列", "1,000,000 个字", "32767")
    text = tmp_path / "长单元格.csv"
    text.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8")
    refused(ledger, text, "工作表“长单元格”第 2 行 C 列", "1,000,000 个字")


def test_damaged_files_are_refused_as_bad_input(ledger: Path, tmp_path: Path) -> None:
    good = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["社区名称", "所属街道"])
    book.active.append(["西七路社区", STREET])
    book.save(good)
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(good.getvalue()[:2000])
    refused(ledger, truncated, "已损坏或不是 Excel 工作簿")
    noise = tmp_path / "乱码.xlsx"
    noise.write_bytes(bytes(range(256)) * 20)
    refused(ledger, noise, "已损坏或不是 Excel 工作簿")
    locked = tmp_path / "加密.xlsx"
    with locked.open("wb") as out:
        OOXMLFile(io.BytesIO(good.getvalue())).encrypt("1234", out)
    refused(ledger, locked, "密码")
