"""The merge done in SQL ends where the merge rule of app.domain.registers ends, write for write.

Bundles of random writes to a few demands (values from a handful, clocks from three instants
and two devices, so that ties of clocks with different values, deletes and later edits, and a
record sent twice in one bundle all come up) are merged into a real street ledger; the same
rows are merged in Python, one after the other, with `registers.merge` and `settle` as the
merge rule states them. Every register (value, hlc, device), the liveness, the number of writes
that lost where two devices disagreed, and each such write's conflict row (its clock, and when
it was made: as the bundle names it for that clock, else the clock's own time) must agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.domain.registers import DELETED, Write, merge, settle
from app.services import records
from app.services.areas import resolve_scope
from app.store import search
from app.store.clock import format_hlc, wall_time
from app.store.db import Ledger, open_ledger
from app.sync import bundle
from app.sync.merge import merge_payload
from app.sync.payload import Payload
from tests.app.sync.ledgers import STREET, copy_of_template, make_template

BASE_MS = 1_780_000_000_000
CLOCKS = [format_hlc(BASE_MS + k * 1000, 0) for k in range(3)]
DEVICES = ["AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"]
VALUES: dict[str, tuple[Any, ...]] = {
    "reply": ("已联系物业", "正在协调", None),
    "urgency": ("urgent", "normal"),
    "reporter": ("张三", "李四", None),  # personal: sealed at rest, compared opened
    DELETED: (True, False),
}
COMPARED = {*VALUES, "community"}
"""The registers compared: the community too, the first field of every row (the merge keeps one
clock for a row's fields until a second one turns up)."""
IDS = ["d-one", "d-two"]
LIMIT_MS = BASE_MS + 10**9

Registers = dict[str, Write]


Lost = list[tuple[str, str, str]]
"""Writes that lost where two devices disagreed: (field, hlc, device)."""


def reference(local: Registers | None, remote: Registers) -> tuple[Registers, Lost]:
    """A record's registers after one remote row, and the writes that lost (conflicts), as the
    merge rule has it: each register the greater (hlc, device, value text); a delete undone by
    a later write of another field, keeping its clock, the delete kept as a loser."""
    if local is None and not (DELETED in remote and remote[DELETED].value is True):
        return dict(remote), []
    held = local or {}
    merged, _changed, lost = merge(held, remote)
    losers = [(x.field, x.loser.hlc, x.loser.device) for x in lost]
    revived = settle(merged)
    if revived is not None:  # the delete, undone, kept for review
        losers.append((DELETED, revived.hlc, revived.device))
        merged[DELETED] = revived
    return merged, losers


def _origin(hlc: str) -> str:
    """The origin time a bundle names for a write: five seconds before its clock."""
    return (dt.datetime.fromisoformat(wall_time(hlc)) - dt.timedelta(seconds=5)).isoformat(
        timespec="milliseconds")


_write = st.tuples(st.sampled_from(CLOCKS), st.sampled_from(DEVICES), st.booleans())
"""A clock, a device, and whether the bundle names when the write was made."""


Row = tuple[str, Registers, set[tuple[str, str]]]
"""A payload line: its record, its writes, the clocks whose origin time it names."""


@st.composite
def _row(draw: st.DrawFn) -> Row:
    record_id = draw(st.sampled_from(IDS))
    names = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=4, unique=True))
    fields = {}
    named: set[tuple[str, str]] = set()
    for name in names:
        hlc, device, made = draw(_write)
        fields[name] = Write(draw(st.sampled_from(VALUES[name])), hlc, device)
        if made:
            named.add((hlc, device))
    return record_id, fields, named


_bundles = st.lists(st.lists(_row(), min_size=1, max_size=6), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A street ledger holding one community, closed, to copy for each example."""
    folder = tmp_path_factory.mktemp("merge-sql")
    template = make_template(folder)
    ledger = copy_of_template(template, folder / "base" / "台账.db")
    community = records.create(ledger, "community", {"name": "东七路社区", "street": STREET})
    path = ledger.path
    ledger.close()
    return path, community


def _line(record_id: str, community: str, fields: Registers,
          named: set[tuple[str, str]]) -> bytes:
    """A payload line: the community first of all (at the earliest clock), then the writes,
    those of the named clocks with their origin time."""
    values: dict[str, dict[str, Any]] = {"community": {
        "value": community, "hlc": format_hlc(BASE_MS - 1000, 0), "device": DEVICES[0]}}
    for name, w in fields.items():
        values[name] = {"value": w.value, "hlc": w.hlc, "device": w.device}
        if (w.hlc, w.device) in named:
            values[name]["made_at"] = _origin(w.hlc)
    return bundle.canonical_json({"id": record_id, "key": None, "fields": values}) + b"\n"


def _merged(ledger: Ledger, lines: list[bytes]) -> int:
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None
    with ledger.write() as conn:
        return merge_payload(ledger, conn, Payload.of({"data/demand.jsonl": b"".join(lines)}),
                             scope, LIMIT_MS)


def _stored(ledger: Ledger, record_id: str) -> dict[str, tuple[Any, str, str]]:
    record = records.get(ledger, "demand", record_id, include_deleted=True)
    out = {}
    for name, (hlc, device) in record["clocks"].items():
        if name in COMPARED:
            value = bool(record["deleted"]) if name == DELETED else record[name]
            out[name] = (value, hlc, device)
    return out


def _conflicts(ledger: Ledger) -> Counter[tuple[str, str, str, str, str]]:
    """The history's conflict rows: (record, field, hlc, device, made_at)."""
    with ledger.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT record_id, changes, hlc, device, made_at FROM history "
            "WHERE action = 'conflict'").all()
    return Counter((r, name, h, d, m) for r, changes, h, d, m in rows
                   for name in json.loads(changes))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bundles=_bundles)
