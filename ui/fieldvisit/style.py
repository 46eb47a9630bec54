"""The look of field-visit mode: big type, big touch targets, calm colours, generous spacing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from ui import theme

SCALE = 1.4
"""The flow's type size against the application font."""

HEADINGS = {"h1": 1.35, "h2": 1.12, "hero": 2.0, "mark": 3.2}
"""Heading levels and their size against the flow's type."""

BUTTON_HEIGHT = 56
"""Every button and entry box is at least this high (a fingertip needs 48 px)."""

SPACING = 18
MARGIN = 32
CONTENT_WIDTH = 1040
"""The column the steps are laid out in: centred, no wider than this on a wide screen."""

ACCENT_SOFT = "#e7f0fc"
FOCUS = "#3c4043"
"""Keyboard focus: a dark dashed frame, never the accent colour that means "chosen"."""
LINE = "#cfd4da"
BACKGROUND = "#f5f6f8"
"""The flow's own tints; the colours that mean something are the window's (ui/theme.py)."""

# Every frame is 2 px whatever its state (focus, chosen, wrong): a state changes colours, never
# sizes, so nothing moves under a finger.
STYLE = f"""
#fieldVisit {{ background: {BACKGROUND}; }}
#fieldVisit QWidget#bar {{ background: white; }}
#fieldVisit QFrame#topLine, #fieldVisit QFrame#bottomLine {{ background: {LINE}; border: none; }}
#fieldVisit QScrollArea, #fieldVisit QScrollArea > QWidget > QWidget {{ background: transparent; }}
#fieldVisit QLabel[role="muted"] {{ color: {theme.MUTED}; }}
#fieldVisit QLabel[role="message"] {{ color: {theme.ERROR}; }}
#fieldVisit QLabel[role="success"] {{ color: {theme.GOOD}; }}
#fieldVisit QLabel[role="unit"] {{ color: {theme.MUTED}; }}
#fieldVisit QPushButton {{
    background: white; color: #202124; border: 2px solid {LINE}; border-radius: 8px;
    padding: 5px 21px; outline: none;
}}
#fieldVisit QPushButton:hover {{ border-color: {theme.ACCENT}; }}
#fieldVisit QPushButton:pressed {{ background: {ACCENT_SOFT}; }}
#fieldVisit QPushButton:disabled {{ color: #a0a4a8; background: #eef0f2; border-color: #e0e3e6; }}
#fieldVisit QPushButton[role="primary"] {{
    background: {theme.ACCENT}; color: white; border: 2px solid {theme.ACCENT}; font-weight: bold;
}}
#fieldVisit QPushButton[role="primary"]:hover {{ background: {theme.ACCENT_HOVER}; }}
#fieldVisit QPushButton[role="primary"]:disabled {{
    background: {theme.ACCENT_DISABLED}; border-color: {theme.ACCENT_DISABLED}; color: white;
}}
#fieldVisit QPushButton[role="exit"] {{ color: {theme.ERROR}; border-color: #e6b8b8; }}
#fieldVisit QPushButton[role="tile"] {{ text-align: left; padding: 13px 23px; }}
#fieldVisit QPushButton[role="toggle"] {{ padding: 5px 13px; }}
#fieldVisit QPushButton[role="toggle"]:checked {{
    background: {theme.ACCENT}; color: white; border: 2px solid {theme.ACCENT_HOVER};
    font-weight: bold;
}}
#fieldVisit QPushButton:focus {{ border: 2px dashed {FOCUS}; }}
#fieldVisit QPushButton[role="toggle"]:checked:focus {{ border: 2px dashed {FOCUS}; }}
#fieldVisit QLineEdit, #fieldVisit QPlainTextEdit, #fieldVisit QComboBox {{
    background: white; border: 2px solid {LINE}; border-radius: 6px; padding: 3px 9px;
}}
#fieldVisit QLineEdit:focus, #fieldVisit QPlainTextEdit:focus {{
    border: 2px solid {theme.ACCENT};
}}
#fieldVisit *[invalid="true"],
#fieldVisit QLineEdit[invalid="true"]:focus, #fieldVisit QPlainTextEdit[invalid="true"]:focus {{
    border: 2px solid {theme.ERROR};
}}
#fieldVisit QListWidget {{
    background: white; border: 1px solid {LINE}; border-radius: 8px; outline: none;
}}
#fieldVisit QListWidget::item {{ padding: 14px 16px; border-bottom: 1px solid #eceef1; }}
#fieldVisit QListWidget::item:selected {{
    background: {theme.ACCENT}; color: white; font-weight: bold;
}}
#fieldVisit QFrame#card {{ background: white; border: 1px solid {LINE}; border-radius: 10px; }}
#fieldVisit QFrame#photo {{ background: white; border: 1px solid {LINE}; border-radius: 8px; }}
#fieldVisit QScrollBar:vertical {{ width: 22px; background: transparent; }}
#fieldVisit QScrollBar::handle:vertical {{
    background: #c2c7cd; border-radius: 8px; min-height: 48px; margin: 3px;
}}
#fieldVisit QScrollBar::add-line:vertical, #fieldVisit QScrollBar::sub-line:vertical {{
    height: 0px;
}}
"""


def flow_font(base: QFont) -> QFont:
    """The flow's type: the application font, SCALE times larger."""
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * SCALE)
    return font


def style_sheet(font: QFont) -> str:
    """The window's style sheet for its type size.

    The sizes are set here, not with setFont: a style sheet re-applied to one widget (a field
    marked invalid) would give it the application's size again.
    """
    size = font.pointSizeF()
    sizes = [f"#fieldVisit, #fieldVisit * {{ font-size: {size:.1f}pt; }}"]
    sizes += [f'#fieldVisit QLabel[heading="{level}"] {{ font-size: {size * scale:.1f}pt; '
              "font-weight: bold; }"
              for level, scale in HEADINGS.items()]
    return STYLE + "\n".join(sizes) + "\n"


def heading(text: str = "", level: str = "h1") -> QLabel:
    """A bold heading, larger than the flow's type (level: a key of HEADINGS)."""
    label = QLabel(text)
    label.setProperty("heading", level)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def note(text: str = "", role: str = "muted") -> QLabel:
    """A line of plain explanatory text (muted grey unless another role is given)."""
    label = QLabel(text)
    label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


CHECK_MARK = "✓ "
"""Put before a chosen toggle's text: "chosen" is said by a mark, not by a colour alone."""


def message_line(font: QFont) -> QLabel:
    """A red message whose line is always kept (in the flow's `font`): showing or clearing it
    moves nothing below, so a tap never lands where a button was a moment before."""
    label = note(role="message")
    metrics = QFontMetrics(font)
    line = max(metrics.lineSpacing(), metrics.boundingRect("需求Ag“”").height())
    label.setMinimumHeight(line + 4)  # a line of Chinese with its quotes, however the font draws it
    return label


def button(text: str, role: str = "", *, height: int = BUTTON_HEIGHT) -> QPushButton:
    """A big button: role "primary" (the way on), "exit", "tile", "toggle", or "" (plain)."""
    found = QPushButton(text)
    if role:
        found.setProperty("role", role)
    found.setMinimumHeight(height)
    found.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    found.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    found.setAutoDefault(False)
    return found
