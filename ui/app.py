"""The QApplication: names, high-DPI, the bundled font, the interface language; `main`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import app
from app import paths
from ui import i18n, screens
from ui.fonts import FontLoadError, install_app_font

APP_NAME = "社区嵌入式服务设施台账"
"""The application name: also names the settings file, so it never changes with the language."""

ORGANIZATION = "FacilityLedger"


def create_app(argv: Sequence[str] | None = None, *, language: str | None = None) -> QApplication:
    """The configured application object; an existing one (as in tests) is configured and reused.

    `language` ("zh_CN" or "en") is the interface language; None: the one saved in the settings.
    """
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        qapp = QApplication(list(argv if argv is not None else sys.argv))
    else:
        assert isinstance(existing, QApplication)
        qapp = existing
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationVersion(app.__version__)
    i18n.install_translations(qapp, language or i18n.saved_language())
    qapp.setApplicationDisplayName(
        QCoreApplication.translate("main", "Community Embedded Service Facilities Ledger")
    )
    install_app_font(qapp)
    qapp.setWindowIcon(QIcon(str(paths.APP_ICON)))
    return qapp


def _parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m ui", description=APP_NAME)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, metavar="PATH",
                       help="打开此台账数据库（不存在则新建）；默认为用户数据目录中的正式台账")
    where.add_argument("--demo", action="store_true",
                       help="打开单独的演示数据库（首次使用时生成演示数据），不碰正式台账")
    parser.add_argument("--screenshots", type=Path, metavar="DIR",
                        help="数据加载后把主窗口截图保存到 DIR 并退出"
                             "（未指定 --db 时使用演示数据库）")
    parser.add_argument("--screen", choices=["all", *screens.SIZES], default="all",
                        metavar="|".join(["all", *screens.SIZES]),
                        help="截图时模拟的屏幕：default（1280×800 窗口），"
                             "1366x768@125（125% 缩放的笔记本），1920x1080@150；"
                             "默认 all：三种都截，后两种放在 DIR 下的同名子目录")
    parser.add_argument("file", nargs="?", type=Path,
                        help="要打开的数据包（.cfbundle，与其所在文件夹同步）或连接文件（.cfconnect）；"
                             "台账已在另一个窗口打开时交给那个窗口")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), metavar="zh_CN|en",
                        help="本次使用的界面语言（zh_CN 中文，en 英文）；"
                             "默认为上次在“视图 → 语言”中选择的语言，未选择过则为中文")
    parser.add_argument("--time-start", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    return parser.parse_known_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app (`python -m ui`); returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    args, qt_args = _parse(argv[1:])
    demo = bool(args.demo or (args.screenshots is not None and args.db is None))
    path = paths.demo_db() if demo else (args.db or paths.default_db())
    size = screens.DEFAULT
    if args.screenshots is not None:  # pictures need no screen: render offscreen, anywhere
        if args.screen == "all":
            return screens.run_sizes(argv[1:], list(screens.SIZES.values()))
        size = screens.SIZES[args.screen]
        os.environ["QT_QPA_PLATFORM"] = screens.platform_for(size)
    try:
        qapp = create_app([argv[0] if argv else "ui", *qt_args], language=args.lang)
    except FontLoadError as exc:
        print(exc, file=sys.stderr)
        return 1

    from ui import setup_driver, single_instance, tasks
    from ui.main_window import MainWindow  # after the app exists: widgets need it
    from ui.widgets import fitting

    name = single_instance.server_name(path)
    if args.screenshots is None and single_instance.hand_over(name, args.file):
        return 0  # the window already open on this ledger came forward and took the file
    if args.screenshots is not None:
        fitting.reserve(QMargins(0, 0, 0, size.taskbar))
    window = MainWindow(remember_geometry=args.screenshots is None and args.time_start is None)
    if args.screenshots is not None:
        from ui.screenshots import capture_after_load

        capture_after_load(window, screens.folder_for(args.screenshots, size), size)
    elif args.time_start is not None:  # bench/startup.py timing a frozen build
        from ui.start_timing import report_when_shown

        report_when_shown(window, args.time_start)
    else:
        window.open_failed.connect(
            lambda message: QMessageBox.critical(
                window, QCoreApplication.translate("main", "Cannot open the ledger"), message
            )
        )
        listener = single_instance.Listener(name, window)
        listener.asked.connect(window.come_forward)
        setup_driver.install(window.setting_up, window)
    window.show()
    window.open_ledger(path, demo=demo)
    if args.file is not None:
        window.open_file(args.file)
    code = qapp.exec()
    window.shutdown()
    tasks.end_all()  # no thread may still run when Qt goes
    return code
