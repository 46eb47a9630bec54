"""The public demand list as PDF, beside bare reportlab and LibreOffice printing the same list.

Data: a fresh ledger (`init_ledger`) with one community, 东七路社区 of 解放门街道, and 2,000
demands created through `records.create` (a few seconds, not timed): Chinese content of 20 to 60
characters, some with a phone number in the text, various functions, sources, statuses and
urgencies, replies on the handled ones; a fixed seed gives the same list every run.

Ours: `reports.demand_list` of that community, the public list (grouped by function, a table per
group with a repeated header, page furniture, masking), best of three.

Bare reportlab: the same 2,000 rows' display strings (the function order and the masked text
the list prints, collected once, not timed) drawn by a platypus `SimpleDocTemplate` holding one
`LongTable` of `Paragraph` cells in the same registered font and size, the same column widths
and page margins, the header repeated, A4 portrait: no grouping, no furniture, no masking. Best
of three. The budget (DESIGN.md "Performance budgets") compares the rows per second.

LibreOffice (when `soffice` is installed): the same rows in an .xlsx written with openpyxl
(header and rows, column widths, wrapped text, row 1 printed on every page, fitted to the width
of an A4 portrait page), printed with `soffice --headless --convert-to pdf`: one warm-up run,
then the best of two; its start-up, converting a one-cell workbook, is shown apart (best of 3).

Temporary files live under build/bench/ and are removed afterwards. `python -m bench.pdf
--profile` prints cProfile figures of one `demand_list` run instead.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import importlib.util
import math
import pstats
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import reportlab
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from app.domain.entities import ENTITIES
from app.domain.enums import DemandSource, DemandStatus, Function, Urgency
from app.domain.privacy import mask_text
from app.io import pdf
from app.io.fonts import register_pdf_font
from app.services import records, reports
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store.areas import Scope
from app.store.db import Ledger
from bench import scale, verdicts
from bench.citydb import CITY_DB
from bench.common import convert, restart_clock, say, soffice, soffice_start

ITEMS = 2000
"""Demands in the list at city scale (`python -m bench --scale`: fewer)."""
AREA = "community:610102005001"
COMMUNITY = {"name": "东七路社区", "street": "解放门街道", "code": "610102005001"}
BUDGET = verdicts.PDF.limit
"""Ours ≥ 50% of bare reportlab's rows per second (DESIGN.md)."""
RUNS = 3
LO_RUNS = 2
SEED = 20261126
HEADERS = ["序号", *(ENTITIES["demand"].field(name).label for name in reports.PUBLIC_COLUMNS)]
"""序号, 需求内容, 功能类别, 需求来源, 涉及人数, 紧急程度, 办理状态, 答复情况."""
WEIGHTS = [9, 52, 17, 17, 12, 12, 14, 44]
"""Relative column widths, as the public list has them (reports._WIDTHS)."""

Rows = list[list[str]]

def _pages(path: Path) -> int:
    return len(PdfReader(path).pages)


# --- the data ----------------------------------------------------------------------------------

_PLACES = ("东七路3号院", "东七路15号院", "尚俭路小区", "西五路社区院", "革命公园北院",
           "东新街18号院", "省建三公司家属院", "解放路粮站家属院", "东六路北巷", "新城小区")
