"""The colours that mean something, shared by the window, the workbooks and the printed reports."""

from __future__ import annotations

from app.domain.enums import FunctionStatus

STATUS_COLOURS: dict[FunctionStatus, tuple[str, str]] = {
    FunctionStatus.NONE: ("#eceff1", "#78909c"),
    FunctionStatus.PLANNED: ("#d6e9f8", "#1d4f7a"),
    FunctionStatus.BUILDING: ("#fbe3a4", "#6b4a00"),
    FunctionStatus.READY: ("#cdebd0", "#1d5e24"),
    FunctionStatus.OPERATING: ("#4c9a55", "#ffffff"),
    FunctionStatus.SUSPENDED: ("#f6cdd1", "#8e1c2b"),
}
"""Background and text colour of each status: calm, told apart by lightness and by the text."""

TARGET_MET = "#4c9a55"
TARGET_NOT_MET = "#e3a33b"
"""Coverage against its 2030 target: green when reached, amber while not."""
