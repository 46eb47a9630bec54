"""A look inside a ZIP-based workbook (.xlsx .xlsm .ods) before calamine reads any of it.

First the central directory, which costs nothing to read: how many parts, how large each says it
inflates to, how much it claims to compress. Then every part is inflated as a stream, a megabyte
at a time and thrown away: a part that inflates past the size it declares is refused the moment
it does (declared sizes can lie), and the sheets' XML is scanned on the way for where their
cells lie (read_limits, sheet_scan). Memory stays at a few megabytes whatever the file holds;
time is bounded by the size limits. Only then does calamine read the file.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from app.io import read_limits as limits
from app.io.read_limits import refuse, size_text
from app.io.sheet_scan import ExactSheetScan, Merge, OdsScan, SheetCells, SheetScan, Unreadable

_READ = 1 << 20
"""Compressed bytes read at a time."""
_OUT = 4 << 20
"""Inflated bytes produced at a time (the most held in memory)."""
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_NAMES_UP_TO = 8 << 20
"""workbook.xml and its relationships are parsed for sheet names only up to this size."""
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error,
               NotImplementedError, UnicodeDecodeError, zlib.error)


@dataclass
class Inside:
    """What the look inside found that reading needs: an ODS's merged ranges, by table."""

    ods_merges: dict[str, list[Merge]] = field(default_factory=dict)


