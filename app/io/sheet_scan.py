"""Where a workbook's cells lie, read from its XML as it streams past, before calamine reads it.

calamine allocates a sheet's whole range at once (from the first to the last cell it finds,
whatever <dimension> says) and aborts the process when that is too big to allocate, so the
range must be known first. These scanners over-approximate it from the XML calamine will read:
never less than what calamine will place, sometimes more (a hostile file may then be refused
for a little less than the limit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

Merge = tuple[tuple[int, int], tuple[int, int]]
"""A merged range as calamine gives it: ((top, left), (bottom, right)), 0-based, inclusive."""

HUGE = 1 << 40
"""A row or column number too large to mean anything: reported as it is, refused by any limit."""

_PREFIX = re.compile(rb"<(/?)([A-Za-z_][\w.-]{0,30}:)?sheetData")
_KEEP = 256
"""A tag starting this near the end of a piece waits for the next piece."""


class Unreadable(Exception):
    """The XML cannot be parsed as calamine would read it: the file is damaged or hostile."""


@dataclass
class SheetCells:
    """What a worksheet's XML holds: cell elements, the range they span, merged ranges."""

    cells: int = 0
    rows: int = 0
    columns: int = 0
    merges: int = 0

    @property
    def span(self) -> int:
        """The cells from A1 to the farthest row and column (what reading it allocates)."""
        return self.rows * self.columns


class _CellPatterns:
    """A cell's position as Excel, WPS, LibreOffice and openpyxl write it (`<c r="B7"` first;
    `<x:c r="B7"` from .NET's Open XML SDK), and any cell written otherwise.

    Each pattern starts with a literal, which `re` looks for at C speed (an alternation, or a
    pattern opening with a class, would be tried at every byte).
    """

    def __init__(self, prefix: bytes) -> None:
        tag = b"<" + re.escape(prefix) + b'c r="'
        self.columns = re.compile(tag + rb"([A-Za-z]*)")
        self.rows = re.compile(tag + rb"[A-Za-z]*([0-9]*)")
        self.others = [re.compile(b"<" + re.escape(prefix) + rb'c(?! r=")[\s/>]')]
        if prefix:  # cells without the prefix, or with another
            self.others.append(re.compile(rb"<c[\s/>]"))
            name = re.escape(prefix[:-1])
            self.others.append(re.compile(rb"(?<!<" + name + rb")(?<!</" + name + rb"):c[\s/>]"))
        else:
            self.others.append(re.compile(rb":c[\s/>]"))


class SheetScan:
    """Any part but an ODS's content.xml, fed piece by piece: it counts what calamine allocates.

    A part is a worksheet once `sheetData` appears in it (calamine reads cells only after that
    element). Cells written as Excel writes them (`<c r="B7"`) are read with regular
    expressions; a sheet with any other cell (no position, another attribute first, mixed
    namespace prefixes, other quotes) sets `exact_needed`, and is then read again by
    `ExactSheetScan`. Every part is also counted for `si` (shared strings: calamine keeps them
    all in memory).
    """

    def __init__(self) -> None:
        self.sheet: SheetCells | None = None
        self.exact_needed = False
        self.strings = 0
        self._carry = b""
        self._cells = _CellPatterns(b"")

    def feed(self, piece: bytes) -> None:
        """The next inflated bytes of the part."""
        text = self._carry + piece
        cut = text.rfind(b"<", max(0, len(text) - _KEEP))
        if cut < 0:  # no tag near the end: keep a little for a word cut in two
            cut = max(0, len(text) - 64)
        self._carry = text[cut:]
        self._scan(text[:cut])

    def finish(self) -> None:
        """The part is over."""
        self._scan(self._carry)
        self._carry = b""

    def _scan(self, body: bytes) -> None:
        self.strings += body.count(b"si")  # <si>, </si>, <si/>: never fewer than the strings
        if self.sheet is None:
            if b"sheetData" not in body:
                return
            self.sheet = SheetCells()
            # the cells are expected with the prefix the sheet data has (x: from .NET)
            tag = _PREFIX.search(body)
            self._cells = _CellPatterns(tag.group(2) or b"" if tag else b"")
        sheet, cells = self.sheet, self._cells
        found = cells.columns.findall(body)
        sheet.cells += len(found)
        if any(other.search(body) for other in cells.others):
            self.exact_needed = True
        # one value a cell, but few distinct ones a piece: the largest is found at C speed
        letters = set(found)
        if letters:
            sheet.columns = max(sheet.columns, *map(_column, letters))
        numbers = set(cells.rows.findall(body))
        if numbers and max(map(len, numbers)) > 9:
            sheet.rows = HUGE
        elif numbers:
            numbers.discard(b"")
            sheet.rows = max(sheet.rows, *map(int, numbers), 1)
        sheet.merges += body.count(b"mergeCell")  # over-counts <mergeCells> by 2: harmless


