"""Dialogs that fit the screen they open on: fields scroll, the buttons stay, nothing off screen.

A laptop at 1366 × 768 and 125% scaling leaves a window 1093 × 574 logical pixels above the
taskbar, less the title bar. Every dialog of the app goes through `fit`, once, after it is built:

    class BackupsDialog(QDialog):
        def __init__(self, parent):
            super().__init__(parent)
            layout = padded_layout(self)      # or any layout of your own
            ...                               # the fields, tables, notes
            layout.addWidget(buttons)         # the QDialogButtonBox (or a row of buttons) last
            fitting.fit(self, scroll=True)

`fit(dialog)` caps the dialog's size to the available geometry of the screen its parent window
is on (QScreen.availableGeometry: the taskbar excluded) and places it wholly inside, title bar
included, each time it is shown and whenever it grows. `scroll=True` also moves everything above
the button row into a frameless scroll area, so that the fields scroll and the buttons stay
visible however small the screen; leave it out when the dialog already scrolls (a table that
takes the spare height, a scroll area of its own) and its minimum height is small. Message boxes
(QMessageBox) take `fit(box)` alone. A QWizard keeps its own buttons: call
`scroll_fields(page)` on each QWizardPage and `fit(wizard)` on the wizard.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

DECORATION = QMargins(2, 31, 2, 2)
"""What the system adds around a window at least (Windows 10/11: a 31-pixel title bar and a thin
border, in logical pixels); a window's own frame counts when the system reports a larger one."""

_reserved = QMargins()
_FITTER = "fittingFitter"
_FIELDS = "fittedFields"
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def reserve(margins: QMargins) -> None:
    """Take room off every screen that the platform does not report as taken (the screenshot
    tour's emulated taskbar, under the offscreen platform, whose screens are all available)."""
    global _reserved
    _reserved = QMargins(margins)


def available_geometry(widget: QWidget) -> QRect:
    """The part of the screen a window may use: the screen its parent window is on (else its
    own, else the primary screen), without the taskbar."""
    parent = widget.parentWidget()
    screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry().marginsRemoved(_reserved)


def decoration(window: QWidget) -> QMargins:
    """The frame around a window's own geometry: the one the system reports, or DECORATION if
    that is larger (before the window is shown, or on a platform without decorations)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QMargins(max(DECORATION.left(), inner.left() - frame.left()),
                    max(DECORATION.top(), inner.top() - frame.top()),
                    max(DECORATION.right(), frame.right() - inner.right()),
                    max(DECORATION.bottom(), frame.bottom() - inner.bottom()))


def room(window: QWidget) -> QRect:
    """Where a window's own geometry (inside its frame) may lie for all of it to be seen."""
    return available_geometry(window).marginsRemoved(decoration(window))


def place(window: QWidget) -> None:
    """Shrink a window to the room on its screen if it is larger, and move it wholly inside."""
    space = room(window)
    if window.minimumWidth() > space.width():
        window.setMinimumWidth(space.width())
    if window.minimumHeight() > space.height():
        window.setMinimumHeight(space.height())
    size = window.size().boundedTo(space.size())
    x = min(max(window.x(), space.left()), space.right() - size.width() + 1)
    y = min(max(window.y(), space.top()), space.bottom() - size.height() + 1)
    wanted = QRect(x, y, size.width(), size.height())
    if window.geometry() != wanted:
        window.setGeometry(wanted)


def grow(window: QWidget) -> None:
    """Make a window tall enough for its scrolling fields (scroll_fields) to need no scrolling at
    the width shown, as far as the room on screen allows; then place it (for text that wraps
    onto more lines than its size hint counted, or grew while the window is open)."""
    area = window.findChild(QScrollArea, _FIELDS, _DIRECT)
    content = area.widget() if area is not None else None
    if area is not None and content is not None:
        width = area.viewport().width()
        needed = (content.heightForWidth(width) if content.hasHeightForWidth()
                  else content.sizeHint().height())
        needed = max(needed, content.minimumSizeHint().height())
        missing = needed - area.viewport().height()
        if missing > 0:
            window.resize(window.width(), window.height() + missing)
    place(window)


