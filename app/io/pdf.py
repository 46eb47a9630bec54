"""Printed reports with reportlab: A4 pages with the furniture, tables that repeat their header."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

from app.domain import china_time
from app.io.document import Furniture
from app.io.fonts import register_pdf_font
from app.store.whole import written_whole

MARGIN = 15 * mm
GRID = colors.HexColor("#8c8c8c")
HEAD_FILL = colors.HexColor("#e6ebf0")
CAPTION_FILL = colors.HexColor("#cfd8e3")
MUTED = colors.HexColor("#555555")
PRODUCER = "社区嵌入式服务设施台账"
PADDING = 3
_ALIGN = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT"}


class Styles:
    """The paragraph styles of a report, in the bundled CJK font."""

    def __init__(self) -> None:
        font = register_pdf_font()
        base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
        self.body = base
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)
        self.cell_centre = ParagraphStyle("cell_centre", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", parent=self.cell, alignment=TA_CENTER,
                                   fontSize=8.5, leading=11)
        self.title = ParagraphStyle("title", parent=base, fontSize=16, leading=22,
                                    alignment=TA_CENTER, spaceAfter=2 * mm)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=9.5, leading=14,
                                       alignment=TA_CENTER, textColor=MUTED)
        self.heading = ParagraphStyle("heading", parent=base, fontSize=11.5, leading=16,
                                      spaceBefore=4 * mm, spaceAfter=2 * mm, alignment=TA_LEFT)
        self.caption = ParagraphStyle("caption", parent=base, fontSize=10.5, leading=14)
        self.note = ParagraphStyle("note", parent=base, fontSize=8.5, leading=12,
                                   spaceBefore=1.5 * mm, textColor=MUTED)


def escape(text: Any) -> str:
    """Text for a Paragraph (which reads a little markup): &, < and > as entities, lines kept."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\n", "<br/>")


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    styles: Styles,
    *,
    aligns: Sequence[str] = (),
    caption: str = "",
) -> LongTable:
    """A table whose header row repeats on every page and whose rows never split across pages.

    A `caption` is a row across the whole width above the header, repeated with it (a group's
    name, never wrapped into a narrow column, never left at a page's foot without a row).

    A value that fits its column on one line is drawn as plain text; longer ones are wrapped
    Paragraphs (Chinese breaks anywhere). Wrapping is most of the cost of a long list, and most
    cells (序号, 功能类别, 办理状态 …) are short. `aligns` per column: "left", "centre", "right".
    """
    cell_style = {"left": styles.cell, "centre": styles.cell_centre, "right": styles.cell_right}
    column_styles = [cell_style[aligns[n] if n < len(aligns) else "left"]
                     for n in range(len(widths))]
    room = [w - 2 * PADDING for w in widths]
    font, size = styles.cell.fontName, styles.cell.fontSize
    data: list[list[Any]] = [[Paragraph(escape(h), styles.head) for h in headers]]
    top = 1 if caption else 0
    if caption:
        data.insert(0, [Paragraph(escape(caption), styles.caption),
                        *([""] * (len(widths) - 1))])
    for row in rows:
        cells: list[Any] = []
        for n, value in enumerate(row):
            text = "" if value is None else str(value)
            if "\n" not in text and stringWidth(text, font, size) <= room[n]:
                cells.append(text)
            else:
                cells.append(Paragraph(escape(text), column_styles[n]))
        data.append(cells)
    result = LongTable(data, colWidths=list(widths), repeatRows=1 + top, splitByRow=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 1 + top), (-1, -1), font, size, styles.cell.leading),
        *(("ALIGN", (n, 1 + top), (n, -1), _ALIGN[aligns[n]]) for n in range(len(aligns))),
    ]
    if caption:
        commands += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), CAPTION_FILL)]
    result.setStyle(TableStyle([
        *commands,
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, top), (-1, top), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]))
    return result