def test_sql_merge_agrees_with_the_merge_rule(street: tuple[Path, str], tmp_path: Path,
                                               bundles: list[list[Row]]) -> None:
    base, community = street
    folder = tmp_path / f"run-{next(_runs)}"
    folder.mkdir()
    path = folder / base.name
    for source in base.parent.glob(f"{base.name}*"):
        (folder / source.name).write_bytes(source.read_bytes())
    ledger = open_ledger(path)
    try:
        expected: dict[str, Registers] = {}
        lost: Counter[tuple[str, str, str, str, str]] = Counter()
        sent: dict[tuple[str, str, str, str], Any] = {}
        for record_id, fields, _named in itertools.chain.from_iterable(bundles):
            for name, w in fields.items():
                if sent.setdefault((record_id, name, w.hlc, w.device), w.value) != w.value:
                    event("one clock, two values")
        for rows in bundles:
            conflicts = 0
            for record_id, fields, named in rows:
                remote = {"community": Write(community, format_hlc(BASE_MS - 1000, 0),
                                             DEVICES[0]), **fields}
                expected[record_id], losers = reference(expected.get(record_id), remote)
                conflicts += len(losers)
                # when a losing write was made: as this row names it for that clock, else the
                # clock's own time (the merge knows no more of a write it holds)
                lost.update((record_id, name, h, d,
                             _origin(h) if (h, d) in named else wall_time(h))
                            for name, h, d in losers)
            if len({r for r, _f, _n in rows}) < len(rows):
                event("a record twice in one bundle")
            if any(DELETED in f and f[DELETED].value is True and len(f) > 1 for _r, f, _n in rows):
                event("a delete and another write in one row")
            got = _merged(ledger, [_line(r, community, f, n) for r, f, n in rows])
            assert got == conflicts
        assert _conflicts(ledger) == lost
        for record_id, registers in expected.items():
            want = {name: (w.value, w.hlc, w.device) for name, w in registers.items()
                    if name in COMPARED}
            assert _stored(ledger, record_id) == want, json.dumps(bundles, default=str)
            record = records.get(ledger, "demand", record_id, include_deleted=True)
            deleted = registers.get(DELETED)
            assert bool(record["deleted"]) == bool(deleted and deleted.value is True)
            assert _indexed(ledger, record_id) == _expected_index(record.get("reply"))
    finally:
        ledger.close()


_runs = itertools.count()
_TOKENS = sorted({t for v in VALUES["reply"] if v for t in search.bigrams(v).split()})


def _indexed(ledger: Ledger, record_id: str) -> tuple[str | None, set[str]]:
    """A record's entries in the search index: its trigram table text, and which of the
    bigram tokens of every reply the test writes find it."""
    with ledger.engine.connect() as conn:
        rowid = conn.exec_driver_sql("SELECT rowid FROM demand WHERE id = ?",
                                     (record_id,)).scalar()
        body = conn.exec_driver_sql("SELECT body FROM demand_fts WHERE rowid = ?",
                                    (rowid,)).scalar()
        found = {t for t in _TOKENS if conn.exec_driver_sql(
            "SELECT 1 FROM demand_fts2 WHERE demand_fts2 MATCH ? AND rowid = ?",
            ('"' + t + '"', rowid)).first()}
    return body, found


def _expected_index(reply: str | None) -> tuple[str | None, set[str]]:
    """What the index holds of a record whose only searchable value is its reply: the reply's
    text (empty text without one), its tokens and no other's (a token of an earlier reply left
    behind would find it wrongly)."""
    return (search.normalize(reply) if reply else "",
            set(search.bigrams(reply).split()) if reply else set())


def test_a_merge_prepares_while_another_statement_is_still_reading(ledger: Ledger) -> None:
    """The merge's SQL function is made with each connection: SQLite refuses to define one again
    while a statement is still reading on the connection, and `make soak` met that applying a
    reference bundle ("Error creating function", reported as a program error)."""
    from app.store import merging

    with ledger.write() as conn:
        street = str(conn.exec_driver_sql("SELECT id FROM street LIMIT 1").scalar())
        merging.prepare(conn, [street])  # a first merge on this connection
        reading = conn.exec_driver_sql("SELECT id FROM street")  # not read to its end
        assert reading.fetchone() is not None
        merging.prepare(conn, [street])  # the next one, on the same pooled connection
        hlc = format_hlc(1_780_000_000_000, 0)
        assert conn.exec_driver_sql(f"SELECT cfl_wall_time('{hlc}')").scalar() == wall_time(hlc)
        reading.close()
