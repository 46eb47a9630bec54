"""The most a spreadsheet may hold to be read for import, and the Chinese refusal of each limit.

A refusal is bad input (exit code 2): said before the file is read, nothing written. The limits
were set against a real ledger: the app's own export of 200,000 demands of one street (14
columns, the size DESIGN.md supports) is a 26 MB .xlsx whose demand sheet inflates to 223 MiB
(9 times its compressed size), 2.8 million cells in all; the same ledger as CSV is 55 MiB.
Reading it takes ~9 s and ~410 MB (the look inside, zip_guard, ~2.5 s of that), importing it
~45-55 s and ~600 MB. The limits leave room for four times as much (a city's 500,000 demands, a
~590 MB sheet of 7 million cells, still import) and refuse what no ledger is: a 3 MB file whose
sheet inflates to 3 GB (before: minutes, 6-9 GB, then the process aborted; now refused in
milliseconds within 20 MB), a stray value in XFD1048576, a cell longer than Excel allows. The
most a file within the limits can cost is about 1 GB of text in long cells: read in ~15 s,
~2 GB at its peak.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from app.errors import UsageError

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
"""The spreadsheets an import reads (here, not in app/io/workbook.py: the app's start offers them
without loading the reader)."""

MIB = 1 << 20
GIB = 1 << 30

MAX_ZIP_FILE = 256 * MIB
"""An .xlsx, .xlsm or .ods on disk (a 200,000-row export is 26 MB; the rest would be pictures)."""
MAX_XLS_FILE = 64 * MIB
"""A legacy .xls on disk (the format stops at 65,536 rows: ~15-30 MB when full of text)."""
MAX_CSV_FILE = 128 * MIB
"""A .csv (a 200,000-row export is 55 MiB; read whole into memory, as text and as cells)."""
MAX_PARTS = 10_000
"""Parts (entries) inside a ZIP-based workbook: a sheet brings 2 to 7, a picture 1."""
MAX_DIRECTORY = 8 * MIB
"""The ZIP's central directory (about 100 bytes a part), read before the parts are counted."""
MAX_PART = 1 * GIB
"""One part inflated, declared and actual (the 200,000-row export's sheet: 223 MiB)."""
MAX_TOTAL = 1 * GIB
"""All parts inflated together: a city's whole ledger exported is ~700 MB. Text is what a file
within the limits can still hold most of; read, it takes about twice its size in memory."""
MAX_RATIO = 200
"""How many times a part may inflate its compressed size: sheets inflate 5 to 15 times, a zip
bomb about 1,000 times (deflate's own ceiling). Judged on parts over RATIO_FROM: a smaller one
costs nothing to inflate, and what it holds (a cell of a million characters …) is then refused
for what it is, its place named."""
RATIO_FROM = 32 * MIB
MAX_CELLS = 10_000_000
"""Cells of all sheets, counted from A1 to each sheet's farthest cell (what reading allocates):
the widest ledger (projects, 19 columns with 记录ID) at 200,000 rows is 3.8 million."""
MAX_TAGS = 8 * MAX_CELLS
"""XML tags in a sheet whose cells are not written as Excel writes them (and so read tag by tag,
slowly): the 200,000-row export has 5.6 a cell."""
MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit."""
MAX_MERGES = 1_000_000
"""Merged ranges in a workbook."""
MAX_STRINGS = 10_000_000
"""Shared strings of an .xlsx (calamine keeps every one in memory)."""


def refuse(path: Path, why: str) -> NoReturn:
    """Refuse to import `path`, saying why (bad input: exit code 2)."""
    raise UsageError(f"无法导入“{path.name}”：{why}")


def damaged(path: Path) -> UsageError:
    """The refusal of a file that is damaged or no workbook at all."""
    return UsageError(
        f"无法读取“{path.name}”：文件已损坏或不是 Excel 工作簿，"
        "请用 Excel 或 WPS 打开并另存为 .xlsx 后再导入"
    )


def size_text(size: int) -> str:
    """A size as people read it: 40 KB, 300 MB, 2.6 GB."""
    if size < MIB:
        return f"{max(1, round(size / 1024)):,} KB"
    if size >= GIB:
        return f"{size / GIB:.1f}".removesuffix(".0") + " GB"
    if size >= 10 * MIB:
        return f"{size / MIB:,.0f} MB"
    return f"{size / MIB:.1f}".removesuffix(".0") + " MB"


def check_file_size(path: Path, size: int, limit: int) -> None:
    """Refuse a file larger than its kind's limit, before anything of it is read."""
    if size > limit:
        refuse(path, f"文件有 {size_text(size)}，超过可导入的上限 {size_text(limit)}。"
                     "请删除图片等台账以外的内容后另存，或把台账分成几个文件导入")


