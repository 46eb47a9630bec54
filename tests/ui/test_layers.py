"""The UI reaches the data through app.services only: no SQL libraries imported under ui/."""

from __future__ import annotations

import ast
from pathlib import Path

import ui

FORBIDDEN = ("sqlalchemy", "sqlmodel", "sqlite3")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ui_never_imports_sql_libraries() -> None:
    folder = Path(ui.__file__).parent
    offenders = {}
    for path in folder.rglob("*.py"):
        found = sorted(n for n in _imports(path) if n.split(".")[0] in FORBIDDEN)
        if found:
            offenders[str(path.relative_to(folder))] = found
    assert offenders == {}
