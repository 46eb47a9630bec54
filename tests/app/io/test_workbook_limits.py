"""Hostile and damaged workbooks are refused before they are read: bombs, far cells, huge cells.

Each file is built here. A read that could take the whole machine's memory if the guard ever
broke (a far cell makes calamine ask for hundreds of GB and abort) runs in a child process under
a memory cap, so that a regression fails this test instead of killing the test run.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

from app.errors import UsageError
from app.io import read_limits
from app.io.workbook import read_workbook
from tests.app.io import hostile_files as h

LEDGER = [["社区名称", "所属街道", "备注"], ["东七路社区", "解放门街道", "活动室在二楼"]]
SHEET = h.deflated("xl/worksheets/sheet1.xml", h.SHEET_HEAD + h.rows_xml(LEDGER) + h.SHEET_TAIL)


def refusal(path: Path) -> str:
    """The message of the refusal of reading `path`; it names the file and means exit code 2."""
    with pytest.raises(UsageError) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert refused.value.exit_code == 2
    assert path.name in message, message
    return message


CHILD = """
import json, sys
from pathlib import Path
try:
    import resource
    cap = 3 << 30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
except (ImportError, ValueError, OSError):
    pass
from app.errors import KnownError
from app.io.workbook import read_workbook
try:
    sheets = read_workbook(Path(sys.argv[1]))
    print(json.dumps([0, [len(s.rows) for s in sheets]]))
except KnownError as exc:
    print(json.dumps([exc.exit_code, str(exc)], ensure_ascii=False))
"""


def refusal_in_child(path: Path) -> str:
    """As `refusal`, the file read by another process under a 3 GiB memory cap."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    code, message = json.loads(done.stdout)
    assert code == 2, message
    assert path.name in message, message
    return str(message)


# --- the container: sizes, parts, compression ------------------------------------------------


def test_a_zip_bomb_is_refused_by_the_size_it_declares(tmp_path: Path) -> None:
    # 3 GB of cells in 9 MB: read whole, this took minutes and gigabytes
    path = h.xlsx(tmp_path / "炸弹.xlsx", h.bomb_sheet(3 * h.GIB))
    assert path.stat().st_size < 16 * h.MIB
    message = refusal(path)
    assert "xl/worksheets/sheet1.xml" in message and "解压后有 3 GB" in message
    assert "上限 1 GB" in message


def test_a_bomb_that_declares_small_sizes_is_refused_by_what_it_inflates_to(
        tmp_path: Path) -> None:
    path = h.xlsx(tmp_path / "谎报.xlsx", h.bomb_sheet(3 * h.GIB, declared=40_000))
    message = refusal(path)
    assert "xl/worksheets/sheet1.xml" in message and "记录的大小" in message


def test_an_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    # 300 MB inflated is under the size limits, but no workbook compresses 340 times
    path = h.xlsx(tmp_path / "压缩比.xlsx", h.bomb_sheet(300 * h.MIB))
    message = refusal(path)
    assert "压缩比" in message and "200 倍" in message


def test_the_sizes_of_all_parts_together_are_bounded(tmp_path: Path) -> None:
    # three sheets of 900 MB, each within the limit of one part and compressed 100 times as the
    # headers declare: refused from the headers alone, before any byte is inflated
    assert 900 * h.MIB <= read_limits.MAX_PART
    sheets = [h.Entry(f"xl/worksheets/sheet{n}.xml", bytes(9 * h.MIB), 8, 0, 900 * h.MIB)
              for n in (1, 2, 3)]
    path = h.write_zip(tmp_path / "合计.xlsx", [*h.workbook_parts(["一", "二", "三"]), *sheets])
    message = refusal(path)
    assert "共 2.6 GB" in message and "上限 1 GB" in message


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    parts = [h.stored(f"xl/media/空{n}.bin", b"") for n in range(10_001)]
    path = h.xlsx(tmp_path / "部件.xlsx", h.rows_xml(LEDGER), extra=parts)
    message = refusal(path)
    assert "10,006 个部件" in message and "上限 10,000 个" in message


def test_parts_are_counted_whatever_the_end_record_claims(tmp_path: Path) -> None:
    parts = [h.stored(f"xl/media/空{n}.bin", b"") for n in range(10_001)]
    path = h.write_zip(tmp_path / "少报.xlsx", [*h.workbook_parts(["表1"]), SHEET, *parts],
                       count=5)
    assert "10,006 个部件" in refusal(path)


