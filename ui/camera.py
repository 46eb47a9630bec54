"""The screenshot tour's camera: pictures at one screen size, each checked for what does not fit.

At the default size a picture is the window (or dialog) alone, as the README shows it. On an
emulated screen it is the whole screen in device pixels: the main window maximized, the dialog
where it opened, title bars as the system would draw them, and the taskbar. Every picture's
problems (a window off screen, a button cut off, a page's column or result out of sight) are
printed and written to fit.json beside the pictures, which the tests read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QWidget

from ui import layout_check, theme
from ui.screens import DEFAULT, ScreenSize
from ui.widgets import fitting

REPORT = "fit.json"
"""The file of each size's checks, beside its pictures."""


def save_image(image: QImage, path: Path) -> Path:
    """Write a picture, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        message = QCoreApplication.translate("screenshots", "Cannot write the screenshot: {path}")
        raise OSError(message.format(path=path))
    return path


class Camera:
    """Takes and checks the pictures of one screen size, into one folder."""

    def __init__(self, folder: Path, size: ScreenSize) -> None:
        self.folder = folder
        self.size = size
        self.problems: dict[str, list[str]] = {}
        """Every picture taken (its file name without .png) and what does not fit in it."""

    def set_up(self, window: QWidget) -> None:
        """Size the main window as the screen's user has it: 1280 × 800 at the default size,
        maximized on the emulated screens."""
        window.setWindowState(Qt.WindowState.WindowNoState)  # offscreen would cover the taskbar
        if self.size.window is not None:
            window.resize(*self.size.window)
            fitting.place(window)
        else:  # as Windows maximizes: all the room above the taskbar, below the title bar
            window.setGeometry(fitting.room(window))

    def page(self, window: QWidget, page: QWidget, name: str) -> Path:
        """The main window showing a page."""
        problems = layout_check.window_problems(window)
        problems += layout_check.area_problems(layout_check.page_areas(page))
        return self._take(name, [window], problems)

    def dialog(self, window: QWidget, dialog: QWidget, name: str,
               page: QWidget | None = None) -> Path:
        """A dialog open over the main window (and the page under it, checked too)."""
        problems = layout_check.dialog_problems(dialog)
        if page is not None:
            problems += layout_check.area_problems(layout_check.page_areas(page))
        return self._take(name, [window, dialog], problems)

    def _take(self, name: str, windows: list[QWidget], problems: list[str]) -> Path:
        self.problems[name] = problems
        for problem in problems:
            print(f"{self.size.name} {name}: {problem}", file=sys.stderr)
        path = self.folder / f"{name}.png"
        if self.size is DEFAULT:
            return save_image(windows[-1].grab().toImage(), path)
        return save_image(self.screen(windows), path)

    def screen(self, windows: list[QWidget]) -> QImage:
        """The emulated screen with the windows on it, bottom first, and the taskbar."""
        screen = QGuiApplication.primaryScreen()
        image = QImage(self.size.width, self.size.height, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(screen.devicePixelRatio())
        image.fill(QColor(theme.SCREEN_DESKTOP))
        painter = QPainter(image)
        bounds = screen.geometry()
        for window in windows:
            inner = window.geometry()
            frame = inner.marginsAdded(fitting.decoration(window))
            painter.fillRect(frame, QColor(theme.SCREEN_TITLE_BAR))
            painter.setPen(QColor(theme.SCREEN_WINDOW_EDGE))
            painter.drawRect(frame.adjusted(0, 0, -1, -1))
            painter.setPen(Qt.GlobalColor.black)
            title = QRect(frame.left() + 10, frame.top(), frame.width() - 20,
                          inner.top() - frame.top())
            painter.drawText(title, Qt.AlignmentFlag.AlignVCenter, window.windowTitle())
            painter.drawPixmap(inner.topLeft(), window.grab())
        taskbar = QRect(QPoint(bounds.left(), bounds.bottom() - self.size.taskbar + 1),
                        bounds.bottomRight())
        painter.fillRect(taskbar, QColor(theme.SCREEN_TASKBAR))
        painter.end()
        return image

    def finish(self) -> Path:
        """Write fit.json: the screen and each picture's problems."""
        width, height = self.size.logical
        space = fitting.available_geometry(QWidget())
        report = {
            "screen": self.size.name, "described": self.size.describe(),
            "logical": [width, height],
            "available": [space.x(), space.y(), space.width(), space.height()],
            "pictures": self.problems,
        }
        path = self.folder / REPORT
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return path
