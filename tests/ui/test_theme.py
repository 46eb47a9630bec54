"""One theme: the window's colours are written in ui/theme.py, nowhere else under ui/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ui
from ui import theme

UI = Path(ui.__file__).resolve().parent
COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
OWN_TINTS = {"theme.py", "fieldvisit/style.py"}
"""The theme itself, and the field visit's own look (its tints beside the theme's colours)."""


def test_colours_are_written_only_in_the_theme() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        where = path.relative_to(UI).as_posix()
        if where in OWN_TINTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [f"{where}:{node.lineno}: {c}" for c in COLOUR.findall(node.value)]
    assert not found, "colours belong in ui/theme.py:\n" + "\n".join(found)


def test_a_box_is_white_with_a_thin_rounded_border() -> None:
    assert theme.box("statCard") == (
        "#statCard { background: palette(base); border: 1px solid #dadce0; border-radius: 6px; }")
    assert COLOUR.fullmatch(theme.ACCENT) and COLOUR.fullmatch(theme.OTHER_ACTION)