class _Fitter(QObject):
    """Places its dialog when it is shown (after the dialog's own show handling, which may
    resize it, as QMessageBox does) and again whenever it grows past the room it has."""

    _WATCHED = (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.Move)

    def __init__(self, window: QWidget, *, grows: bool) -> None:
        super().__init__(window)
        self.setObjectName(_FITTER)
        self.grows = grows
        self.showing = False
        self.queued = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit on show, and after a resize or move that leaves the room."""
        if event.type() not in self._WATCHED or not isinstance(watched, QWidget):
            return False  # the window may be half destroyed: touch nothing else
        if getattr(self, "showing", True):
            return False
        if event.type() == QEvent.Type.Show:
            if event.spontaneous():
                return False
            self.showing = True
            try:
                watched.event(event)  # the dialog sizes and centres itself first
            finally:
                self.showing = False
            if self.grows:
                grow(watched)
            else:
                place(watched)
            return True
        if watched.isVisible() and not self.queued and not room(watched).contains(
                watched.geometry()):
            self.queued = True
            QTimer.singleShot(0, self, partial(self._place_again, watched))
        return False

    def _place_again(self, window: QWidget) -> None:
        self.queued = False
        if window.isVisible():
            place(window)


class _FieldsArea(QScrollArea):
    """The scrolling part of a fitted dialog: as large as its fields want (Qt caps a scroll
    area's wish at 36 × 24 lines), as small as a few lines, never narrower than the fields."""

    def sizeHint(self) -> QSize:
        """The fields' own size, and the frame."""
        content = self.widget()
        hint = content.sizeHint() if content is not None else super().sizeHint()
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame, hint.height() + frame)

    def minimumSizeHint(self) -> QSize:
        """The fields' minimum width beside a scroll bar; three lines high."""
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(width + bar + 2 * self.frameWidth(), 3 * self.fontMetrics().height())


def _only_buttons(layout: QLayout) -> bool:
    """Whether a layout holds buttons and spacing only (a row of buttons)."""
    found = False
    for n in range(layout.count()):
        item = layout.itemAt(n)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            if not isinstance(widget, QAbstractButton | QDialogButtonBox):
                return False
            found = True
        elif item.layout() is not None:
            return False
    return found


def _take_button_row(layout: QLayout) -> QWidget | QLayout | None:
    """Take the last item out of a box layout if it is a QDialogButtonBox or a row of buttons."""
    if not isinstance(layout, QBoxLayout) or layout.count() == 0:
        return None
    last = layout.itemAt(layout.count() - 1)
    if last is None:
        return None
    widget, row = last.widget(), last.layout()
    if isinstance(widget, QDialogButtonBox):
        layout.removeWidget(widget)
        return widget
    if row is not None and _only_buttons(row):
        layout.takeAt(layout.count() - 1)
        return row
    return None


def scroll_fields(widget: QWidget) -> QScrollArea:
    """Move a widget's layout into a frameless scroll area, all but the button row at its end
    (a QDialogButtonBox, or a layout of buttons only), which stays below, always visible."""
    existing = widget.findChild(QScrollArea, _FIELDS, _DIRECT)
    if existing is not None:
        return existing
    inner = widget.layout()
    if inner is None:
        raise ValueError("scroll_fields: the widget has no layout yet")
    margins = inner.contentsMargins()
    spacing = max(inner.spacing(), 0)
    buttons = _take_button_row(inner)
    content = QWidget()
    content.setLayout(inner)  # Qt takes the layout, and its widgets, off the dialog
    inner.setContentsMargins(margins.left(), margins.top(), margins.right(),
                             0 if buttons is not None else margins.bottom())
    area = _FieldsArea()
    area.setObjectName(_FIELDS)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus, not their frame
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(0)
    outer.addWidget(area, 1)
    if buttons is not None:
        row = QVBoxLayout()
        row.setContentsMargins(margins.left(), spacing, margins.right(), margins.bottom())
        for button in _widgets(buttons):  # after the fields in the focus chain, as they were
            button.setParent(None)
        if isinstance(buttons, QWidget):
            row.addWidget(buttons)
        else:
            row.addLayout(buttons)
        outer.addLayout(row)
    return area


def _widgets(item: QWidget | QLayout) -> list[QWidget]:
    """The widget, or the widgets of a layout."""
    if isinstance(item, QWidget):
        return [item]
    found = (item.itemAt(n) for n in range(item.count()))
    widgets = (part.widget() for part in found if part is not None)
    return [widget for widget in widgets if widget is not None]


def fit(dialog: QWidget, *, scroll: bool = False, grow: bool = True) -> None:
    """Keep a dialog within the available screen whenever it is shown (see the module's
    docstring); `scroll`: its fields scroll above the button row, which stays visible; `grow`
    (with `scroll`): it opens tall enough for its fields not to scroll, as the screen allows
    (False: it keeps its own size, a table in it taking up the slack)."""
    if scroll:
        scroll_fields(dialog)
    if dialog.findChild(QObject, _FITTER, _DIRECT) is None:
        _Fitter(dialog, grows=grow)
