"""Hostile spreadsheet files, built by the tests themselves: zip bombs, lying sizes, far cells.

The ZIP writer here writes every header field as it is given, so that a test can declare sizes
that lie. A bomb's deflate stream is made from one compressed block repeated (each block ends
with a full flush, so that the same bytes decode the same way wherever they stand): gigabytes
of XML in a few megabytes, built in milliseconds and never held in memory inflated.
"""

from __future__ import annotations

import base64
import random
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

GIB = 1 << 30
MIB = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One ZIP entry as written: its bytes (compressed already) and the header fields."""

    name: str
    data: bytes
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int  # the uncompressed size the headers declare


def stored(name: str, content: bytes) -> Entry:
    """An entry kept as it is."""
    return Entry(name, content, 0, zlib.crc32(content), len(content))


def deflated(name: str, content: bytes) -> Entry:
    """An entry compressed as Excel compresses it."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return Entry(name, data, 8, zlib.crc32(content), len(content))


def repeated(
    name: str, head: bytes, block: bytes, times: int, tail: bytes, declared: int | None = None,
    ratio: int | None = None,
) -> Entry:
    """An entry that inflates to head + block × times + tail, from a few bytes per block.

    `declared` is the uncompressed size the headers claim (the true size when None). `ratio`
    adds an XML comment of random letters to the block, so that it compresses only about that
    many times (a file refused for what it holds, not for how well it compresses). The CRC is
    left 0: what is tested is refused before any CRC could be checked.
    """
    if ratio is not None:
        noise = base64.b64encode(random.Random(7).randbytes(len(block) // ratio)).replace(
            b"+", b".").replace(b"/", b".")
        block += b"<!--" + noise + b"-->"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    one = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert one == again  # after a full flush the same block compresses to the same bytes
    data = start + one * times + packer.compress(tail) + packer.flush()
    size = len(head) + len(block) * times + len(tail)
    return Entry(name, data, 8, 0, size if declared is None else declared)


def write_zip(path: Path, entries: Iterable[Entry], count: int | None = None) -> Path:
    """A ZIP file of these entries, headers exactly as given (no zip64: sizes under 4 GiB);
    `count` is the number of entries the end record claims (the true number when None)."""
    local = bytearray()
    directory = bytearray()
    claimed, count = count, 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        # flags 0x800: the name is UTF-8; time 0, date 0x21 (1980-01-01)
        fields = struct.pack("<5H3I", 20, 0x800, entry.method, 0, 0x21, entry.crc,
                             len(entry.data), entry.size)
        directory += b"PK\x01\x02" + struct.pack("<H", 20) + fields
        directory += struct.pack("<5H2I", len(name), 0, 0, 0, 0, 0, len(local)) + name
        local += b"PK\x03\x04" + fields + struct.pack("<2H", len(name), 0) + name + entry.data
        count += 1
    claimed = count if claimed is None else claimed
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, claimed, claimed, len(directory),
                      len(local), 0)
    path.write_bytes(bytes(local + directory + end))
    return path


# --- a minimal .xlsx around hostile sheets -------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"


def workbook_parts(sheets: Sequence[str], shared_strings: bool = False) -> list[Entry]:
    """Content types, relationships and workbook.xml naming these sheets (sheet1.xml …)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}"><Relationship '
        f'Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    listed = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_DOC}">'
        f"<sheets>{listed}</sheets></workbook>"
    )
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared_strings:
        links += (f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC}/sharedStrings" '
                  'Target="sharedStrings.xml"/>')
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">{links}'
        "</Relationships>"
    )
    return [
        deflated("[Content_Types].xml", types.encode()),
        deflated("_rels/.rels", root.encode()),
        deflated("xl/workbook.xml", book.encode()),
        deflated("xl/_rels/workbook.xml.rels", book_rels.encode()),
    ]


def text_cell(ref: str, value: str) -> str:
    """A cell holding its text itself (an inline string), as openpyxl writes text."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[str]]) -> bytes:
    """<row> elements of text cells from A1, every cell with its position."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(text_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out).encode()


def xlsx(path: Path, *sheets: bytes | Entry, names: Sequence[str] = (),
         extra: Sequence[Entry] = ()) -> Path:
    """An .xlsx of these sheets: sheetData content (wrapped here) or ready sheet entries."""
    titles = list(names) or [f"表{n}" for n in range(1, len(sheets) + 1)]
    entries = workbook_parts(titles, shared_strings=any(
        e.name == "xl/sharedStrings.xml" for e in extra))
    for n, sheet in enumerate(sheets, start=1):
        if isinstance(sheet, Entry):
            entries.append(sheet)
        else:
            entries.append(deflated(f"xl/worksheets/sheet{n}.xml", SHEET_HEAD + sheet + SHEET_TAIL))
    return write_zip(path, [*entries, *extra])


def bomb_sheet(size: int, declared: int | None = None, n: int = 1) -> Entry:
    """A sheet of `size` bytes of cells (one value repeated without positions), as a bomb."""
    block = b"<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>" * 65536
    times = max(1, (size - len(SHEET_HEAD) - len(SHEET_TAIL)) // len(block))
    return repeated(f"xl/worksheets/sheet{n}.xml", SHEET_HEAD, block, times, SHEET_TAIL, declared)