def signature_block(furniture: Furniture, styles: Styles, *, seal: bool = False) -> Flowable:
    """制表人 and 审核人 lines, the unit and date, and (for publicity) a space for the seal."""
    parts: list[Flowable] = [Spacer(1, 6 * mm)]
    blank = "＿＿＿＿＿＿＿＿"
    preparer = escape(furniture.preparer) if furniture.preparer else blank
    line = f"制表人：{preparer}　　　　审核人：{blank}"
    parts.append(Paragraph(line, styles.body))
    parts.append(Spacer(1, 4 * mm))
    closing = ParagraphStyle("closing", parent=styles.body, alignment=TA_RIGHT)
    if seal:
        parts.append(Paragraph("（盖章）", closing))
        parts.append(Spacer(1, 16 * mm))  # room for the office's seal
    parts.append(Paragraph(escape(furniture.unit), closing))
    parts.append(Paragraph(f"{furniture.printed_on.year}年{furniture.printed_on.month}月"
                           f"{furniture.printed_on.day}日", closing))
    return KeepTogether(parts)


def title_block(furniture: Furniture, styles: Styles, *lines: str) -> list[Flowable]:
    """The report's title, its area and any further lines (a publicity period) under it."""
    story: list[Flowable] = [Paragraph(escape(furniture.title), styles.title),
                             Paragraph(escape(furniture.area), styles.subtitle)]
    story += [Paragraph(escape(line), styles.subtitle) for line in lines]
    story.append(Spacer(1, 4 * mm))
    return story


def pdf_date(moment: dt.datetime) -> str:
    """An instant as a PDF date (D:YYYYMMDDHHmmSS+08'00'), in the zone it carries."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else "+"
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


class _NumberedCanvas(Canvas):
    """A canvas that draws each page's furniture once the number of pages is known."""

    furniture: Furniture
    made_at: dt.datetime

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        # invariant mode keeps the file reproducible but dates it 2000-01-01: date it when made
        stamp = pdf_date(self.made_at)
        self.setDateFormatter(lambda *_parts: stamp)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furnish(total)
            super().showPage()
        super().save()

    def _furnish(self, total: int) -> None:
        furniture = self.furniture
        width, height = self._pagesize
        font = register_pdf_font()
        page = self.getPageNumber()
        self.saveState()
        self.setFillColor(MUTED)
        self.setFont(font, 8)
        top = height - MARGIN + 4 * mm
        self.drawString(MARGIN, top, f"{furniture.title} · {furniture.area}")
        if furniture.marking:
            self.setFont(font, 10)
            self.setFillColor(colors.HexColor("#b00020"))
            self.drawRightString(width - MARGIN, top, furniture.marking)
            self.setFillColor(MUTED)
            self.setFont(font, 8)
        self.setStrokeColor(GRID)
        self.setLineWidth(0.4)
        self.line(MARGIN, top - 2 * mm, width - MARGIN, top - 2 * mm)
        bottom = MARGIN - 6 * mm
        self.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
        self.drawString(MARGIN, bottom, f"制表单位：{furniture.unit}")
        self.drawCentredString(width / 2, bottom, f"第 {page} 页 / 共 {total} 页")
        self.drawRightString(width - MARGIN, bottom,
                             f"打印日期：{furniture.printed_on.isoformat()}")
        self.restoreState()


def write_pdf(path: Path, furniture: Furniture, story: list[Flowable]) -> int:
    """Lay out a report on A4 pages and write it (whole, or not at all); returns the pages."""
    size = landscape(A4) if furniture.wide else A4
    class Canvas(_NumberedCanvas):
        pass

    Canvas.furniture = furniture
    Canvas.made_at = china_time.local(furniture.made_at or china_time.now())
    with written_whole(path, opened_in="PDF 阅读器") as partial:
        doc = BaseDocTemplate(
            str(partial), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 2 * mm, bottomMargin=MARGIN + 2 * mm,
            title=furniture.title, author=PRODUCER, creator=PRODUCER, producer=PRODUCER,
            subject=furniture.area, keywords="", invariant=True,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(story, canvasmaker=Canvas)
        pages = doc.page
    return int(pages)


def usable_width(furniture: Furniture) -> float:
    """The width a table may take on the report's pages."""
    size = landscape(A4) if furniture.wide else A4
    return float(size[0] - 2 * MARGIN)
