"""`python -m bench [--scale S] [NAME…]`: run the benchmarks (all by default), at city scale by
default (`make bench`), or at 1/3 or 1/10 of it, and print one table of every budgeted figure
with PASS or FAIL; `--growth` compares the scales; `--list` names them."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import scale, verdicts

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

MAIN = ["lists", "sync", "excel", "startup"]
"""What `--growth` runs without names: the main figures."""


def run(name: str) -> None:
    """Run one benchmark (its module is imported only now: `--list` and the others need not)."""
    importlib.import_module(f"bench.{name}").main()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="City-scale benchmarks (DESIGN.md, Performance budgets): each prints its "
                    "figure beside the bare library's, then one table gives every budgeted "
                    "figure PASS or FAIL (the exit status is 0 whatever the verdicts). The "
                    "databases are built once in build/bench/ (minutes at city scale).")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run, default all: {', '.join(BENCHMARKS)} "
                             f"(with --growth: {', '.join(MAIN)})")
    parser.add_argument("--scale", choices=list(scale.FRACTIONS), default="city",
                        help="city (default), or third or tenth of it in the same shape")
    parser.add_argument("--growth", action="store_true",
                        help="run at tenth, third and city scale and compare each figure's "
                             "cost per row touched")
    parser.add_argument("--list", action="store_true", help="name the benchmarks and stop")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)  # --growth's children
    return parser


def _growth(names: list[str]) -> int:
    """Each scale in its own interpreter (clean memory figures), then the figures side by side."""
    by_scale: dict[str, list[verdicts.Figure]] = {}
    failed = []
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as folder:
        for name in scale.FRACTIONS_ASCENDING:
            out = Path(folder) / f"{name}.json"
            print(f"\n==== {name} scale", flush=True)
            done = subprocess.run([sys.executable, "-m", "bench", "--scale", name,
                                   "--record", str(out), *names], check=False)
            if done.returncode != 0:
                failed.append(name)
            if out.exists():
                by_scale[name] = verdicts.load(out)
    print("\n==== growth (DESIGN.md: no figure grows faster than the rows it touches)")
    if by_scale:
        print(verdicts.growth(by_scale))
    if failed:
        print(f"a benchmark broke at {', '.join(failed)} scale (see above)")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all without names) at the chosen scale, then the table."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; choose from "
                     f"{', '.join(BENCHMARKS)}")
    if args.list:
        print("benchmarks (python -m bench [--scale city|third|tenth] [--growth] [NAME…]):")
        for name, what in BENCHMARKS.items():
            print(f"  {name:9} {what}")
        return 0
    if args.growth:
        return _growth(args.names or MAIN)
    scale.choose(args.scale)
    names = args.names or list(BENCHMARKS)
    verdicts.clear()
    broken = []
    begun = time.perf_counter()
    for number, name in enumerate(names, start=1):
        print(f"\n== {name} ({number} of {len(names)}, {args.scale} scale)", flush=True)
        started = time.perf_counter()
        try:
            run(name)
        except Exception:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            broken.append(name)
        print(f"== {name}: {time.perf_counter() - started:.0f} s", flush=True)
    figures = verdicts.recorded()
    print(f"\n== every budgeted figure ({args.scale} scale, {', '.join(names)}; "
          f"{time.perf_counter() - begun:.0f} s in all)")
    print(verdicts.table(figures))
    if broken:
        print(f"broke before recording all their figures: {', '.join(broken)}")
    if args.record is not None:
        verdicts.save(figures, args.record)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
