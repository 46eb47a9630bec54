"""The boundary: nothing under app/ imports Qt, neither in its source nor when it is imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import app
from tests.helpers.imports import imports_of

APP_DIR = Path(app.__file__).resolve().parent
ROOT = APP_DIR.parent
QT = ("PySide6", "PySide2", "PyQt6", "PyQt5", "PyQt4", "shiboken6", "shiboken2", "qtpy", "sip")
"""Qt bindings and their helpers: the top-level package names the core must never reach."""

SOURCES = sorted(APP_DIR.rglob("*.py"))


def qt_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of a Qt binding: import, from-import, import_module("…")."""
    return imports_of(source, QT)


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6",
        "import PySide6.QtCore as qc",
        "import os, PyQt5.QtWidgets",
        "from PySide6 import QtCore",
        "from PySide6.QtCore import Signal",
        "from shiboken6 import isValid",
        "def f():\n    from PySide6.QtGui import QFont\n",
        "try:\n    import PyQt6\nexcept ImportError:\n    pass\n",
        "import importlib\nimportlib.import_module('PySide6.QtCore')",
        "__import__('PySide6')",
    ],
)
def test_the_scanner_finds_qt_imports(source: str) -> None:
    assert qt_imports(source)


@pytest.mark.parametrize(
    "source",
    ["import os", "from app.domain import enums", "from . import PySide6", "x = 'PySide6'",
     "import pyside6_helpers"],
)
def test_the_scanner_ignores_other_imports(source: str) -> None:
    assert not qt_imports(source)


def test_the_core_is_there_to_scan() -> None:
    names = {p.relative_to(APP_DIR).as_posix() for p in SOURCES}
    assert {"__init__.py", "domain/validate.py", "domain/entities.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_under_app_imports_qt(path: Path) -> None:
    found = qt_imports(path.read_text(encoding="utf-8"))
    where = ", ".join(f"{path.relative_to(ROOT)}:{line} {module}" for line, module in found)
    assert not found, f"app/ 不得引用 Qt（界面只在 ui/ 中）：{where}"


IMPORT_ALL = """
import importlib, json, pkgutil, sys, traceback
import app
failed = {}
names = ["app"]
for info in pkgutil.walk_packages(app.__path__, "app."):
    if info.name.rsplit(".", 1)[-1] == "__main__":
        continue  # running it would start the command line
    names.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception:
        failed[info.name] = traceback.format_exc(limit=3)
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(json.dumps({"modules": names, "failed": failed, "qt": qt}))
"""


def _import_all(tmp_path: Path, prelude: str = "") -> dict:
    """Import every module under app/ in a fresh interpreter; what it loaded and what failed."""
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    script = f"QT = {QT!r}\n{prelude}\n{IMPORT_ALL}"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_module_under_app_loads_no_qt(tmp_path: Path) -> None:
    result = _import_all(tmp_path)
    expected = {
        "app." + p.relative_to(APP_DIR).with_suffix("").as_posix().replace("/", ".")
        for p in SOURCES
        if p.name not in ("__init__.py", "__main__.py")
    }
    assert expected <= set(result["modules"]), "walk_packages missed modules"
    assert not result["failed"], "\n".join(f"{k}:\n{v}" for k, v in result["failed"].items())
    assert "PySide6" not in result["qt"]
    assert result["qt"] == [], f"importing app/ loaded Qt: {result['qt']}"


def test_the_import_check_would_see_qt(tmp_path: Path) -> None:
    import PySide6.QtCore  # noqa: F401  (a declared dependency: missing fails, never skips)
    assert "PySide6.QtCore" in _import_all(tmp_path, "import PySide6.QtCore")["qt"]
