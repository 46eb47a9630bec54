"""Schema revisions: a filled database of every released revision opens and upgrades to head."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import app.store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from app.domain.entities import ENTITIES
from app.errors import LedgerTooNew, UsageError
from app.services import records
from app.services.records import Query
from app.services.setup import init_ledger
from app.store import backup, datakey, migrate
from app.store.db import make_engine, open_ledger
from tests.app.store.util import file_counts, folder_state, plain_bytes_in, read_only

FIXTURES = Path(__file__).parent / "fixtures"

FILLED = (
    "district",
    "zone",
    "street",
    "community",
    "operator",
    "space",
    "function_status",
    "demand",
    "project",
    "evaluation",
    "attachment",
    "device",
    "history",
    "change_log",
    "setting",
)
"""Tables the fill script of every revision puts rows into."""
SEALED_FROM = "0004"
"""The first revision whose fill script seals personal fields (and fills their tables)."""
SEALED_TABLES = ("data_key", "personal_index")
FIXTURE_DATA_KEY = bytes.fromhex(
    "756576809003a8d6e6cfec5cd54d31735ac77bd9801c068fe8fd875d6877cb47")
"""The data key fill_0004.sql and later seal with (its id is in their data_key table)."""
PLAIN = ("王丽", "13900000000", "张大爷")
"""The personal values of the fixtures: sealed in every upgraded database."""


def filled(revision: str) -> tuple[str, ...]:
    """The tables a revision's fill script fills."""
    sealed = migrate.REVISIONS.index(revision) >= migrate.REVISIONS.index(SEALED_FROM)
    return (*FILLED, *SEALED_TABLES) if sealed else FILLED

FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")

DEMAND_ID = "77fdb153-343a-527f-b8c9-a1ebb42cecbc"
OPERATOR_ID = "69ef4da3-f4c9-5f44-bf2d-70fe215cdf5b"
DEMAND_TEXT = "希望在小区附近增加老年助餐点，方便腿脚不便的老人"
FIXTURE_DEVICE = "0123456789ABCDEF"


def make_revision_db(path: Path, revision: str) -> None:
    """A ledger file at `revision`, filled by that revision's fixture script."""
    engine = make_engine(path)
    try:
        migrate.upgrade(engine, revision)
    finally:
        engine.dispose()
    script = (FIXTURES / f"fill_{revision}.sql").read_text(encoding="utf-8")
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(script)
        conn.commit()
    finally:
        conn.close()


