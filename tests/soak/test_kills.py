"""Crash safety at volume: a writer in a child process killed with SIGKILL at random points.

After each kill the ledger passes integrity_check, every change the child reported as committed
is there, no half change is (an import or a bundle batch is all or nothing, a history row exists
exactly for each change, no half-written file sits under a real name), and the next run of the
same command completes with the result of a run that was never killed. The kill delays come from
a Random seeded per path, spread over the run time measured once, so that kills land in start-up,
in transactions and in commits. `make test` kills a few times per path, `make soak` hundreds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
from pathlib import Path

from app.store.whole import STALE
from app.sync import bundle, minisign, receipts
from app.sync.webdav import is_temporary
from tests.helpers.cli import run as cli_run
from tests.helpers.ledgers import Devices, copy_ledger
from tests.helpers.relay import TestRelay
from tests.soak.conftest import Soak
from tests.soak.killing import (
    Run,
    child,
    cli,
    delays,
    integrity,
    partials,
    query,
    run_killed,
)

# --- record saves -----------------------------------------------------------------------------

SAVES_PER_START = 40

Stage = int
"""Where demand `i` of the saves child got to: 1 made (i:v1), 2 changed (i:v2), 3 deleted."""

ACTIONS = ("create", "update", "delete")


def _reported(run: Run) -> tuple[dict[int, Stage], tuple[int, Stage]]:
    """What the child reported committed (demand → stage), and the one step it may have committed
    after its last report (the kill can fall between a commit and its line)."""
    stages: dict[int, Stage] = {}
    last: tuple[int, Stage] | None = None
    for line in run.lines:
        action, i, _ = line.split()
        stages[int(i)] = ACTIONS.index(action) + 1
        last = (int(i), stages[int(i)])
    if last is None:
        return stages, (-1, 1)  # the first demand's create, `i` known to the caller
    i, stage = last
    if stage == 1 or (stage == 2 and i % 3 == 0):
        return stages, (i, stage + 1)
    return stages, (i + 1, 1)


def _saved(db: Path) -> dict[int, Stage]:
    """Each demand of the saves child in the file, at the stage its row and history show; fails
    on a half change (a row without its history and change-log rows, or the other way round)."""
    actions: dict[str, list[str]] = {}
    for record_id, action in query(db, "SELECT record_id, action FROM history "
                                       "WHERE entity = 'demand' ORDER BY id"):
        actions.setdefault(str(record_id), []).append(str(action))
    logged = dict(query(db, "SELECT record_id, count(*) FROM change_log "
                            "WHERE entity = 'demand' GROUP BY record_id"))
    found: dict[int, Stage] = {}
    rows = query(db, "SELECT id, content, deleted FROM demand WHERE content LIKE '%:v%'")
    for record_id, content, deleted in rows:
        i, version = str(content).split(":v")
        stage = 3 if deleted else int(version)
        assert actions.get(str(record_id)) == list(ACTIONS[:stage]), (content, deleted)
        assert logged.get(record_id) == stage, (content, logged.get(record_id))
        found[int(i)] = stage
    assert len(actions) == len(logged) == len(rows)  # no history for a record that is not there
    return found


def test_record_saves_survive_kills(soak: Soak, street_template: Path, tmp_path: Path) -> None:
    db = copy_ledger(street_template, tmp_path / "台账.db")
    made = cli_run("--db", db, "add", "communities", "name=东新社区", "street=解放门街道")
    assert made.returncode == 0, made.stderr
    whole = run_killed(child("saves", db, 0, SAVES_PER_START), None)  # measured once
    assert whole.code == 0, whole.stderr
    committed, _ = _reported(whole)
    assert _saved(db) == committed and len(committed) == SAVES_PER_START
    maybe: dict[int, Stage] = {}
    first = SAVES_PER_START
    for delay in delays("kills: record saves", soak.rounds(6, 200), whole.seconds,
                        whole.first_line or 0.0):
        run = run_killed(child("saves", db, first, SAVES_PER_START), delay)
        assert run.killed or run.code == 0, run.stderr
        stages, (i, stage) = _reported(run)
        committed.update(stages)
        if run.killed:
            maybe[first if i < 0 else i] = stage
        assert integrity(db) == []
        found = _saved(db)
        for n in committed.keys() | found.keys():
            assert found.get(n) in (committed.get(n), maybe.get(n)), (n, found.get(n))
        committed.update(found)  # the unreported step, if it was committed, is now known
        first += SAVES_PER_START
        soak.tried("kills: record saves")
        if run.killed and run.lines:
            soak.tried("kills: record saves, after the first save of a run")
    again = run_killed(child("saves", db, first, 5), None)  # the next run completes
    assert again.code == 0, again.stderr
    committed.update(_reported(again)[0])
    assert _saved(db) == committed


# --- backups ----------------------------------------------------------------------------------


BACKUPS_PER_START = 30


def _sound_backup(path: Path, expected: dict[str, int]) -> None:
    assert integrity(path) == [], path.name
    got = {t: query(path, f"SELECT count(*) FROM {t}")[0][0] for t in expected}
    assert got == expected, path.name


def test_backups_survive_kills(soak: Soak, street_demo_template: Path, tmp_path: Path) -> None:
    db = copy_ledger(street_demo_template, tmp_path / "台账.db")
    tables = ("demand", "space", "history", "change_log")
    expected = {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    folder = db.parent / "backups"
    whole = run_killed(child("backups", db, BACKUPS_PER_START), None)
    assert whole.code == 0, whole.stderr
    for delay in delays("kills: backups", soak.rounds(6, 200), whole.seconds,
                        whole.first_line or 0.0):
        run = run_killed(child("backups", db, BACKUPS_PER_START), delay)
        assert run.killed or run.code == 0, run.stderr
        reported = {Path(line.split(" ", 1)[1]) for line in run.lines}
        made = set(folder.glob("台账.*.db"))
        assert reported <= made  # every backup reported made is there…
        for path in made:  # …and every file under a backup's name is a whole one
            _sound_backup(path, expected)
            path.unlink()  # checked: the next round's are new ones
        assert integrity(db) == []
        soak.tried("kills: backups")
        if run.killed and run.lines:
            soak.tried("kills: backups, after the first backup of a run")
    left = partials(folder)
    for path in left:  # an hour later: what the killed copies left is no live writer's
        os.utime(path, (path.stat().st_mtime - STALE, path.stat().st_mtime - STALE))
    again = run_killed(child("backups", db, 1), None)
    assert again.code == 0, again.stderr
    _sound_backup(Path(again.lines[-1].split(" ", 1)[1]), expected)
    assert partials(folder) == []  # cleared away by the next backup


# --- Excel import, bundle import ----------------------------------------------------------------

RECORDS = ("community", "space", "function_status", "demand", "project", "operator", "evaluation",
           "attachment")
LOCAL = {"created_at", "updated_at", "clocks"}
"""Columns that say when this ledger wrote a row, not what the row is."""


SEALED = re.compile(r"enc1:[A-Za-z0-9+/=]+")


def _rows(db: Path, sql: str) -> list[str]:
    """The rows a query reads, as text, each sealed personal value as one mark: sealed anew with
    a random nonce it never reads the same twice (test_personal proves what it opens to)."""
    return sorted(SEALED.sub("enc1:…", repr(row)) for row in query(db, sql))


def _state(db: Path) -> dict[str, object]:
    """What a ledger holds, apart from when it was written: every record, and per record the
    actions of its history and the number of its change-log rows."""
    state: dict[str, object] = {}
    for table in RECORDS:
        columns = [c for (_, c, *_) in query(db, f"PRAGMA table_info({table})") if c not in LOCAL]
        state[table] = _rows(db, f"SELECT {', '.join(map(str, columns))} FROM {table}")
    state["history"] = sorted(query(db, "SELECT entity, record_id, group_concat(action) "
                                        "FROM (SELECT * FROM history ORDER BY id) "
                                        "GROUP BY entity, record_id"))
    state["change_log"] = sorted(query(db, "SELECT record_id, count(*) FROM change_log "
                                           "GROUP BY record_id"))
    # what a receiver notes with the rows of a bundle, in the same transaction: the sequence
    # applied per sender, and each bundle's spans (not when, nor the bytes of the manifest)
    state["applied"] = sorted(
        (key, json.loads(str(value))["seq"], sorted(json.loads(str(value))["ranges"]))
        for key, value in query(db, "SELECT key, value FROM setting "
                                    "WHERE key LIKE 'sync/applied/%'"))
    state["applied_log"] = sorted(query(db, "SELECT key FROM setting "
                                            "WHERE key LIKE 'sync/applied_log/%'"))
    return state


def _whole_backups(db: Path) -> None:
    """Every file under a backup's name beside the ledger is a sound database."""
    for path in sorted((db.parent / "backups").glob(f"{db.stem}.*.db")):
        assert integrity(path) == [], path.name


