"""The scan of a sheet's XML never places its cells nearer than calamine does, however the XML is
written and however it is cut into pieces; checked against calamine reading the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine as calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UsageError
from app.io import read_limits
from app.io.read_limits import column_letters
from app.io.sheet_scan import ExactSheetScan, OdsScan, SheetCells, SheetScan
from app.io.workbook import read_workbook
from tests.app.io import hostile_files as h

MAIN = h.MAIN.encode()


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    """A sheet's XML as some tool might write it: positions or none, attributes in any order,
    either quote, a namespace prefix, rows that skip, empty rows."""
    prefix = draw(st.sampled_from([b"", b"x:"]))
    rows = []
    row_number = 0
    for _ in range(draw(st.integers(0, 6))):
        row_number += draw(st.integers(1, 300))
        explicit_row = draw(st.booleans())
        cells = []
        column = 0
        for _ in range(draw(st.integers(0, 5))):
            column += draw(st.integers(1, 40))
            ref = f"{column_letters(column)}{draw(st.sampled_from([row_number, 1, 5000]))}"
            value = b"<" + prefix + b"v>1</" + prefix + b"v>"
            form = draw(st.sampled_from(["plain", "none", "late", "quote", "self"]))
            if form == "plain":
                cells.append(b"<" + prefix + b'c r="' + ref.encode() + b'">' + value)
            elif form == "none":
                cells.append(b"<" + prefix + b"c>" + value)
            elif form == "late":
                cells.append(b"<" + prefix + b'c s="0" r="' + ref.encode() + b'">' + value)
            elif form == "quote":
                cells.append(b"<" + prefix + b"c r = '" + ref.encode() + b"'>" + value)
            else:
                cells.append(b"<" + prefix + b'c r="' + ref.encode() + b'"/>')
                continue
            cells.append(b"</" + prefix + b"c>")
        attributes = f' r="{row_number}"'.encode() if explicit_row else b""
        rows.append(b"<" + prefix + b"row" + attributes + b">" + b"".join(cells)
                    + b"</" + prefix + b"row>")
    namespace = b' xmlns:x="' + MAIN + b'"' if prefix else b' xmlns="' + MAIN + b'"'
    return (b'<?xml version="1.0" encoding="UTF-8"?><' + prefix + b"worksheet" + namespace
            + b"><" + prefix + b"sheetData>" + b"".join(rows) + b"</" + prefix + b"sheetData></"
            + prefix + b"worksheet>")


def scanned(xml: bytes, piece: int) -> SheetCells:
    """What zip_guard finds in this sheet, fed `piece` bytes at a time."""
    scan = SheetScan()
    for start in range(0, len(xml), piece):
        scan.feed(xml[start:start + piece])
    scan.finish()
    assert scan.sheet is not None
    if not scan.exact_needed:
        return scan.sheet
    exact = ExactSheetScan()
    for start in range(0, len(xml), piece):
        exact.feed(xml[start:start + piece])
    exact.finish()
    return exact.sheet


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(xml=sheets(), piece=st.integers(1, 300))
def test_the_scan_covers_what_calamine_reads(tmp_path: Path, xml: bytes, piece: int) -> None:
    whole = scanned(xml, len(xml))
    cut = scanned(xml, piece)  # cut anywhere, the same answer
    assert (cut.cells, cut.rows, cut.columns) == (whole.cells, whole.rows, whole.columns)
    path = h.xlsx(tmp_path / "表.xlsx", h.deflated("xl/worksheets/sheet1.xml", xml))
    with calamine.CalamineWorkbook.from_path(path) as book:
        end = book.get_sheet_by_name("表1").end
    if end is not None:
        assert whole.rows >= end[0] + 1 and whole.columns >= end[1] + 1


def test_an_ods_scan_counts_repeats_and_skips_empty_rows() -> None:
    content = (
        b'<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x">'
        b'<office:body><office:spreadsheet><table:table table:name="A&amp;B">'
        b'<table:table-row table:number-rows-repeated="3"><table:table-cell '
        b'table:number-columns-repeated="2"><text:p>1</text:p></table:table-cell>'
        b'<table:table-cell office:value-type="float" table:number-columns-spanned="2"/>'
        b"<table:covered-table-cell/></table:table-row>"
        b'<table:table-row table:number-rows-repeated="1048572"><table:table-cell '
        b'table:number-columns-repeated="1024"/></table:table-row>'
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    for piece in (len(content), 7, 1):
        scan = OdsScan()
        for start in range(0, len(content), piece):
            scan.feed(content[start:start + piece])
        scan.finish()
        table = scan.tables["A&B"]
        assert (table.rows, table.columns) == (3, 3)
        assert table.merges == [((0, 2), (0, 3))]


def test_a_sheet_of_countless_tags_is_read_tag_by_tag_only_up_to_a_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_limits, "MAX_TAGS", 1_000)
    filler = b"<a/>" * 2_000
    odd = h.SHEET_HEAD + b'<row r="1"><c s="0" r="A1"><v>1</v></c></row>' + filler + h.SHEET_TAIL
    with pytest.raises(UsageError, match=r"写法特殊且有 2,0\d\d 个标记，超过上限 1,000 个"):
        read_workbook(h.xlsx(tmp_path / "标记.xlsx", h.deflated("xl/worksheets/sheet1.xml", odd)))
    # the same sheet written as Excel writes it is read at C speed: no limit on its other tags
    plain = odd.replace(b'<c s="0" r="A1">', b'<c r="A1">')
    [sheet] = read_workbook(h.xlsx(tmp_path / "普通.xlsx",
                                   h.deflated("xl/worksheets/sheet1.xml", plain)))
    assert sheet.rows == [[1.0]]
