"""`python -m bench [NAME…]`: run the benchmarks (all by default) on the city-scale database."""

from __future__ import annotations

import argparse
import sys

from bench import excel, lists, pdf, startup, sync, ui_lists

BENCHMARKS = {"lists": lists.main, "ui_lists": ui_lists.main, "startup": startup.main,
              "excel": excel.main, "pdf": pdf.main, "sync": sync.main}


def main() -> int:
    """Run the chosen benchmarks."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=list(BENCHMARKS))
    args = parser.parse_args()
    for name in args.names or BENCHMARKS:
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
