"""`python -m ui --screenshots DIR`: render the window once its data has loaded, save PNGs, quit."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QWidget

from ui.main_window import MainWindow

SIZE = (1280, 800)
SETTLE_MS = 100


def save_png(widget: QWidget, path: Path) -> Path:
    """Render a widget (offscreen too) to a PNG file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"无法写入截图：{path}")
    return path


def capture_after_load(window: MainWindow, folder: Path) -> None:
    """Once the ledger has loaded, save DIR/main_window.png and quit (exit 1 if anything failed)."""
    window.resize(*SIZE)

    def capture() -> None:
        try:
            saved = save_png(window, folder / "main_window.png")
        except OSError as exc:
            print(exc, file=sys.stderr)
            QCoreApplication.exit(1)
            return
        print(saved)
        QCoreApplication.exit(0)

    def failed(message: str) -> None:
        print(message, file=sys.stderr)
        QCoreApplication.exit(1)

    window.ledger_loaded.connect(lambda: QTimer.singleShot(SETTLE_MS, capture))
    window.open_failed.connect(failed)
