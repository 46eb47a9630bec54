"""Reading spreadsheets for import: real .xlsx .xlsm .xls .ods .csv files built by each test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format import ooxml

from app.errors import KnownError
from app.io.workbook import SUPPORTED_SUFFIXES, RawSheet, read_workbook

HEADER = ["社区", "设施名称", "建筑面积", "开放日期", "是否运营"]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "导入 文件"
    folder.mkdir(exist_ok=True)
    return folder


def _ledger_book() -> openpyxl.Workbook:
    """Two blank rows, a title merged across, the header, a community merged down over 3 rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "设施台账"
    sheet["A3"] = "东城街道社区嵌入式服务设施台账"
    sheet.merge_cells("A3:E3")
    sheet.append(HEADER)  # row 4
    sheet.append(["东城社区", "长者食堂", 1200.0, dt.date(2024, 3, 1), True])
    sheet.append([None, "托育点", 85.5, dt.datetime(2024, 6, 30, 9, 30), False])
    sheet.append([None, "卫生服务站", 300, None, True])
    sheet.merge_cells("A5:A7")
    sheet.append(["西城社区", "=1+1", "'-5度", None, None])
    hidden = book.create_sheet("隐藏")
    hidden["A1"] = "旧数据"
    hidden.sheet_state = "hidden"
    very = book.create_sheet("选项")
    very["B2"] = "下拉"
    very.sheet_state = "veryHidden"
    return book


def _by_name(sheets: list[RawSheet]) -> dict[str, RawSheet]:
    return {s.name: s for s in sheets}


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_xlsx_keeps_positions_fills_merges_and_flags_hidden(tmp_path: Path, suffix: str) -> None:
    path = _folder(tmp_path) / f"台账{suffix}"
    _ledger_book().save(path)
    sheets = read_workbook(path)
    assert [(s.name, s.hidden) for s in sheets] == [
        ("设施台账", False),
        ("隐藏", True),
        ("选项", True),
    ]
    ledger = sheets[0]
    # leading blank rows are kept: rows[i] is spreadsheet row i+1
    assert ledger.rows[0] == [""] * 5 and ledger.rows[1] == [""] * 5
    assert ledger.rows[2] == ["东城街道社区嵌入式服务设施台账"] * 5
    assert ledger.rows[3] == HEADER
    assert [ledger.cell(r, 0) for r in range(4, 8)] == ["东城社区"] * 3 + ["西城社区"]
    assert ledger.rows[4] == ["东城社区", "长者食堂", 1200.0, dt.date(2024, 3, 1), True]
    assert ledger.rows[5] == ["东城社区", "托育点", 85.5, dt.datetime(2024, 6, 30, 9, 30), False]
    area = ledger.cell(6, 2)
    assert area == 300 and isinstance(area, float | int)
    assert type(ledger.cell(4, 2)) is float  # whole numbers stay what calamine gives
    # a formula openpyxl wrote has no cached value; the apostrophe is text in a workbook
    assert ledger.rows[7] == ["西城社区", "", "'-5度", "", ""]
    assert _by_name(sheets)["隐藏"].rows == [["旧数据"]]
    assert _by_name(sheets)["选项"].rows == [["", ""], ["", "下拉"]]


def test_cell_outside_the_sheet_is_empty() -> None:
    sheet = RawSheet("表", False, [["a"], [], ["b", "c"]])
    assert sheet.cell(0, 0) == "a"
    assert sheet.cell(2, 1) == "c"
    assert sheet.cell(1, 0) == ""
    assert sheet.cell(0, 5) == ""
    assert sheet.cell(9, 0) == ""
    assert sheet.cell(-1, 0) == ""


def test_data_not_starting_at_a1_keeps_its_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C4"] = "社区"
    sheet["D4"] = "面积"
    sheet["C5"] = "南城社区"
    sheet["D5"] = 42
    sheet.merge_cells("C5:C6")
    sheet["D6"] = 7
    path = tmp_path / "偏移.xlsx"
    book.save(path)
    (read,) = read_workbook(path)
    assert len(read.rows) == 6
    assert read.rows[3] == ["", "", "社区", "面积"]
    assert read.cell(4, 2) == "南城社区" and read.cell(5, 2) == "南城社区"
    assert read.cell(5, 3) == 7


def test_merge_reaching_past_the_data_is_cut_to_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "标题"
    sheet.merge_cells("A1:Z1")
    sheet["A2"] = "北城社区"
    sheet.merge_cells("A2:A500")
    sheet["B3"] = "设施"
    path = tmp_path / "大合并.xlsx"
    book.save(path)
    (read,) = read_workbook(path)
    assert read.rows == [["标题", "标题"], ["北城社区", ""], ["北城社区", "设施"]]


def test_empty_sheet_reads_as_no_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("空表")
    path = tmp_path / "空.xlsx"
    book.save(path)
    assert [s.rows for s in read_workbook(path)] == [[], []]


