"""Reading spreadsheet files for import: every sheet's cells as Python values, merges filled in."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import KnownError, UsageError
from app.io import read_limits as limits
from app.io.layout import needs_text_guard
from app.io.read_limits import SUPPORTED_SUFFIXES as SUPPORTED_SUFFIXES
from app.io.sheet_scan import Merge
from app.io.zip_guard import Inside, check_zip

_CSV_SAMPLE = 8192


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
    """Every sheet of a workbook (.xlsx .xlsm .xls .ods, via python-calamine) or a .csv's table.

    A file over the limits of read_limits (size, parts, cells, a cell's length), damaged, or no
    workbook at all is refused with UsageError (exit code 2) before it is read.
    """
    import python_calamine as calamine  # here: the app's start needs none of it

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UsageError(
            f"不支持的文件类型“{path.suffix or path.name}”（{path.name}），"
            "请另存为 .xlsx 或 .csv 后再导入"
        )
    if not path.is_file():
        raise UsageError(f"找不到文件“{path.name}”：{path}")
    try:
        size = path.stat().st_size
        if suffix == ".csv":
            limits.check_file_size(path, size, limits.MAX_CSV_FILE)
            return [_read_csv(path)]
        limit = limits.MAX_XLS_FILE if suffix == ".xls" else limits.MAX_ZIP_FILE
        limits.check_file_size(path, size, limit)
        return _read_book(path)
    except PermissionError as exc:
        raise KnownError(f"无法读取“{path.name}”：没有读取权限，或文件正被其他程序占用") from exc
    except calamine.PasswordError as exc:
        raise UsageError(f"“{path.name}”有密码保护，请在 Excel 中去掉密码后再导入") from exc
    except calamine.CalamineError as exc:
        raise limits.damaged(path) from exc
    except OSError as exc:
        raise KnownError(str(limits.damaged(path))) from exc
    except BaseException as exc:
        # calamine answers some damaged .xls files with a Rust panic, a BaseException
        if type(exc).__name__ == "PanicException":
            raise limits.damaged(path) from exc
        raise


def _read_book(path: Path) -> list[RawSheet]:
    """Every sheet through calamine, hidden ones flagged, merged ranges filled in.

    A ZIP-based file is looked inside first (zip_guard); every sheet's range is checked again
    as calamine has it, before it becomes Python lists, and every cell's length after.
    """
    import python_calamine as calamine

    inside = check_zip(path) if zipfile.is_zipfile(path) else Inside()
    try:
        book = calamine.CalamineWorkbook.from_path(path)
    except calamine.PasswordError:
        raise
    except calamine.CalamineError:
        # calamine goes by the suffix; a file named .xls that is really .xlsx (or the other way
        # round) opens from its bytes, where the format is told by the content
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    sheets = []
    cells = 0
    with book:
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            # to_python(skip_empty_area=False) makes rows and columns from A1, not from the
            # first cell with data: A1 to the sheet's end is what it allocates
            end = sheet.end
            height, width = (end[0] + 1, end[1] + 1) if end is not None else (0, 0)
            cells = limits.check_span(path, meta.name, height, width, cells)
            rows = sheet.to_python(skip_empty_area=False)
            limits.check_cell_text(path, meta.name, rows)
            merges = sheet.merged_cell_ranges
            if merges is None:  # calamine has merged ranges for xlsx and xls only
                merges = inside.ods_merges.get(meta.name, [])
            limits.check_merged_area(path, meta.name, merges, len(rows),
                                     max((len(row) for row in rows), default=0))
            _fill_merges(rows, merges)
            hidden = meta.visible != calamine.SheetVisibleEnum.Visible
            sheets.append(RawSheet(meta.name, hidden, rows))
    return sheets


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
    rows: list[list[str]] = []
    cells = 0
    # the csv module's own limit (131,072 characters) would stop at a long cell without saying
    # where it is: lifted while this file is read (it is in memory whole, so this costs
    # nothing), and cells are measured against Excel's limit below, their place named
    before = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                delimiter=delimiter), start=1):
            cells += len(row)
            if cells > limits.MAX_CELLS:
                limits.refuse(path, f"单元格超过上限 {limits.MAX_CELLS:,} 个（读到第 {number} "
                                    "行），请把台账分成几个文件导入")
            if row and max(map(len, row)) > limits.MAX_CELL_CHARS:
                column = next(c for c, v in enumerate(row) if len(v) > limits.MAX_CELL_CHARS)
                limits.too_long(path, path.stem, number, column + 1, len(row[column]))
            rows.append([_unguard(value) for value in row])
    except csv.Error as exc:
        raise UsageError(f"无法读取“{path.name}”：CSV 格式有误（{exc}）") from exc
    finally:
        csv.field_size_limit(before)
    return RawSheet(path.stem, False, rows)


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else GB18030 (as Chinese Excel and WPS save); UTF-16 with a BOM."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(
        f"无法读取“{path.name}”：文字编码无法识别（不是 UTF-8 也不是 GBK/GB18030），"
        "请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入"
    )


def _unguard(value: str) -> str:
    """Text the exporter wrote as '=…, '+…, '-… or '@… back to what it was."""
    return value[1:] if value.startswith("'") and needs_text_guard(value[1:]) else value
