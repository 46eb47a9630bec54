"""The interface language: the compiled zh_CN translation covers every UI string; English works."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from app.domain.entities import ENTITIES
from tests.ui.window import shown_title
from ui import i18n
from ui.app import _parse, create_app
from ui.entity_names import entity_noun
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
"""Chinese characters and full-width punctuation: none belongs in English source text."""

MARKERS = ("QT_TR_NOOP", "QT_TRANSLATE_NOOP")
Install = Callable[[str], list[str]]


@pytest.fixture
def translator() -> QTranslator:
    """Our compiled Chinese translation, as `make i18n` built it."""
    translator = QTranslator()
    path = i18n.qm_path()
    assert translator.load(str(path)), f"cannot load {path} (run `make i18n`)"
    return translator


@pytest.fixture
def language(app: QApplication) -> Iterator[Install]:
    """Switch the interface language during a test; the language before it comes back after."""
    before = i18n.current_language()
    yield lambda name: i18n.install_translations(app, name)
    i18n.install_translations(app, before)


def _relative(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --- (a) the compiled translation ----------------------------------------------------------


def test_compiled_translation_exists_is_current_and_loads(translator: QTranslator) -> None:
    built = i18n.qm_path()
    sources = i18n.ts_files()
    assert sources, "no .ts files in resources/i18n/zh_CN"
    newer = [_relative(ts) for ts in sources if ts.stat().st_mtime > built.stat().st_mtime]
    assert not newer, f"{_relative(built)} is older than {newer} (run `make i18n`)"
    assert not translator.isEmpty()
    assert translator.language() == "zh_CN"
    assert translator.translate("main", "Cannot open the ledger") == "无法打开台账"


# --- (b) every string lupdate finds under ui/ is translated -------------------------------


def _extract_all(tmp_path: Path) -> Path:
    """One lupdate run over every UI module into a fresh .ts."""
    lupdate = i18n.qt_tool("lupdate")
    assert lupdate, "pyside6-lupdate not found (PySide6 ships it)"
    ts = tmp_path / "all.ts"
    sources = [str(path) for path in sorted(UI.rglob("*.py"))]
    subprocess.run(
        [lupdate, "-silent", *sources, "-ts", str(ts), "-locations", "absolute",
         "-source-language", "en", "-target-language", "zh_CN"],
        check=True, capture_output=True, timeout=300,
    )
    return ts


def test_every_ui_string_has_a_chinese_translation(tmp_path: Path,
                                                   translator: QTranslator) -> None:
    ts = _extract_all(tmp_path)
    untranslated: list[str] = []
    found = 0
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found += 1
            source = message.findtext("source") or ""
            comment = message.findtext("comment")
            n = 1 if message.get("numerus") == "yes" else -1
            if translator.translate(name, source, comment, n):
                continue
            where = ", ".join(
                f"{_relative(ts.parent / loc.get('filename', '?'))}:{loc.get('line', '?')}"
                for loc in message.iter("location")
            )
            untranslated.append(f"{where}: [{name}] {source!r}")
    assert found > 20  # lupdate did find the UI's strings
    assert not untranslated, (
        f"{len(untranslated)} UI strings have no Chinese translation; add them to "
        "resources/i18n/zh_CN/<module>.ts (`make i18n-update`, then translate), `make i18n`:\n"
        + "\n".join(untranslated)
    )


# --- (c) source text is English, and lupdate can see it -----------------------------------


def _translated_texts(tree: ast.AST) -> Iterator[tuple[ast.Call, ast.expr | None, ast.expr]]:
    """Each tr()/translate()/QT_*_NOOP call with its context (None for tr) and text arguments."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, args = node.func, node.args
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("tr", "QT_TR_NOOP"):
            yield node, None, args[0]
        elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2:
            yield node, args[0], args[1]


