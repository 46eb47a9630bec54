"""Applying a street's signed bundle at a district, beside the bare floor for the same writes.

The street: a street ledger (解放门街道) filled by `demo.generate` with the SYNC scale below,
about 100,000 records (95,000 demands, 4,600 spaces, the operators, communities, function
statuses, projects and evaluations), and two bundles from it (`make_bundle`): the first holds every
record, all new to the district; the second holds one changed field (the demand's 答复情况, a
searchable text) of 20,000 of those demands, each changed by `records.update`, the service the
window uses. The bundles are what offices exchange: the street trusts the district's public key
file (`keys.trust_upstream` of `keyfile.own_key_file_text`), so they are format 2, compressed and
sealed to the district's encryption key, reporters and phones included. The street ledger, its
public key, the district's encryption key file and both bundles are made once and kept in
build/bench/sync-<key>/ (key: the scale, seed, schema revision, format and update count), a few
minutes the first time.

Timed: `apply_bundle` (verify, then merge in one transaction: the register rule per field, rows,
clocks, history, change log, search index) on a fresh district ledger (新城区, the street's key
enrolled, the cached encryption key file beside it; making and enrolling are not timed): the
first bundle (new records), then on the same ledger the second (updates to existing records).
Best of two fresh districts. `verify_bundle` alone (sizes, canonical ZIP layout, minisign
signature, payload hashes) is timed apart, best of 3, and the merge is shown as apply minus
verify. The street replaces its own earlier values, so the
updates should raise no conflict (a "conflict" history row each): the count is printed.

The bare floor of DESIGN.md, best of 3: a fresh sqlite3 file with the ledger's pragmas
(`app.store.db.connect`: WAL, synchronous=FULL), one plain table per entity with the ledger
table's columns and declared types (`PRAGMA table_info`, no index, no constraint beside the id
primary key), and a plain history table; then one `executemany` upsert per entity
(`INSERT … ON CONFLICT(id) DO UPDATE SET`, each column kept when the bundle does not carry it,
the clocks JSON-patched) of every record of the bundle, one `executemany` of one history row per
record (entity, record id, action, the changed fields as JSON text, hlc, device, user, at), and
the commit. Timed with it is the decoding of the same payload: the verified bundle (verified
before the clock starts) opened with the district's key (`bundle.opened`: decrypted into a
temporary file), each data file inflated and read line by line, `json.loads` of each line and
the parameter tuples, history JSON included, built from it. For the updates, the floor file holds
the first bundle's records already (copied from a file made once, not timed). The ratio is floor
seconds ÷ our seconds (budget ≥ 0.50). The floor as it was before the decoding was timed (tuples
made before the clock starts) is printed beside it as "old floor".

`python -m bench.sync --profile` prints cProfile figures of applying both bundles once instead.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.services import demo, records
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store import enckey, migrate
from app.store.db import Ledger, connect
from app.sync import bundle, keyfile, keys, minisign
from app.sync.apply import apply_bundle
from app.sync.outcome import Outcome
from bench import scale, verdicts
from bench.citydb import CITY_DB
from bench.common import best, peak_mb, profiled, restart_clock, say

STREET = "解放门街道"
DISTRICT = "新城区"
SYNC = demo.Scale("sync", communities=(10, 10), spaces=(400, 500), demands=(9000, 10000),
                  projects=2.0, operators=200, spaces_per_street=4600,
                  demands_per_street=95_000, projects_per_street=20)
"""One street of about 100,000 records, nearly all demands (`--scale`: fewer, `_sync()`)."""
SEED = 2024
UPDATES = 20_000
"""Demands whose 答复情况 the street changes for the second bundle."""
BUDGET = verdicts.MERGE.limit
RUNS = 2
"""Fresh districts applying the bundles, the best kept (this machine is shared)."""
FLOOR_RUNS = 3


def _sync() -> demo.Scale:
    """The street's size at the chosen scale."""
    return scale.shrink(SYNC)


def _updates() -> int:
    """Demands changed for the second bundle at the chosen scale."""
    return scale.scaled(UPDATES)


# --- the street and its bundles, made once -----------------------------------------------------


@dataclass(frozen=True)
class Street:
    """The cached street: its public key (minisign text) and its two bundles."""

    db: Path
    public_key: str
    enckey: Path
    """The district's encryption key file: the bundles are sealed to it."""
    created: Path
    updated: Path
    updated_rows: int