def test_xls_legacy_workbook(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("设施台账")
    sheet.write_merge(1, 1, 0, 2, "台账标题")
    for col, text in enumerate(["社区", "设施名称", "开放日期"]):
        sheet.write(2, col, text)
    sheet.write_merge(3, 5, 0, 0, "东城社区")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(3, 1, "长者食堂")
    sheet.write(3, 2, dt.date(2024, 3, 1), date_style)
    sheet.write(4, 1, 1200.0)
    sheet.write(5, 1, True)
    hidden = book.add_sheet("隐藏")
    hidden.write(0, 0, "旧数据")
    hidden.visibility = 1
    path = _folder(tmp_path) / "旧台账.xls"
    book.save(str(path))
    sheets = read_workbook(path)
    assert [(s.name, s.hidden) for s in sheets] == [("设施台账", False), ("隐藏", True)]
    ledger = sheets[0]
    assert ledger.rows[0] == ["", "", ""]
    assert ledger.rows[1] == ["台账标题"] * 3
    assert [ledger.cell(r, 0) for r in (3, 4, 5)] == ["东城社区"] * 3
    assert ledger.rows[3][1:] == ["长者食堂", dt.date(2024, 3, 1)]
    assert ledger.cell(4, 1) == 1200.0
    assert ledger.cell(5, 1) is True


def test_file_named_after_the_other_excel_format_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "其实是xlsx.xls"
    _ledger_book().save(path)
    assert read_workbook(path)[0].cell(3, 0) == "社区"


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles>
 <style:style style:name="ta2" style:family="table">
  <style:table-properties table:display="false"/>
 </style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="设施台账">
 <table:table-column table:number-columns-repeated="4"/>
 <table:table-row table:number-rows-repeated="2">
  <table:table-cell table:number-columns-repeated="4"/>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string" table:number-columns-spanned="4">
   <text:p>台账标题</text:p></table:table-cell>
  <table:covered-table-cell table:number-columns-repeated="3"/>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string"><text:p>社区</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>面积</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>开放日期</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p>运营</text:p></table:table-cell>
 </table:table-row>
 <table:table-row>
  <table:table-cell office:value-type="string" table:number-rows-spanned="3">
   <text:p>东城社区</text:p></table:table-cell>
  <table:table-cell office:value-type="float" office:value="1200"><text:p>1200</text:p>
  </table:table-cell>
  <table:table-cell office:value-type="date" office:date-value="2024-03-01">
   <text:p>2024-03-01</text:p></table:table-cell>
  <table:table-cell office:value-type="boolean" office:boolean-value="true">
   <text:p>TRUE</text:p></table:table-cell>
 </table:table-row>
 <table:table-row table:number-rows-repeated="2">
  <table:covered-table-cell/>
  <table:table-cell office:value-type="float" office:value="85.5"><text:p>85.5</text:p>
  </table:table-cell>
 </table:table-row>
 <table:table-row table:number-rows-repeated="1048568">
  <table:table-cell table:number-columns-repeated="1024"/>
 </table:table-row>
</table:table>
<table:table table:name="隐藏" table:style-name="ta2">
 <table:table-row><table:table-cell office:value-type="string"><text:p>旧数据</text:p>
 </table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>
"""

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _write_ods(path: Path) -> None:
    """A minimal valid OpenDocument spreadsheet: the mimetype first and stored, then the rest."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        # calamine rejects whitespace between a row's cells (LibreOffice writes none)
        content = re.sub(r">\s+<", "><", ODS_CONTENT)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)


def test_ods_positions_merges_types_and_hidden(tmp_path: Path) -> None:
    path = _folder(tmp_path) / "台账.ods"
    _write_ods(path)
    sheets = read_workbook(path)
    assert [(s.name, s.hidden) for s in sheets] == [("设施台账", False), ("隐藏", True)]
    ledger = sheets[0]
    assert len(ledger.rows) == 7  # the trailing empty rows are not read
    assert ledger.rows[0] == ledger.rows[1] == ["", "", "", ""]
    assert ledger.rows[2] == ["台账标题"] * 4
    assert ledger.rows[3] == ["社区", "面积", "开放日期", "运营"]
    assert ledger.rows[4] == ["东城社区", 1200.0, dt.date(2024, 3, 1), True]
    assert ledger.rows[5] == ledger.rows[6] == ["东城社区", 85.5, "", ""]
    assert sheets[1].rows == [["旧数据"]]


def _csv(tmp_path: Path, name: str, data: bytes) -> RawSheet:
    path = _folder(tmp_path) / name
    path.write_bytes(data)
    (sheet,) = read_workbook(path)
    assert sheet.name == path.stem and not sheet.hidden
    return sheet