def revision_of(path: Path) -> str | None:
    """The schema revision stored in a database file."""
    conn = read_only(path)
    try:
        return migrate.current_revision(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("revision", migrate.REVISIONS)
def test_revision_fixture_upgrades_to_head_with_data_intact(tmp_path: Path, revision: str) -> None:
    path = tmp_path / f"ledger-{revision}.db"
    make_revision_db(path, revision)
    tables = filled(revision)
    before = file_counts(path, *tables)
    assert all(before.values()), f"fill_{revision}.sql leaves a table empty: {before}"
    assert revision_of(path) == revision
    if "data_key" in tables:  # the key this office kept for it (here: in the key file)
        datakey.keep(path, datakey.DataKey(FIXTURE_DATA_KEY))

    # The fixture's device has no key file here: a new identity only on purpose (`keys new`).
    ledger = open_ledger(path, renew_identity=True)
    try:
        after = file_counts(path, *tables)
        assert {t: n for t, n in after.items() if t != "device"} == {
            t: n for t, n in before.items() if t != "device"
        }
        # The old identity is retired, a new one made.
        assert after["device"] == before["device"] + 1
        assert ledger.device != FIXTURE_DEVICE

        conn = read_only(path)
        try:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert backup.quick_check(conn) == []
            assert migrate.current_revision(conn) == migrate.HEAD
            role = conn.execute(
                "SELECT role FROM device WHERE fingerprint = ?", (FIXTURE_DEVICE,)
            ).fetchone()
            assert role == ("retired",)
        finally:
            conn.close()

        demand = records.get(ledger, "demands", DEMAND_ID)
        assert demand["content"] == DEMAND_TEXT
        assert demand["clocks"]["content"] == ["0001709607600000-00000", FIXTURE_DEVICE]
        for words in ("助餐", "老年助餐", "助"):
            found = records.list_records(ledger, "demands", Query(search=words))
            assert [r["id"] for r in found] == [DEMAND_ID], words
        history = records.history(ledger, "demands", DEMAND_ID)
        assert [h["action"] for h in history] == ["create"]

        # personal values read as typed, are found by an exact match, and rest sealed only
        assert demand["reporter"] == "张大爷"
        operator = records.get(ledger, "operators", OPERATOR_ID)
        assert (operator["contact"], operator["phone"]) == ("王丽", "13900000000")
        found = records.list_records(ledger, "operators", Query(filters={"phone": "139 0000 0000"}))
        assert [r["id"] for r in found] == [OPERATOR_ID]
        found = records.list_records(ledger, "demands", Query(search="张大爷"))
        assert [r["id"] for r in found] == [DEMAND_ID]
        assert not plain_bytes_in(path, PLAIN)

        # The upgraded ledger takes new writes, later than anything in it.
        assert records.update(ledger, "demands", DEMAND_ID, {"reply": "已纳入2025年建设计划"})
        latest = records.history(ledger, "demands", DEMAND_ID)[-1]
        assert latest["hlc"] > "0001733022000000-00000"
    finally:
        ledger.close()

    upgrades = [b for b in backup.list_backups(path) if b.reason == f"before-upgrade-{revision}"]
    if revision == migrate.HEAD:
        assert backup.list_backups(path) == []
    else:  # backed up before the upgrade, as it was; sealed in place if it held plain values
        assert len(upgrades) == 1
        sealed = migrate.before_data_key(revision)  # app.store.backup_sealing
        assert revision_of(upgrades[0].path) == (migrate.HEAD if sealed else revision)
        assert not plain_bytes_in(upgrades[0].path, PLAIN)
        assert file_counts(upgrades[0].path, *tables) == before


def test_head_and_revisions_are_alembics() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())  # type: ignore[arg-type]
    assert script.get_heads() == [migrate.HEAD]
    oldest_first = [s.revision for s in script.walk_revisions("base", "heads")][::-1]
    assert tuple(oldest_first) == migrate.REVISIONS


def test_every_released_revision_has_a_fill_script() -> None:
    missing = [r for r in migrate.REVISIONS if not (FIXTURES / f"fill_{r}.sql").is_file()]
    assert missing == []


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "schema.db")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            virtual = {
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
                )
            }
            ignored = virtual | {f"{v}_{s}" for v in virtual for s in FTS_SHADOWS}

            def include_name(name: str | None, type_: str, _parents: object) -> bool:
                return not (type_ == "table" and name in ignored)

            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == []
    searchable = [spec.name for spec in ENTITIES.values() if spec.searchable]
    assert virtual == {f"{name}{suffix}" for name in searchable for suffix in ("_fts", "_fts2")}


def _from_the_future(path: Path) -> Path:
    """A ledger file whose schema revision is one this app does not know (a newer app's)."""
    make_revision_db(path, migrate.HEAD)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    return path


def test_database_from_a_newer_app_is_refused_and_untouched(tmp_path: Path) -> None:
    path = _from_the_future(tmp_path / "newer.db")
    state = folder_state(tmp_path)

    with pytest.raises(LedgerTooNew, match="更新版本的程序"):
        open_ledger(path)
    with pytest.raises(LedgerTooNew):
        init_ledger(path)

    assert folder_state(tmp_path) == state  # no backup, no key file, not a byte changed
    assert revision_of(path) == "9999_from_the_future"