def check_zip(path: Path) -> Inside:
    """Refuse a ZIP-based workbook over any limit of read_limits, or damaged, before reading."""
    _check_directory(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise limits.damaged(path) from exc
    if len(parts) > limits.MAX_PARTS:
        _too_many_parts(path, len(parts))
    if any(p.filename.lower() == "xl/workbook.bin" for p in parts):
        refuse(path, "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入")
    _check_declared(path, parts)
    return _Inflation(path, parts).run()


def _check_directory(path: Path) -> None:
    """The central directory's size and count, from its end record, before Python parses it."""
    # zipfile's own reading of the end record (zip64 included), so that what is checked is what
    # ZipFile then reads; without it the directory is parsed unchecked (it is bounded by the
    # file's size) and the parts counted afterwards
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:
        return
    try:
        with path.open("rb") as raw:
            found = end_record(raw)
    except _ZIP_ERRORS as exc:
        raise limits.damaged(path) from exc
    if not found:
        raise limits.damaged(path)
    count, size = found[4], found[5]  # _ECD_ENTRIES_TOTAL, _ECD_SIZE
    if count > limits.MAX_PARTS:
        _too_many_parts(path, count)
    if size > limits.MAX_DIRECTORY:
        refuse(path, f"文件的目录有 {size_text(size)}，超过上限 "
                     f"{size_text(limits.MAX_DIRECTORY)}，不是正常的工作簿"
                     "（文件可能已损坏或是恶意构造的）")


def _too_many_parts(path: Path, count: int) -> None:
    refuse(path, f"文件里有 {count:,} 个部件，超过上限 {limits.MAX_PARTS:,} 个，"
                 "不是正常的工作簿（文件可能已损坏或是恶意构造的）")


def _check_declared(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    """What the directory says of each part: its compression, size and ratio, and the total."""
    total = 0
    for part in parts:
        if part.flag_bits & 1 or part.compress_type not in (zipfile.ZIP_STORED,
                                                            zipfile.ZIP_DEFLATED):
            raise limits.damaged(path)  # encrypted, or compressed as no spreadsheet program does
        if part.compress_type == zipfile.ZIP_STORED and part.compress_size != part.file_size:
            raise limits.damaged(path)
        if part.file_size > limits.MAX_PART:
            refuse(path, f"其中的“{part.filename}”解压后有 {size_text(part.file_size)}，超过"
                         f"单个部件的上限 {size_text(limits.MAX_PART)}。这可能是恶意构造的"
                         "“压缩炸弹”；若确是很大的台账，请分成几个文件导入")
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limits.RATIO_FROM and ratio > limits.MAX_RATIO:
            refuse(path, f"其中的“{part.filename}”压缩比高达 {ratio:,.0f} 倍（正常的工作簿不超过 "
                         f"{limits.MAX_RATIO} 倍），是恶意构造的“压缩炸弹”或已损坏的文件")
        total += part.file_size
    if total > limits.MAX_TOTAL:
        refuse(path, f"全部部件解压后共 {size_text(total)}，超过上限 "
                     f"{size_text(limits.MAX_TOTAL)}。若确是很大的台账，请分成几个文件导入")


class _Inflation:
    """Every part inflated once as a stream, sheets scanned, then the totals checked."""

    def __init__(self, path: Path, parts: list[zipfile.ZipInfo]) -> None:
        self.path = path
        self.parts = parts
        self.file_size = path.stat().st_size
        self.cells = 0
        self.merges = 0
        self.strings = 0
        self._names: dict[str, str] | None = None

    def run(self) -> Inside:
        inside = Inside()
        try:
            with self.path.open("rb") as raw:
                for part in self.parts:
                    if part.filename == "content.xml":
                        inside.ods_merges = self._ods(raw, part)
                    else:
                        self._part(raw, part)
        except Unreadable as exc:
            raise limits.damaged(self.path) from exc
        return inside

    def _check_strings(self) -> None:
        if self.strings > 2 * limits.MAX_STRINGS:  # two `si` a string, but for <si/>
            refuse(self.path, f"文字条目过多（超过上限 {limits.MAX_STRINGS:,} 条），"
                              "不是正常的工作簿（文件可能已损坏或是恶意构造的）")

    def _part(self, raw: IO[bytes], part: zipfile.ZipInfo) -> None:
        scan = SheetScan()
        for piece in self._inflate(raw, part):
            scan.feed(piece)
            if scan.sheet is not None:  # a sheet with too many cells is refused at once
                limits.check_cell_count(self.path, self._sheet_name(part.filename),
                                        scan.sheet.cells)
        scan.finish()
        self.strings += scan.strings
        self._check_strings()
        if scan.sheet is None:
            return
        sheet = scan.sheet
        if scan.exact_needed:  # cells as other tools write them: read again, exactly
            limits.check_tags(self.path, self._sheet_name(part.filename), sheet.tags)
            exact = ExactSheetScan()
            for piece in self._inflate(raw, part):
                exact.feed(piece)
                limits.check_cell_count(self.path, self._sheet_name(part.filename),
                                        exact.sheet.cells)
            exact.finish()
            sheet = exact.sheet
        self._sheet(part.filename, sheet)

    def _sheet(self, part: str, sheet: SheetCells) -> None:
        name = self._sheet_name(part)
        limits.check_cell_count(self.path, name, sheet.cells)
        self.cells = limits.check_span(self.path, name, sheet.rows, sheet.columns, self.cells)
        self.merges += sheet.merges
        limits.check_merge_count(self.path, name, self.merges)

    def _ods(self, raw: IO[bytes], part: zipfile.ZipInfo) -> dict[str, list[Merge]]:
        scan = OdsScan()
        for piece in self._inflate(raw, part):
            scan.feed(piece)
            limits.check_cell_count(self.path, None, scan.cells)
            limits.check_merge_count(self.path, None, scan.merges)
        scan.finish()
        for name, table in scan.tables.items():
            self.cells = limits.check_span(self.path, name, table.rows, table.columns,
                                           self.cells)
        return {name: table.merges for name, table in scan.tables.items()}

    def _inflate(self, raw: IO[bytes], part: zipfile.ZipInfo) -> Iterator[bytes]:
        """A part's bytes as inflated, a few megabytes at a time; refused as soon as they
        exceed the size the directory declares, or when they end short of it."""
        raw.seek(part.header_offset)
        header = raw.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            raise limits.damaged(self.path)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        start = part.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        if signature != b"PK\x03\x04" or start + part.compress_size > self.file_size:
            raise limits.damaged(self.path)
        raw.seek(start)
        left = part.compress_size
        if part.file_size == 0 and left == 0:  # an empty part, however it says it is packed
            return
        if part.compress_type == zipfile.ZIP_STORED:
            while left:
                piece = raw.read(min(left, _OUT))
                if not piece:  # the file got shorter while it was read
                    raise limits.damaged(self.path)
                left -= len(piece)
                yield piece
            return
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        made = 0
        try:
            while left and not inflater.eof:
                data = raw.read(min(left, _READ))
                if not data:
                    raise limits.damaged(self.path)
                left -= len(data)
                while True:
                    out = inflater.decompress(data, _OUT)
                    made += len(out)
                    if made > part.file_size:
                        self._lies(part)
                    if out:
                        yield out
                    data = inflater.unconsumed_tail
                    if inflater.eof or (not data and len(out) < _OUT):
                        break
        except zlib.error as exc:
            raise limits.damaged(self.path) from exc
        if not inflater.eof or made != part.file_size:
            raise limits.damaged(self.path)

    def _lies(self, part: zipfile.ZipInfo) -> None:
        refuse(self.path, f"其中的“{part.filename}”解压后超过了文件自己记录的大小"
                          f"（{size_text(part.file_size)}），文件已损坏或是恶意构造的")

    def _sheet_name(self, part: str) -> str | None:
        """The name a worksheet part is shown under, when the workbook says (for messages)."""
        if self._names is None:
            self._names = _sheet_names(self.path, self.parts)
        return self._names.get(part)


def _sheet_names(path: Path, parts: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Worksheet part → sheet name, from xl/workbook.xml and its relationships ({} if odd)."""
    sizes = {p.filename: p.file_size for p in parts}
    book, links = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
    if any(sizes.get(name, _NAMES_UP_TO + 1) > _NAMES_UP_TO for name in (book, links)):
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = ElementTree.fromstring(archive.read(book))
            rels = ElementTree.fromstring(archive.read(links))
    except (*_ZIP_ERRORS, KeyError, ElementTree.ParseError):
        return {}
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        full = target[1:] if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(full)
    names: dict[str, str] = {}
    for node in sheets.iter():
        if node.tag.rpartition("}")[2] != "sheet":
            continue
        rid = next((v for k, v in node.attrib.items() if k.rpartition("}")[2] == "id"), "")
        if rid in targets:
            names[targets[rid]] = node.get("name", "")
    return names