def _all_or_nothing(soak: Soak, what: str, template: Path, folder: Path, command: list[str],
                    quick: int) -> dict[str, object]:
    """Kill `command` (on a fresh copy of `template` each round): the ledger holds the whole
    batch or none of it; then the next run completes with the result of an unkilled run."""
    clean = copy_ledger(template, folder / "clean" / "台账.db")
    before = _state(clean)
    whole = run_killed([str(clean) if a == "DB" else a for a in command], None)  # measured once
    assert whole.code == 0, whole.stderr
    after = _state(clean)
    assert after != before
    for n, delay in enumerate(delays(what, soak.rounds(quick, 200), whole.seconds)):
        db = copy_ledger(template, folder / str(n) / "台账.db")
        run = run_killed([str(db) if a == "DB" else a for a in command], delay)
        assert run.killed or run.code == 0, run.stderr
        assert integrity(db) == []
        state = _state(db)
        assert state in (before, after), f"half a batch after {delay:.3f} s"
        assert run.killed or state == after  # what it reported done is there
        _whole_backups(db)
        again = run_killed([str(db) if a == "DB" else a for a in command], None)
        assert again.code == 0, again.stderr
        assert _state(db) == after and integrity(db) == []
        soak.tried(what)
        if run.killed and state == after:
            soak.tried(f"{what}, after its commit")
        shutil.rmtree(db.parent)
    return after


