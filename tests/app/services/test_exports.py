"""The export read back: every cell of every ledger sheet is the record's value as the workbook
shows it (labels, names, real dates, numbers, text that looks like a formula kept as text), in
the list's order; the matrix sheet in its status colours; the CSV the same values."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from app.domain.entities import ENTITIES
from app.domain.enums import FunctionStatus
from app.domain.fields import FieldSpec, Kind
from app.domain.palette import STATUS_COLOURS
from app.io import layout
from app.services import exports, records
from app.services.areas import resolve_scope
from app.services.demo import generate
from app.store.db import Ledger

FORMULA = "=SUM(A1:A3) 不是公式"
DASHED = "-1层活动室"


def reference_names(ledger: Ledger, entity: str) -> dict[str, str]:
    """How the export should name each record of an entity: its title, with its code where two
    live records share the title (a space: within its community)."""
    spec = ENTITIES[entity]
    found = records.list_records(ledger, spec.plural, records.Query(include_deleted=True))
    within = "community" if entity == "space" else None

    def key(r: dict[str, Any]) -> tuple[Any, Any]:
        return (r.get(within) if within else None, r.get(spec.title_field))

    taken = Counter(key(r) for r in found if not r["deleted"])
    names = {}
    for r in found:
        title = r.get(spec.title_field)
        if title and taken[key(r)] == 1:
            names[r["id"]] = str(title)
        elif title and r.get("code"):
            names[r["id"]] = f"{title}（{r['code']}）"
        else:
            names[r["id"]] = r["id"]
    return names


def shown(ledger: Ledger, field: FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> Any:
    """A record's value as the workbook should show it (openpyxl reads a date back as datetime)."""
    if value is None or value == "":
        return None
    if field.kind is Kind.REF:
        assert field.ref is not None
        if field.ref not in names:
            names[field.ref] = reference_names(ledger, field.ref)
        return names[field.ref][value]
    if field.kind in (Kind.ENUM, Kind.BOOL, Kind.ENUMS):
        return str(field.display(value))
    if field.kind is Kind.DATE:
        return dt.datetime.combine(value, dt.time())
    if field.kind in (Kind.INT, Kind.YEAR, Kind.DECIMAL):
        return value
    return str(value)


def filled(ledger: Ledger) -> None:
    """The tiny demo, plus a formula-like reply, a space named with a leading minus (a
    reference to it in the functions sheet), two communities of one name, a deleted demand."""
    generate(ledger, None, scale="tiny")
    demand = records.list_records(ledger, "demands", records.Query(limit=2))
    records.update(ledger, "demands", demand[0]["id"], {"reply": FORMULA})
    records.delete(ledger, "demands", demand[1]["id"])
    function = next(f for f in records.list_records(ledger, "functions") if f["space"])
    records.update(ledger, "spaces", function["space"], {"name": DASHED})
    first, second = records.list_records(ledger, "communities", records.Query(limit=2))
    records.update(ledger, "communities", second["id"], {"name": first["name"]})


def test_every_cell_reads_back_as_the_records_show_it(ledger: Ledger, tmp_path: Path) -> None:
    filled(ledger)
    path = tmp_path / "全部台账.xlsx"
    summary = exports.export_workbook(ledger, path)
    book = load_workbook(path)
    names: dict[str, dict[str, str]] = {}
    checked = Counter[str]()
    for spec in layout.ledger_specs():
        cols = layout.columns(spec)
        sheet = book[spec.label]
        rows = list(sheet.iter_rows())
        assert [c.value for c in rows[0]] == [c.header for c in cols] + [layout.RECORD_ID]
        title = spec.by_name.get(spec.title_field)
        sort = title.name if title is not None and title.pinyin else None
        listed = records.list_records(ledger, spec.plural, records.Query(sort=sort))
        assert summary.rows[spec.label] == len(listed) == len(rows) - 1
        for record, row in zip(listed, rows[1:], strict=True):
            assert row[-1].value == record["id"]
            for col, cell in zip(cols, row[:-1], strict=True):
                wanted = shown(ledger, col.field, record.get(col.field.name), names)
                assert cell.value == wanted, (spec.label, col.header, cell.value, wanted)
                if isinstance(wanted, str):
                    assert cell.data_type == "s"
                    checked["guarded"] += wanted.startswith(("=", "-"))
                    assert cell.quotePrefix == wanted.startswith(("=", "-"))
                checked[col.field.kind.name] += wanted is not None
    assert checked["guarded"] >= 2  # the formula-like reply, the space named with a minus
    assert all(checked[kind] for kind in ("REF", "ENUM", "BOOL", "DATE", "INT", "TEXT"))
    assert any(c.value == FORMULA for row in book["需求清单"].iter_rows() for c in row)
    assert any("（" in n for n in names["community"].values())  # the namesakes, told apart


def test_the_matrix_sheet_is_coloured_by_status(ledger: Ledger, tmp_path: Path) -> None:
    generate(ledger, resolve_scope(ledger, "street:解放门街道"), scale="tiny")
    path = tmp_path / "台账.xlsx"
    exports.export_workbook(ledger, path)
    sheet = load_workbook(path)[layout.MATRIX_SHEET]
    by_short = {s.short: s for s in FunctionStatus}
    seen = set()
    for row in sheet.iter_rows(min_row=2, min_col=4):
        if row[0].value not in by_short:
            break  # the coverage lines under the communities
        for cell in row:
            status = by_short[cell.value]
            background, text = STATUS_COLOURS[status]
            assert cell.fill.fgColor.rgb.lower() == "00" + background[1:]
            assert cell.font.color.rgb.lower() == "00" + text[1:]
            assert cell.alignment.horizontal == "center"
            seen.add(status)
    assert len(seen) >= 3


def test_the_csv_holds_the_same_values(ledger: Ledger, tmp_path: Path) -> None:
    filled(ledger)
    path = tmp_path / "需求.csv"
    assert exports.export_csv(ledger, "demands", path) == records.count(ledger, "demands")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    cols = layout.columns(records.spec_of("demands"))
    assert header == [c.header for c in cols] + [layout.RECORD_ID]
    names: dict[str, dict[str, str]] = {}
    for record, row in zip(records.list_records(ledger, "demands"), rows, strict=True):
        assert row[-1] == record["id"]
        for col, text in zip(cols, row[:-1], strict=True):
            wanted = shown(ledger, col.field, record.get(col.field.name), names)
            if isinstance(wanted, dt.datetime):
                wanted = wanted.date().isoformat()
            elif isinstance(wanted, str) and layout.needs_text_guard(wanted):
                wanted = "'" + wanted
            assert text == ("" if wanted is None else str(wanted)), (col.header, text, wanted)
    assert any(r[[c.field.name for c in cols].index("reply")] == "'" + FORMULA for r in rows)