CSV_LINES = ["社区,设施名称,建筑面积", "东城社区,长者食堂,1200", "", '西城社区,"托育点,二楼",85.5']
CSV_TEXT = "".join(line + "\r\n" for line in CSV_LINES)
CSV_ROWS = [
    ["社区", "设施名称", "建筑面积"],
    ["东城社区", "长者食堂", "1200"],
    [],
    ["西城社区", "托育点,二楼", "85.5"],
]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16-le", b"\xff\xfe")],
)
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    data = bom + CSV_TEXT.encode(encoding)
    assert _csv(tmp_path, "台账.csv", data).rows == CSV_ROWS


def test_csv_gbk_text_is_not_utf8(tmp_path: Path) -> None:
    data = "社区,说明\n东城社区,长者食堂（一楼）\n".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = _csv(tmp_path, "导出.csv", data).rows
    assert rows == [["社区", "说明"], ["东城社区", "长者食堂（一楼）"]]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    # decimal commas and stray semicolons inside cells do not mislead the sniffing
    rows = [["社区", "面积", "备注"], ["东城社区", "1,5", "a;b"], ["西城社区", "2,25", "c;d"]]
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    assert _csv(tmp_path, "分隔.csv", text.getvalue().encode()).rows == rows


def test_long_csv_is_sniffed_on_its_first_lines(tmp_path: Path) -> None:
    rows = [["社区", "说明"]] + [[f"第{n}社区", f"一楼\n{n};二楼"] for n in range(2000)]
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    assert len(text.getvalue()) > 20_000
    assert _csv(tmp_path, "长表.csv", text.getvalue().encode("gb18030")).rows == rows


def test_csv_single_column_falls_back_to_comma(tmp_path: Path) -> None:
    assert _csv(tmp_path, "一列.csv", "社区\n东城社区\n".encode()).rows == [["社区"], ["东城社区"]]


def test_csv_formula_guard_apostrophe_is_taken_off(tmp_path: Path) -> None:
    text = "'=SUM(A1),'-5度,'+86 138,'@张三,'张三,''=x,it's,',=1\n"
    (row,) = _csv(tmp_path, "公式.csv", text.encode()).rows
    assert row == ["=SUM(A1)", "-5度", "+86 138", "@张三", "'张三", "''=x", "it's", "'", "=1"]


def _broken_message(path: Path) -> str:
    with pytest.raises(KnownError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert path.name in message
    return message


def test_xlsx_that_is_text(tmp_path: Path) -> None:
    path = _folder(tmp_path) / "台账.xlsx"
    path.write_text("社区,设施\n东城社区,长者食堂\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _broken_message(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_truncated_workbook(tmp_path: Path, suffix: str) -> None:
    path = _folder(tmp_path) / f"截断{suffix}"
    if suffix == ".ods":
        _write_ods(path)
    else:
        _ledger_book().save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert "已损坏" in _broken_message(path)


def test_truncated_xls(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("表")
    for row in range(200):
        sheet.write(row, 0, f"第{row}行")
    path = tmp_path / "截断.xls"
    book.save(str(path))
    data = path.read_bytes()
    # some cuts make calamine raise an error, others make it panic: both are a damaged file
    for cut in range(512, len(data), max(1, len(data) // 40)):
        path.write_bytes(data[:cut])
        assert "已损坏" in _broken_message(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空文件.xlsx"
    path.write_bytes(b"")
    _broken_message(path)


@pytest.mark.parametrize("name", ["报表.numbers", "台账.txt", "台账.et", "台账"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("社区\n", encoding="utf-8")
    assert "不支持的文件类型" in _broken_message(path)


def test_suffix_case_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "台账.XLSX"
    _ledger_book().save(path)
    assert read_workbook(path)[0].name == "设施台账"


def test_missing_file(tmp_path: Path) -> None:
    assert "找不到" in _broken_message(_folder(tmp_path) / "不存在.xlsx")


def test_csv_in_unknown_encoding(tmp_path: Path) -> None:
    data = bytes([0x80, 0xFF]) * 20
    for encoding in ("utf-8-sig", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    path = _folder(tmp_path) / "乱码.csv"
    path.write_bytes(data)
    assert "编码" in _broken_message(path)


def test_password_protected_xlsx(tmp_path: Path) -> None:
    plain = tmp_path / "明文.xlsx"
    _ledger_book().save(plain)
    path = _folder(tmp_path) / "加密.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("1234", target)
    assert "密码" in _broken_message(path)


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def test_a_stray_value_in_the_far_corner_is_refused_not_a_crash(tmp_path: Path) -> None:
    # Without the check calamine would allocate the whole A1:XFD1048576 range and abort.
    book = openpyxl.Workbook()
    book.active["A1"] = "社区名称"
    book.active["XFD1048576"] = "误填"
    path = tmp_path / "台账.xlsx"
    book.save(path)
    with pytest.raises(KnownError, match=r"使用范围异常大（A1:XFD1048576）"):
        read_workbook(path)
    far = openpyxl.Workbook()
    far.active["A1"] = "社区名称"
    far.active["Z20000"] = "远处的值"  # big but sane: read as usual
    far.save(path)
    [sheet] = read_workbook(path)
    assert sheet.cell(19999, 25) == "远处的值"
