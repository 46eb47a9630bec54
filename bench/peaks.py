"""What the memory budgets measure, each in a fresh interpreter (`bench.common.peak_mb` reads
its peak): `python -m bench.peaks import BOOK DB`, an Excel import into a fresh ledger;
`python -m bench.peaks merge SCALE DB`, the cached street's new-records bundle merged at a fresh
district."""

from __future__ import annotations

import sys
from pathlib import Path


def import_book(book: Path, db: Path) -> None:
    """import_file of the workbook into a fresh ledger at db."""
    from app.services.imports import import_file
    from app.services.setup import init_ledger

    ledger = init_ledger(db)
    try:
        import_file(ledger, book)
    finally:
        ledger.close()


def merge(scale_name: str, db: Path) -> None:
    """apply_bundle of the street's new records (cached by bench.sync) at a fresh district."""
    from app.sync.apply import apply_bundle
    from bench import scale, sync

    scale.choose(scale_name)
    cached = sync.street()
    ledger = sync.district(db, cached)
    try:
        outcome = apply_bundle(ledger, cached.created)
    finally:
        ledger.close()
    if outcome.status != "applied":
        raise RuntimeError(f"apply_bundle: {outcome.status}: {outcome.message}")


if __name__ == "__main__":
    what, *rest = sys.argv[1:]
    if what == "import":
        import_book(Path(rest[0]), Path(rest[1]))
    elif what == "merge":
        merge(rest[0], Path(rest[1]))
    else:
        sys.exit(f"unknown measure {what!r}: import or merge")
