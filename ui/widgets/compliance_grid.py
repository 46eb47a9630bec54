"""Target compliance as a grid: a row per district, a column per function, met or 还差 N."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from ui import theme
from ui.widgets.chart_marks import Mark, MarkedChart

MET_TEXT = theme.ON_DARK
NOT_MET_TEXT = theme.ON_AMBER


@dataclass(frozen=True)
class Cell:
    """One district's one function: met (None: nothing counted), what the cell says, its tip."""

    met: bool | None
    text: str
    tip: str = ""


@dataclass(frozen=True)
class GridRow:
    """One area: its name, a cell per column, and how many targets it meets."""

    name: str
    cells: tuple[Cell, ...]
    summary: str = ""
    """Printed after the cells (e.g. 达标 5/9)."""


class ComplianceGrid(MarkedChart):
    """Columns headed by the functions' short names; met cells green, the others amber."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[str] = []
        self._rows: list[GridRow] = []
        self.empty = ""
        """What the grid says when there is no area."""

    @property
    def rows(self) -> list[GridRow]:
        """What is drawn, top to bottom."""
        return self._rows

    @property
    def columns(self) -> list[str]:
        """The column headings, left to right."""
        return self._columns

    def set_grid(self, columns: list[str], rows: list[GridRow]) -> None:
        """Draw another grid."""
        self._columns, self._rows = list(columns), list(rows)
        self.changed()

    def rows_count(self) -> int:
        """One per area."""
        return len(self._rows)

    def header_height(self) -> int:
        """The columns' headings."""
        return self.row_height() if self._columns else 0

    def _layout(self) -> tuple[float, float, float]:
        """Where the cells start, a cell's width, where the summaries start."""
        gap = self.gap()
        label = max((self.text_width(r.name) for r in self._rows), default=0)
        summary = max((self.text_width(r.summary) for r in self._rows), default=0)
        left = label + gap
        room = self.width() - left - (summary + gap if summary else 0) - 4
        widest = max([self.text_width(c) for c in self._columns]
                     + [self.text_width(cell.text) for r in self._rows for cell in r.cells]
                     + [0])
        cell = max(widest + gap, room / max(1, len(self._columns)))
        return left, cell, left + cell * len(self._columns) + gap

    def marks(self) -> list[Mark]:
        """The headings, then per row its cells and its summary."""
        marks: list[Mark] = []
        left, cell, summary_left = self._layout()
        height = self.row_height()
        for c, column in enumerate(self._columns):
            marks.append(Mark(QRectF(left + c * cell, 0, cell, height), -1, column, column))
        for n, row in enumerate(self._rows):
            top = self.header_height() + n * height
            for c, item in enumerate(row.cells):
                colour = (theme.TRACK if item.met is None
                          else TARGET_MET if item.met else TARGET_NOT_MET)
                column = self._columns[c] if c < len(self._columns) else str(c)
                box = QRectF(left + c * cell + 1, top + 1, cell - 2, height - 2)
                marks.append(Mark(box, n, column, item.tip or f"{row.name} · {column}：{item.text}",
                                  colour))
            if row.summary:
                marks.append(Mark(QRectF(summary_left, top, self.text_width(row.summary), height),
                                  n, "summary", row.summary))
        return marks

    def describe(self) -> str:
        """Each area's cells in words."""
        return "\n".join(
            f"{row.name}: " + "，".join(f"{c} {cell.text}" for c, cell in
                                        zip(self._columns, row.cells, strict=False))
            for row in self._rows)

    def paint(self, painter: QPainter) -> None:
        """Headings, names, coloured cells with their text, summaries."""
        if not self._rows:
            self.empty_text(painter, self.empty)
            return
        left, _cell, _summary = self._layout()
        height = self.row_height()
        for n, row in enumerate(self._rows):
            top = self.header_height() + n * height
            self.draw_text(painter, QRectF(0, top, left, height), row.name)
        for mark in self.marks():
            if mark.row < 0:
                painter.setFont(self.small_font())
                self.draw_text(painter, mark.rect, mark.part, colour=theme.MUTED,
                               align=Qt.AlignmentFlag.AlignHCenter)
                painter.setFont(self.font())
                continue
            row = self._rows[mark.row]
            if mark.part == "summary":
                self.draw_text(painter, mark.rect, row.summary)
                continue
            item = row.cells[self._columns.index(mark.part)]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(mark.colour))
            painter.drawRoundedRect(mark.rect, 3, 3)
            text = (theme.MUTED if item.met is None else MET_TEXT if item.met else NOT_MET_TEXT)
            self.draw_text(painter, mark.rect, item.text, colour=text,
                           align=Qt.AlignmentFlag.AlignHCenter)
