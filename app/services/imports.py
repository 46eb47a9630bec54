"""Import ledgers kept in Excel, WPS or CSV: validate the whole file first, then write it at once.

A sheet is recognised by its header row (found among the first rows, under any title), each
column by its header (label, unit spelling, synonym); a row names its record by 记录ID or by the
natural key of GLOSSARY.md, so importing a file twice, or an export, duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.domain import rules
from app.domain.entities import ENTITIES
from app.domain.enums import Function, normalize_text
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.domain.validate import Invalid
from app.errors import UsageError
from app.io import layout
from app.io.workbook import RawSheet, read_workbook
from app.services.import_changes import RecordDiff, Updated, record_diffs
from app.services.import_columns import ColumnParser, blank
from app.services.import_undo import ImportMark, history_end, remember
from app.services.tier_guard import TierRule, tier_rule
from app.store import backup, ids, personal, writer
from app.store.db import Ledger
from app.store.rows import columns as stored_columns
from app.store.rows import row_to_record
from app.task import QUIET, TaskState

HEADER_ROWS = 30
"""How far down a sheet its header row may sit (title rows, notes, blank rows above it)."""
_FOOTER = re.compile(r"^(合计|总计|小计|共计|填表人|填报人|制表人|审核人|负责人|制表单位|填报单位|"
                     r"填报日期|制表日期|注[:：]|说明[:：]|备注[:：])")
_FOOTER_STARTS = frozenset("合总小共填制审负注说备")
"""The first characters of _FOOTER's words: a row starting otherwise is no footer."""
_MARKS = re.compile(r"^[*＊※]+|[*＊※]+$|（必填）$|必填$")
_BRACKETED = re.compile(r"(.+)（([^（）]+)）")
_BATCH = 5000
"""Rows written per statement: progress and cancelling between them, memory bounded."""
_CANCELLED = "已取消导入，没有写入任何内容"


@dataclass(frozen=True)
class CellError:
    """One thing wrong, where it is: sheet, row and column as the spreadsheet numbers them."""

    sheet: str
    row: int
    column: int | None
    header: str
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”第 {self.row} 行" if self.row else f"工作表“{self.sheet}”"
        if self.column is not None:
            where += f" {column_letter(self.column)} 列"
        what = f"“{self.header}”：" if self.header else ""
        return f"{where}：{what}{self.message}"


@dataclass
class RowPlan:
    """One data row: the record it names, what the file says of it, and what would change."""

    row: int
    record_id: str = ""
    action: str = ""  # "new", "update", "restore", "same", or "" while it has errors
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    old: dict[str, Any] | None = None
    errors: list[CellError] = field(default_factory=list)


@dataclass
class SheetPlan:
    """One sheet: what it was taken for, which columns were used, and its rows."""

    sheet: RawSheet
    spec: EntitySpec | None = None
    header_row: int = 0
    columns: dict[int, FieldSpec] = field(default_factory=dict)
    id_column: int | None = None
    ignored: list[str] = field(default_factory=list)
    note: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    def count(self, action: str) -> int:
        """Rows of one action ("new", "update", "restore", "same")."""
        return sum(1 for r in self.rows if r.action == action and not r.errors)


@dataclass
class ImportPlan:
    """What importing a file would do; nothing is written while making it."""

    path: Path
    sheets: list[SheetPlan]
    updates: list[RecordDiff] = field(default_factory=list)
    """The records it would update or restore, field by field (made for a preview only)."""

    @property
    def errors(self) -> list[CellError]:
        """Every error, sheet by sheet, row by row."""
        found: list[CellError] = []
        for sheet in self.sheets:
            found += sheet.errors
            for row in sheet.rows:
                found += row.errors
        return found

    @property
    def error_rows(self) -> int:
        """Rows that cannot be imported."""
        return sum(1 for s in self.sheets for r in s.rows if r.errors) + sum(
            1 for s in self.sheets if s.errors
        )

    def count(self, action: str) -> int:
        """Rows of one action over all sheets."""
        return sum(s.count(action) for s in self.sheets)

    @property
    def used(self) -> list[SheetPlan]:
        """The sheets taken for a ledger."""
        return [s for s in self.sheets if s.spec is not None]

    def summary(self) -> str:
        """One line in Chinese: N new, M updated, K unchanged, E with errors."""
        parts = [f"新增 {self.count('new')} 条", f"更新 {self.count('update')} 条"]
        if restored := self.count("restore"):
            parts.append(f"恢复 {restored} 条已删除的记录")
        parts.append(f"无变化 {self.count('same')} 条")
        parts.append(f"有错误 {len(self.errors)} 处")
        return "，".join(parts)


