"""What the commands share: exit codes, --db, the ledger a command opens, table output."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from app.errors import UsageError

if TYPE_CHECKING:
    from app.store.db import Ledger

    Commands = argparse._SubParsersAction[argparse.ArgumentParser]
    """The COMMAND subparsers each command module registers its commands with."""

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_VERIFY = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]
"""Runs one command with its parsed arguments; returns the exit code."""


def db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Add --db to a parser (the top one holds the value; the others list it for -h)."""
    # --db is accepted anywhere (main() lifts it to the front); listed on every command for -h.
    parser.add_argument(
        "--db",
        type=Path,
        default=None if top else argparse.SUPPRESS,
        metavar="PATH",
        help=f"台账数据库文件（默认：环境变量 {paths.DB_ENV}，否则用户数据目录下的 ledger.db）",
    )


def command(
    sub: Commands, name: str, help_text: str, handler: Handler
) -> argparse.ArgumentParser:
    """Register one command: its parser (with --db) and the handler that runs it."""
    p = sub.add_parser(name, help=help_text, description=help_text)
    db_option(p)
    p.set_defaults(handler=handler)
    return p


def db_path(args: argparse.Namespace) -> Path:
    """The ledger file the command names (--db, else the environment, else the default)."""
    return Path(args.db) if args.db else paths.default_db()


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Ledger]:
    """The ledger the command names, closed when the command is done."""
    from app.services import status
    from app.services.setup import open_existing

    path = db_path(args)
    if path.exists() and status.check_after_unclean(path):  # a window that crashed: damaged
        print("上次程序没有正常关闭，检查发现台账已损坏，现为只读。", file=sys.stderr)
    ledger = open_existing(path)
    for notice in ledger.notices:  # e.g. a key file others could read, now made private
        print(notice, file=sys.stderr)
    try:
        yield ledger
    finally:
        ledger.close()


def pairs(items: Sequence[str]) -> dict[str, str]:
    """FIELD=VALUE arguments as a dict (a full-width ＝ works too)."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.replace("＝", "=").partition("=")
        if not sep or not key.strip():
            raise UsageError(f"“{item}”应写成 字段=值，例如 name=东七路社区")
        values[key.strip()] = value
    return values


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: list[str], rows: list[list[str]], clip: bool = True) -> None:
    """Print aligned columns (Chinese characters count double); long cells clipped unless not."""
    cells = [[c if not clip or _width(c) <= 40 else c[:19] + "…" for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(line(row))
