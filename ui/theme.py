"""The window's colours and the style-sheet snippets the pages, dialogs and widgets share.

Plain strings, no Qt: a style sheet takes them as they are, a painter as QColor(theme.X). The
status colours of the nine functions are not here: the workbooks and the printed reports use
them too (app/domain/palette.py).
"""

from __future__ import annotations

# --- text that means something ---------------------------------------------------------------

MUTED = "#5f6368"
"""Secondary text: captions, notes, hints, counts."""

FAINT = "#9aa0a6"
"""Drawn lightly: arrows between stages, the dashed outline of a not-resettled community."""

PROBLEM = "#b3261e"
"""What is wrong and waits for the user: read-only, a refused import, a rejected bundle."""

ERROR = "#c62828"
"""An error beside what caused it: a field, a deleted record, a target not met."""

GOOD = "#2e7d32"
"""Done as hoped: delivered, met, created."""

WAITING = "#9a5b00"
"""Not yet, or not possible here: waiting for delivery, no report for this area."""

WAITING_BACKGROUND = "#fdf0d5"
PROBLEM_BACKGROUND = "#fbe3e1"
"""Behind WAITING or PROBLEM text that marks a whole row (a device's held bundles)."""

# --- lines, chips, bars ------------------------------------------------------------------------

LINE = "#dadce0"
"""The border of boxes and cards, and the rules inside them."""

CHIP_TEXT = "#1d4f7a"
CHIP_BACKGROUND = "#d6e9f8"
"""The small pale-blue chip: the level of the area a page shows, a function's tag."""

TRACK = "#e8eaed"
"""The empty part of a coverage bar."""

MARKER = "#37474f"
"""The 2030 target's mark on a coverage bar."""

FOOTER_LINE = "#d0d4d8"
"""The rule above the matrix footer."""

# --- rows of a table ---------------------------------------------------------------------------

DELETED = "#9e9e9e"
"""A deleted record's row, when deleted records are shown."""

NOT_RESETTLED = "#8a8f94"
"""The name of a not-yet-resettled community in the matrix."""

SKIPPED = "#80868b"
"""A sheet of a workbook that is not imported."""

LOST = "#8a4b00"
"""The value a merge overwrote: the one a person may want back."""

# --- the accent (buttons that lead on) ---------------------------------------------------------

ACCENT = "#1a67d2"
ACCENT_HOVER = "#14529f"
ACCENT_PRESSED = "#0f3f7a"
ACCENT_DISABLED = "#9dbbe6"

DANGER_HOVER = "#8c1d18"
DANGER_DISABLED = "#e6a9a5"
"""A red button (what cannot be undone) under the mouse, and before it may be pressed."""

# --- the history's actions ---------------------------------------------------------------------

ACTION_COLOURS = {"create": GOOD, "update": "#1565c0", "delete": ERROR,
                  "restore": GOOD, "undo": "#6a1b9a", "merge": "#ef6c00"}
"""Each kind of change in a record's history."""

OTHER_ACTION = "#555"
"""A kind of change the history does not know."""

# --- style-sheet snippets ----------------------------------------------------------------------

MUTED_TEXT = f"color: {MUTED};"
FAINT_TEXT = f"color: {FAINT};"
PROBLEM_TEXT = f"color: {PROBLEM};"
ERROR_TEXT = f"color: {ERROR};"
GOOD_TEXT = f"color: {GOOD};"
WAITING_TEXT = f"color: {WAITING};"
PLACEHOLDER_TEXT = "color: palette(placeholder-text);"
"""Text as pale as an empty box's placeholder (follows the system's palette)."""

RULE = f"color: {LINE};"
"""A horizontal rule (a QFrame HLine) inside a box."""

CHIP = (f"color: {CHIP_TEXT}; background: {CHIP_BACKGROUND}; border-radius: 4px;"
        " padding: 2px 8px;")

PRIMARY_BUTTON = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT};"
    " border-radius: 6px; padding: 8px 32px; font-weight: bold; }"
    f"QPushButton:hover {{ background: {ACCENT_HOVER}; }}"
    f"QPushButton:pressed {{ background: {ACCENT_PRESSED}; }}"
    f"QPushButton:disabled {{ background: {ACCENT_DISABLED}; border-color: {ACCENT_DISABLED};"
    " color: white; }"
)
"""The one big button a page leads to (同步)."""

DANGER_BUTTON = (
    f"QPushButton {{ background: {PROBLEM}; color: white; border: 1px solid {PROBLEM};"
    " border-radius: 4px; padding: 5px 20px; font-weight: bold; }"
    f"QPushButton:hover {{ background: {DANGER_HOVER}; }}"
    f"QPushButton:disabled {{ background: {DANGER_DISABLED}; border-color: {DANGER_DISABLED};"
    " color: white; }"
)
"""A button that does what cannot be undone (吊销): red, and pale until it may be pressed."""

EMPTY_LIST = (f"background: palette(base); border: 1px dashed {LINE}; border-radius: 6px;"
              f" padding: 10px 16px; color: {MUTED};")
"""A list with nothing in it: what it will hold, in words."""


def box(name: str) -> str:
    """The style of a white box with a thin rounded border: the frame whose objectName is `name`
    (its children keep their own look)."""
    return (f"#{name} {{ background: palette(base); border: 1px solid {LINE};"
            " border-radius: 6px; }")


def reminder_bar(name: str) -> str:
    """The style of a pale amber bar across the window that asks for something not yet done:
    the frame whose objectName is `name`."""
    return (f"#{name} {{ background: {WAITING_BACKGROUND}; border: 1px solid {WAITING};"
            " border-radius: 6px; }")


# --- the screenshot tour's emulated screen (ui.camera) ------------------------------------------

SCREEN_DESKTOP = "#3a6ea5"
"""The desktop around the windows."""
SCREEN_TASKBAR = "#202020"
"""The taskbar along the bottom."""
SCREEN_TITLE_BAR = "#f3f3f3"
"""A window's title bar and border, as the system draws them."""
SCREEN_WINDOW_EDGE = "#9a9a9a"
"""The thin line around a window."""


# --- the charts of the 统筹 page ---------------------------------------------------------------

RANKING_PARTS = ("#1a67d2", "#2e7d32", "#b86e00", "#6a4c9c")
"""The four parts of a ranking score, stacked in this order (覆盖提升, 项目按期, 需求办结,
数据及时): dark enough for white points inside them."""

ON_DARK = "#ffffff"
"""Text inside a dark mark: a ranking part's points, a met target's rate."""
ON_AMBER = "#4a2f00"
"""Text inside an amber mark: how many communities a target still needs."""