def test_a_central_directory_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # 9,000 parts (under the limit of parts) named with 1,000 characters each: 9 MB of directory
    parts = [h.stored(f"{n:05}{'长' * 330}.bin", b"") for n in range(9_000)]
    path = h.write_zip(tmp_path / "长目录.xlsx", [*h.workbook_parts(["表1"]), SHEET, *parts])
    message = refusal(path)
    assert "目录有" in message and "上限 8 MB" in message


def test_a_file_too_big_to_be_a_ledger_is_refused_unread(tmp_path: Path) -> None:
    # sparse files: their size is all that is looked at
    for name, limit in (("大.xlsx", "256 MB"), ("大.xls", "64 MB"), ("大.csv", "128 MB")):
        path = tmp_path / name
        with path.open("wb") as out:
            out.truncate(300 * h.MIB)
        message = refusal(path)
        assert "300 MB" in message and f"上限 {limit}" in message


# --- cells: where they are, how many, how long ------------------------------------------------


FAR = (b'<row r="1"><c r="A1"><v>1</v></c></row>'
       b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')
DOTNET = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="' + h.MAIN.encode()
          + b'"><x:sheetData>')
"""A sheet as .NET's Open XML SDK writes it: every element with the prefix x:."""


@pytest.mark.parametrize(
    "sheet",
    [
        # no <dimension> at all: the old guard read only that
        h.SHEET_HEAD + FAR + h.SHEET_TAIL,
        h.SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>') + FAR
        + h.SHEET_TAIL,
        # the same far cell written as other tools may write it
        h.SHEET_HEAD + FAR.replace(b'<c r="XFD', b'<c s="0" r="XFD') + h.SHEET_TAIL,
        h.SHEET_HEAD + b"<row r='1'><c r='A1'><v>1</v></c><c r = 'xfd1048576'><v>2</v></c></row>"
        + h.SHEET_TAIL,
        h.SHEET_HEAD.replace(b"<worksheet ", b'<worksheet xmlns:x="' + h.MAIN.encode() + b'" ')
        + b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row>' + h.SHEET_TAIL,
        DOTNET + b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="1048576">'
        b'<x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>',
        h.SHEET_HEAD + b'<row r="1048576"><c r="XFC1048576"><v>1</v></c><c><v>2</v></c></row>'
        b"<row><c><v>3</v></c></row>" + h.SHEET_TAIL,
    ],
    ids=["no-dimension", "lying-dimension", "attribute-order", "quotes", "prefix", "dotnet",
         "no-position"],
)
def test_a_far_cell_is_refused_whatever_the_sheet_declares(tmp_path: Path, sheet: bytes) -> None:
    path = h.xlsx(tmp_path / "远处.xlsx", h.deflated("xl/worksheets/sheet1.xml", sheet))
    message = refusal_in_child(path)
    assert re.search(r"工作表“表1”的使用范围异常大（A1:XF[CD]104857[67]）", message), message


def test_a_workbook_written_by_dotnet_reads(tmp_path: Path) -> None:
    cells = "".join(
        f'<x:row r="{r}"><x:c r="A{r}" t="inlineStr"><x:is><x:t>{a}</x:t></x:is></x:c>'
        f'<x:c r="B{r}" t="inlineStr"><x:is><x:t>{b}</x:t></x:is></x:c></x:row>'
        for r, (a, b, _note) in enumerate(LEDGER, start=1))
    sheet = DOTNET + cells.encode() + b"</x:sheetData></x:worksheet>"
    [read] = read_workbook(h.xlsx(tmp_path / "dotnet.xlsx",
                                  h.deflated("xl/worksheets/sheet1.xml", sheet)))
    assert read.rows == [row[:2] for row in LEDGER]


def test_a_sheet_spanning_too_many_cells_is_refused(tmp_path: Path) -> None:
    # 10 columns down to row 1,100,000: 11 million cells, over the limit of 10 million
    cells = (b'<row r="1"><c r="A1"><v>1</v></c></row>'
             b'<row r="1100000"><c r="J1100000"><v>2</v></c></row>')
    message = refusal_in_child(h.xlsx(tmp_path / "范围.xlsx", cells))
    assert "A1:J1100000" in message and "11,000,000 个单元格" in message
    assert "上限 10,000,000 个" in message


