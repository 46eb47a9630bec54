"""Export the ledgers as a workbook (or one as CSV) that a district reads and we re-import."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.domain import rates
from app.domain.entities import ENTITIES
from app.domain.enums import Function
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.io import export_xlsx, layout
from app.io.export_xlsx import LedgerRows, MatrixLine, MatrixTable, Percent
from app.services import records
from app.services.matrix import function_matrix
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.whole import written_whole
from app.task import QUIET, TaskState


@dataclass
class ExportSummary:
    """What an export wrote: rows per sheet."""

    path: Path
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows written in all."""
        return sum(self.rows.values())


class RefText:
    """How a reference is written: the name where it names one record, else its code or id.

    A name that two live records share (two 东关社区 in different streets) would import as an
    ambiguity, so those carry their code in brackets; a space is named within its community.
    """

    def __init__(self, ledger: Ledger, entities: set[str]) -> None:
        self._text: dict[str, dict[str, str]] = {}
        with ledger.engine.connect() as conn:
            for name in entities:
                self._text[name] = self._words(conn, ENTITIES[name])

    @classmethod
    def _words(cls, conn: Connection, spec: EntitySpec) -> dict[str, str]:
        title = spec.title_field
        code = "code" if "code" in spec.by_name else "NULL"
        within = "community_id" if spec.name == "space" else "NULL"
        rows = conn.execute(text(
            f"SELECT id, deleted, {title}, {code}, {within} FROM {spec.name}"
        )).all()
        taken = Counter((r[4], r[2]) for r in rows if not r[1])
        return {
            r[0]: cls._word(spec, {"id": r[0], title: r[2], "code": r[3]}, taken[(r[4], r[2])])
            for r in rows
        }

    @staticmethod
    def _word(spec: EntitySpec, record: dict[str, Any], namesakes: int) -> str:
        title = record.get(spec.title_field)
        if title and namesakes == 1:
            return str(title)
        if title and record.get("code"):  # 南一路社区（610104002006）: readable, and unique
            return f"{title}（{record['code']}）"
        return str(record["id"])

    def __call__(self, entity: str, record_id: str) -> str:
        return self._text[entity].get(record_id, record_id)

    def names(self, entity: str) -> Mapping[str, str]:
        """Record id -> how a reference to it is written, for one referenced entity."""
        return self._text[entity]


