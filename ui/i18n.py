"""The interface language: Chinese (the default) through our zh_CN translation, or English."""

from __future__ import annotations

import atexit
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app import paths

log = logging.getLogger(__name__)

CHINESE = "zh_CN"
ENGLISH = "en"
DEFAULT_LANGUAGE = CHINESE
LANGUAGES: dict[str, str] = {CHINESE: "中文（简体）", ENGLISH: "English"}
"""The languages the interface speaks, each named in itself (as a language menu shows them)."""

SETTING = "ui/language"
"""The QSettings key that holds the chosen language."""

I18N_DIR = paths.RESOURCES / "i18n"
"""Our translations: <language>/<dotted.module>.ts sources, facility_ledger_<language>.qm built."""

CATALOG = "facility_ledger"

_LOCALES = {
    CHINESE: QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    ENGLISH: QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}

_installed: list[QTranslator] = []
_language: str | None = None


def qm_path(language: str = CHINESE, folder: Path = I18N_DIR) -> Path:
    """Where `make i18n` puts the compiled translation of a language."""
    return folder / f"{CATALOG}_{language}.qm"


def ts_files(language: str = CHINESE, folder: Path = I18N_DIR) -> list[Path]:
    """The translation sources of a language, one per UI module."""
    return sorted((folder / language).glob("*.ts"))


def qt_tool(name: str) -> str | None:
    """A Qt Linguist tool ("lrelease", "lupdate") shipped with PySide6, or None if it is absent."""
    suffix = ".exe" if sys.platform == "win32" else ""
    bundled = Path(PySide6.__file__).parent / f"{name}{suffix}"
    if bundled.is_file():
        return str(bundled)
    beside = Path(sys.executable).parent / f"pyside6-{name}{suffix}"
    if beside.is_file():
        return str(beside)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


# --- the chosen language --------------------------------------------------------------------


def saved_language() -> str:
    """The language the user chose (QSettings "ui/language"); Chinese if none or unknown."""
    value = QSettings().value(SETTING, DEFAULT_LANGUAGE)
    if value in LANGUAGES:
        return str(value)
    log.warning("unknown interface language %r in the settings; using %s", value, DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language installed by install_translations (the default before it ran)."""
    return _language or DEFAULT_LANGUAGE


def set_language(language: str) -> str:
    """Remember the language for the next start.

    Returns the message to show the user: that the change needs a restart, or "" when the
    language is the one the interface already speaks.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language: {language!r}")
    QSettings().setValue(SETTING, language)
    if language == current_language():
        return ""
    return QCoreApplication.translate(
        "i18n", "The interface will be in {language} the next time the program starts."
    ).format(language=LANGUAGES[language])


# --- loading the translations ---------------------------------------------------------------


def install_translations(
    app: QCoreApplication, language: str, *, folder: Path = I18N_DIR
) -> list[str]:
    """Make `language` the interface language; returns the translation files loaded.

    Qt's own strings (dialog buttons, context menus) come from qtbase_<language>.qm; ours, for
    Chinese, from facility_ledger_zh_CN.qm (English needs none: it is the source text). The
    language also becomes the default QLocale. Translators of an earlier call are replaced. A
    missing file is logged, never fatal: the interface then stays (partly) in English.
    """
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language: {language!r}")
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    locale = _LOCALES[language]
    QLocale.setDefault(locale)
    _language = language

    loaded: list[str] = []
    qt = QTranslator()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(locale, "qtbase", "_", qt_folder):
        loaded.append(_install(app, qt))
    elif language != ENGLISH:
        log.warning("Qt's own %s translation was not found in %s", language, qt_folder)

    if language != ENGLISH:
        catalog = _catalog(language, folder)
        ours = QTranslator()
        if catalog is not None and ours.load(str(catalog)):
            loaded.append(_install(app, ours))
        elif catalog is not None:
            log.warning("cannot read the translation %s; the interface stays in English", catalog)
    return loaded


def _install(app: QCoreApplication, translator: QTranslator) -> str:
    app.installTranslator(translator)
    _installed.append(translator)
    return translator.filePath()


def _catalog(language: str, folder: Path) -> Path | None:
    """Our compiled translation; built into a temporary file when it is missing or out of date
    (a developer who ran `python -m ui` without `make`)."""
    built = qm_path(language, folder)
    sources = ts_files(language, folder)
    stale = built.is_file() and any(ts.stat().st_mtime > built.stat().st_mtime for ts in sources)
    if built.is_file() and not stale:
        return built
    fresh = _build_temporary(sources, built.name) if sources else None
    if fresh is not None:
        return fresh
    if built.is_file():
        log.warning("%s is older than its .ts sources (run `make i18n`)", built)
        return built
    log.warning("%s is missing and cannot be built (run `make i18n`); "
                "the interface stays in English", built)
    return None


def _build_temporary(sources: list[Path], name: str) -> Path | None:
    """Compile the .ts files into a temporary .qm; None if that is impossible."""
    folder = Path(tempfile.mkdtemp(prefix="facility_ledger_i18n_"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    target = folder / name
    if not compile_translation(sources, target):
        return None
    log.info("translation built into %s (run `make i18n` to keep it)", target)
    return target


def compile_translation(sources: list[Path], target: Path) -> bool:
    """Compile .ts files into one .qm with PySide6's lrelease; False (logged) if that failed."""
    tool = qt_tool("lrelease")
    if tool is None:
        log.warning("cannot build %s: PySide6's lrelease is not installed", target)
        return False
    try:
        subprocess.run(
            [tool, "-silent", *map(str, sources), "-qm", str(target)],
            check=True, capture_output=True, timeout=120,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("building %s with %s failed: %s", target, tool, exc)
        return False
    return target.is_file()


def main() -> int:
    """`python -m ui.i18n`: build the .qm as `make i18n` does, where there is no make (Windows)."""
    logging.basicConfig(format="%(message)s")
    target = qm_path()
    if not compile_translation(ts_files(), target):
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
