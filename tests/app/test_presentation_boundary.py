"""Presentation lives in app/io: no service imports openpyxl or reportlab."""

from __future__ import annotations

from pathlib import Path

import pytest

import app
from tests.helpers.imports import imports_of

APP_DIR = Path(app.__file__).resolve().parent
ROOT = APP_DIR.parent
DRAWING = ("openpyxl", "reportlab")
"""The libraries that draw workbooks and PDFs: only app/io renders with them."""

SERVICES = sorted((APP_DIR / "services").rglob("*.py"))


def drawing_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of a drawing library."""
    return imports_of(source, DRAWING)


@pytest.mark.parametrize(
    "source",
    [
        "import openpyxl",
        "from openpyxl.cell import WriteOnlyCell",
        "from openpyxl import Workbook",
        "import reportlab.platypus as rp",
        "from reportlab.lib.units import mm",
        "def f():\n    from reportlab.graphics.shapes import Drawing\n",
        "import importlib\nimportlib.import_module('openpyxl.styles')",
        "__import__('reportlab')",
    ],
)
def test_the_scanner_finds_drawing_imports(source: str) -> None:
    assert drawing_imports(source)


@pytest.mark.parametrize(
    "source",
    ["from app.io import report_pdf", "from app.io.export_xlsx import LedgerRows",
     "x = 'openpyxl'", "import openpyxl_helpers", "from . import reportlab"],
)
def test_the_scanner_ignores_other_imports(source: str) -> None:
    assert not drawing_imports(source)


def test_the_services_are_there_to_scan() -> None:
    names = {p.name for p in SERVICES}
    assert {"exports.py", "import_report.py", "reports.py"} <= names


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_service_imports_a_drawing_library(path: Path) -> None:
    found = drawing_imports(path.read_text(encoding="utf-8"))
    where = ", ".join(f"{path.relative_to(ROOT)}:{line} {module}" for line, module in found)
    assert not found, f"app/services 只计算内容，表格和 PDF 由 app/io 绘制：{where}"