_WANTS: dict[Function, tuple[str, ...]] = {
    Function.ELDERLY_CARE: (
        "{p}独居老人较多，希望社区提供定期上门探访和助浴服务",
        "希望在{p}附近建日间照料中心，白天能照看失能半失能老人",
        "家中老人行动不便，希望社区养老服务站增加短期托养床位",
    ),
    Function.INFANT_CARE: (
        "双职工家庭孩子两岁，希望在{p}附近有收费合理的普惠托育点",
        "希望社区托育点提供临时托、计时托服务，并开设育儿指导课程",
    ),
    Function.CHILD_CARE: (
        "孩子放学早、家长下班晚，希望社区开设课后托管和作业辅导",
        "希望暑假期间在{p}附近开设儿童托管班，安排兴趣活动",
    ),
    Function.MEAL_SERVICE: (
        "希望在{p}附近增设老年助餐点，方便行动不便的高龄老人就餐",
        "希望社区食堂提供送餐上门服务，{p}有{n}位高龄老人需要",
        "社区食堂菜品口味偏重，希望增加适合老年人的低盐低油套餐",
    ),
    Function.HOUSEKEEPING: (
        "{p}附近缺少修鞋、配钥匙、缝补等便民摊点，希望统一设置",
        "希望社区引进正规家政服务，提供保洁、家电维修等上门服务",
    ),
    Function.HEALTH: (
        "希望社区卫生服务站增加家庭医生上门服务，定期为老人体检",
        "{p}离医院较远，希望设置健康小屋，方便测量血压血糖",
    ),
    Function.FITNESS: (
        "{p}现有健身器材老化损坏，希望尽快更换并增设室外健身点",
        "希望开放学校操场并建设健步道，方便居民晚间锻炼身体",
    ),
    Function.CULTURE: (
        "希望社区开设书法、绘画、合唱等老年兴趣班，并设立图书室",
        "希望开设智能手机使用培训，教老人用手机挂号、缴费",
    ),
    Function.CHILDREN_PLAY: (
        "{p}没有儿童游乐设施，希望在中心空地建设儿童游乐场",
        "{p}现有儿童滑梯有安全隐患，希望更换并铺设软质地面",
    ),
    Function.OTHER: (
        "希望{p}{n}号楼加装电梯，方便腿脚不便的老人上下楼",
        "{p}停车难，希望规划建设非机动车集中充电棚",
    ),
}
_FUNCTION_WEIGHTS = (22, 8, 10, 15, 8, 12, 8, 6, 7, 4)  # in Function order, 其他 last
_OPENINGS = ("", "", "", "{p}居民反映：", "{k}户居民联名建议：", "居民议事会提出：")
_STATUS_WEIGHTS = (10, 10, 20, 40, 8, 12)  # in DemandStatus order
_REPLIES = {
    DemandStatus.ACCEPTED: "已受理，正在调查核实",
    DemandStatus.IN_PROGRESS: "已纳入{y}年社区嵌入式服务设施建设计划，正在推进",
    DemandStatus.RESOLVED: "已协调落实，服务点已开放运营，已电话回访居民，居民表示满意",
    DemandStatus.DECLINED: "经核实{p}周边已有同类设施，且场地不具备建设条件，暂不采纳",
    DemandStatus.REFERRED: "已转新城区相关职能部门办理，办理结果将另行答复",
}
FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 6, 30)


def _demands(community: str, n: int) -> list[dict[str, object]]:
    """n distinct, plausible demands of one community (a fixed seed)."""
    rng = random.Random(SEED)
    functions = list(Function)
    keys: set[tuple[str, dt.date]] = set()
    made: list[dict[str, object]] = []
    while len(made) < n:
        function = rng.choices(functions, _FUNCTION_WEIGHTS)[0]
        place = rng.choice(_PLACES)
        opening = rng.choice(_OPENINGS)
        content = (opening + rng.choice(_WANTS[function])).format(
            p=place, n=rng.randint(3, 40), k=rng.randint(5, 60))
        if rng.random() < 0.08 and len(content) <= 44:  # masked in the public list
            content += f"，联系电话1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        content = content[:60]
        received = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        if (content, received) in keys:  # the natural key
            continue
        keys.add((content, received))
        status = rng.choices(list(DemandStatus), _STATUS_WEIGHTS)[0]
        demand: dict[str, object] = {
            "community": community, "function": function.value, "content": content,
            "source": rng.choice(list(DemandSource)).value,
            "residents": rng.choice((1, 1, 2, 3, rng.randint(5, 300))),
            "urgency": (Urgency.URGENT if rng.random() < 0.12 else Urgency.NORMAL).value,
            "received_on": received.isoformat(), "status": status.value,
        }
        if status is not DemandStatus.REGISTERED:
            accepted = received + dt.timedelta(days=rng.randint(0, 7))
            demand["accepted_on"] = accepted.isoformat()
            if status in (DemandStatus.RESOLVED, DemandStatus.DECLINED):
                demand["resolved_on"] = (accepted + dt.timedelta(days=rng.randint(3, 120))
                                         ).isoformat()
            if status is not DemandStatus.ACCEPTED or rng.random() < 0.5:
                demand["reply"] = _REPLIES[status].format(p=place, y=received.year + 1)
        made.append(demand)
    return made


def _build(path: Path) -> tuple[Ledger, Scope | None]:
    """A fresh ledger with the community and its demands; the scope of that community."""
    ledger = init_ledger(path)
    community = records.create(ledger, "communities", COMMUNITY)
    for demand in _demands(community, scale.scaled(ITEMS)):
        records.create(ledger, "demands", demand)
    return ledger, resolve_scope(ledger, AREA)