def test_the_same_cell_written_millions_of_times_is_refused(tmp_path: Path) -> None:
    block = b'<c r="A1"><v>1</v></c>' * 65536
    sheet = h.repeated("xl/worksheets/sheet1.xml", h.SHEET_HEAD + b'<row r="1">', block, 160,
                       b"</row>" + h.SHEET_TAIL, ratio=150)
    message = refusal(h.xlsx(tmp_path / "重复.xlsx", sheet))
    assert "工作表“表1”写入的单元格超过上限 10,000,000 个" in message


def test_cells_of_all_sheets_together_are_bounded(tmp_path: Path) -> None:
    # four sheets of 3 million cells each: each fits, together they do not
    sheet = (b'<row r="1"><c r="A1"><v>1</v></c></row>'
             b'<row r="300000"><c r="J300000"><v>2</v></c></row>')
    message = refusal_in_child(h.xlsx(tmp_path / "四表.xlsx", sheet, sheet, sheet, sheet))
    assert "合计 12,000,000 个单元格" in message


def test_a_workbook_from_another_tool_still_reads(tmp_path: Path) -> None:
    # no positions on cells or rows, attributes in another order: read as calamine places them
    cells = (
        '<row><c t="inlineStr"><is><t>社区名称</t></is></c>'
        '<c t="inlineStr"><is><t>所属街道</t></is></c></row>'
        '<row r="3"><c t="inlineStr" r="B3"><is><t>解放门街道</t></is></c><c><v>7</v></c></row>'
    ).encode()
    [sheet] = read_workbook(h.xlsx(tmp_path / "其他工具.xlsx", cells))
    assert sheet.rows == [["社区名称", "所属街道", ""], ["", "", ""], ["", "解放门街道", 7.0]]


def test_too_many_merged_ranges_are_refused(tmp_path: Path) -> None:
    merges = b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 1_000_001 + b"</mergeCells>"
    xml = h.SHEET_HEAD + h.rows_xml(LEDGER) + h.SHEET_TAIL.replace(b"</worksheet>",
                                                                  merges + b"</worksheet>")
    message = refusal(h.xlsx(tmp_path / "合并.xlsx", h.deflated("xl/worksheets/sheet1.xml", xml)))
    assert "合并单元格" in message and "上限 1,000,000 个" in message


def test_too_many_shared_strings_are_refused(tmp_path: Path) -> None:
    strings = h.repeated(
        "xl/sharedStrings.xml",
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + h.MAIN.encode() + b'">',
        b"<si/>" * 65536, 320, b"</sst>", ratio=150)
    path = h.xlsx(tmp_path / "文字.xlsx", h.rows_xml(LEDGER), extra=[strings])
    assert "文字条目过多" in refusal(path)


@pytest.mark.parametrize("where", ["inline", "shared"])
def test_a_cell_longer_than_excel_allows_is_refused_with_its_place(
        tmp_path: Path, where: str) -> None:
    long = "长" * 1_000_000
    if where == "inline":
        path = h.xlsx(tmp_path / "长单元格.xlsx",
                      h.rows_xml([*LEDGER, ["西七路社区", "解放门街道", long]]), names=["社区"])
    else:
        strings = h.deflated("xl/sharedStrings.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{h.MAIN}"><si><t>社区名称</t>'
            f"</si><si><t>{long}</t></si></sst>").encode())
        cells = (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                 b'<row r="2"><c r="D2" t="s"><v>1</v></c></row>')
        path = h.xlsx(tmp_path / "长单元格.xlsx", cells, names=["社区"], extra=[strings])
    message = refusal(path)
    row, column = ("3", "C") if where == "inline" else ("2", "D")
    assert f"工作表“社区”第 {row} 行 {column} 列" in message
    assert "1,000,000 个字" in message and "32767" in message


def test_a_long_cell_in_a_csv_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "长.csv"
    path.write_text("社区名称,所属街道,备注\n东七路社区,解放门街道,短\n西七路社区,解放门街道,"
                    + "长" * 1_000_000 + "\n", encoding="utf-8")
    message = refusal(path)
    assert "工作表“长”第 3 行 C 列" in message and "1,000,000 个字" in message
    assert csv.field_size_limit() == 131_072  # the csv module's own limit is left as it was


def test_a_csv_of_too_many_cells_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "逗号.csv"
    path.write_bytes((b"," * 2_000_000 + b"\n") * 6)
    assert "上限 10,000,000 个" in refusal(path)


