"""The bundled CJK font installed as the application font, so every machine renders the same."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import paths

POINT_SIZE = 10
"""Readable Chinese on a 96-DPI Windows laptop (Qt's own default there is 9 pt)."""


class FontLoadError(RuntimeError):
    """The bundled font file is missing or Qt cannot read it (a broken installation)."""


_loaded: dict[Path, str] = {}


def load_font_family(path: Path = paths.FONT_FILE, family: str = paths.FONT_FAMILY) -> str:
    """Add the font file to Qt's font database (once) and return the family it provides."""
    if path in _loaded and _loaded[path] in QFontDatabase.families():
        return _loaded[path]
    if not path.is_file():
        raise FontLoadError(f"找不到字体文件：{path}（安装不完整，请重新安装本程序）")
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id != -1 else []
    if not families:
        raise FontLoadError(f"无法加载字体文件：{path}（文件已损坏，请重新安装本程序）")
    _loaded[path] = family if family in families else families[0]
    return _loaded[path]


def install_app_font(app: QApplication, point_size: int = POINT_SIZE) -> str:
    """Make the bundled WenQuanYi Micro Hei the application font; returns its family."""
    family = load_font_family()
    font = QFont(family, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return family