def test_excel_import_is_all_or_nothing_when_killed(
    soak: Soak, street_demo_template: Path, street_template: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "台账导出.xlsx"
    done = cli_run("--db", street_demo_template, "export", "--out", workbook)
    assert done.returncode == 0, done.stderr
    _all_or_nothing(soak, "kills: Excel import", street_template, tmp_path,
                    cli("--db", "DB", "import", workbook), 3)


def test_bundle_import_and_merge_is_all_or_nothing_when_killed(
    soak: Soak, street_demo_template: Path, devices: Devices, tmp_path: Path
) -> None:
    """The district took the street's first bundle and answered some demands itself; the street
    changed the same demands since: the second bundle merges into them (conflicts kept)."""
    street = copy_ledger(street_demo_template, tmp_path / "街道" / "台账.db")
    district = devices.copy(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    pub, usb = tmp_path / "街道.pub", tmp_path / "U盘"

    def ok(db: Path, *args: str | Path) -> None:
        done = cli_run("--db", db, *args)
        assert done.returncode == 0, done.stderr

    ok(street, "keys", "export", "--out", pub)
    ok(district, "keys", "enroll", "--street", "解放门街道", pub)
    ok(street, "bundle", "create", "--out", usb / "1")
    ok(district, "bundle", "import", *(usb / "1").glob("*.cfbundle"))
    demands = [i for (i,) in query(street, "SELECT id FROM demand ORDER BY id LIMIT 12")]
    for n, demand in enumerate(demands):
        ok(street, "update", "demands", demand, f"reply=街道答复{n}", f"residents={n + 1}")
        if n % 2 == 0:
            ok(district, "update", "demands", demand, f"reply=区县答复{n}")
    ok(street, "bundle", "create", "--out", usb / "2")
    first = {p.name for p in (usb / "1").glob("*.cfbundle")}
    [made] = [p for p in (usb / "2").glob("*.cfbundle") if p.name not in first]
    after = _all_or_nothing(soak, "kills: bundle import and merge", district, tmp_path,
                            cli("--db", "DB", "bundle", "import", made), 3)
    merged = [r for r in after["history"] if "conflict" in str(r)]  # type: ignore[attr-defined]
    assert len(merged) == 6  # the district's own answers met the street's


# --- migration --------------------------------------------------------------------------------

SCHEMA_ONLY = {"device", "sqlite_sequence"}
"""Tables whose rows an open adds to (its new device identity): compared by schema only."""


KEYED = ("data_key", "personal_index")
"""Tables whose rows follow from the ledger's data key (a new one for each copy upgraded)."""


def _dump(db: Path) -> tuple[object, ...]:
    """The schema and every row of a ledger file (its device identities apart)."""
    schema = sorted(query(db, "SELECT type, name, sql FROM sqlite_master"))
    tables = [n for t, n, sql in schema if t == "table" and n not in SCHEMA_ONLY
              and not str(sql).startswith("CREATE VIRTUAL")]  # their shadow tables hold the rows
    # the data key's id and the exact-search index differ with each ledger's own key: counted
    rows = {t: len(query(db, f'SELECT * FROM "{t}"')) if t in KEYED else _rows(
        db, f'SELECT * FROM "{t}"') for t in tables}
    return schema, rows


def test_migration_survives_kills(soak: Soak, tmp_path: Path) -> None:
    from app.store import datakey, migrate, personal
    from app.store.db import make_engine
    from tests.app.store.test_migrations import make_revision_db

    oldest = migrate.REVISIONS[0]
    fixture = tmp_path / "fixture" / "台账.db"
    fixture.parent.mkdir()
    make_revision_db(fixture, oldest)
    expected = {}  # what an upgrade never killed leaves at each revision
    for revision in migrate.REVISIONS:
        step = copy_ledger(fixture, tmp_path / revision / "台账.db")
        engine = make_engine(step, vault=personal.Vault(datakey.new_key()))
        try:
            migrate.upgrade(engine, revision)
        finally:
            engine.dispose()
        expected[revision] = _dump(step)
    clean = copy_ledger(fixture, tmp_path / "clean" / "台账.db")
    whole = run_killed(child("upgrade", clean), None)  # measured once
    assert whole.code == 0, whole.stderr
    assert _dump(clean) == expected[migrate.HEAD]
    for n, delay in enumerate(delays("kills: migration", soak.rounds(4, 200), whole.seconds)):
        db = copy_ledger(fixture, tmp_path / str(n) / "台账.db")
        run = run_killed(child("upgrade", db), delay)
        assert run.killed or run.code == 0, run.stderr
        assert integrity(db) == []
        [(revision,)] = query(db, "SELECT version_num FROM alembic_version")
        assert _dump(db) == expected[str(revision)], f"half an upgrade after {delay:.3f} s"
        assert not run.lines or revision == migrate.HEAD
        _whole_backups(db)
        again = run_killed(child("upgrade", db), None)
        assert again.code == 0, again.stderr
        assert _dump(db) == expected[migrate.HEAD] and integrity(db) == []
        soak.tried("kills: migration")
        shutil.rmtree(db.parent)


# --- a sync round on a stick --------------------------------------------------------------------


def _whole_stick(stick: Path, district: Path) -> int:
    """Every file under a real name on the stick is whole: each bundle's signature verifies, each
    receipt reads with the district's key. How many files there are."""
    from app.store.db import open_ledger

    files = [p for p in stick.rglob("*") if p.is_file() and not p.name.endswith(".partial")]
    opened = open_ledger(district)
    try:
        key = minisign.public_key(opened.identity.key_id, opened.identity.private_key)
    finally:
        opened.close()
    for path in files:
        if path.parent.name == "receipts":
            receipts.read_receipt(path, key)
        else:
            bundle.verify_bundle(path)
    return len(files)


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files and scratch folders of killed writers (backups' apart: see above)."""
    return sorted(p for p in folder.rglob("*") if (p.name.endswith(".partial")
                  and p.parent.name != "backups") or ".db.work-" in p.name)


def _age_leftovers(folder: Path) -> None:
    for path in _leftovers(folder):
        then = path.stat().st_mtime - STALE
        os.utime(path, (then, then))


def test_a_sync_round_on_a_stick_survives_kills(soak: Soak, devices: Devices,
                                                 tmp_path: Path) -> None:
    from app.services import records
    from tests.helpers.relay_offices import enrolled

    both = enrolled(devices, tmp_path / "模板")  # the district's upstream key announced: sealed
    try:
        made = records.create(both.street, "communities", {"name": "东新社区",
                                                           "street": "解放门街道"})
        for n in range(60):
            records.create(both.street, "demands", {"community": made, "content": f"需求{n}"})
    finally:
        both.close()
    street_t, district_t = (tmp_path / "模板" / name / "台账.db" for name in ("街道", "区县"))

    def copies(folder: Path) -> tuple[Path, Path, Path]:
        return (copy_ledger(street_t, folder / "街道" / "台账.db"),
                copy_ledger(district_t, folder / "区县" / "台账.db"), folder / "U盘")

    street, district, stick = copies(tmp_path / "clean")
    before = (_state(street), _state(district))
    whole = run_killed(child("sync", street, district, stick), None)  # measured once
    assert whole.code == 0 and whole.lines == ["street 0", "district 1"], whole.stderr
    after = (_state(street), _state(district))
    assert after[1] != before[1] and after[0] == before[0]
    files = _whole_stick(stick, district)
    for n, delay in enumerate(delays("kills: sync round", soak.rounds(3, 200), whole.seconds)):
        street, district, stick = copies(tmp_path / str(n))
        run = run_killed(child("sync", street, district, stick), delay)
        assert run.killed or run.code == 0, run.stderr
        assert integrity(street) == [] and integrity(district) == []
        assert _state(street) == before[0]
        assert _state(district) in (before[1], after[1]), f"half a batch after {delay:.3f} s"
        assert "district 1" not in run.lines or _state(district) == after[1]
        if stick.exists():
            _whole_stick(stick, district)
        _whole_backups(district)
        _age_leftovers(tmp_path / str(n))  # the next round comes an hour later
        again = run_killed(child("sync", street, district, stick), None)
        assert again.code == 0, again.stderr
        assert (_state(street), _state(district)) == after
        assert _leftovers(tmp_path / str(n)) == []  # what the killed round left went
        # the same files, or one more: a district killed after it wrote its reference data for
        # the street, which the street's next round then had to take before the district's turn
        assert files <= _whole_stick(stick, district) <= files + 1
        soak.tried("kills: sync round")
        shutil.rmtree(tmp_path / str(n))


# --- a relay round ------------------------------------------------------------------------------

BATCH = 5
"""Demands the street makes before each of its rounds, the first with a photo attached."""
PHOTO = 1024 * 1024
"""Bytes of each photo (random: they do not compress), so that making, uploading, fetching and
applying a bundle take long enough for kills to land in them."""


def _whole_relay(relay: TestRelay, key: minisign.PublicKey) -> list[str]:
    """Every file under a real name on the relay is whole: each bundle's signature verifies, each
    receipt reads with the district's key. The unfinished uploads there (temporary names)."""
    unfinished = []
    for name in relay.files():
        path = relay.root / name
        if is_temporary(path.name):
            unfinished.append(name)
        elif path.parent.name == "receipts":
            receipts.read_receipt(path, key)
        else:
            bundle.verify_bundle(path)
    return unfinished


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _whole_folder(db: Path, key: minisign.PublicKey) -> None:
    """Every file under a real name in a ledger's folder is whole: the ledger and its backups
    pass integrity_check, bundles verify (its outbox, a round's downloads), receipts read, and
    each attached file in the store has the hash it is named by."""
    for path in sorted(db.parent.rglob("*")):
        if not path.is_file() or path.name.endswith(".partial"):
            continue
        if path.suffix == ".db":
            assert integrity(path) == [], path
        elif path.name.endswith(bundle.SUFFIX):
            bundle.verify_bundle(path)
        elif path.name.endswith(receipts.SUFFIX):
            receipts.read_receipt(path, key)
        elif path.parent.parent.name == f"{db.name}.files":
            assert _sha256(path) == path.name, path


def _held(db: Path) -> list[tuple[str, str]]:
    """The street's batches as a ledger holds them, one row per record, sorted: its demands
    (id, content) and its attachments (id, hash), each attachment with its file in the store."""
    found = [(str(i), str(c)) for i, c in query(
        db, "SELECT id, content FROM demand WHERE content LIKE '批%' AND deleted = 0")]
    for i, sha in query(db, "SELECT id, sha256 FROM attachment WHERE deleted = 0"):
        kept = db.with_name(f"{db.name}.files") / str(sha)[:2] / str(sha)
        assert kept.is_file() and _sha256(kept) == sha, f"attachment {i} without its file"
        found.append((str(i), str(sha)))
    return sorted(found)


def test_a_relay_round_survives_kills(soak: Soak, devices: Devices, relay: TestRelay,
                                      tmp_path: Path) -> None:
    """`sync --once` of the street (receipts in, its bundle up) and of the district (bundles
    down and applied, receipts and reference data up) over a real WsgiDAV relay, each killed at
    a random point and then run again unkilled: no half file is ever under a real name (the
    relay's included), and the district ends with every demand and photo the street made, exactly
    once."""
    from app.services import attachments, records
    from app.store.db import open_ledger
    from tests.app.sync.ledgers import STREET
    from tests.helpers.relay_offices import connected

    both = connected(devices, tmp_path / "办公室", relay)
    try:
        community = records.create(both.street, "communities", {"name": "东新社区",
                                                               "street": STREET})
        street, district, outbox = both.street.path, both.district.path, f"{both.code}/outbox/"
        key = minisign.public_key(both.district.identity.key_id,
                                  both.district.identity.private_key)
    finally:
        both.close()
    made: list[tuple[str, str]] = []

    def batch(n: int) -> None:
        photo = tmp_path / f"照片{n}.jpg"
        photo.write_bytes(random.Random(n).randbytes(PHOTO))
        ledger = open_ledger(street)
        try:
            for i in range(BATCH):
                content = f"批{n}-{i}"
                demand = records.create(ledger, "demands", {"community": community,
                                                            "content": content})
                made.append((demand, content))
                if i == 0:
                    made.append((attachments.attach(ledger, "demands", demand, photo),
                                 _sha256(photo)))
        finally:
            ledger.close()
        photo.unlink()

    def sync(db: Path, delay: float | None) -> Run:
        return run_killed(cli("--db", db, "sync", "--once"), delay)

    def completes(db: Path) -> None:
        again = sync(db, None)
        assert again.code == 0, again.stderr

    completes(district)  # the street's folder appears on the relay
    batch(0)
    completes(street)
    completes(district)  # the first bundle: much slower, a measure that would mislead
    batch(1)
    up, down = sync(street, None), sync(district, None)  # measured once
    assert up.code == 0 and down.code == 0, up.stderr + down.stderr
    assert _held(district) == sorted(made)
    count = soak.rounds(1, 150)
    # under `make soak` two kills in three fall after the start-up (imports, the ledger opened,
    # some two thirds of a round), where the requests and writes are; `make test`'s one kill
    # per side falls anywhere, at 0.92 and 0.77 of the round with these seeds
    start = _round_start_up(devices, tmp_path / "无中转站") if count > 1 else 0.0
    kills = zip(delays("kills: relay round: street", count, up.seconds, start),
                delays("kills: relay round: district", count, down.seconds, start), strict=True)
    for n, (street_delay, district_delay) in enumerate(kills, start=2):
        before = sorted(made)
        batch(n)
        run = sync(street, street_delay)  # takes the last receipt, sends batch n up
        assert run.killed or run.code == 0, run.stderr
        assert integrity(street) == [] and _held(street) == sorted(made)
        _whole_folder(street, key)
        _whole_relay(relay, key)
        _age_leftovers(street.parent)  # the next round comes an hour later
        completes(street)
        assert _leftovers(street.parent) == []
        assert [f for f in _whole_relay(relay, key) if f.startswith(outbox)] == []
        soak.tried("kills: relay round, street")
        if not run.killed:
            soak.tried("kills: relay round, street, ended before its kill")

        run = sync(district, district_delay)
        assert run.killed or run.code == 0, run.stderr
        assert integrity(district) == []
        held = _held(district)
        assert held in (before, sorted(made)), f"half a batch after {district_delay:.3f} s"
        assert run.killed or held == sorted(made)
        _whole_folder(district, key)
        _whole_backups(district)
        _whole_relay(relay, key)
        _age_leftovers(district.parent)
        completes(district)
        assert _leftovers(district.parent) == []
        lost = len(set(made) - set(_held(district)))
        soak.lost("kills: relay round", lost)
        assert lost == 0 and _held(district) == sorted(made)  # each one exactly once
        assert _whole_relay(relay, key) == []  # what killed uploads left went
        soak.tried("kills: relay round, district")
        if not run.killed:
            soak.tried("kills: relay round, district, ended before its kill")
        if run.killed and held != before:
            soak.tried("kills: relay round, district, after its commit")
    assert _held(street) == sorted(made) and len(made) == (BATCH + 1) * (count + 2)


def _round_start_up(devices: Devices, folder: Path) -> float:
    """Seconds `sync --once` takes to start (its imports, the ledger opened): on a ledger with
    no relay set, where it stops right there."""
    bare = devices.copy(folder / "台账.db", role="street", area="解放门街道")
    done = run_killed(cli("--db", bare, "sync", "--once"), None)
    assert done.code == 2 and "没有设置中转站" in done.stderr, done.stderr
    return done.seconds