def column_letters(column: int) -> str:
    """A (1-based) column number as Excel names it: 1 → A, 16384 → XFD."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet(name: str | None) -> str:
    return f"工作表“{name}”" if name is not None else "有一张工作表"


def check_span(path: Path, sheet: str | None, rows: int, columns: int, before: int) -> int:
    """Refuse a sheet whose range (A1 to its farthest cell) or the workbook's cells together are
    over MAX_CELLS; returns the cells counted so far, this sheet's included."""
    cells = rows * columns
    if cells > MAX_CELLS:
        if columns > 18_278 or rows >= 10**9:  # past ZZZ or nine digits: nothing to look for
            span = "远超 Excel 的最大范围 A1:XFD1048576），单元格数"
        else:
            span = f"A1:{column_letters(columns)}{rows}），共 {cells:,} 个单元格，"
        refuse(path, f"{_sheet(sheet)}的使用范围异常大（{span}"
                     f"超过上限 {MAX_CELLS:,} 个。多半是远处的单元格里有误填的内容："
                     "请在 Excel 中删除数据下方和右侧多余的行列（或把数据复制到新的工作簿）"
                     "后再导入；若确是这么大的台账，请分成几个文件导入")
    total = before + cells
    if total > MAX_CELLS:
        refuse(path, f"各工作表合计 {total:,} 个单元格，超过上限 {MAX_CELLS:,} 个。"
                     "请删除不需要导入的工作表，或把台账分成几个文件导入")
    return total


def check_cell_count(path: Path, sheet: str | None, cells: int) -> None:
    """Refuse a sheet that writes more cells than MAX_CELLS (the same cell many times over)."""
    if cells > MAX_CELLS:
        refuse(path, f"{_sheet(sheet)}写入的单元格超过上限 {MAX_CELLS:,} 个（已数到 {cells:,} "
                     "个），不是正常的台账（文件可能已损坏或是恶意构造的）")


def check_tags(path: Path, sheet: str | None, tags: int) -> None:
    """Refuse a sheet, to be read tag by tag, of more than MAX_TAGS tags."""
    if tags > MAX_TAGS:
        refuse(path, f"{_sheet(sheet)}的写法特殊且有 {tags:,} 个标记，超过上限 {MAX_TAGS:,} 个，"
                     "不是正常的台账（文件可能已损坏或是恶意构造的）。请用 Excel 另存后再导入")


def check_merge_count(path: Path, sheet: str | None, merges: int) -> None:
    """Refuse more merged ranges than MAX_MERGES."""
    if merges > MAX_MERGES:
        refuse(path, f"{_sheet(sheet)}的合并单元格有 {merges:,} 个，超过上限 {MAX_MERGES:,} 个，"
                     "不是正常的台账（文件可能已损坏或是恶意构造的）")


def check_merged_area(path: Path, sheet: str, merges: Sequence[Any], rows: int,
                      columns: int) -> None:
    """Refuse merged ranges that cover, within the cells read, more than MAX_CELLS in all
    (filling them in costs that much; overlapping ranges could cost any multiple)."""
    check_merge_count(path, sheet, len(merges))
    area = 0
    for (top, left), (bottom, right) in merges:
        height = min(bottom, rows - 1) - top + 1
        width = min(right, columns - 1) - left + 1
        if height > 0 and width > 0:
            area += height * width
    if area > MAX_CELLS:
        refuse(path, f"工作表“{sheet}”的合并单元格合计覆盖 {area:,} 个单元格，超过上限 "
                     f"{MAX_CELLS:,} 个，不是正常的台账（文件可能已损坏或是恶意构造的）")


def check_cell_text(path: Path, sheet: str, rows: Sequence[Sequence[Any]]) -> None:
    """Refuse a cell of more than MAX_CELL_CHARS characters, naming its sheet, row and column."""
    every = filter(str.__instancecheck__, itertools.chain.from_iterable(rows))
    if max(map(len, every), default=0) <= MAX_CELL_CHARS:  # the usual answer, at C speed
        return
    for r, row in enumerate(rows):
        texts = [len(v) for v in row if v.__class__ is str]
        if texts and max(texts) > MAX_CELL_CHARS:
            c = next(c for c, v in enumerate(row)
                     if v.__class__ is str and len(v) > MAX_CELL_CHARS)
            too_long(path, sheet, r + 1, c + 1, len(row[c]))


def too_long(path: Path, sheet: str, row: int, column: int, chars: int) -> NoReturn:
    """Refuse a cell of `chars` characters at (1-based) row and column."""
    refuse(path, f"工作表“{sheet}”第 {row} 行 {column_letters(column)} 列的单元格有 "
                 f"{chars:,} 个字，超过单元格的上限 {MAX_CELL_CHARS} 个字（Excel 本身的上限）。"
                 "这不是 Excel 或 WPS 能保存的内容：请检查该单元格，或用 Excel 另存后再导入")