def _cache_dir() -> Path:
    key = json.dumps([astuple(_sync()), SEED, _updates(), migrate.HEAD, bundle.FORMAT_2,
                      "sealed"])
    return CITY_DB.parent / f"sync-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def street() -> Street:
    """The street's key and bundles, generating them first if they are not cached."""
    folder = _cache_dir()
    ready = folder / "ready.json"
    if not ready.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _make_street(folder, ready)
    data = json.loads(ready.read_text(encoding="utf-8"))
    return Street(folder / "street.db", data["public_key"], folder / "district.enckey",
                  folder / data["created"], folder / data["updated"], data["updated_rows"])


def _make_street(folder: Path, ready: Path) -> None:
    say(f"generating the street ledger ({_sync().demands_per_street:,} demands …) in {folder} …")
    upper = init_ledger(folder / "district-key" / "district.db", role="district", area=DISTRICT)
    try:  # the district's key file, as the street imports it: its bundles go sealed to it
        key_file = keyfile.own_key_file_text(upper)
    finally:
        upper.close()
    shutil.copyfile(enckey.enckey_path(upper.path), folder / "district.enckey")
    shutil.rmtree(folder / "district-key")
    ledger = init_ledger(folder / "street.db", role="street", area=STREET)
    try:
        keys.trust_upstream(ledger, key_file, "新城区")
        scope = resolve_scope(ledger, f"street:{STREET}")
        summary = demo.generate(ledger, scope, scale=_sync(), seed=SEED)
        say(f"generated {summary.total:,} records; the first bundle …")
        created = bundle.make_bundle(ledger)
        assert created is not None and not created.withheld
        say(f"bundle of {created.records:,} records; {_updates():,} demands updated "
            "with records.update …")
        with ledger.engine.connect() as conn:
            ids = [r[0] for r in conn.exec_driver_sql(
                f"SELECT id FROM demand WHERE deleted = 0 ORDER BY id LIMIT {_updates()}")]
        for n, record_id in enumerate(ids, start=1):
            records.update(ledger, "demands", record_id, {"reply": f"已联系物业，第 {n} 次答复"})
            if n % 5000 == 0:
                say(f"  {n:,} updated")
        updated = bundle.make_bundle(ledger)
        assert updated is not None and not updated.withheld
        key = minisign.public_key(ledger.identity.key_id, ledger.identity.private_key).text()
    finally:
        ledger.close()
    ready.write_text(json.dumps({
        "public_key": key,
        "created": str(created.path.relative_to(folder)),
        "updated": str(updated.path.relative_to(folder)),
        "updated_rows": updated.records,
    }, ensure_ascii=False), encoding="utf-8")
    say("street cached")


def district(path: Path, cached: Street) -> Ledger:
    """A fresh district ledger with the street's key enrolled for that street, and the
    encryption key the street's bundles are sealed to."""
    ledger = init_ledger(path, role="district", area=DISTRICT)
    shutil.copyfile(cached.enckey, enckey.enckey_path(path))
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None
    keys.enroll(ledger, cached.public_key, scope)
    return ledger


# --- the bare floor ----------------------------------------------------------------------------


def _spec(entity: str) -> EntitySpec:
    return ATTACHMENT if entity == ATTACHMENT.name else ENTITIES[entity]


def _db(value: Any) -> Any:
    """A JSON value of a bundle as SQLite stores it."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


@dataclass
class Writes:
    """A bundle's writes made ready for the floor: per entity its columns and parameter tuples,
    and one history row per record."""

    columns: dict[str, list[tuple[str, str]]]
    """Entity → (column, declared type), as the ledger's table has them (id first)."""
    rows: dict[str, list[tuple[Any, ...]]]
    history: list[tuple[Any, ...]]

    @property
    def records(self) -> int:
        """Records written (one history row each)."""
        return len(self.history)


def layout(schema: Path) -> dict[str, list[tuple[str, str]]]:
    """Every entity's (column, declared type), as the ledger `schema` has them."""
    conn = sqlite3.connect(schema)
    try:
        return {entity: [(str(r[1]), str(r[2]))
                         for r in conn.execute(f"PRAGMA table_info({entity})")]
                for entity in (*ENTITIES, ATTACHMENT.name)}
    finally:
        conn.close()


@dataclass(frozen=True)
class Sealed:
    """A verified bundle and what opens it: the floor's input (verifying is not timed)."""

    verified: bundle.Verified
    keys: enckey.EncryptionKeys | None
    work: Path


