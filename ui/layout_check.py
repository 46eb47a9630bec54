"""What the screenshot tour checks on each picture: windows on screen, buttons whole, and the parts
of a page that must be seen without scrolling."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QTableView,
    QTreeView,
    QWidget,
)

from ui.widgets import fitting

Area = tuple[str, QWidget, QRect]
"""A part to be seen: what it is, the widget, the rectangle in it (an empty one: all of it)."""


def shown_part(widget: QWidget, rect: QRect | None = None) -> QRect:
    """The part of `rect` (in widget coordinates; None: the whole widget) left visible by the
    widget's ancestors, in the window's coordinates; empty if the widget is hidden."""
    window = widget.window()
    if not widget.isVisibleTo(window) or not window.isVisible():
        return QRect()
    origin = widget.mapTo(window, QPoint(0, 0))
    part = (rect or widget.rect()).translated(origin)
    ancestor: QWidget | None = widget
    while ancestor is not None and ancestor is not window:
        part &= QRect(ancestor.mapTo(window, QPoint(0, 0)), ancestor.size())
        ancestor = ancestor.parentWidget()
    return part & window.rect()


def wholly_shown(widget: QWidget, rect: QRect | None = None) -> bool:
    """Whether all of `rect` (None: the widget) is visible in its window."""
    full = (rect or widget.rect()).translated(widget.mapTo(widget.window(), QPoint(0, 0)))
    return not full.isEmpty() and shown_part(widget, rect) == full


def window_problems(window: QWidget) -> list[str]:
    """The window, title bar included, out of the screen's available geometry."""
    space = fitting.room(window)
    if space.contains(window.geometry()):
        return []
    where = window.geometry()
    return [f"{window.windowTitle() or window.objectName()}: the window "
            f"({where.x()}, {where.y()}, {where.width()} × {where.height()}) is not within "
            f"the room on screen ({space.x()}, {space.y()}, {space.width()} × {space.height()})"]


def _outside_scrolling(widget: QWidget, window: QWidget) -> bool:
    """Whether no scroll area between the widget and its window could bring it into view."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return False
        parent = parent.parentWidget()
    return True


def _buttons(window: QWidget) -> Iterator[QAbstractButton]:
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and _outside_scrolling(button, window):
            yield button


def dialog_problems(dialog: QWidget) -> list[str]:
    """A dialog not wholly on screen, or one of its buttons (those no scrolling reaches)
    cut off or squeezed below the size it needs."""
    problems = window_problems(dialog)
    for button in _buttons(dialog):
        name = button.text().replace("&", "") or button.objectName() or type(button).__name__
        if not wholly_shown(button):
            problems.append(f"{dialog.windowTitle()}: the button {name!r} is cut off")
        elif button.height() < button.minimumSizeHint().height():
            problems.append(f"{dialog.windowTitle()}: the button {name!r} is squeezed")
    return problems


def area_problems(areas: list[Area]) -> list[str]:
    """The parts of a page that are not wholly seen."""
    return [f"{what} is not wholly visible" for what, widget, rect in areas
            if not wholly_shown(widget, rect if not rect.isEmpty() else None)]


def column_area(what: str, view: QTableView | QTreeView, column: int) -> Area:
    """A table's column: its header section, at least as wide as its title and the widest cell
    shown need (a column narrower than that counts as that wide)."""
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    if header.isSectionHidden(column):
        return (f"{what} (hidden)", header, QRect(0, 0, 1 << 20, 1))
    needed = max(header.sectionSizeFromContents(column).width(), view.sizeHintForColumn(column))
    width = max(header.sectionSize(column), needed)
    left = header.sectionViewportPosition(column)
    return (what, header.viewport(), QRect(left, 0, width, header.height()))


def page_areas(page: QWidget) -> list[Area]:
    """The parts of a page that must be seen without scrolling, on any screen the app supports:
    the overview's 缺少 column, the spaces list's 使用状态, the reports' progress and result."""
    from ui.pages.overview_page import OverviewPage
    from ui.pages.records_page import RecordsPage
    from ui.pages.reports_page import ReportsPage

    if isinstance(page, OverviewPage) and page.laggard_panel.isVisible():
        return [column_area("the overview's Missing column", page.laggards, 3)]
    if isinstance(page, RecordsPage) and page.spec.name == "space":
        names = [field.name for field in page.model.fields]
        return [column_area("the spaces list's Usage column", page.table, names.index("usage"))]
    if isinstance(page, ReportsPage):
        return [(what, line, QRect()) for what, line in
                (("the export's progress or result", page.feedback_line),
                 ("the PDF report's progress or result", page.pdf_feedback_line))
                if line.isVisibleTo(page)]
    return []
