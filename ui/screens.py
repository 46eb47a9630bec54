"""Screens the screenshot tour emulates: size, Windows display scaling and taskbar, offscreen.

Qt's offscreen platform reads its screens from a JSON file (`offscreen:configfile=PATH`, see
qtbase src/plugins/platforms/offscreen/qoffscreenintegration.cpp): geometry in device pixels and
a logical DPI. A screen of 1366 × 768 device pixels at 120 dpi (96 is 100%) is what Windows
reports at 125%: Qt scales by 1.25, as it does there, and lays the widgets out on 1093 × 614
logical pixels, painting them at 1.25 device pixels each. The offscreen screen is available
whole, so the taskbar is taken off by ui.widgets.fitting.reserve.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BASE_DPI = 96


@dataclass(frozen=True)
class ScreenSize:
    """A screen to emulate, and how the main window sits on it."""

    name: str
    """Its name on the command line, and the pictures' subfolder ("" for the default)."""
    width: int
    """Device pixels."""
    height: int
    scale: float
    """Windows' display scaling: 1.25 for 125%."""
    taskbar: int = 0
    """The taskbar's height at the bottom, in logical pixels."""
    window: tuple[int, int] | None = None
    """The main window's size; None: maximized (all the room above the taskbar)."""

    @property
    def logical(self) -> tuple[int, int]:
        """The screen in logical pixels, as laid out."""
        return round(self.width / self.scale), round(self.height / self.scale)

    def describe(self) -> str:
        """"1366 × 768 at 125% (1093 × 614 logical, taskbar 40)" for messages."""
        width, height = self.logical
        return (f"{self.width} × {self.height} at {round(self.scale * 100)}% "
                f"({width} × {height} logical, taskbar {self.taskbar})")


DEFAULT = ScreenSize("default", 1920, 1080, 1.0, window=(1280, 800))
"""The README's pictures: a 1280 × 800 window on a screen with room to spare."""
SMALL = ScreenSize("1366x768@125", 1366, 768, 1.25, taskbar=40)
"""The common office laptop, at the scaling Windows chooses for it."""
FULL_HD = ScreenSize("1920x1080@150", 1920, 1080, 1.5, taskbar=40)
"""A 15-inch Full HD laptop, at the scaling Windows chooses for it."""
SIZES = {size.name: size for size in (DEFAULT, SMALL, FULL_HD)}


def folder_for(root: Path, size: ScreenSize) -> Path:
    """Where a size's pictures go: the default ones in DIR itself, the others in a subfolder."""
    return root if size is DEFAULT else root / size.name


def platform_for(size: ScreenSize) -> str:
    """The QT_QPA_PLATFORM value that makes the offscreen platform emulate `size` (writes its
    configuration to a temporary file, removed when the process ends)."""
    config = {"screens": [{
        "name": size.name, "x": 0, "y": 0, "width": size.width, "height": size.height,
        "logicalDpi": round(BASE_DPI * size.scale), "logicalBaseDpi": BASE_DPI, "dpr": 1.0,
    }]}
    handle, name = tempfile.mkstemp(prefix="screen-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(config, file)
    import atexit

    atexit.register(lambda: Path(name).unlink(missing_ok=True))
    return f"offscreen:configfile={name}"


def run_sizes(argv: Sequence[str], sizes: Sequence[ScreenSize]) -> int:
    """`python -m ui --screenshots DIR` for several sizes: one child process each (a process has
    one set of screens), the first alone (it may make the demo ledger), the others side by side;
    the worst exit code."""
    def start(size: ScreenSize) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "ui", *argv, "--screen", size.name])

    first, *rest = sizes
    codes = [start(first).wait()]
    children = [start(size) for size in rest]
    codes += [child.wait() for child in children]
    return max(codes)
