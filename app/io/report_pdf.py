"""A report's plain content (app/io/document.py) laid out as an A4 PDF with reportlab."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from app.io import pdf
from app.io.document import BarChart, Block, Document, Table, Text
from app.io.fonts import register_pdf_font

TRACK = colors.HexColor("#e8eaed")
MARKER = colors.HexColor("#37474f")
HEADING_ROOM = 30 * mm
"""Room a section heading needs below it for its first lines."""


def write_report(path: Path, document: Document) -> int:
    """Write the report (whole, or not at all) and return how many pages it has."""
    furniture = document.furniture
    styles = pdf.Styles()
    width = pdf.usable_width(furniture)
    story: list[Flowable] = pdf.title_block(furniture, styles, *document.lines)
    for block in document.blocks:
        story += _flowables(block, styles, width)
    story.append(pdf.signature_block(furniture, styles, seal=document.seal))
    return pdf.write_pdf(path, furniture, story)


def _flowables(block: Block, styles: pdf.Styles, width: float) -> list[Flowable]:
    if isinstance(block, Text):
        style = {"body": styles.body, "heading": styles.heading, "note": styles.note}[block.style]
        paragraph = Paragraph(pdf.escape(block.text), style)
        # a heading never sits alone at a page's foot: less room than this starts a new page
        return [CondPageBreak(HEADING_ROOM), paragraph] if block.style == "heading" else [paragraph]
    if isinstance(block, Table):
        drawn = pdf.table(block.headers, block.rows, scaled(block.weights, width), styles,
                          aligns=block.aligns, caption=block.caption)
        return [Spacer(1, 3 * mm), drawn] if block.caption else [drawn]
    return [Spacer(1, 3 * mm), bar_chart(block, width)]


def scaled(weights: Sequence[float], total: float) -> list[float]:
    """Column widths in these proportions, filling `total`."""
    scale = total / sum(weights)
    return [w * scale for w in weights]


def bar_chart(chart: BarChart, width: float) -> Drawing:
    """The bars one under another: a grey track, the share filled, the target a dark mark."""
    font = register_pdf_font()
    row, label_w, right = 7 * mm, 26 * mm, 16 * mm
    height = row * len(chart.bars) + 6 * mm
    drawing = Drawing(width, height)
    bar_w = width - label_w - right
    for n, bar in enumerate(chart.bars):
        y = height - (n + 1) * row
        drawing.add(String(0, y + 1.8 * mm, bar.label, fontName=font, fontSize=8.5))
        drawing.add(Rect(label_w, y + 1 * mm, bar_w, row - 2.6 * mm, fillColor=TRACK,
                         strokeColor=None))
        colour = colors.HexColor(TARGET_MET if bar.met else TARGET_NOT_MET)
        drawing.add(Rect(label_w, y + 1 * mm, bar_w * bar.ratio, row - 2.6 * mm,
                         fillColor=colour, strokeColor=None))
        x = label_w + bar_w * bar.target
        drawing.add(Line(x, y + 0.4 * mm, x, y + row - 1 * mm, strokeColor=MARKER,
                         strokeWidth=1.2))
        drawing.add(String(width - right + 2 * mm, y + 1.8 * mm, bar.text,
                           fontName=font, fontSize=8.5))
    return drawing
