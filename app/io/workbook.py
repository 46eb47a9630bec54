"""Reading spreadsheet files for import: every sheet's cells as Python values, merges filled in."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from app.errors import KnownError
from app.io.layout import needs_text_guard

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

Merge = tuple[tuple[int, int], tuple[int, int]]
"""A merged range as calamine gives it: ((top, left), (bottom, right)), 0-based, inclusive."""

_CSV_SAMPLE = 8192
_ODS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CELLS = (_ODS + "table-cell", _ODS + "covered-table-cell")


@dataclass
class RawSheet:
    """One sheet as read: every cell's value, merged ranges filled in.

    `rows[i]` is spreadsheet row i+1 and `rows[i][j]` column j+1 (leading empty rows and columns
    are kept); rows need not all be the same length. Empty cells are "".
    """

    name: str
    hidden: bool
    rows: list[list[Any]] = field(default_factory=list)

    def cell(self, row: int, col: int) -> Any:
        """The value at 0-based (row, col); "" when outside what was read."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


def read_workbook(path: Path) -> list[RawSheet]:
    """Every sheet of a workbook (.xlsx .xlsm .xls .ods, via python-calamine) or a .csv's table."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise KnownError(
            f"不支持的文件类型“{path.suffix or path.name}”（{path.name}），"
            "请另存为 .xlsx 或 .csv 后再导入"
        )
    if not path.is_file():
        raise KnownError(f"找不到文件“{path.name}”：{path}")
    try:
        if suffix == ".csv":
            return [_read_csv(path)]
        return _read_book(path)
    except PermissionError as exc:
        raise KnownError(f"无法读取“{path.name}”：没有读取权限，或文件正被其他程序占用") from exc
    except calamine.PasswordError as exc:
        raise KnownError(f"“{path.name}”有密码保护，请在 Excel 中去掉密码后再导入") from exc
    except (calamine.CalamineError, OSError) as exc:
        raise KnownError(_broken(path)) from exc
    except BaseException as exc:
        # calamine answers some damaged .xls files with a Rust panic, a BaseException
        if type(exc).__name__ == "PanicException":
            raise KnownError(_broken(path)) from exc
        raise


def _broken(path: Path) -> str:
    return (
        f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿，"
        "请用 Excel 或 WPS 打开并另存为 .xlsx 后再导入"
    )


def _read_book(path: Path) -> list[RawSheet]:
    """Every sheet through calamine, hidden ones flagged, merged ranges filled in."""
    _refuse_oversized(path)
    try:
        book = calamine.CalamineWorkbook.from_path(path)
    except calamine.PasswordError:
        raise
    except calamine.CalamineError:
        # calamine goes by the suffix; a file named .xls that is really .xlsx (or the other way
        # round) opens from its bytes, where the format is told by the content
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    sheets = []
    ods_merges: dict[str, list[Merge]] | None = None
    with book:
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            # skip_empty_area=False: rows and columns from A1, not from the first cell with data
            rows = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges
            if merges is None:  # calamine has merged ranges for xlsx and xls only
                if ods_merges is None:
                    ods_merges = _ods_merges(path)
                merges = ods_merges.get(meta.name, [])
            _fill_merges(rows, merges)
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            sheets.append(RawSheet(meta.name, hidden, rows))
    return sheets


MAX_CELLS = 20_000_000
"""The most cells a sheet's used range may span: calamine allocates the whole range at once, and a
stray value in XFD1048576 would ask for hundreds of GB and end the process."""

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _refuse_oversized(path: Path) -> None:
    """A clear message instead of a crash for a .xlsx whose used range is absurdly large."""
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                found = _DIMENSION.search(part.read(4096))
            if not found or not found.group(3):
                continue
            first, top, last, bottom = found.groups()
            cells = (int(bottom) - int(top) + 1) * (_column(last) - _column(first) + 1)
            if cells > MAX_CELLS:
                span = f"{first.decode()}{int(top)}:{last.decode()}{int(bottom)}"
                raise KnownError(
                    f"无法导入“{path.name}”：有一张工作表的使用范围异常大（{span}），"
                    "多半是远处的单元格里有误填的内容。请在 Excel 中删除数据下方和右侧多余的行列"
                    "（或把数据复制到新的工作簿）后再导入"
                )


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _fill_merges(rows: list[list[Any]], merges: list[Merge]) -> None:
    """Give every cell of a merged range the top-left cell's value, within the area read."""
    width = max((len(row) for row in rows), default=0)
    for (top, left), (bottom, right) in merges:
        if top >= len(rows) or left >= len(rows[top]) or rows[top][left] == "":
            continue
        value = rows[top][left]
        right = min(right, width - 1)
        for row in rows[top : min(bottom, len(rows) - 1) + 1]:
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            row[left : right + 1] = [value] * (right + 1 - left)


def _ods_merges(path: Path) -> dict[str, list[Merge]]:
    """The merged ranges of each table of an OpenDocument spreadsheet ({} for anything else)."""
    merges: dict[str, list[Merge]] = {}
    spans: list[Merge] = []
    row = col = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            for event, node in ElementTree.iterparse(content, events=("start", "end")):
                if event == "start":
                    if node.tag == _ODS + "table":
                        spans = merges.setdefault(node.get(_ODS + "name", ""), [])
                        row = 0
                    elif node.tag == _ODS + "table-row":
                        col = 0
                    elif node.tag in _ODS_CELLS:
                        down = int(node.get(_ODS + "number-rows-spanned", "1"))
                        across = int(node.get(_ODS + "number-columns-spanned", "1"))
                        if down > 1 or across > 1:
                            spans.append(((row, col), (row + down - 1, col + across - 1)))
                elif node.tag in _ODS_CELLS:
                    col += int(node.get(_ODS + "number-columns-repeated", "1"))
                elif node.tag == _ODS + "table-row":
                    row += int(node.get(_ODS + "number-rows-repeated", "1"))
                    node.clear()
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return merges


def _read_csv(path: Path) -> RawSheet:
    """The one table of a CSV file, all cells text, the exporter's formula guard taken off."""
    text = _decode(path.read_bytes(), path)
    sample = text[:_CSV_SAMPLE]
    if len(text) > _CSV_SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    # the sniffer misses a quoted last cell before \r\n (its patterns end lines at \n only)
    sample = sample.replace("\r\n", "\n")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = [
            [_unguard(value) for value in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise KnownError(f"无法读取“{path.name}”：CSV 格式有误（{exc}）") from exc
    return RawSheet(path.stem, False, rows)


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else GB18030 (as Chinese Excel and WPS save); UTF-16 with a BOM."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KnownError(
        f"无法读取“{path.name}”：文字编码无法识别（不是 UTF-8 也不是 GBK/GB18030），"
        "请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入"
    )


def _unguard(value: str) -> str:
    """Text the exporter wrote as '=…, '+…, '-… or '@… back to what it was."""
    return value[1:] if value.startswith("'") and needs_text_guard(value[1:]) else value