def _rows(ledger: Ledger, scope: Scope | None) -> Rows:
    """The strings the public list prints, in its order (by function, then by date)."""
    spec = ENTITIES["demand"]
    found = records.list_records(ledger, "demands", records.Query(scope=scope, sort="received_on"))
    order = {f.value: n for n, f in enumerate([*Function.nine(), Function.OTHER])}
    found.sort(key=lambda r: order.get(r.get("function") or "", len(order)))  # stable
    rows: Rows = []
    for number, record in enumerate(found, start=1):
        cells = [spec.field(name).display(record.get(name)) for name in reports.PUBLIC_COLUMNS]
        rows.append([str(number), *(mask_text(c) if name in reports.FREE_TEXT else c
                                    for name, c in zip(reports.PUBLIC_COLUMNS, cells,
                                                       strict=True))])
    return rows


# --- bare reportlab ----------------------------------------------------------------------------


def _widths(total: float) -> list[float]:
    return [w * total / sum(WEIGHTS) for w in WEIGHTS]


def _bare_pdf(rows: Rows, path: Path) -> int:
    """One LongTable of Paragraph cells, header repeated, A4; returns the pages."""
    font = register_pdf_font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=pdf.MARGIN,
                            rightMargin=pdf.MARGIN, topMargin=pdf.MARGIN + 2 * mm,
                            bottomMargin=pdf.MARGIN + 2 * mm)
    data = [[Paragraph(pdf.escape(c), cell) for c in row] for row in [HEADERS, *rows]]
    table = LongTable(data, colWidths=_widths(doc.width), repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    doc.build([table])
    return int(doc.page)


# --- LibreOffice -------------------------------------------------------------------------------


def _workbook(rows: Rows, path: Path) -> None:
    """The rows in a sheet set up to print like the list: A4 portrait, the same margins, 8.5 pt
    wrapped text in columns of the same proportions fitted to the page width, row 1 on every page,
    a grid."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "需求清单"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([int(row[0]), *row[1:4], int(row[4]), *row[5:]])
    wrap = Alignment(wrap_text=True, vertical="center")
    small, bold = Font(size=8.5), Font(size=8.5, bold=True)
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = wrap
            cell.font = small
    for cell in sheet[1]:
        cell.font = bold
    inches = pdf.MARGIN / inch, (pdf.MARGIN + 2 * mm) / inch
    sheet.page_margins = PageMargins(left=inches[0], right=inches[0], top=inches[1],
                                     bottom=inches[1], header=0.2, footer=0.2)
    widths = [weight * 0.5 for weight in WEIGHTS]  # about 180 mm together at 100%
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    # the row heights a workbook saved by Excel holds (LibreOffice keeps the default height of
    # rows that have none, and wrapped lines would overlap): lines × leading, lines estimated
    room = [width * 7 * 0.75 - 4 for width in widths]  # points: 7 px a unit, 96 dpi
    for number, line in enumerate(sheet.iter_rows(), start=1):
        lines = max(math.ceil(_text_width(str(cell.value)) / space)
                    for cell, space in zip(line, room, strict=True))
        sheet.row_dimensions[number].height = max(1, lines) * 11 + 4
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    book.save(path)


def _text_width(text: str, size: float = 8.5) -> float:
    """Points a line of text takes, roughly: CJK characters square, the others half as wide."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.55 for c in text)


# --- report ------------------------------------------------------------------------------------


def _print(exe: str, book: Path, work: Path) -> tuple[float, int]:
    """Seconds for LibreOffice headless to print a workbook to PDF, and the pages."""
    seconds, written = convert(exe, book, work, "pdf")
    return seconds, _pages(written)


def _line(name: str, rows: int, pages: int, seconds: float, extra: str = "") -> None:
    counts = f"{rows:6,d} {pages:6d}" if rows else " " * 13
    rates = f"{rows / seconds:8,.0f} {pages / seconds:8.1f}" if rows else " " * 17
    print(f"  {name:36} {counts} {seconds:7.2f} {rates}  {extra}".rstrip())


def main() -> None:
    """Print demand_list's rows and pages per second beside bare reportlab and LibreOffice."""
    restart_clock()
    CITY_DB.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pdf-", dir=CITY_DB.parent))
    ledger: Ledger | None = None
    try:
        say(f"a fresh ledger with {scale.scaled(ITEMS):,} demands of one community …")
        ledger, scope = _build(work / "ledger.db")
        register_pdf_font()  # once, before any timing: both sides use it
        ours_s = float("inf")
        for run in range(1, RUNS + 1):
            say(f"demand_list of {AREA}, run {run} of {RUNS} …")
            started = time.perf_counter()
            result = reports.demand_list(ledger, scope, work / "ours.pdf")
            ours_s = min(ours_s, time.perf_counter() - started)
        rows = _rows(ledger, scope)
        ledger.close()
        ledger = None
        if len(rows) != result.items:
            raise RuntimeError(f"{len(rows)} rows collected, the list has {result.items}")

        bare_s = float("inf")
        for run in range(1, RUNS + 1):
            say(f"bare reportlab, run {run} of {RUNS} …")
            started = time.perf_counter()
            bare_pages = _bare_pdf(rows, work / "bare.pdf")
            bare_s = min(bare_s, time.perf_counter() - started)

        exe = soffice()
        lo: tuple[float, int] | None = None
        lo_start = 0.0
        if exe is not None:
            say("LibreOffice: first start (makes its profile), start-up, the workbook …")
            lo_start = soffice_start(exe, work, "pdf")
            book = work / "demands.xlsx"
            _workbook(rows, book)
            _print(exe, book, work)  # warm-up
            lo = min(_print(exe, book, work) for _ in range(LO_RUNS))
        say("done")
    finally:
        if ledger is not None:
            ledger.close()
        shutil.rmtree(work, ignore_errors=True)

    items = result.items
    print(f"pdf: public demand list of {items:,} demands of one community ({AREA}), A4; "
          f"best of {RUNS} (LibreOffice: of {LO_RUNS} after a warm-up, start-up of 3)")
    accel = importlib.util.find_spec("_rl_accel") is not None
    where = "in C (rl_accel)" if accel else "in Python (no rl_accel: reportlab[accel])"
    print(f"  reportlab {reportlab.Version} measures text {where}")
    print(f"  {'':36} {'rows':>6} {'pages':>6} {'s':>7} {'rows/s':>8} {'pages/s':>8}  ratio")
    _line("demand_list (public)", items, result.pages, ours_s,
          f"{bare_s / ours_s:5.2f} of bare rows/s (budget ≥ {BUDGET:.2f})")
    _line("bare platypus, one LongTable", len(rows), bare_pages, bare_s)
    verdicts.record("pdf", "demand_list ÷ bare platypus", items / ours_s, "rows/s",
                    len(rows) / bare_s, verdicts.PDF, items)
    if lo is None:
        print("  LibreOffice (soffice) is not installed here: no LibreOffice column")
        verdicts.unmeasured("pdf", "demand_list ÷ LibreOffice printing it",
                            verdicts.PDF_VS_LIBREOFFICE,
                            "LibreOffice not installed: make bench-setup")
        return
    lo_s, lo_pages = lo
    verdict = "ours faster" if ours_s < lo_s else "LibreOffice faster"
    _line("LibreOffice xlsx --convert-to pdf", items, lo_pages, lo_s,
          f"{lo_s / ours_s:5.2f} demand_list speed ÷ LibreOffice's (aim > 1: {verdict})")
    _line("  start-up alone (one-cell workbook)", 0, 0, lo_start)
    _line("  without start-up", items, lo_pages, lo_s - lo_start)
    verdicts.record("pdf", "demand_list ÷ LibreOffice printing it", items / ours_s, "rows/s",
                    items / lo_s, verdicts.PDF_VS_LIBREOFFICE, items)


# --- profile -----------------------------------------------------------------------------------


def profile(top: int = 15) -> None:
    """cProfile of one demand_list run (after a warm-up run), cumulative and own time."""
    CITY_DB.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="pdf-profile-", dir=CITY_DB.parent))
    try:
        ledger, scope = _build(work / "ledger.db")
        try:
            reports.demand_list(ledger, scope, work / "warm.pdf")
            profiler = cProfile.Profile()
            started = time.perf_counter()
            result = profiler.runcall(reports.demand_list, ledger, scope, work / "ours.pdf")
            print(f"demand_list of {AREA}, {result.items:,} demands, {result.pages} pages: "
                  f"{time.perf_counter() - started:.2f} s under cProfile")
        finally:
            ledger.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    profile() if "--profile" in sys.argv[1:] else main()