class ExactSheetScan:
    """A worksheet read by an XML parser, cells placed as calamine places them.

    calamine takes a cell's position from its `r` attribute; a cell without one goes after the
    previous cell of its row, in the row its <row r> names, or the one after the previous row.
    """

    def __init__(self) -> None:
        self.sheet = SheetCells()
        self._row = 0
        self._column = 0
        self._active = False
        self._parser = _parser(self._start, self._end)

    def feed(self, piece: bytes) -> None:
        """The next inflated bytes of the part."""
        try:
            self._parser.Parse(piece, False)
        except expat.ExpatError as exc:
            raise Unreadable(str(exc)) from exc

    def finish(self) -> None:
        """The part is over."""
        try:
            self._parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise Unreadable(str(exc)) from exc

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self._active = True
        if not self._active:
            return
        sheet = self.sheet
        if local == "c":
            sheet.cells += 1
            row, column = self._row, self._column
            if (ref := attrs.get("r")) is not None:
                row, column = _position(ref)
            self._column = column + 1
            sheet.rows = max(sheet.rows, row + 1)
            sheet.columns = max(sheet.columns, column + 1)
        elif local == "row":
            if (ref := attrs.get("r")) is not None:
                self._row = _position(ref)[0]
        elif local == "mergeCell":
            sheet.merges += 1

    def _end(self, name: str) -> None:
        if self._active and name.rpartition(":")[2] == "row":
            self._row += 1
            self._column = 0


@dataclass
class OdsTable:
    """One table of an OpenDocument spreadsheet: the range of its cells with content, merges."""

    rows: int = 0
    columns: int = 0
    merges: list[Merge] = field(default_factory=list)

    @property
    def span(self) -> int:
        """The cells from A1 to the farthest row and column with content."""
        return self.rows * self.columns


class OdsScan:
    """An ODS content.xml read by an XML parser: repeated rows and columns counted out.

    A cell or row "repeated" a million times is written once; calamine reads it out in full
    when the cell has content (LibreOffice writes its empty trailing rows that way: they are
    not counted, as calamine skips them).
    """

    _CELLS = frozenset({"table-cell", "covered-table-cell"})

    def __init__(self) -> None:
        self.tables: dict[str, OdsTable] = {}
        self._table = OdsTable()
        self._row = self._column = 0
        self._row_repeat = self._cell_repeat = 1
        self._in_cell = False
        self._nested = 0
        self._filled = False
        self._parser = _parser(self._start, self._end)

    @property
    def merges(self) -> int:
        """Merged ranges in all tables."""
        return sum(len(t.merges) for t in self.tables.values())

    def feed(self, piece: bytes) -> None:
        """The next inflated bytes of content.xml."""
        try:
            self._parser.Parse(piece, False)
        except expat.ExpatError as exc:
            raise Unreadable(str(exc)) from exc

    def finish(self) -> None:
        """content.xml is over."""
        try:
            self._parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise Unreadable(str(exc)) from exc

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self._in_cell:  # a paragraph, a link … inside a cell: the cell has content
            self._nested += 1
            self._filled = True
            return
        local = name.rpartition(":")[2]
        if local in self._CELLS:
            self._in_cell, self._nested = True, 0
            self._cell_repeat = _count(_attr(attrs, "number-columns-repeated"))
            self._filled = _attr(attrs, "value-type") is not None
            down = _count(_attr(attrs, "number-rows-spanned"))
            across = _count(_attr(attrs, "number-columns-spanned"))
            if down > 1 or across > 1:
                self._table.merges.append(
                    ((self._row, self._column),
                     (self._row + down - 1, self._column + across - 1)))
        elif local == "table-row":
            self._row_repeat = _count(_attr(attrs, "number-rows-repeated"))
            self._column = 0
        elif local == "table":
            self._table = self.tables.setdefault(_attr(attrs, "name") or "", OdsTable())
            self._row = 0

    def _end(self, name: str) -> None:
        if self._in_cell and self._nested:
            self._nested -= 1
            return
        local = name.rpartition(":")[2]
        if self._in_cell and local in self._CELLS:
            self._in_cell = False
            if self._filled:
                table = self._table
                table.rows = max(table.rows, self._row + self._row_repeat)
                table.columns = max(table.columns, self._column + self._cell_repeat)
            self._column += self._cell_repeat
        elif local == "table-row":
            self._row += self._row_repeat


def _parser(start: Any, end: Any) -> Any:
    """An expat parser that refuses document types (entity expansion is no spreadsheet's)."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end

    def refuse(*_args: object) -> None:
        raise Unreadable("document type declaration")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by its name without prefix (table:name, t:name …)."""
    for key, value in attrs.items():
        if key.rpartition(":")[2] == local:
            return value
    return None


def _count(value: str | None) -> int:
    """A repeat or span count; what calamine would not read as a number counts 1."""
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1


def _column(letters: bytes) -> int:
    """A column's number from its letters (A → 1, XFD → 16384), either case."""
    if len(letters) > 3:
        return HUGE
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return max(number, 1)


def _row(digits: bytes) -> int:
    """A row's number from its digits ("" → 1)."""
    digits = digits.lstrip(b"0")
    if len(digits) > 9:
        return HUGE
    return max(int(digits or b"0"), 1)


def _position(ref: str) -> tuple[int, int]:
    """The 0-based (row, column) a cell or row reference means, letters and digits wherever they
    stand (calamine refuses the odd ones; counting them anyway only refuses sooner)."""
    letters = "".join(ch for ch in ref if ch.isascii() and ch.isalpha()).encode()
    digits = "".join(ch for ch in ref if "0" <= ch <= "9").encode()
    return _row(digits) - 1, (_column(letters) - 1 if letters else 0)