@dataclass
class ImportResult:
    """What an import wrote."""

    plan: ImportPlan
    written: dict[str, int] = field(default_factory=dict)
    backup: Path | None = None
    mark: ImportMark | None = None
    """The history rows it wrote, to undo it by (None when it wrote nothing)."""

    @property
    def total(self) -> int:
        """Records written (created, updated or restored)."""
        return sum(self.written.values())


def error_workbook_path(source: Path) -> Path:
    """Where the error workbook of an import goes: beside the file, `<name>.errors.xlsx`."""
    return source.with_name(f"{source.stem}.errors.xlsx")


def column_letter(column: int) -> str:
    """A (1-based) column number as Excel names it: 1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- recognising sheets and columns ---------------------------------------------------------


def _clean_header(value: Any) -> str:
    return _MARKS.sub("", normalize_text(str(value))) if value not in (None, "") else ""


def _field_of(spec: EntitySpec, header: str) -> FieldSpec | None:
    return spec.resolve_field(header) if header else None


@cache
def _function_labels() -> frozenset[str]:
    return frozenset(normalize_text(f.label) for f in Function.nine())


def _matched(spec: EntitySpec, headers: list[str],
             known: dict[tuple[str, str], FieldSpec | None]) -> set[str]:
    """The fields of a ledger a row's headers name; `known` keeps each header's answer."""
    matched = set()
    for h in headers:
        if (spec.name, h) not in known:
            known[spec.name, h] = _field_of(spec, h)
        if (f := known[spec.name, h]) is not None:
            matched.add(f.name)
    return matched


def _matrix_like(headers: list[str]) -> bool:
    labels = _function_labels()
    return sum(1 for h in headers if h in labels) >= 5


def _hint(sheet_name: str, spec: EntitySpec) -> bool:
    name = normalize_text(sheet_name)
    return any(word and word in name for word in (spec.label, spec.plural, *spec.extra_names))


def _key_fields(spec: EntitySpec) -> set[str]:
    """Fields a header row must name one of to be taken for this ledger (名称, 需求内容 …)."""
    return {spec.title_field, *(f.name for f in spec.required if f.default is None)}


def recognise(sheet: RawSheet) -> SheetPlan:
    """Which ledger a sheet holds, on which row its header is, and which column is which field."""
    plan = SheetPlan(sheet)
    top = [[_clean_header(v) for v in row] for row in sheet.rows[:HEADER_ROWS]]
    if normalize_text(sheet.name) == layout.MATRIX_SHEET or any(map(_matrix_like, top)):
        plan.note = "九项功能矩阵汇总表，导入时跳过"
        return plan
    best: tuple[int, int, int] | None = None
    known: dict[tuple[str, str], FieldSpec | None] = {}  # the rows above data repeat words
    for r, headers in enumerate(top):
        if sum(1 for h in headers if h) < 2:
            continue
        for spec in layout.ledger_specs():
            matched = _matched(spec, headers, known)
            if len(matched) < 2 or not matched & _key_fields(spec):
                continue
            # most fields matched; then the sheet's name as a hint; then the topmost row
            score = (len(matched), int(_hint(sheet.name, spec)), -r)
            if best is None or score > best:
                best, plan.spec, plan.header_row = score, spec, r
    if plan.spec is None:
        plan.note = "没有找到可识别的表头（如“社区名称”“需求内容”），已跳过"
        return plan
    spec = plan.spec
    for c, value in enumerate(sheet.rows[plan.header_row]):
        header = _clean_header(value)
        if not header:
            continue
        if header == normalize_text(layout.RECORD_ID) and plan.id_column is None:
            plan.id_column = c
        elif (f := _field_of(spec, header)) and f not in plan.columns.values():
            plan.columns[c] = f
        elif header not in ("序号", "编号", "NO.", "No.", "no."):
            plan.ignored.append(str(value).strip())
    present = set(plan.columns.values())
    missing = [f.label for f in spec.required if f not in present and f.default is None]
    if missing and plan.id_column is None:
        plan.errors.append(CellError(
            sheet.name, plan.header_row + 1, None, "",
            f"作为{spec.label}表缺少必填列：{'、'.join(missing)}",
        ))
    return plan


# --- references -----------------------------------------------------------------------------


_NAMEABLE = ("street", "community", "operator", "space")
"""The entities that cells name (references point at them)."""


class References:
    """Records that cells name (by id, code or name), from the ledger and from the file itself."""

    def __init__(self, conn: Connection) -> None:
        self.live: dict[str, set[str]] = defaultdict(set)
        self.by_key: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._resolved: dict[str, dict[tuple[str, str | None], str | Invalid]] = {}
        for name in _NAMEABLE:
            spec = ENTITIES[name]
            named = [c for c in ("code", "credit_code", "name") if c in spec.by_name]
            cols = ["id", "deleted", *named]
            if name == "space":
                cols.append("community_id")
            for row in conn.execute(text(f"SELECT {', '.join(cols)} FROM {name}")).mappings():
                if not row["deleted"]:
                    self.add(name, row["id"], dict(row))

    def add(self, entity: str, record_id: str, values: Mapping[str, Any]) -> None:
        """Make a record nameable (one read from the ledger, or one the file creates)."""
        if entity not in _NAMEABLE:  # nothing refers to demands, projects …
            return
        self._resolved.pop(entity, None)
        self.live[entity].add(record_id)
        keys = self.by_key[entity]
        for column in ("code", "credit_code"):
            if values.get(column):
                keys[str(values[column])].append(record_id)
        if values.get("name"):
            name = normalize_text(str(values["name"]))
            within = values.get("community_id") or values.get("community")
            keys[f"{within}/{name}" if entity == "space" else name].append(record_id)

    def resolve(self, entity: str, word: str, community: str | None = None) -> str:
        """The id a cell names; Invalid (in Chinese) when it names none or several.

        A column names the same few records over and over: each answer is kept until a record
        of that entity is added.
        """
        known = self._resolved.setdefault(entity, {})
        key = (word, community)
        if key not in known:
            try:
                known[key] = self._resolve(entity, word, community)
            except Invalid as exc:
                known[key] = exc
        found = known[key]
        if isinstance(found, Invalid):
            raise found
        return found

    def _resolve(self, entity: str, word: str, community: str | None) -> str:
        label = ENTITIES[entity].label
        if word in self.live[entity]:
            return word
        found = self._find(entity, word, community)
        if not found and (bracket := _BRACKETED.fullmatch(normalize_text(word))):
            # 南一路社区（610104002006）: the code in brackets, else the name before them
            found = self._find(entity, bracket.group(2), community) or self._find(
                entity, bracket.group(1), community
            )
        unique = list(dict.fromkeys(found))
        if len(unique) == 1:
            return unique[0]
        if len(unique) > 1:
            raise Invalid(f"名为“{word}”的{label}有 {len(unique)} 个，请改填代码或记录ID")
        if entity == "space":
            raise Invalid(f"所属社区中找不到{label}“{word}”" if community else
                          f"找不到{label}“{word}”，请同时填写所属社区")
        raise Invalid(f"找不到{label}“{word}”，请先在{label}表中添加")

    def _find(self, entity: str, word: str, community: str | None) -> list[str]:
        keys = self.by_key[entity]
        name = normalize_text(word)
        if entity == "space":
            return keys.get(f"{community}/{name}", [])
        return keys.get(word) or keys.get(name) or []


# --- planning -------------------------------------------------------------------------------


class _Planner:
    """Turns recognised sheets into row plans against one snapshot of the ledger."""

    def __init__(
        self, conn: Connection, refs: References, task: TaskState, to_check: int,
        guard: TierRule | None = None,
    ) -> None:
        self.guard = guard
        """The directory's tiers a project row must keep (below the city), or None."""
        self.conn = conn
        self.refs = refs
        self.task = task
        self.to_check = to_check
        self.checked = 0
        self.claimed: dict[str, dict[str, int]] = defaultdict(dict)  # entity → id → first row

    def plan_sheet(self, plan: SheetPlan) -> None:
        spec = plan.spec
        assert spec is not None
        name = plan.sheet.name
        data = self._data_rows(plan)
        rows = [RowPlan(r + 1) for r, _cells in data]
        plan.rows += rows
        # column by column: each distinct value of a column is parsed once (ColumnParser)
        parsed: list[tuple[int, FieldSpec, list[Any], bool]] = []
        for c, spec_field in plan.columns.items():
            parser = ColumnParser(spec_field)
            cells = parser.parse_all([row[c] if c < len(row) else None for _r, row in data])
            parsed.append((c, spec_field, cells, parser.found_invalid))
        names = [spec_field.name for _c, spec_field, _cells, _bad in parsed]
        by_row = zip(*(cells for _c, _f, cells, _bad in parsed), strict=True) if parsed else ()
        for row, values in zip(rows, by_row, strict=bool(parsed)):
            row.values = {n: v for n, v in zip(names, values, strict=True) if v is not None}
        for c, spec_field, cells, bad in parsed:  # a row's errors in the order of its columns
            for row, value in zip(rows, cells, strict=True) if bad else ():
                if isinstance(value, Invalid):
                    del row.values[spec_field.name]
                    row.errors.append(CellError(name, row.row, c + 1, spec_field.header,
                                                str(value)))
        self.task.check(_CANCELLED)
        keys = self._natural_keys(spec)
        # the id a row gives (记录ID), the id of its natural key here, its natural id
        named: list[tuple[RowPlan, tuple[str, str, str]]] = []
        id_column = plan.id_column
        for row, (_r, cells) in zip(rows, data, strict=True):
            self._references(plan, row)
            given_id = ""
            if id_column is not None and id_column < len(cells):
                given_id = str(cells[id_column] or "").strip()
            key = self._key_of(spec, row.values)
            known = keys.get(key, "") if key is not None else ""
            natural = ids.natural_id(spec.name, key[1:]) if key is not None else ""
            named.append((row, (given_id, known, natural)))
        # the records the rows may name, in one query
        olds = _fetch_many(self.conn, spec, {c for _row, ids_ in named for c in ids_ if c})
        fresh = _new_record(spec)
        for row, candidates in named:
            self._match(plan, row, candidates, olds, fresh)
        self.checked += len(plan.sheet.rows)

    def _data_rows(self, plan: SheetPlan) -> list[tuple[int, list[Any]]]:
        """The rows below the header that hold data (not blank, not a footer), 0-based."""
        found = []
        name, sheet_rows = plan.sheet.name, plan.sheet.rows
        for r in range(plan.header_row + 1, len(sheet_rows)):
            if r % 200 == 0 or r == plan.header_row + 1:
                self.task.check(_CANCELLED)
                self.task.progress(self.checked + r, self.to_check, f"正在检查“{name}”")
            cells = sheet_rows[r]
            first = next((v for v in cells if not blank(v)), None)
            if first is None or (type(first) is str and first.lstrip()[0] in _FOOTER_STARTS
                                 and _FOOTER.match(re.sub(r"\s+", "", first))):
                continue
            found.append((r, cells))
        return found

    def _references(self, plan: SheetPlan, row: RowPlan) -> None:
        spec = plan.spec
        assert spec is not None
        community = None
        for spec_field in _references_of(spec.name):
            word = row.values.get(spec_field.name)
            if word is None:
                continue
            assert spec_field.ref is not None
            try:
                found = self.refs.resolve(spec_field.ref, str(word), community)
            except Invalid as exc:
                del row.values[spec_field.name]
                column = next(c for c, f in plan.columns.items() if f is spec_field)
                row.errors.append(CellError(plan.sheet.name, row.row, column + 1,
                                            spec_field.header, str(exc)))
                continue
            row.values[spec_field.name] = found
            if spec_field.ref == "community":
                community = found

    def _natural_keys(self, spec: EntitySpec) -> dict[tuple[Any, ...], str]:
        """The ledger's records of an entity by natural key (live and deleted alike), one query
        per key: stored values are compared as history writes them (to_json)."""
        found: dict[tuple[Any, ...], str] = {}
        for key in spec.natural_keys:
            fields = [spec.field(n) for n in key]
            columns = ", ".join(f.column for f in fields)
            # stored text, numbers and ISO dates are already what to_json gives; a JSON list not
            stored = all(f.kind is not Kind.ENUMS for f in fields)
            for record_id, *parts in self.conn.exec_driver_sql(
                f"SELECT id, {columns} FROM {spec.name} "
                f"WHERE coalesce({columns}, NULL) IS NOT NULL ORDER BY deleted"
            ):
                if not stored:
                    parts = [writer.to_json(writer.from_db(f.kind, v))
                             for f, v in zip(fields, parts, strict=True)]
                found.setdefault((key, *parts), record_id)
        return found

    def _key_of(self, spec: EntitySpec, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        for key in spec.natural_keys:
            parts = [v if v is None or type(v) is str else writer.to_json(v)
                     for v in map(values.get, key)]
            if parts.count(None) < len(parts):
                return (key, *parts)
        return None

    def _match(
        self,
        plan: SheetPlan,
        row: RowPlan,
        candidates: tuple[str, str, str],
        olds: dict[str, dict[str, Any]],
        fresh: dict[str, Any],
    ) -> None:
        spec = plan.spec
        assert spec is not None
        given_id, known, natural = candidates
        record_id = ""
        if given_id and (given_id in olds or given_id in self.claimed[spec.name]):
            record_id = given_id
        record_id = record_id or known or natural
        if not record_id:  # no natural key: the id the file gives, if it is one, else a new one
            record_id = given_id if _looks_like_id(given_id) else ids.random_id()
        row.record_id = record_id
        first = self.claimed[spec.name].setdefault(record_id, row.row)
        if first != row.row:
            row.errors.append(CellError(plan.sheet.name, row.row, None, "",
                                        f"与第 {first} 行是同一条{spec.label}，请合并为一行"))
            return
        old = olds.get(record_id)
        row.old = old
        merged = dict(fresh) if old is None else {f.name: old.get(f.name) for f in spec.fields}
        merged.update(row.values)
        reported = {e.header for e in row.errors} if row.errors else ()
        for f in spec.required:
            if merged[f.name] is None and f.header not in reported:
                column = next((c + 1 for c, g in plan.columns.items() if g is f), None)
                row.errors.append(CellError(plan.sheet.name, row.row, column, f.header,
                                            "必填，不能为空"))
        if not row.errors:
            problems = rules.record_errors(spec.name, merged)
            if self.guard is not None and spec.name == "project":
                problems += self.guard.errors(merged, old)
            for problem in problems:
                spec_field = spec.by_name.get(problem.field)
                column = next((c + 1 for c, g in plan.columns.items() if g is spec_field), None)
                header = spec_field.header if spec_field else ""
                row.errors.append(
                    CellError(plan.sheet.name, row.row, column, header, problem.message)
                )
        if row.errors:
            return
        if old is None:
            row.action, row.values = "new", {k: v for k, v in merged.items() if v is not None}
        else:
            row.changes = {
                name: value for name, value in row.values.items()
                if not _same(spec.field(name), old.get(name), value)
            }
            row.action = "restore" if old["deleted"] else ("update" if row.changes else "same")
        if spec.name in _NAMEABLE:  # nothing refers to demands, projects …
            self.refs.add(spec.name, record_id,
                          {**merged, "community_id": merged.get("community")})


def _new_record(spec: EntitySpec) -> dict[str, Any]:
    """Every field of a new record: its default, or None (a sheet's rows share one default)."""
    return {f.name: f.default_value() if f.default is not None else None for f in spec.fields}


def _fetch_many(conn: Connection, spec: EntitySpec, record_ids: Iterable[str]) -> dict[str, dict]:
    """The records of these ids that exist, deleted or not, by id: one query for them all."""
    wanted = json.dumps(list(record_ids))
    vault = personal.vault_of(conn)
    found = conn.exec_driver_sql(
        f"SELECT {', '.join(stored_columns(spec))} FROM {spec.name} "
        "WHERE id IN (SELECT value FROM json_each(?))", (wanted,))
    return {row[0]: row_to_record(spec, row, vault=vault) for row in found}


@cache
def _references_of(entity: str) -> tuple[FieldSpec, ...]:
    """An entity's reference fields, a space last (it is named within the row's community)."""
    return tuple(sorted((f for f in ENTITIES[entity].fields if f.kind is Kind.REF),
                        key=lambda f: f.ref == "space"))


def _same(spec_field: FieldSpec, old: Any, new: Any) -> bool:
    """Whether a stored value and a file's value agree (several choices in any order)."""
    if spec_field.kind is Kind.ENUMS and isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    return bool(writer.to_json(old) == writer.to_json(new))


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _looks_like_id(value: str) -> bool:
    return bool(_UUID.fullmatch(value))


def _plan(
    conn: Connection,
    sheets: Iterable[RawSheet],
    path: Path,
    task: TaskState,
    guard: TierRule | None = None,
) -> ImportPlan:
    plans = []
    for sheet in sheets:
        if sheet.hidden:
            plans.append(SheetPlan(sheet, note="隐藏的工作表，已跳过"))
            continue
        plans.append(recognise(sheet))
    to_check = sum(len(p.sheet.rows) for p in plans if p.spec is not None)
    planner = _Planner(conn, References(conn), task, to_check, guard)
    for plan, _spec in _in_order(plans):
        if not plan.errors:
            planner.plan_sheet(plan)
    return ImportPlan(path, plans)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a file is read, checked and written.

    A ledger's rows become hundreds of thousands of small objects that live until the import
    ends and hold no cycles; each pass of the collector walks all of them, so the passes cost
    more the larger the file. Everything is still freed as it is let go (reference counting).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def plan_import(
    ledger: Ledger,
    path: Path,
    *,
    task: TaskState = QUIET,
) -> ImportPlan:
    """Read and validate a whole file against the ledger, and say what each updated record
    would become (RecordDiff); writes nothing."""
    with _collector_paused():
        return _plan_import(ledger, path, task)


def _plan_import(ledger: Ledger, path: Path, task: TaskState) -> ImportPlan:
    sheets = read_workbook(path)
    guard = tier_rule(ledger)
    with ledger.engine.connect() as conn:
        plan = _plan(conn, sheets, path, task, guard)
        plan.updates = _updates(conn, plan)
    if not plan.used:
        names = "、".join(s.label for s in layout.ledger_specs())
        raise UsageError(
            f"“{path.name}”中没有可导入的台账：没有找到{names}等表的表头。"
            "请检查表头是否为“社区名称”“需求内容”等"
        )
    return plan


def _updates(conn: Connection, plan: ImportPlan) -> list[RecordDiff]:
    """Every record the plan updates or restores, field by field, sheet by sheet."""
    found: list[RecordDiff] = []
    for sheet in plan.used:
        assert sheet.spec is not None
        rows = [Updated(r.row, r.old, r.changes, r.action == "restore") for r in sheet.rows
                if not r.errors and r.action in ("update", "restore") and r.old is not None]
        if rows:
            found += record_diffs(conn, sheet.spec, sheet.sheet.name, rows)
    return found


def import_file(
    ledger: Ledger,
    path: Path,
    *,
    valid_rows_only: bool = False,
    task: TaskState = QUIET,
) -> ImportResult:
    """Validate the whole file, then write it in one transaction (after a backup).

    With any error and not `valid_rows_only`, nothing is written: ImportRefused carries the plan.
    The file is validated inside the write transaction, so that what is written is what the
    ledger holds at that moment, whatever a preview said earlier; the backup is taken there too,
    once the file is known to be good (readers never wait for a writer, so it can read).
    """
    with _collector_paused():
        return _import_file(ledger, path, valid_rows_only, task)


def _import_file(ledger: Ledger, path: Path, valid_rows_only: bool,
                 task: TaskState) -> ImportResult:
    sheets = read_workbook(path)
    guard = tier_rule(ledger)
    with ledger.write() as conn:
        plan = _plan(conn, sheets, path, task, guard)
        if not plan.used:
            raise UsageError(f"“{path.name}”中没有可导入的台账")
        if plan.errors and not valid_rows_only:
            raise ImportRefused(plan)
        result = ImportResult(plan)
        if not any(plan.count(a) for a in ("new", "update", "restore")):
            return result
        result.backup = backup.create_backup(ledger.path, "import")
        first = history_end(conn)
        total = sum(plan.count(a) for a in ("new", "update", "restore"))
        done = 0
        for sheet, spec in _in_order(plan.used):
            wanted = [r for r in sheet.rows if not r.errors and r.action in ("new", "update",
                                                                              "restore")]
            for start in range(0, len(wanted), _BATCH):
                task.check(_CANCELLED)
                batch = wanted[start:start + _BATCH]
                _write(conn, ledger, spec, batch)
                done += len(batch)
                task.progress(done, total, sheet.sheet.name)
            result.written[spec.label] = result.written.get(spec.label, 0) + len(wanted)
        task.check(_CANCELLED)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        result.mark = ImportMark(first, history_end(conn), path.name, at, dict(result.written))
        remember(conn, result.mark)
    return result


def _in_order(sheets: list[SheetPlan]) -> list[tuple[SheetPlan, EntitySpec]]:
    """Sheets with their entity, each after the ones it refers to."""
    pairs = [(s, s.spec) for s in sheets if s.spec is not None]
    return sorted(pairs, key=lambda pair: layout.IMPORT_ORDER.index(pair[1].name))


def _write(conn: Connection, ledger: Ledger, spec: EntitySpec, rows: list[RowPlan]) -> None:
    new = [r for r in rows if r.action == "new"]
    writer.insert_records(
        conn, spec, [{**r.values, "id": r.record_id} for r in new], ledger.stamps(len(new))
    )
    rest = [r for r in rows if r.action != "new"]
    writer.update_records(conn, spec, [
        writer.Update(row.record_id, row.old,
                      {**row.changes, "deleted": False} if row.action == "restore" else row.changes,
                      stamp, "restore" if row.action == "restore" else "update")
        for row, stamp in zip(rest, ledger.stamps(len(rest)), strict=True) if row.old is not None
    ])


class ImportRefused(UsageError):
    """The file has errors and nothing was written; the plan says where."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        errors = plan.errors
        super().__init__(
            f"“{plan.path.name}”有 {len(errors)} 处错误，没有导入任何内容。"
            "请改正后重新导入（或只导入正确的行）"
        )
