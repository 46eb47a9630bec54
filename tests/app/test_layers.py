"""DESIGN.md's layers (domain < store < io < sync < services < cli < ui): no import up, no loop.

Every import counts, also one inside a function: a lazy import up the layers is still a wall in
the wrong place, and a lazy import that closes a loop is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import app

ROOT = Path(app.__file__).resolve().parent.parent
ORDER = ("base", "domain", "store", "io", "sync", "services", "cli", "ui")
"""Lowest first. "base": app/errors.py, app/paths.py, app/build.py (what the program says of its
build) and app/task.py, which every layer may use."""
BASE = {"app", "app.build", "app.errors", "app.paths", "app.task"}


def layer(module: str) -> str | None:
    """The layer of one of our modules (None for anything else: the standard library, packages)."""
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    if parts[0] != "app":
        return None
    if module in BASE:
        return "base"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1] if parts[1] in ORDER else "?"


def module_name(path: Path) -> str:
    """app/sync/apply.py -> app.sync.apply; a package's __init__ is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str, is_package: bool) -> set[str]:
    """Every module of ours that a source imports, wherever the import stands."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)  # `from app.sync import keys`
    return {name for name in found if name.split(".")[0] in ("app", "ui")}


def graph(paths: list[Path]) -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports (names that are not modules dropped)."""
    modules = {module_name(p): p for p in paths}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        wanted = imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
        edges[name] = {w for w in wanted if w in modules and w != name}
    return edges


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Imports that run from a lower layer to a higher one."""
    wrong = []
    for source, targets in sorted(edges.items()):
        for target in sorted(targets):
            mine, theirs = layer(source), layer(target)
            if mine and theirs and ORDER.index(theirs) > ORDER.index(mine):
                wrong.append(f"{source} ({mine}) → {target} ({theirs})")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import loops (strongly connected components of more than one module; Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _is_package_parent(module: str, edges: dict[str, set[str]]) -> bool:
    return any(other.startswith(module + ".") for other in edges)


SOURCES = sorted([*(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])


def _ours() -> dict[str, set[str]]:
    edges = graph(SOURCES)
    # `from app.sync import keys` names the package too: a package's __init__ is no layer wall
    return {source: {t for t in targets if not _is_package_parent(t, edges)}
            for source, targets in edges.items()}


def test_every_module_has_a_layer() -> None:
    unknown = [name for name in _ours() if layer(name) == "?"]
    assert not unknown, f"不在任何一层的模块（见 DESIGN.md 的分层）：{unknown}"


def test_no_import_runs_up_the_layers() -> None:
    wrong = upward(_ours())
    assert not wrong, "下层引用了上层（domain < store < io < sync < services < cli < ui）：\n" + (
        "\n".join(wrong))


def test_no_import_cycle() -> None:
    loops = cycles(_ours())
    assert not loops, f"模块之间循环引用：{loops}"


# --- the checks themselves find what they must ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from app.services import records", {"app.services", "app.services.records"}),
        ("def f():\n    from app.services.records import get\n",
         {"app.services.records", "app.services.records.get"}),
        ("import ui.tasks", {"ui.tasks"}),
        ("from . import bundle", {"app.sync", "app.sync.bundle"}),
        ("from ..store import db", {"app.store", "app.store.db"}),
        ("import os\nfrom sqlalchemy import text", set()),
    ],
)
def test_the_scanner_sees_every_kind_of_import(source: str, expected: set[str]) -> None:
    assert imports(source, "app.sync.apply", is_package=False) == expected


def test_an_import_up_the_layers_is_found() -> None:
    edges = {"app.sync.merge": {"app.services.records"}, "app.services.records": set(),
             "app.store.db": {"app.domain.fields"}, "app.domain.fields": set(),
             "app.io.pdf": {"app.task"}, "app.task": set()}
    assert upward(edges) == ["app.sync.merge (sync) → app.services.records (services)"]


def test_a_cycle_is_found_also_through_a_lazy_import() -> None:
    edges = graph_of({
        "app/sync/apply.py": "def f():\n    from app.sync.reference import apply_reference\n",
        "app/sync/reference.py": "from app.sync.apply import Outcome\n",
        "app/sync/bundle.py": "from app.sync import apply\n",
    })
    assert cycles(edges) == [["app.sync.apply", "app.sync.reference"]]


def graph_of(files: dict[str, str]) -> dict[str, set[str]]:
    """The import graph of sources given as text, as if they stood at those paths."""
    modules = {name.removesuffix(".py").replace("/", "."): text for name, text in files.items()}
    return {name: {w for w in imports(text, name, False) if w in modules and w != name}
            for name, text in modules.items()}
