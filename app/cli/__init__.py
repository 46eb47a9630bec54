"""The command line: `facility-ledger …` (or `python -m app`) runs the services without a window.

This module holds the parser's skeleton and `main`; each command group lives in its own module,
which registers its commands (options, help, handler) beside the handlers that run them.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from app import __version__
from app.cli import (
    bundles,
    contacts,
    keys,
    lock,
    maintenance,
    operators,
    programme,
    records,
    relay,
    reports,
    scoring,
    setup,
    spreadsheets,
    sync,
)
from app.cli.common import EXIT_BUG, EXIT_USAGE, db_option
from app.errors import KnownError

GROUPS = (setup, records, spreadsheets, reports, programme, scoring, operators, keys, bundles,
          relay, sync, contacts, lock, maintenance)
"""The command modules, in the order their commands are listed by -h."""


class _Parser(argparse.ArgumentParser):
    """argparse that explains usage errors in Chinese and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n（运行 facility-ledger -h 查看帮助）\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = _Parser(prog="facility-ledger", description="社区嵌入式服务设施台账（命令行）")
    parser.add_argument("--version", action="version", version=f"facility-ledger {__version__}")
    db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for group in GROUPS:
        group.register(sub)
    return parser


def _lift_db(argv: Sequence[str]) -> list[str]:
    """Move `--db PATH` from anywhere to the front (argparse cannot mix it with FIELD=VALUE…)."""
    rest: list[str] = []
    lifted: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--db":
            lifted = ["--db", next(items, "")]
        elif item.startswith("--db="):
            lifted = ["--db", item[len("--db=") :]]
        elif item == "--":
            rest.append(item)
            rest.extend(items)
        else:
            rest.append(item)
    return lifted + rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code of DESIGN.md's table."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(_lift_db(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except KnownError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_BUG
    except OSError as exc:
        from app.store.whole import why_not_written

        where = Path(exc.filename) if isinstance(exc.filename, str) else None
        print(f"错误：{why_not_written(exc, where, verb='读写')}" if where is not None
              else f"错误：文件操作失败（{exc.strerror or exc}）", file=sys.stderr)
        return EXIT_BUG
    except Exception:  # a bug: the traceback for the log, a plain sentence for the person
        traceback.print_exc()
        print("程序内部错误（上面是技术细节，请发给技术支持）", file=sys.stderr)
        return EXIT_BUG