class Shown(dict[Any, Any]):
    """Stored value -> what the workbook shows for it, worked out the first time the value is met:
    a column repeats a few values (choices, names, dates), so each is converted once and every
    cell after it is one dictionary look-up. An empty value stays empty."""

    def __init__(self, show: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._show = show

    def __missing__(self, value: Any) -> Any:
        shown = self[value] = self._show(value)
        return shown


def _stored_list(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else list(value)


def shown_values(spec_field: FieldSpec, refs: RefText) -> Shown | None:
    """How a column's stored values (as SQLite gives them) become what the workbook shows:
    labels, names, real dates; None where a value shows as it is (text, numbers)."""
    kind = spec_field.kind
    if kind is Kind.REF:
        names = refs.names(spec_field.ref or "")
        return Shown(lambda value: names.get(value, value))
    if kind is Kind.ENUM:
        return Shown(lambda value: str(spec_field.display(value)))
    if kind is Kind.BOOL:
        return Shown(lambda value: str(spec_field.display(bool(value))))
    if kind is Kind.ENUMS:
        return Shown(lambda value: str(spec_field.display(_stored_list(value))))
    if kind is Kind.DATE:
        return Shown(dt.date.fromisoformat)
    return None


ROWS_AT_ONCE = 2000
"""Rows converted together, a column at a time."""


def _query(spec: EntitySpec, scope: Scope | None) -> records.Query:
    """A ledger's records as exported: named ones in the pinyin order of their names (as a reader
    looks one up in Excel or WPS), the others in the order they were entered."""
    title = spec.by_name.get(spec.title_field)
    sort = title.name if title is not None and title.pinyin else None
    return records.Query(scope=scope, sort=sort)


def _values(
    ledger: Ledger, spec: EntitySpec, scope: Scope | None, cols: tuple[layout.Column, ...],
    refs: RefText,
) -> Iterator[tuple[list[Any], str]]:
    """A ledger's rows as the workbook shows them, with their record ids: read in batches, each
    column converted as a whole (one `map` over a look-up table, no call per cell)."""
    fields = [c.field for c in cols]
    tables = [(n, table) for n, f in enumerate(fields, start=1)
              if (table := shown_values(f, refs)) is not None]
    rows = records.iter_values(ledger, spec.plural, _query(spec, scope), fields)
    while batch := list(islice(rows, ROWS_AT_ONCE)):
        columns: list[Iterable[Any]] = list(zip(*batch, strict=True))
        for n, table in tables:
            columns[n] = map(table.__getitem__, columns[n])
        for record_id, *values in zip(*columns, strict=True):
            yield values, record_id


def _referenced(specs: tuple[EntitySpec, ...]) -> set[str]:
    return {f.ref for s in specs for f in s.fields if f.kind is Kind.REF and f.ref is not None}


def _rows(ledger: Ledger, scope: Scope | None) -> dict[str, int]:
    return {
        s.name: records.count(ledger, s.plural, records.Query(scope=scope))
        for s in layout.ledger_specs()
    }


def export_workbook(
    ledger: Ledger,
    path: Path,
    *,
    scope: Scope | None = None,
    template: bool = False,
    task: TaskState = QUIET,
) -> ExportSummary:
    """Every ledger of an area, one sheet each with a 记录ID column, and the matrix summary.

    `template`: the same sheets with no rows and no id column, for filling in by hand. The file
    appears whole or not at all (written beside, then moved into place).
    """
    specs = layout.ledger_specs()
    summary = ExportSummary(path)
    if template:
        blank = (LedgerRows(spec.label, layout.columns(spec)) for spec in specs)
        summary.rows = export_xlsx.write_ledgers(path, blank, with_ids=False)
        return summary
    summary.rows = export_xlsx.write_ledgers(path, _parts(ledger, scope, task))
    task.progress(summary.total, summary.total, "")
    return summary


class _Steps:
    """Rows written so far of all the export's rows; reports them and stops when cancelled."""

    def __init__(self, task: TaskState, total: int) -> None:
        self.task = task
        self.total = total
        self.done = 0

    def __call__(self, label: str) -> None:
        self.task.check("已取消导出，没有写出文件")
        self.task.progress(self.done, self.total, label)


def _parts(
    ledger: Ledger, scope: Scope | None, task: TaskState
) -> Iterator[LedgerRows | MatrixTable]:
    """Every ledger's sheet with its rows, read as they are written, then the matrix summary."""
    specs = layout.ledger_specs()
    steps = _Steps(task, sum(_rows(ledger, scope).values()))
    steps("")
    refs = RefText(ledger, _referenced(specs))
    for spec in specs:
        cols = layout.columns(spec)
        yield LedgerRows(spec.label, cols, _sheet_rows(ledger, spec, scope, cols, refs, steps))
    steps(layout.MATRIX_SHEET)
    yield _matrix_table(ledger, scope)


def _sheet_rows(
    ledger: Ledger,
    spec: EntitySpec,
    scope: Scope | None,
    cols: tuple[layout.Column, ...],
    refs: RefText,
    steps: _Steps,
) -> Iterator[tuple[list[Any], str]]:
    """A ledger's rows as the workbook shows them, with their ids; a step every 200 rows."""
    for row in _values(ledger, spec, scope, cols, refs):
        yield row
        steps.done += 1
        if steps.done % 200 == 0:
            steps(spec.label)


def _matrix_table(ledger: Ledger, scope: Scope | None) -> MatrixTable:
    """Communities × nine functions with their statuses, then coverage against the 2030 targets."""
    matrix = function_matrix(ledger, scope)
    functions = Function.nine()
    lines = [
        MatrixLine(row.street_name, row.name + ("（未回迁）" if row.not_resettled else ""),
                   row.code, tuple(row.status(f) for f in functions))
        for row in matrix.rows
    ]
    by_function = {c.function: c for c in matrix.coverage}
    cover = [by_function[f] for f in functions]
    summary: list[tuple[str, list[Any]]] = [
        ("已建成或运营中", [c.covered for c in cover]),
        ("应计社区（不含未回迁）", [c.total for c in cover]),
        ("覆盖率", [Percent(rates.printed_percent(c.share, c.target)) for c in cover]),
        ("2030 年目标", [Percent(rates.target_percent(c.target)) for c in cover]),
        ("达标情况", [c.verdict_text for c in cover]),
    ]
    headers = ("街道", "社区", "社区代码", *(f.label for f in functions))
    return MatrixTable(headers, lines, summary)


def export_csv(
    ledger: Ledger, entity_name: str, path: Path, *, scope: Scope | None = None
) -> int:
    """One ledger as CSV: UTF-8 with a BOM (Excel and WPS open it right), text that starts with
    = + - @ behind an apostrophe so that it never runs as a formula. Returns the rows written."""
    spec = records.spec_of(entity_name)
    cols = layout.columns(spec)
    refs = RefText(ledger, _referenced((spec,)))
    rows = 0
    with written_whole(path, opened_in="Excel 或 WPS") as partial, partial.open(
        "w", encoding="utf-8-sig", newline=""
    ) as out:
        writer = csv.writer(out)
        writer.writerow([*(c.header for c in cols), layout.RECORD_ID])
        for values, record_id in _values(ledger, spec, scope, cols, refs):
            writer.writerow([*(_csv(v) for v in values), record_id])
            rows += 1
    return rows


def _csv(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and layout.needs_text_guard(value):
        return "'" + value
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def iter_sheet_values(ledger: Ledger, spec: EntitySpec, scope: Scope | None) -> Iterator[list[Any]]:
    """The cells an export writes for an entity, row by row (for benchmarks and checks)."""
    cols = layout.columns(spec)
    refs = RefText(ledger, _referenced((spec,)))
    for values, _record_id in _values(ledger, spec, scope, cols, refs):
        yield values