def decode(source: Sealed, columns: dict[str, list[tuple[str, str]]], *, new: bool) -> Writes:
    """The floor's decoding: the payload opened (decrypted into a temporary file if sealed),
    each data file inflated line by line, each line parsed, its parameter tuples and history
    row built (`new`: a record lacking `deleted` is written live, else that column is left)."""
    at = "2026-01-01T00:00:00.000+00:00"
    used: dict[str, list[tuple[str, str]]] = {}
    rows: dict[str, list[tuple[Any, ...]]] = {}
    history: list[tuple[Any, ...]] = []
    with bundle.opened(source.verified, source.keys, source.work) as payload:
        for name in payload:
            if not name.startswith("data/"):
                continue
            entity = name.removeprefix("data/").removesuffix(".jsonl")
            spec = _spec(entity)
            used[entity] = columns[entity]
            position = {column: i for i, (column, _type) in enumerate(columns[entity])}
            mapped = {f.name: position[f.column] for f in spec.fields}
            mapped["deleted"] = position["deleted"]
            out = rows[entity] = []
            for line in payload.lines(name):
                row = json.loads(line)
                fields = row["fields"]
                values: list[Any] = [None] * len(position)
                values[position["id"]] = row["id"]
                values[position["created_at"]] = values[position["updated_at"]] = at
                values[position["deleted"]] = 0 if new else None
                for field, item in fields.items():
                    values[mapped[field]] = _db(item["value"])
                values[position["clocks"]] = json.dumps(
                    {f: [item["hlc"], item["device"]] for f, item in fields.items()})
                out.append(tuple(values))
                newest = max(fields.values(), key=lambda item: str(item["hlc"]))
                diff = {f: [None, item["value"]] for f, item in fields.items()}
                history.append((entity, row["id"], "merge", json.dumps(diff, ensure_ascii=False),
                                newest["hlc"], newest["device"], "", at))
    return Writes(used, rows, history)


def floor_schema(path: Path, writes: Writes) -> sqlite3.Connection:
    """A fresh floor file with its plain tables, opened with the ledger's pragmas."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    conn = connect(path)
    for entity, columns in writes.columns.items():
        declared = ", ".join(f"{c} {t}" + (" PRIMARY KEY" if c == "id" else "")
                             for c, t in columns)
        conn.execute(f"CREATE TABLE {entity} ({declared})")
    conn.execute("CREATE TABLE history (entity TEXT, record_id TEXT, action TEXT, changes TEXT, "
                 "hlc TEXT, device TEXT, user TEXT, at TEXT)")
    conn.commit()
    return conn


def floor_write(conn: sqlite3.Connection, writes: Writes) -> None:
    """The floor: one executemany upsert per entity, one executemany of history rows, commit."""
    for entity, rows in writes.rows.items():
        names = [c for c, _t in writes.columns[entity]]
        sets = ["updated_at = excluded.updated_at",
                "clocks = json_patch(clocks, excluded.clocks)",
                *(f"{c} = coalesce(excluded.{c}, {c})" for c in names
                  if c not in ("id", "created_at", "updated_at", "clocks"))]
        conn.executemany(
            f"INSERT INTO {entity} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT(id) DO UPDATE SET {', '.join(sets)}", rows)
    conn.executemany("INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)", writes.history)
    conn.commit()


def _fresh(path: Path, base: Path) -> sqlite3.Connection:
    """A copy of a floor file (closed: its WAL was checkpointed into it), opened."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    shutil.copyfile(base, path)
    return connect(path)


def floor(path: Path, base: Path, source: Sealed, columns: dict[str, list[tuple[str, str]]],
          *, new: bool) -> tuple[float, float]:
    """Seconds of the floor writing a bundle into a copy of `base`, decoding included; and of
    its writing alone, the tuples made beforehand (the floor as it was before)."""
    conn = _fresh(path, base)
    try:
        started = time.perf_counter()
        writes = decode(source, columns, new=new)
        floor_write(conn, writes)
        whole = time.perf_counter() - started
    finally:
        conn.close()
    conn = _fresh(path, base)
    try:
        started = time.perf_counter()
        floor_write(conn, writes)
        return whole, time.perf_counter() - started
    finally:
        conn.close()


# --- report ------------------------------------------------------------------------------------


def _line(name: str, rows: int, seconds: float, extra: str = "") -> None:
    rate = f"{rows / seconds:10,.0f}" if rows else " " * 10
    shown = f"{rows:9,d}" if rows else " " * 9
    print(f"  {name:40} {shown} {seconds:8.2f} {rate}  {extra}".rstrip())


def _applied(outcome: Outcome) -> None:
    if outcome.status != "applied":
        raise RuntimeError(f"apply_bundle: {outcome.status}: {outcome.message}")