def test_a_legacy_xls_spanning_too_many_cells_is_refused(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表")
    sheet.write(0, 0, "社区名称")
    sheet.write(65535, 255, "远处")
    path = tmp_path / "远处.xls"
    book.save(str(path))
    assert "A1:IV65536" in refusal_in_child(path)


def test_an_ods_of_repeated_cells_is_refused(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="表"><table:table-row table:number-rows-'
        'repeated="100000"><table:table-cell table:number-columns-repeated="200" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = h.write_zip(tmp_path / "重复.ods", [
        h.stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        h.deflated("content.xml", content.encode()),
    ])
    message = refusal_in_child(path)
    assert "工作表“表”的使用范围异常大（A1:GR100000）" in message


# --- damaged files and files that are no workbook ---------------------------------------------


def _damaged(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return refusal(path)


def test_damaged_files_are_bad_input_not_a_failure(tmp_path: Path) -> None:
    good = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(LEDGER[0])
    book.save(good)
    data = good.getvalue()
    no_book = io.BytesIO()
    with zipfile.ZipFile(no_book, "w") as archive:
        archive.writestr("说明.txt", "不是工作簿")
    cases = {
        "截断.xlsx": data[: len(data) // 2],
        "随机.xlsx": bytes(range(256)) * 40,
        "空.xlsx": b"",
        "没有工作簿.xlsx": no_book.getvalue(),
        "随机.xls": bytes(range(256)) * 40,
        "截断.ods": data[: len(data) // 3],
    }
    for name, content in cases.items():
        assert "已损坏或不是 Excel 工作簿" in _damaged(tmp_path, name, content), name
    encrypted = tmp_path / "加密.xlsx"
    with encrypted.open("wb") as out:
        OOXMLFile(io.BytesIO(data)).encrypt("1234", out)
    assert "密码" in refusal(encrypted)


def test_a_part_in_an_unknown_compression_is_refused(tmp_path: Path) -> None:
    sheet = h.deflated("xl/worksheets/sheet1.xml", h.SHEET_HEAD + h.rows_xml(LEDGER)
                       + h.SHEET_TAIL)
    odd = h.Entry(sheet.name, sheet.data, 12, sheet.crc, sheet.size)  # 12: bzip2
    path = h.write_zip(tmp_path / "压缩方式.xlsx", [*h.workbook_parts(["表1"]), odd])
    assert "已损坏或不是 Excel 工作簿" in refusal(path)


def test_a_workbook_xml_that_does_not_inflate_is_damaged_not_a_crash(tmp_path: Path) -> None:
    """Found by tests/soak/test_fuzz_workbooks.py: the sheet's name for a message was looked up
    in a workbook.xml whose deflate stream is broken, and zlib.error escaped as a traceback."""
    parts = h.workbook_parts(["表1"])
    book = next(p for p in parts if p.name == "xl/workbook.xml")
    broken = h.Entry(book.name, b"\xff" * 40, 8, book.crc, book.size)  # an invalid block type
    path = h.write_zip(tmp_path / "目录损坏.xlsx",
                       [SHEET, *(broken if p is book else p for p in parts)])
    assert "已损坏或不是 Excel 工作簿" in refusal(path)


def test_a_binary_workbook_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = h.write_zip(tmp_path / "二进制.xlsx", [
        h.deflated("[Content_Types].xml", b"<Types/>"),
        h.deflated("xl/workbook.bin", b"\x83\x01\x00"),
    ])
    assert ".xlsb" in refusal(path)


def test_a_missing_file_or_another_kind_is_bad_input(tmp_path: Path) -> None:
    assert "找不到" in refusal(tmp_path / "不存在.xlsx")
    other = tmp_path / "报表.numbers"
    other.write_bytes(b"PK")
    assert "不支持的文件类型" in refusal(other)


def test_the_limits_leave_room_for_a_real_ledger() -> None:
    # measured: a 200,000-row export of demands (14 columns) is a 26 MB file whose sheet
    # inflates to 223 MB, 2.8 million cells; its CSV is 55 MB (see read_limits)
    assert read_limits.MAX_PART >= 4 * 223 * h.MIB
    assert read_limits.MAX_TOTAL >= 700 * h.MIB  # a city's whole ledger exported
    assert read_limits.MAX_CELLS >= 2 * 200_000 * 19  # the widest ledger: projects, 19 columns
    assert read_limits.MAX_ZIP_FILE >= 8 * 26 * h.MIB
    assert read_limits.MAX_CSV_FILE >= 2 * 55 * h.MIB
    assert read_limits.MAX_CELL_CHARS == 32767