def test_newer_ledger_opened_from_the_command_line_is_refused_in_chinese(tmp_path: Path) -> None:
    """What the user sees: every command that opens the ledger (and `check`) says in Chinese that
    a newer program made it, exits non-zero, and changes nothing."""
    from tests.helpers.cli import run

    path = _from_the_future(tmp_path / "newer.db")
    state = folder_state(tmp_path)

    for args in (["list", "communities"], ["add", "communities", "name=西新社区"],
                 ["backup", "create"], ["check"]):
        done = run("--db", path, *args)
        assert done.returncode != 0, args
        assert "更新版本的程序" in done.stderr and "9999_from_the_future" in done.stderr, args
        assert "只读" not in done.stderr and "Traceback" not in done.stderr  # nothing is damaged
    assert folder_state(tmp_path) == state
    assert revision_of(path) == "9999_from_the_future"


@pytest.mark.parametrize(
    "content",
    [
        "这不是数据库，是一份会议纪要。\n".encode() * 200,
        b"PK\x03\x04" + bytes(range(256)) * 40,  # an Excel workbook picked by mistake
    ],
    ids=["text", "zip"],
)
def test_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "笔记.db"
    path.write_bytes(content)
    state = folder_state(tmp_path)

    with pytest.raises(UsageError, match="不是台账数据库"):
        open_ledger(path)
    with pytest.raises(UsageError, match="不是台账数据库"):
        init_ledger(path)

    assert folder_state(tmp_path) == state
    assert path.read_bytes() == content


def test_someone_elses_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "通讯录.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('王丽', '13900000000')")
    conn.close()
    state = folder_state(tmp_path)

    with pytest.raises(UsageError, match="其他程序的数据库"):
        open_ledger(path)
    with pytest.raises(UsageError, match="其他程序的数据库"):
        init_ledger(path)

    assert folder_state(tmp_path) == state
    conn = read_only(path)
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("contacts",)]
    finally:
        conn.close()


def test_the_pinyin_upgrade_keys_every_name_of_an_old_ledger(tmp_path: Path) -> None:
    """0005 adds a sort key beside every name and fills it for the records already there, in
    batches (more spaces than one batch here): lists of the upgraded ledger sort by pinyin."""
    from app.domain.pinyin import sort_key
    from tests.app.domain.test_pinyin import COMMUNITIES

    path = tmp_path / "ledger-0004.db"
    make_revision_db(path, "0004")
    conn = sqlite3.connect(path)
    with conn:  # more of what 0004 wrote: communities of 解放门街道 and their many spaces
        street = conn.execute("SELECT id FROM street WHERE name = '解放门街道'").fetchone()[0]
        conn.executemany(
            "INSERT INTO community (id, created_at, updated_at, deleted, clocks, name, street_id, "
            "not_resettled) VALUES (?, '2024-03-02T09:30:00+00:00', '2024-03-02T09:30:00+00:00', "
            "0, '{}', ?, ?, 0)",
            [(f"c-{n}", name, street) for n, name in enumerate(reversed(COMMUNITIES))])
        conn.executemany(
            "INSERT INTO space (id, created_at, updated_at, deleted, clocks, community_id, name, "
            "kind) VALUES (?, '2024-03-03T02:00:00+00:00', '2024-03-03T02:00:00+00:00', 0, '{}', "
            "'c-0', ?, 'community_room')",
            [(f"s-{n}", f"{n}号楼活动室") for n in range(2_500)])
    conn.close()
    datakey.keep(path, datakey.DataKey(FIXTURE_DATA_KEY))

    ledger = open_ledger(path, renew_identity=True)
    try:
        conn = read_only(path)
        try:
            for entity in ("district", "zone", "street", "community", "space", "project",
                           "operator"):
                rows = conn.execute(f"SELECT name, name_sort FROM {entity}").fetchall()
                assert rows and all(key == sort_key(name) for name, key in rows), entity
        finally:
            conn.close()
        shown = [r["name"] for r in records.list_records(ledger, "communities", Query(sort="name"))]
        assert [n for n in shown if n in COMMUNITIES] == COMMUNITIES
        first = records.list_records(ledger, "spaces", Query(sort="name", limit=3))
        assert [r["name"] for r in first] == ["0号楼活动室", "1号楼活动室", "2号楼活动室"]
    finally:
        ledger.close()


