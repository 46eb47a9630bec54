"""Write a report as its file name says: .pdf laid out for print, .xlsx for further work."""

from __future__ import annotations

from pathlib import Path

from app.errors import UsageError
from app.io import report_pdf
from app.io.document import Document
from app.io.report_xlsx import write_report_xlsx

SUFFIXES = (".pdf", ".xlsx")


def check_suffix(path: Path) -> str:
    """The format a report file name asks for; UsageError for any other."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"报表文件“{path.name}”请用 .pdf 或 .xlsx 结尾")
    return suffix


def write_document(path: Path, document: Document) -> int:
    """Write the report; pages for a PDF, rows for a workbook."""
    if check_suffix(path) == ".xlsx":
        return write_report_xlsx(path, document)
    return report_pdf.write_report(path, document)
