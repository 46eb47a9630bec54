"""`python -m bench [--scale S] [NAME…]`: run the benchmarks (all by default), at city scale by
default (`make bench`), or at 1/3 or 1/10 of it; `--list` names them."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from bench import scale

BENCHMARKS = {
    "lists": "demands list queries, services beside bare sqlite3",
    "ui_lists": "how long each action on the demands list holds the UI thread",
    "startup": "start to an interactive window, and peak memory, beside bare PySide6",
    "excel": "export and import of a district, beside openpyxl, calamine + sqlite3, LibreOffice",
    "pdf": "the public demand list as PDF, beside bare reportlab and LibreOffice",
    "sync": "a street's bundle verified and merged at a district, beside the bare floor",
    "bundles": "bundle format 2 beside format 1: size, making, applying; bare zlib + AES-GCM",
}
"""Name → what it measures, in the order `make bench` runs them."""


def run(name: str) -> None:
    """Run one benchmark (its module is imported only now: `--list` and the others need not)."""
    importlib.import_module(f"bench.{name}").main()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="City-scale benchmarks (DESIGN.md, Performance budgets): each prints its "
                    "figure beside the bare library's. The databases are built once in "
                    "build/bench/ (a few minutes at city scale).")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run, default all: {', '.join(BENCHMARKS)}")
    parser.add_argument("--scale", choices=list(scale.FRACTIONS), default="city",
                        help="city (default), or third or tenth of it in the same shape")
    parser.add_argument("--list", action="store_true", help="name the benchmarks and stop")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all without names) at the chosen scale."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; choose from "
                     f"{', '.join(BENCHMARKS)}")
    if args.list:
        print("benchmarks (python -m bench [--scale city|third|tenth] [NAME…]):")
        for name, what in BENCHMARKS.items():
            print(f"  {name:9} {what}")
        return 0
    scale.choose(args.scale)
    names = args.names or list(BENCHMARKS)
    for number, name in enumerate(names, start=1):
        print(f"\n== {name} ({number} of {len(names)}, {args.scale} scale)", flush=True)
        started = time.perf_counter()
        run(name)
        print(f"== {name}: {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