def test_the_sort_index_upgrade_keeps_every_demand_and_the_overviews_counts(
        tmp_path: Path) -> None:
    """0006 adds only indexes: a 0005 ledger with demands of every status, urgency and some
    deleted upgrades with its rows and the overview's counts as a plain scan counted them before;
    the counts are then read from the index alone; a downgrade to 0005 drops the indexes again."""
    from app.services.overview import demand_counts

    path = tmp_path / "ledger-0005.db"
    make_revision_db(path, "0005")
    statuses = ("registered", "accepted", "in_progress", "resolved", "declined", "referred")
    conn = sqlite3.connect(path)
    with conn:  # 600 more demands like the fixture's, every status and urgency, some deleted
        template = conn.execute("SELECT * FROM demand").fetchone()
        columns = [c[1] for c in conn.execute("PRAGMA table_info(demand)")]
        rows = []
        for n in range(600):
            row = dict(zip(columns, template, strict=True))
            row.update(id=f"00000000-0000-4000-8000-{n:012d}", content=f"需求 {n}",
                       status=statuses[n % 6], urgency=("urgent", "normal", None)[n % 3],
                       deleted=int(n % 11 == 0), residents=None if n % 4 else n)
            rows.append(tuple(row.values()))
        conn.executemany(f"INSERT INTO demand VALUES ({', '.join('?' * len(columns))})", rows)
    scan = ("SELECT count(*), sum(status NOT IN ('resolved', 'declined')), "
            "sum(status NOT IN ('resolved', 'declined') AND urgency = 'urgent') "
            "FROM demand NOT INDEXED WHERE deleted = 0")
    before = conn.execute(scan).fetchone()
    rows_before = conn.execute("SELECT * FROM demand ORDER BY rowid").fetchall()
    conn.close()
    assert before[0] > 500 and 0 < before[2] < before[1] < before[0]
    datakey.keep(path, datakey.DataKey(FIXTURE_DATA_KEY))

    ledger = open_ledger(path, renew_identity=True)
    try:
        assert demand_counts(ledger) == before
    finally:
        ledger.close()
    conn = read_only(path)
    try:
        assert migrate.current_revision(conn) == "0006"
        assert conn.execute("SELECT * FROM demand ORDER BY rowid").fetchall() == rows_before
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT status, urgency, count(*) FROM demand "
                            "WHERE deleted = 0 GROUP BY status, urgency").fetchall()
        assert [r[3] for r in plan] == [
            "SEARCH demand USING COVERING INDEX ix_demand_counts (deleted=?)"]
        clock = conn.execute("EXPLAIN QUERY PLAN SELECT max(hlc) FROM change_log").fetchall()
        assert [r[3] for r in clock] == ["SEARCH change_log USING COVERING INDEX ix_change_log_hlc"]
        indexes = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name IN ('demand', 'space', 'change_log')")}
    finally:
        conn.close()
    added = {"ix_demand_counts", "ix_demand_status", "ix_demand_content", "ix_demand_residents",
             "ix_space_usage", "ix_space_floor_area", "ix_space_intended_functions",
             "ix_change_log_hlc"}
    assert added <= indexes

    engine = make_engine(path)
    try:
        from alembic import command
        cfg = migrate.alembic_config()
        with engine.begin() as conn2:
            cfg.attributes["connection"] = conn2  # type: ignore[attr-defined]
            command.downgrade(cfg, "0005")  # type: ignore[arg-type]
    finally:
        engine.dispose()
    conn = read_only(path)
    try:
        left = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert migrate.current_revision(conn) == "0005" and not added & left
        assert conn.execute("SELECT * FROM demand ORDER BY rowid").fetchall() == rows_before
    finally:
        conn.close()
