"""What the frozen programs carry (packaging/bundle.py, read by the PyInstaller spec): everything
the app reads at run time is in it, under the folder app/paths.py looks in; the Windows version
resource follows app.__version__; the freezer is pinned with hashes."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import app
from app import paths

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = runpy.run_path(str(ROOT / "packaging" / "bundle.py"))
VERSION = runpy.run_path(str(ROOT / "packaging" / "version_resource.py"))


def bundled(target: Path) -> bool:
    """Whether a file of the source tree lands at the same place inside the bundle."""
    relative = target.relative_to(ROOT).as_posix()
    for source, folder in BUNDLE["DATA"]:
        if relative == source and Path(source).parent.as_posix() == folder:
            return True
        if relative.startswith(source + "/") and source == folder:
            return True
    return False


def test_every_bundled_source_is_in_the_repository_or_built() -> None:
    for source, _folder in BUNDLE["DATA"]:
        path = ROOT / source
        assert path.exists() or path.suffix == ".qm", source  # the .qm is built by `make`


def test_what_the_app_reads_at_run_time_is_bundled_where_paths_looks() -> None:
    read = [paths.FONT_FILE, paths.APP_ICON, paths.MIGRATIONS / "env.py",
            paths.MIGRATIONS / "alembic.ini", paths.RESOURCES / "help" / "guide.html",
            paths.RESOURCES / "i18n" / "facility_ledger_zh_CN.qm"]
    read += sorted((paths.MIGRATIONS / "versions").glob("*.py"))
    read += sorted((paths.RESOURCES / "seed").iterdir())
    missing = [str(p.relative_to(ROOT)) for p in read if not bundled(p)]
    assert missing == []


def test_what_the_migrations_import_is_named_for_the_freezer() -> None:
    """Alembic loads the migrations by path, so the freezer never sees their imports."""
    imported: set[str] = set()
    for script in [paths.MIGRATIONS / "env.py", *(paths.MIGRATIONS / "versions").glob("*.py")]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
    hidden = set(BUNDLE["HIDDEN_IMPORTS"])
    for name in imported - {"__future__.annotations"}:
        top = name.split(".")[0]
        assert name in hidden or any(h.startswith(name) or name.startswith(h) for h in hidden) \
            or top in {"sqlalchemy", "alembic", "sqlmodel"}, name


def test_the_version_resource_follows_the_app_version() -> None:
    assert VERSION["version"]() == app.__version__
    assert VERSION["numbers"]("1.2") == (1, 2, 0, 0)
    text = VERSION["version_text"]("0.1.0")
    assert "filevers=(0, 1, 0, 0)" in text and "'ProductVersion', '0.1.0'" in text
    assert "社区嵌入式服务设施台账" in text and "[2052, 1200]" in text  # 中文（中国）, Unicode


def test_the_freezer_is_pinned_with_hashes() -> None:
    lock = (ROOT / "packaging" / "build.lock").read_text(encoding="utf-8")
    assert "pyinstaller==" in lock and "--hash=sha256:" in lock
    assert "pefile==" in lock and "sys_platform == 'win32'" in lock  # Windows needs kept


def test_qt_s_translations_are_kept_for_the_app_s_languages_only() -> None:
    wanted = BUNDLE["wanted"]
    assert wanted("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert wanted("PySide6\\Qt\\translations\\qt_zh_CN.qm")  # as PyInstaller names it on Windows
    assert wanted("PySide6/Qt/translations/qtbase_en.qm")
    assert not wanted("PySide6/Qt/translations/qtbase_de.qm")
    assert wanted("resources/i18n/facility_ledger_zh_CN.qm") and wanted("resources/fonts/x.ttc")