def _ui_modules() -> Iterator[tuple[str, ast.Module, str]]:
    for path in sorted(UI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        yield _relative(path), ast.parse(text, str(path)), text


def test_translated_source_text_is_english() -> None:
    chinese = []
    for where, tree, _text in _ui_modules():
        for call, _context, text in _translated_texts(tree):
            strings = [n.value for n in ast.walk(text)
                       if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if any(CJK.search(s) for s in strings):
                chinese.append(f"{where}:{call.lineno}: {' '.join(strings)!r}")
    assert not chinese, (
        "tr()/translate() take English source text (the Chinese goes into the .ts):\n"
        + "\n".join(chinese)
    )


def test_translated_text_is_visible_to_lupdate() -> None:
    """lupdate reads only literal strings: tr(f"..."), translate(CONTEXT, ...) or a wrapper such
    as _tr(text) would leave the text out of the .ts, and the interface shows it in English."""
    hidden = []
    for where, tree, text in _ui_modules():
        marked = any(marker in text for marker in MARKERS)  # texts marked elsewhere, by variable
        for call, context, source in _translated_texts(tree):
            literal = isinstance(source, ast.Constant) and isinstance(source.value, str)
            if context is not None and not (
                isinstance(context, ast.Constant) and isinstance(context.value, str)
            ):
                hidden.append(f"{where}:{call.lineno}: the context is not a string literal")
            elif not literal and not (marked and isinstance(source, ast.Name | ast.Attribute)):
                hidden.append(f"{where}:{call.lineno}: the text is not a string literal")
    assert not hidden, "\n".join(hidden)


def _run_at_import(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes evaluated when a module is imported: not function bodies, nor lambdas."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in (*child.decorator_list, *child.args.defaults, *child.args.kw_defaults):
                if part is not None:
                    yield part
                    yield from _run_at_import(part)
        elif not isinstance(child, ast.Lambda):
            yield child
            yield from _run_at_import(child)


def test_nothing_is_translated_at_import_time() -> None:
    """A module or class body runs before the translator is installed: its text stays English.
    Translate inside functions (or mark with QT_TRANSLATE_NOOP and translate when shown)."""
    early = []
    for where, tree, _text in _ui_modules():
        calls = {id(call) for call, _context, _source in _translated_texts(tree)
                 if not (isinstance(call.func, ast.Name) and call.func.id in MARKERS)}
        early += [f"{where}:{node.lineno}" for node in _run_at_import(tree)
                  if isinstance(node, ast.Call) and id(node) in calls]
    assert not early, "translated at import time:\n" + "\n".join(early)


# --- (d) and (e): the interface in each language ---------------------------------------------


def _menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_menus_follow_the_language(language: Install, qtbot: QtBot) -> None:
    language("en")
    english = MainWindow(remember_geometry=False)
    qtbot.addWidget(english)
    assert _menu_titles(english)[0] == "&File"
    assert not [title for title in _menu_titles(english) if CJK.search(title)]
    assert not CJK.search(english.windowTitle())

    language("zh_CN")
    chinese = MainWindow(remember_geometry=False)
    qtbot.addWidget(chinese)
    assert _menu_titles(chinese)[0] == "文件(&F)"
    assert all(CJK.search(title) for title in _menu_titles(chinese))
    assert shown_title(chinese) == "正在打开… — 社区嵌入式服务设施台账"


def test_qt_standard_dialogs_follow_the_language(language: Install, qtbot: QtBot) -> None:
    cancel = QDialogButtonBox.StandardButton.Cancel
    language("zh_CN")
    box = QDialogButtonBox(cancel)
    qtbot.addWidget(box)
    assert box.button(cancel).text() == "取消"
    assert QLocale().language() == QLocale.Language.Chinese

    language("en")
    box = QDialogButtonBox(cancel)
    qtbot.addWidget(box)
    assert box.button(cancel).text().replace("&", "") == "Cancel"
    assert QLocale().language() == QLocale.Language.English


def test_english_translates_the_programs_words_and_keeps_the_ledgers_terms(
        language: Install, qtbot: QtBot) -> None:
    """The rule of README's "The interface language": menus, tabs (the ledgers' names too),
    buttons and the window's sentences in English; field names, values and records Chinese."""
    language("en")
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    tabs = window.view.tabs
    titles = [tabs.tabText(n) for n in range(tabs.count())]
    assert titles[:6] == ["Overview", "Programme", "Communities", "Spaces", "Nine functions",
                          "Demands"]
    assert not [title for title in titles if CJK.search(title)]
    assert not [a.text() for a in window.new_chooser.actions() if CJK.search(a.text())]
    for page in window.pages:
        if isinstance(page, RecordsPage):
            tip = tabs.tabToolTip(window.view.index_of(page))
            assert tip == page.spec.label  # the ledger's own name, as its Excel sheet is called
            headers = [page.model.headerData(n, Qt.Orientation.Horizontal)
                       for n in range(page.model.columnCount())]
            assert headers == [f.header for f in page.model.fields]  # the ledger's terms
            buttons = [b.text() for b in (page.new_button, page.edit_button,
                                          page.delete_button, page.show_deleted)]
            assert not [text for text in buttons if CJK.search(text)]
    assert {entity_noun(name) for name in ENTITIES} >= {"space", "demand", "community"}
    assert not [name for name in ENTITIES if CJK.search(entity_noun(name))]

    language("zh_CN")
    chinese = MainWindow(remember_geometry=False)
    qtbot.addWidget(chinese)
    for page in chinese.pages:
        if isinstance(page, RecordsPage):
            assert page.title == page.spec.label and not page.tab_tip
    assert {name: entity_noun(name) for name in ENTITIES} == {
        name: spec.label for name, spec in ENTITIES.items()}  # one label, never two


def test_qts_own_dialogs_speak_chinese(language: Install, qtbot: QtBot) -> None:
    """Message box buttons, the file dialog Qt draws itself (Linux), a text box's right-click
    menu: Qt's qtbase_zh_CN.qm, and our qtbase_supplement.ts for what it leaves in English."""
    loaded = language("zh_CN")
    assert "qtbase_zh_CN.qm" in [Path(f).name for f in loaded]
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "", "", buttons.Yes | buttons.No | buttons.Save
                      | buttons.Discard | buttons.Ok | buttons.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(
        ["是(&Y)", "否(&N)", "保存", "丢弃", "确定", "取消"])
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    menu.deleteLater()
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][:2] == ["撤消(&U)",
                                                                                  "重做(&R)"]
    dialog = QFileDialog(None, "", "", "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
    texts += [w.text() for w in dialog.findChildren(QPushButton) if w.text()]
    texts += [w.toolTip() for w in dialog.findChildren(QToolButton) if w.toolTip()]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert not [text for text in texts if not CJK.search(text)], texts


# --- choosing the language ---------------------------------------------------------------------


def test_language_is_remembered_and_needs_a_restart(language: Install) -> None:
    language("zh_CN")
    assert i18n.saved_language() == "zh_CN"  # nothing chosen yet: Chinese
    message = i18n.set_language("en")
    assert "English" in message and "下次启动" in message
    assert QSettings().value(i18n.SETTING) == "en"
    assert i18n.saved_language() == "en"
    assert i18n.set_language("zh_CN") == ""  # the language already shown: nothing to restart
    QSettings().setValue(i18n.SETTING, "klingon")
    assert i18n.saved_language() == "zh_CN"
    with pytest.raises(ValueError):
        i18n.set_language("klingon")


def test_lang_option_overrides_the_saved_language(language: Install) -> None:
    assert _parse(["--lang", "en"])[0].lang == "en"
    assert _parse([])[0].lang is None
    with pytest.raises(SystemExit):
        _parse(["--lang", "fr"])
    i18n.set_language("en")
    create_app()  # as `python -m ui` without --lang: the saved language
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("opening", "All areas") == "All areas"
    create_app(language="zh_CN")  # as `python -m ui --lang zh_CN`
    assert QCoreApplication.translate("opening", "All areas") == "全部区域"
    assert QApplication.applicationDisplayName() == "社区嵌入式服务设施台账"


def test_missing_translation_is_built_on_the_fly(app: QApplication, language: Install,
                                                 tmp_path: Path) -> None:
    """`python -m ui` without `make`: the .ts files are compiled into a temporary .qm."""
    if i18n.qt_tool("lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    shutil.copytree(i18n.I18N_DIR / "zh_CN", tmp_path / "zh_CN")
    loaded = i18n.install_translations(app, "zh_CN", folder=tmp_path)
    ours = [Path(f) for f in loaded if Path(f).name == i18n.qm_path().name]
    assert len(ours) == 1 and not ours[0].is_relative_to(tmp_path)
    assert QCoreApplication.translate("opening", "All areas") == "全部区域"


def test_without_any_translation_the_interface_is_english(app: QApplication, language: Install,
                                                          tmp_path: Path) -> None:
    loaded = i18n.install_translations(app, "zh_CN", folder=tmp_path / "nothing here")
    assert [Path(f).name for f in loaded] == ["qtbase_zh_CN.qm"]  # Qt's own, not ours
    assert QCoreApplication.translate("opening", "All areas") == "All areas"
