"""The imports of given top-level packages in a source: the scanner of the boundary tests."""

from __future__ import annotations

import ast
from collections.abc import Collection


def _of(module: str | None, packages: Collection[str]) -> bool:
    return bool(module) and str(module).split(".")[0] in packages


def imports_of(source: str, packages: Collection[str]) -> list[tuple[int, str]]:
    """(line, module) of every import of one of the packages: import, from-import, by name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if _of(a.name, packages)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _of(node.module, packages):
            found.append((node.lineno, str(node.module)))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (name in ("import_module", "__import__") and isinstance(first, ast.Constant)
                    and isinstance(first.value, str) and _of(first.value, packages)):
                found.append((node.lineno, first.value))
    return found
