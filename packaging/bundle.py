"""What the frozen programs carry beside their code: read by the PyInstaller spec and the tests."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

DATA = [
    # the font, the help, the reference data, the icon, the built translation (not the .ts sources)
    ("resources/fonts", "resources/fonts"),
    ("resources/help", "resources/help"),
    ("resources/seed", "resources/seed"),
    ("resources/icons", "resources/icons"),
    ("resources/i18n/facility_ledger_zh_CN.qm", "resources/i18n"),
    # the migrations, as the .py files Alembic loads by path
    ("migrations/alembic.ini", "migrations"),
    ("migrations/env.py", "migrations"),
    ("migrations/script.py.mako", "migrations"),
    ("migrations/versions", "migrations/versions"),
]
"""(source in the repository, folder in the bundle)."""

HIDDEN_IMPORTS = [
    # what the migrations import, since Alembic loads them by path
    "alembic.op", "alembic.context", "sqlmodel.sql.sqltypes", "app.store.models", "logging.config",
    "datetime", "json", "app.domain.entities", "app.store.personal", "app.store.search",
    "app.store.sort_keys",
    # the pinyin table that app/domain/pinyin.py reads from the package without importing it
    # (pypinyin's own freezer hook then brings its data files)
    "pypinyin",
]

EXCLUDES = [
    # test and developer tools installed beside the app
    "tkinter", "pytest", "pytestqt", "hypothesis", "mypy", "ruff", "IPython", "wsgidav",
    # Qt: the app uses QtCore, QtGui, QtWidgets, and QtNetwork's local socket (one window a ledger)
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus", "PySide6.QtConcurrent",
    "PySide6.QtXml", "PySide6.QtPrintSupport", "PySide6.QtSvg", "PySide6.QtDesigner",
]


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """DATA as PyInstaller takes it: absolute sources."""
    return [(str(root / source), target) for source, target in DATA]


LANGUAGES = ("_zh_CN", "_en")
"""The interface's languages: Qt's own translations for these only (all of them are 7 MB)."""


def wanted(target: str) -> bool:
    """Whether a file the freezer collected (by its place in the bundle) is kept."""
    path = PurePosixPath(target.replace("\\", "/"))
    if path.suffix == ".qm" and "PySide6" in path.parts and "translations" in path.parts:
        return path.stem.endswith(LANGUAGES)
    return True