def main() -> None:
    """Print bundle apply throughput (new records, then updates) beside the bare floor."""
    restart_clock()
    cached = street()
    work = Path(tempfile.mkdtemp(prefix="sync-run-", dir=CITY_DB.parent))
    try:
        say("verify_bundle alone, both bundles …")
        verify_new = best(lambda: bundle.verify_bundle(cached.created))
        verify_upd = best(lambda: bundle.verify_bundle(cached.updated))
        opening = enckey.load_or_create(cached.enckey.with_suffix(""))
        new_source = Sealed(bundle.verify_bundle(cached.created), opening, work / "open")
        upd_source = Sealed(bundle.verify_bundle(cached.updated), opening, work / "open")
        columns = layout(cached.db)
        new_writes = decode(new_source, columns, new=True)
        upd_writes = decode(upd_source, columns, new=False)

        new_s = upd_s = float("inf")
        conflicts = 0
        for run in range(1, RUNS + 1):
            ledger = district(work / f"district{run}" / "district.db", cached)
            try:
                say(f"apply_bundle of {new_writes.records:,} new records, run {run} of {RUNS} …")
                started = time.perf_counter()
                outcome = apply_bundle(ledger, cached.created)
                new_s = min(new_s, time.perf_counter() - started)
                _applied(outcome)
                say(f"apply_bundle of {upd_writes.records:,} updates, run {run} of {RUNS} …")
                started = time.perf_counter()
                outcome = apply_bundle(ledger, cached.updated)
                upd_s = min(upd_s, time.perf_counter() - started)
                _applied(outcome)
                conflicts = outcome.conflicts
            finally:
                ledger.close()
            shutil.rmtree(work / f"district{run}", ignore_errors=True)

        say("apply_bundle of the new records again in a fresh interpreter, for its peak memory …")
        merge_mb = peak_mb("bench.peaks", "merge", scale.chosen(),
                           str(work / "peak" / "district.db"))
        say(f"bare floor, best of {FLOOR_RUNS} …")
        empty, base = work / "empty.db", work / "base.db"
        floor_schema(empty, new_writes).close()
        conn = _fresh(base, empty)
        floor_write(conn, new_writes)
        conn.close()
        floors_new = [floor(work / "floor.db", empty, new_source, columns, new=True)
                      for _ in range(FLOOR_RUNS)]
        floors_upd = [floor(work / "floor.db", base, upd_source, columns, new=False)
                      for _ in range(FLOOR_RUNS)]
        say("done")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"sync: a {STREET} bundle (format 2, sealed to the district) applied at a fresh "
          f"{DISTRICT} ledger; records = payload lines; best of {RUNS} (verify and the bare "
          "floor: of 3)")
    print(f"  {'':40} {'records':>9} {'s':>8} {'records/s':>10}  ratio")
    for kind, title, writes, ours, verify, floors in (
        ("new records", f"new records ({cached.created.stat().st_size / 1e6:.1f} MB bundle)",
         new_writes, new_s, verify_new, floors_new),
        ("updates", f"updates: 答复情况 of {cached.updated_rows:,} demands "
         f"({cached.updated.stat().st_size / 1e6:.1f} MB bundle)",
         upd_writes, upd_s, verify_upd, floors_upd),
    ):
        n = writes.records
        whole, alone = min(f[0] for f in floors), min(f[1] for f in floors)
        print(title)
        _line("apply_bundle (verify + merge)", n, ours,
              f"{whole / ours:5.2f} of bare floor (budget ≥ {BUDGET:.2f}); "
              f"{alone / ours:5.2f} of the old floor")
        _line("  verify_bundle alone", n, verify)
        _line("  merge (apply minus verify)", n, ours - verify,
              f"{whole / (ours - verify):5.2f} of bare floor")
        _line("bare floor: decode + upsert + history", n, whole)
        _line("old floor: upsert + history alone", n, alone)
        verdicts.record("sync", f"apply_bundle ÷ bare floor, {kind}", n / ours,
                        "records/s", n / whole, verdicts.MERGE, n)
    print(f"  conflicts raised by the updates: {conflicts:,} (the street replaced its own values)")
    print(f"  peak memory of the new records' merge alone, in a fresh interpreter: "
          f"{merge_mb:.0f} MB (budget {verdicts.MERGE_MEMORY.text()})")
    verdicts.record("sync", "peak memory, merge of the new records (process)", merge_mb, "MB",
                    None, verdicts.MERGE_MEMORY, new_writes.records)


# --- profile -----------------------------------------------------------------------------------


def profile(top: int = 15) -> None:
    """cProfile of apply_bundle: the new records, then the updates, on one fresh district."""
    cached = street()
    work = Path(tempfile.mkdtemp(prefix="sync-profile-", dir=CITY_DB.parent))
    try:
        ledger = district(work / "district.db", cached)
        try:
            profiled("apply_bundle of the new records",
                     lambda: _applied(apply_bundle(ledger, cached.created)), top)
            profiled("apply_bundle of the updates",
                     lambda: _applied(apply_bundle(ledger, cached.updated)), top)
        finally:
            ledger.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    profile() if "--profile" in sys.argv[1:] else main()
