"""Where a workbook's cells lie, read from its XML as it streams past, before calamine reads it.

calamine allocates a sheet's whole range at once (from the first to the last cell it finds,
whatever <dimension> says) and aborts the process when that is too big to allocate, so the
range must be known first. These scanners over-approximate it from the XML calamine will read:
never less than what calamine will place, sometimes more (a hostile file may then be refused
for a little less than the limit).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

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
    tags: int = 0

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
        # each with the share of its matches that are cells (a prefixed pattern also finds the
        # end tags: half its matches, about)
        self.others = [(re.compile(b"<" + re.escape(prefix) + rb'c(?! r=")[\s/>]'), 1)]
        if prefix:  # cells without the prefix, or with another
            self.others.append((re.compile(rb"<c[\s/>]"), 1))
            name = re.escape(prefix[:-1])
            self.others.append(
                (re.compile(rb"(?<!<" + name + rb")(?<!</" + name + rb"):c[\s/>]"), 2))
        else:
            self.others.append((re.compile(rb":c[\s/>]"), 2))


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
        sheet.tags += body.count(b"<")
        for other, share in cells.others:
            if odd := len(other.findall(body)):
                self.exact_needed = True
                sheet.cells += (odd + share - 1) // share
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


_VALUE = rb"""(?:[^>"'/]|/(?!>)|"[^"]{0,4096}"|'[^']{0,4096}')*"""
"""Attributes, quoted either way (a quote may hold `>`); a value over 4 KB is no spreadsheet's."""
_PREFIXES = rb"(?:[^\s<>/:!?]+:)*"
_PARTIAL = re.compile(rb"</?[^\s<>/!?]*")
"""A tag whose name is not over yet, at the very end of a piece."""
_MAX_TAG = 1 << 20
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")

Tag = tuple[bytes, bytes, bytes, bytes, bool]
"""A chosen tag: (name closed, name opened, attributes, "/" if empty, another tag before it)."""


class Tags:
    """The tags of chosen elements in XML fed piece by piece: any namespace prefix, attributes
    in any order and quoted either way, a tag cut between two pieces joined again. Everything
    else (text, other elements) is skipped by the regular expression at C speed, so that a
    part of millions of other elements costs seconds, not minutes.

    `between`: whether to tell, of each tag, if another tag came since the previous chosen one.
    """

    def __init__(self, opening: tuple[bytes, ...], closing: tuple[bytes, ...],
                 between: bool = False) -> None:
        def either(names: tuple[bytes, ...]) -> bytes:
            return b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

        head = (rb"<(?:/" + _PREFIXES + rb"(" + either(closing) + rb")|" + _PREFIXES + rb"("
                + either(opening) + rb"))(?=[\s/>])")
        self._tag = re.compile(head + rb"(" + _VALUE + rb")(/?)>")
        self._head = re.compile(head)
        self._between = between
        self._carry = b""
        self._other = False

    def feed(self, piece: bytes, final: bool = False) -> list[Tag]:
        """The chosen tags in the next piece (`final`: the last, nothing may be left cut)."""
        text = self._carry + piece
        found = list(self._tag.finditer(text))
        end = found[-1].end() if found else 0
        tags: list[Tag] = []
        previous, other = 0, self._other
        for match in found:
            if self._between:
                other = other or text.find(b"<", previous, match.start()) >= 0
            closed, opened, attributes, empty = match.groups()
            tags.append((closed, opened, attributes, empty, other))
            previous, other = match.end(), False
        # a chosen tag begun but not closed, or a tag whose name is cut: wait for the rest
        cut = self._head.search(text, end)
        keep = cut.start() if cut is not None else len(text)
        last = text.rfind(b"<", end)
        if cut is None and last >= 0 and _PARTIAL.fullmatch(text, last):
            keep = last
        if keep < len(text) and final:
            raise Unreadable("a tag is not closed")
        self._other = self._other or text.find(b"<", end, keep) >= 0
        self._carry = text[keep:]
        if len(self._carry) > _MAX_TAG:
            raise Unreadable("a tag of more than a megabyte")
        return tags


def _attribute(attributes: bytes, name: bytes, prefixed: bool = True) -> bytes | None:
    """An attribute's value as written (calamine unescapes none of them), under any prefix or
    (`prefixed=False`) under none, as calamine looks for a cell's `r`."""
    for found in _ATTRIBUTE.finditer(attributes):
        key = found.group(1)
        if key == name or (prefixed and key.rpartition(b":")[2] == name):
            value = found.group(2)
            return value if value is not None else found.group(3)
    return None


_ATTRIBUTE = re.compile(rb"""([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class ExactSheetScan:
    """A worksheet read tag by tag, cells placed as calamine places them.

    calamine takes a cell's position from its `r` attribute; a cell without one goes after the
    previous cell of its row, in the row its <row r> names, or the one after the previous row.
    """

    def __init__(self) -> None:
        self.sheet = SheetCells()
        self._row = 0
        self._column = 0
        self._active = False
        self._tags = Tags((b"sheetData", b"row", b"c", b"mergeCell"), (b"row",))

    def feed(self, piece: bytes) -> None:
        """The next inflated bytes of the part."""
        self._read(self._tags.feed(piece))

    def finish(self) -> None:
        """The part is over."""
        self._read(self._tags.feed(b"", final=True))

    def _read(self, tags: list[Tag]) -> None:
        sheet = self.sheet
        for closed, opened, attributes, empty, _other in tags:
            if not self._active:
                self._active = opened == b"sheetData"
                continue
            if opened == b"c":
                sheet.cells += 1
                row, column = self._row, self._column
                if (ref := _attribute(attributes, b"r", prefixed=False)) is not None:
                    row, column = _position(ref)
                self._column = column + 1
                if row >= sheet.rows:
                    sheet.rows = row + 1
                if column >= sheet.columns:
                    sheet.columns = column + 1
            elif opened == b"row":
                if (ref := _attribute(attributes, b"r", prefixed=False)) is not None:
                    self._row = _position(ref)[0]
                if empty:  # <row r="5"/>: as if closed at once (a row further: refused sooner)
                    self._row += 1
                    self._column = 0
            elif closed:  # </row>
                self._row += 1
                self._column = 0
            elif opened == b"mergeCell":
                sheet.merges += 1


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
    """An ODS content.xml read tag by tag: repeated rows and columns counted out.

    A cell or row "repeated" a million times is written once; calamine reads it out in full
    when the cell has content (a value type, or anything inside it). LibreOffice writes its
    empty trailing rows that way: they are not counted, as calamine skips them.
    """

    _CELLS = (b"table-cell", b"covered-table-cell")

    def __init__(self) -> None:
        self.tables: dict[str, OdsTable] = {}
        self.cells = 0
        """Cell elements written (not counted out): bounds the work of reading them."""
        self._table = OdsTable()
        self._row = self._column = 0
        self._row_repeat = 1
        self._open: tuple[int, bool] | None = None  # a cell started: its repeat, its value type
        self._tags = Tags((b"table", b"table-row", *self._CELLS), (b"table-row", *self._CELLS),
                          between=True)

    @property
    def merges(self) -> int:
        """Merged ranges in all tables."""
        return sum(len(t.merges) for t in self.tables.values())

    def feed(self, piece: bytes) -> None:
        """The next inflated bytes of content.xml."""
        for tag in self._tags.feed(piece):
            self._tag(*tag)

    def finish(self) -> None:
        """content.xml is over."""
        for tag in self._tags.feed(b"", final=True):
            self._tag(*tag)

    def _tag(self, closed: bytes, opened: bytes, attributes: bytes, empty: bytes,
             other: bool) -> None:
        if self._open is not None:  # the cell before this tag is over
            repeat, typed = self._open
            self._open = None
            self._cell_done(repeat, typed or other)
        if opened in self._CELLS:
            self.cells += 1
            repeat = _count(_attribute(attributes, b"number-columns-repeated"))
            typed = _attribute(attributes, b"value-type") is not None
            down = _count(_attribute(attributes, b"number-rows-spanned"))
            across = _count(_attribute(attributes, b"number-columns-spanned"))
            if down > 1 or across > 1:
                self._table.merges.append(
                    ((self._row, self._column),
                     (self._row + down - 1, self._column + across - 1)))
            if empty:
                self._cell_done(repeat, typed)
            else:
                self._open = (repeat, typed)
        elif opened == b"table-row":
            self._row_repeat = _count(_attribute(attributes, b"number-rows-repeated"))
            self._column = 0
            if empty:
                self._row += self._row_repeat
        elif closed == b"table-row":
            self._row += self._row_repeat
        elif opened == b"table":
            name = (_attribute(attributes, b"name") or b"").decode("utf-8", "replace")
            self._table = self.tables.setdefault(_unescape(name), OdsTable())
            self._row = 0

    def _cell_done(self, repeat: int, filled: bool) -> None:
        if filled:
            table = self._table
            table.rows = max(table.rows, self._row + self._row_repeat)
            table.columns = max(table.columns, self._column + repeat)
        self._column += repeat


def _unescape(text: str) -> str:
    """A table name as calamine shows it: XML's character references and entities replaced."""
    return html.unescape(text) if "&" in text else text


def _count(value: bytes | None) -> int:
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


def _position(ref: bytes) -> tuple[int, int]:
    """The 0-based (row, column) a cell or row reference means, letters and digits wherever they
    stand (calamine refuses the odd ones; counting them anyway only refuses sooner)."""
    if (plain := _REF.fullmatch(ref)) is not None:
        letters, digits = plain.groups()
    else:
        letters = bytes(ch for ch in ref if 65 <= ch <= 90 or 97 <= ch <= 122)
        digits = bytes(ch for ch in ref if 48 <= ch <= 57)
    return _row(digits) - 1, (_column(letters) - 1 if letters else 0)
