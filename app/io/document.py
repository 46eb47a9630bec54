"""A printed report as plain data: its furniture, lines under the title, paragraphs, tables, bars.

Services put a report together from these (what it says); app/io/report_pdf.py lays it out with
reportlab (how it looks). Nothing here imports reportlab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Furniture:
    """What every page of a report carries besides its content."""

    title: str
    area: str
    """The area's full name: 新城区 / 解放门街道 / 东七路社区."""
    unit: str
    """制表单位: the office that issues the report."""
    printed_on: dt.date
    preparer: str = ""
    """制表人, if set up; else a line to sign on."""
    marking: str = ""
    """A mark on every page, such as 内部资料."""
    wide: bool = False
    """Landscape A4, for tables with many columns."""
    made_at: dt.datetime | None = None
    """The instant the report is made (the PDF's creation and modification dates); None: now."""


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text (no markup): body text, a section heading or a muted note."""

    text: str
    style: Literal["body", "heading", "note"] = "body"


def heading(text: str) -> Text:
    """A section heading (一、基本情况)."""
    return Text(text, "heading")


def note(text: str) -> Text:
    """A small muted paragraph: an explanation, or what stands where nothing was found."""
    return Text(text, "note")


Align = Literal["left", "centre", "right"]


@dataclass(frozen=True)
class Table:
    """A table whose header repeats on every page; widths are relative, scaled to the page."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    weights: Sequence[float]
    aligns: Sequence[Align] = ()
    """Per column from the first; columns past the end are left-aligned."""
    caption: str = ""
    """A line across the table's top, repeated with its header on every page (a group's name:
    the table then never starts at a page's foot without a row under it)."""


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a share filled, its target marked, green when the target is met."""

    label: str
    ratio: float
    target: float
    met: bool
    text: str
    """The figure printed at the bar's end."""


@dataclass(frozen=True)
class BarChart:
    """Bars one under another, each with its label, target mark and figure."""

    bars: Sequence[Bar]


Block = Text | Table | BarChart


@dataclass
class Document:
    """A whole report: furniture, lines under the title, the blocks, then the signature lines."""

    furniture: Furniture
    lines: Sequence[str] = ()
    """Lines under the title and area (数据截至 …, a publicity period)."""
    blocks: list[Block] = field(default_factory=list)
    seal: bool = False
    """Leave room for the office's seal above its name (a list put up for publicity)."""
