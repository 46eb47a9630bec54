"""Excel export and import at city scale, beside the bare libraries doing the same work.

Export: `export_workbook` of the largest district of the city database (长安区: 62,500 demands,
about 72,000 rows over the seven ledger sheets, plus the matrix sheet), beside bare openpyxl
write-only writing the same cells: the values `iter_sheet_values` gives, the header row and the
记录ID column, collected into memory first (not timed). A single area is the largest scope
`resolve_scope` takes short of the whole city (570,000 rows, several minutes); throughput, not
size, is what the budget compares.

Import: that workbook into a fresh ledger (`init_ledger`, so every row is new), beside the bare
floor of DESIGN.md: python-calamine reading every sheet, then one `executemany` of each ledger
sheet's rows into a plain table of as many columns in a fresh sqlite3 file, and one `executemany`
of as many history rows (entity, record id, the row as JSON text). `import_file` takes a backup
first; `create_backup` is timed alone on the same fresh ledger so that the import can be shown
without it. LibreOffice headless converting the workbook to CSV stands for "merely opening" it:
it loads every sheet (then writes the first, 社区, a few hundred rows, as CSV); its start-up,
converting a one-cell workbook, is shown apart.

Each slow step (tens of seconds) is the best of two runs, the bare import floor and the
LibreOffice start-up (a second or two) the best of three. `python -m bench.excel --profile`
prints cProfile figures of an export and an import of a smaller district (碑林区, about 23,000
rows) instead.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.xml import LXML
from python_calamine import CalamineWorkbook

from app.io import layout
from app.services import records
from app.services.areas import resolve_scope
from app.services.exports import export_workbook, iter_sheet_values
from app.services.imports import import_file
from app.services.setup import init_ledger
from app.store.areas import Scope
from app.store.backup import create_backup
from app.store.db import Ledger, open_ledger
from bench import verdicts
from bench.citydb import CITY_DB, city_db
from bench.common import (
    best,
    convert,
    peak_mb,
    profiled,
    restart_clock,
    say,
    soffice,
    soffice_start,
    timed,
)

AREA = "district:长安区"
PROFILE_AREA = "district:碑林区"
EXPORT_BUDGET = verdicts.EXCEL_EXPORT.limit
IMPORT_BUDGET = verdicts.EXCEL_IMPORT.limit
RUNS = 2
"""Runs of each slow step, the best kept (this machine is shared: one run can be unlucky)."""

Sheets = dict[str, tuple[list[str], list[list[Any]]]]
"""Sheet title → (header, rows): the cells of a ledger sheet, 记录ID last."""

# --- export ------------------------------------------------------------------------------------


def _collect(ledger: Ledger, scope: Scope | None) -> Sheets:
    """The cells of each ledger sheet as the export writes them (values, then the record id)."""
    sheets: Sheets = {}
    for spec in layout.ledger_specs():
        header = [c.header for c in layout.columns(spec)] + [layout.RECORD_ID]
        values = iter_sheet_values(ledger, spec, scope)
        ids = (r["id"] for r in records.iter_records(ledger, spec.plural,
                                                     records.Query(scope=scope)))
        rows = [[*cells, record_id] for cells, record_id in zip(values, ids, strict=True)]
        sheets[spec.label] = (header, rows)
    return sheets


def _bare_write(sheets: Sheets, path: Path) -> None:
    """openpyxl write-only, the same cells, nothing else (no styles, comments, dropdowns)."""
    book = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)


# --- import ------------------------------------------------------------------------------------


def _iso(value: dt.date) -> str:
    return value.isoformat()


def _bare_import(book: Path, db: Path, ledger_sheets: list[str]) -> tuple[float, float, int]:
    """calamine reading every sheet, then the rows and their history rows in one transaction.

    Returns the seconds reading, the seconds inserting, and the rows inserted.
    """
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    sqlite3.register_adapter(dt.date, _iso)  # what to_python gives for date cells
    sqlite3.register_adapter(dt.datetime, _iso)
    started = time.perf_counter()
    with CalamineWorkbook.from_path(str(book)) as workbook:
        read = {n: workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names}
    reading = time.perf_counter() - started
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    inserted = 0
    with conn:
        history: list[tuple[str, str, str]] = []
        for n, name in enumerate(ledger_sheets):
            header, *rows = read[name]
            conn.execute(f"CREATE TABLE t{n} ({', '.join(f'c{i}' for i in range(len(header)))})")
            conn.executemany(f"INSERT INTO t{n} VALUES ({', '.join('?' * len(header))})", rows)
            history += [
                (name, str(row[-1]),
                 json.dumps(dict(zip(header, row, strict=False)), ensure_ascii=False, default=str))
                for row in rows
            ]
            inserted += len(rows)
        conn.execute("CREATE TABLE history (entity TEXT, record_id TEXT, changes TEXT)")
        conn.executemany("INSERT INTO history VALUES (?, ?, ?)", history)
    conn.close()
    return reading, time.perf_counter() - started, inserted


# --- report ------------------------------------------------------------------------------------


def _line(name: str, rows: int, seconds: float, extra: str = "") -> None:
    rate = f"{rows / seconds:10,.0f}" if rows else " " * 10
    shown = f"{rows:9,d}" if rows else " " * 9
    print(f"  {name:38} {shown} {seconds:8.2f} {rate}  {extra}".rstrip())


def main() -> None:
    """Print export and import throughput beside bare openpyxl, calamine + sqlite3, LibreOffice."""
    restart_clock()
    path = city_db()
    work = Path(tempfile.mkdtemp(prefix="excel-", dir=CITY_DB.parent))
    fresh: Ledger | None = None
    try:
        ledger = open_ledger(path)
        scope = resolve_scope(ledger, AREA)
        book = work / "export.xlsx"
        export_s = float("inf")
        for run in range(1, RUNS + 1):
            say(f"export_workbook of {AREA}, run {run} of {RUNS} …")
            started = time.perf_counter()
            exported = export_workbook(ledger, book, scope=scope)
            export_s = min(export_s, time.perf_counter() - started)
        say(f"exported {exported.total:,} rows in {export_s:.1f} s; collecting the same cells …")
        sheets = _collect(ledger, scope)
        ledger.close()
        bare_rows = sum(len(rows) for _header, rows in sheets.values())
        say(f"bare openpyxl write-only of {bare_rows:,} rows …")
        bare_s = best(partial(_bare_write, sheets, work / "bare.xlsx"), RUNS)
        sheets.clear()

        import_s = backup_s = float("inf")
        for run in range(1, RUNS + 1):
            say(f"fresh ledger, its backup alone, then import_file, run {run} of {RUNS} …")
            db = work / f"fresh{run}" / "ledger.db"
            fresh = init_ledger(db)
            backup_s = min(backup_s, timed(partial(create_backup, db, "bench")))
            started = time.perf_counter()
            result = import_file(fresh, book)
            import_s = min(import_s, time.perf_counter() - started)
            fresh.close()
            fresh = None
        imported = result.total
        say(f"imported {imported:,} rows in {import_s:.1f} s; bare floor …")
        floors = [_bare_import(book, work / "bare.db", list(exported.rows)) for _ in range(3)]
        reading, inserting, floor_rows = min(floors, key=lambda f: f[0] + f[1])
        floor_s = reading + inserting

        say("import_file again in a fresh interpreter, for its peak memory …")
        import_mb = peak_mb("bench.peaks", "import", str(book), str(work / "peak" / "ledger.db"))
        exe = soffice()
        lo_s = lo_start = None
        if exe is not None:
            say("LibreOffice: first start (makes its profile), start-up, the workbook …")
            lo_start = soffice_start(exe, work, "csv")
            lo_s = convert(exe, book, work, "csv")[0]
        say("done")
    finally:
        if fresh is not None:
            fresh.close()
        shutil.rmtree(work, ignore_errors=True)

    print(f"excel: {AREA} of {path.name}; rows = data rows of the ledger sheets; best of "
          f"{RUNS} (bare import floor and LibreOffice start-up: of 3)")
    print(f"  openpyxl writes XML with {'lxml' if LXML else 'et_xmlfile (no lxml installed)'}")
    print(f"  {'':38} {'rows':>9} {'s':>8} {'rows/s':>10}  ratio")
    print("export")
    _line("export_workbook", exported.total, export_s,
          f"{bare_s / export_s:5.2f} of bare (budget ≥ {EXPORT_BUDGET:.2f})")
    _line("bare openpyxl write-only, same cells", bare_rows, bare_s)
    print("import into a fresh ledger")
    _line("import_file (backup included)", imported, import_s,
          f"{floor_s / import_s:5.2f} of bare floor (budget ≥ {IMPORT_BUDGET:.2f})")
    _line("  without its backup", imported, import_s - backup_s,
          f"{floor_s / (import_s - backup_s):5.2f} of bare floor")
    _line("  create_backup alone, fresh ledger", 0, backup_s)
    _line("bare floor: calamine + 2 executemany", floor_rows, floor_s)
    _line("  calamine, every sheet to_python", floor_rows, reading)
    _line("  executemany rows + history rows", floor_rows, inserting)
    if lo_s is None or lo_start is None:
        print("  LibreOffice (soffice) is not installed here: no LibreOffice column")
    else:
        _line("LibreOffice --convert-to csv", imported, lo_s,
              f"{lo_s / import_s:5.2f} import_file speed ÷ LibreOffice's (aim > 1)")
        _line("  start-up alone (one-cell workbook)", 0, lo_start)
        _line("  without start-up", imported, lo_s - lo_start)
    print(f"  peak memory of import_file alone, in a fresh interpreter: {import_mb:.0f} MB "
          f"(budget for a 200,000-row workbook {verdicts.IMPORT_MEMORY.text()})")
    _record(exported.total, export_s, bare_rows, bare_s, imported, import_s, floor_rows, floor_s,
            lo_s)
    verdicts.record("excel", "peak memory, import_file (process)", import_mb, "MB", None,
                    verdicts.IMPORT_MEMORY, imported)


def _record(exported: int, export_s: float, bare_rows: int, bare_s: float, imported: int,
            import_s: float, floor_rows: int, floor_s: float, lo_s: float | None) -> None:
    """The budgeted figures, as rows per second beside the bare library's."""
    verdicts.record("excel", "export_workbook ÷ bare openpyxl write-only", exported / export_s,
                    "rows/s", bare_rows / bare_s, verdicts.EXCEL_EXPORT, exported)
    verdicts.record("excel", "import_file ÷ calamine + 2 executemany", imported / import_s,
                    "rows/s", floor_rows / floor_s, verdicts.EXCEL_IMPORT, imported)
    if lo_s is None:
        verdicts.unmeasured("excel", "import_file ÷ LibreOffice opening it",
                            verdicts.EXCEL_IMPORT_VS_LIBREOFFICE,
                            "LibreOffice not installed: make bench-setup")
    else:
        verdicts.record("excel", "import_file ÷ LibreOffice opening it", imported / import_s,
                        "rows/s", imported / lo_s, verdicts.EXCEL_IMPORT_VS_LIBREOFFICE, imported)



# --- profiles ----------------------------------------------------------------------------------


def profile(top: int = 15) -> None:
    """cProfile of export_workbook and of import_file on a smaller district (碑林区)."""
    path = city_db()
    work = Path(tempfile.mkdtemp(prefix="excel-profile-", dir=CITY_DB.parent))
    try:
        ledger = open_ledger(path)
        scope = resolve_scope(ledger, PROFILE_AREA)
        book = work / "export.xlsx"
        profiled(f"export_workbook of {PROFILE_AREA}",
                  lambda: export_workbook(ledger, book, scope=scope), top)
        ledger.close()
        fresh = init_ledger(work / "fresh.db")
        try:
            profiled("import_file of that workbook into a fresh ledger",
                      lambda: import_file(fresh, book), top)
        finally:
            fresh.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    profile() if "--profile" in sys.argv[1:] else main()
