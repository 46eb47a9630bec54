"""Fuzzed workbooks and CSVs into `import`: a real export of the demo ledger, byte-mutated and
mutated inside its ZIP members, and sheets Hypothesis fills with anything. Each is refused with
one of the app's own errors in Chinese naming the file, the ledger exactly as it was, or (a
mutation that left a readable ledger) imported whole; never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import KnownError
from app.io import layout
from app.services import exports, imports
from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import copy_ledger
from tests.soak import fuzzing
from tests.soak.conftest import Soak


class Book:
    """A demo street ledger (open), its pristine copy, and genuine exports of it."""

    def __init__(self, template: Path, folder: Path) -> None:
        self.folder = folder
        self.pristine = copy_ledger(template, folder / "原样" / "台账.db")
        self.path = folder / "台账" / "台账.db"
        self.ledger = self._fresh()
        self.before = fuzzing.digest(self.ledger)
        self.xlsx = folder / "导出.xlsx"
        exports.export_workbook(self.ledger, self.xlsx)
        self.csv = folder / "需求.csv"
        exports.export_csv(self.ledger, "demands", self.csv)
        self.imported = 0

    def _fresh(self) -> Ledger:
        shutil.rmtree(self.path.parent, ignore_errors=True)
        copy_ledger(self.pristine, self.path)
        return open_ledger(self.path)

    def try_import(self, path: Path) -> None:
        """Import a fuzzed file: refused cleanly with nothing written, or taken whole."""
        try:
            imports.import_file(self.ledger, path)
        except KnownError as exc:
            fuzzing.said_well(exc, path.name)
            assert fuzzing.digest(self.ledger) == self.before, path.name
            return
        # a mutation the reader could not tell from a real edit (a changed cell): imported as
        # a whole file would be; the next case starts from the demo ledger again
        self.imported += 1
        self.ledger.close()
        self.ledger = self._fresh()

    def close(self) -> None:
        self.ledger.close()


@pytest.fixture(scope="module")
def book(street_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    made = Book(street_demo_template, tmp_path_factory.mktemp("fuzz-book"))
    yield made
    made.close()


def test_mutated_export_workbooks_are_refused_whole_or_imported_whole(
        book: Book, soak: Soak, tmp_path: Path) -> None:
    raw = book.xlsx.read_bytes()
    rounds = soak.rounds(12, 600)
    for case in range(rounds):
        rng = fuzzing.seeded("xlsx", case)
        path = fuzzing.write(tmp_path, f"导出-{case}.xlsx",
                             fuzzing.mutate(raw, rng, zipped=True))
        book.try_import(path)
        path.unlink()
    soak.tried("fuzzed: workbooks (mutated export)", rounds)


def test_mutated_export_csvs_are_refused_whole_or_imported_whole(
        book: Book, soak: Soak, tmp_path: Path) -> None:
    raw = book.csv.read_bytes()
    rounds = soak.rounds(25, 1000)
    for case in range(rounds):
        rng = fuzzing.seeded("csv", case)
        mutated = fuzzing.mutate(raw, rng) if case % 3 == 0 else fuzzing.mutate_text(raw, rng)
        path = fuzzing.write(tmp_path, f"需求-{case}.csv", mutated)
        book.try_import(path)
        path.unlink()
    soak.tried("fuzzed: CSVs (mutated export)", rounds)


CELLS = st.one_of(
    st.text(max_size=40), st.text(alphabet="=+-@'\"\t\r\n,;，。、", max_size=12),
    st.integers(-10**18, 10**18), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    st.sampled_from(["解放门街道", "东七路社区", "是", "否", "已受理", "紧急", "2026-13-45",
                     "610102005001", "６１０１０２", "记录ID", "#REF!", "=1/0", " "]),
)


def _headers() -> list[str]:
    found = {layout.RECORD_ID}
    for spec in layout.ledger_specs():
        found |= {column.header for column in layout.columns(spec)}
    return sorted(found)


@st.composite
def sheets(draw: st.DrawFn) -> list[tuple[str, list[list[object]]]]:
    """One to three sheets: real ledger names and headers (some), then rows of anything."""
    specs = layout.ledger_specs()
    found = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.one_of(st.sampled_from([s.label for s in specs]),
                              st.text(min_size=1, max_size=31).filter(
                                  lambda n: n.isprintable() and not set(n) & set("[]:*?/\\'"))))
        header = draw(st.lists(st.one_of(st.sampled_from(_headers()), CELLS), max_size=14))
        rows = draw(st.lists(st.lists(CELLS, max_size=16), max_size=12))
        found.append((name, [header, *rows]))
    return found


def _workbook(content: list[tuple[str, list[list[object]]]], path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in content:
        sheet = workbook.create_sheet(name[:31] if name[:31] not in workbook.sheetnames
                                      else f"表{len(workbook.sheetnames)}")
        for row in rows:
            sheet.append([_storable(v) for v in row])
    workbook.save(path)
    return path


def _storable(value: object) -> object:
    """The value as openpyxl can write it (control characters are not allowed in XML)."""
    if isinstance(value, str):
        return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)[:32767]
    return value


def test_generated_workbooks_are_refused_whole_or_imported_whole(
        book: Book, soak: Soak, tmp_path: Path) -> None:
    counted = 0

    @fuzzing.rounds_settings(soak, 15, 400)
    @given(content=sheets())
    def case(content: list[tuple[str, list[list[object]]]]) -> None:
        nonlocal counted
        counted += 1
        book.try_import(_workbook(content, tmp_path / "生成.xlsx"))

    case()
    soak.tried("fuzzed: workbooks (generated)", counted)


def test_generated_csvs_are_refused_whole_or_imported_whole(
        book: Book, soak: Soak, tmp_path: Path) -> None:
    counted = 0

    @fuzzing.rounds_settings(soak, 25, 600)
    @given(content=sheets(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030",
                                                       "utf-16", "latin-1"]),
           raw_tail=st.binary(max_size=64))
    def case(content: list[tuple[str, list[list[object]]]], encoding: str,
             raw_tail: bytes) -> None:
        nonlocal counted
        counted += 1
        _name, rows = content[0]
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
        data = buffer.getvalue().encode(encoding, errors="replace") + raw_tail
        book.try_import(fuzzing.write(tmp_path, "生成.csv", data))

    case()
    soak.tried("fuzzed: CSVs (generated)", counted)
