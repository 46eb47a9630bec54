"""A page's big title and the chip beside it that names the area: one look on every page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui import theme

TITLE_SCALE = 1.6


def title_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A page title: bold, 1.6 times the body text."""
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
    font.setBold(True)
    label.setFont(font)
    return label


def section_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A section's heading within a page: bold, a little larger than the body text."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label


def chip_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A small pale-blue chip, such as the level of the area a page shows."""
    label = QLabel(text, parent)
    label.setStyleSheet(theme.CHIP)
    return label
