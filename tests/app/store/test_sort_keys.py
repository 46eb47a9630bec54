"""Pinyin sort keys written with the records (app/store/sort_keys.py): every write path keys the
names it writes, lists walk the key's index, and a bundle never carries a key."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from app.domain.entities import ENTITIES
from app.domain.pinyin import sort_key
from app.services import exports, imports, records
from app.services.areas import resolve_scope
from app.services.records import Query
from app.store import sort_keys
from app.store.db import Ledger
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from app.sync.reference import make_reference
from tests.app.domain.test_pinyin import COMMUNITIES, SPACES
from tests.app.store.util import read_only
from tests.app.sync import forge
from tests.app.sync.ledgers import public_key_text
from tests.helpers.ledgers import Devices

STREET = "解放门街道"


def _stored_keys(path: Path, table: str) -> dict[str, str | None]:
    """name -> the sort key stored beside it, read from the file itself."""
    conn = read_only(path)
    try:
        return dict(conn.execute(f"SELECT name, name_sort FROM {table}").fetchall())
    finally:
        conn.close()


def _add_communities(ledger: Ledger, names: list[str]) -> dict[str, str]:
    shuffled = list(names)
    random.Random(19).shuffle(shuffled)
    return {name: records.create(ledger, "communities", {"name": name, "street": STREET})
            for name in shuffled}


def test_a_list_sorted_by_name_is_in_pinyin_order_both_ways(ledger: Ledger) -> None:
    _add_communities(ledger, COMMUNITIES)
    scope = resolve_scope(ledger, f"street:{STREET}")
    for query in (Query(sort="name"), Query(sort="社区名称", scope=scope)):
        shown = [r["name"] for r in records.list_records(ledger, "communities", query)]
        assert [n for n in shown if n in COMMUNITIES] == COMMUNITIES
    backwards = records.list_records(ledger, "communities", Query(sort="name", descending=True))
    assert [r["name"] for r in backwards if r["name"] in COMMUNITIES] == COMMUNITIES[::-1]
    paged = [r["name"] for start in range(0, 40, 5) for r in records.list_records(
        ledger, "communities", Query(sort="name", offset=start, limit=5))]
    assert [n for n in paged if n in COMMUNITIES] == COMMUNITIES  # pages never skip or repeat
    assert _stored_keys(ledger.path, "community") == {
        name: sort_key(name) for name in _stored_keys(ledger.path, "community")}


def test_sorting_by_a_reference_follows_the_referenced_name(ledger: Ledger) -> None:
    ids = _add_communities(ledger, COMMUNITIES)
    for n, name in enumerate(reversed(COMMUNITIES)):
        records.create(ledger, "spaces", {"community": ids[name], "name": f"活动室{n}",
                                          "kind": "社区用房"})
    expected = [ids[name] for name in COMMUNITIES]
    found = records.list_records(ledger, "spaces", Query(sort="community"))
    assert [r["community"] for r in found] == expected
    backwards = records.list_records(ledger, "spaces", Query(sort="所属社区", descending=True))
    assert [r["community"] for r in backwards] == expected[::-1]
    paged = [r["community"] for start in range(0, 20, 3) for r in records.list_records(
        ledger, "spaces", Query(sort="community", offset=start, limit=3))]
    assert paged == expected
    scope = resolve_scope(ledger, f"street:{STREET}")  # read through the area's index instead
    inside = records.list_records(ledger, "spaces", Query(sort="community", scope=scope))
    assert [r["community"] for r in inside] == expected
    filtered = records.list_records(ledger, "spaces", Query(sort="community",
                                                             filters={"kind": "社区用房"}))
    assert [r["community"] for r in filtered] == expected
    # the whole table: the communities' key index walked, each one's spaces by their index
    with ledger.engine.connect() as conn:
        sql, params = records._select(conn, records.spec_of("spaces"),
                                      Query(sort="community", limit=200))
        plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"), params)]
    assert plan == ["SCAN sort_ref USING INDEX ix_community_name_sort",
                    "SEARCH space USING INDEX ix_space_community_id (community_id=?)"]


def test_a_sort_by_name_walks_the_key_s_index(ledger: Ledger) -> None:
    """The first page of a list sorted by name is read in the index's order, never sorted."""
    for entity in ("communities", "spaces", "projects", "operators", "streets"):
        spec = records.spec_of(entity)
        with ledger.engine.connect() as conn:
            for descending in (False, True):
                sql, params = records._select(
                    conn, spec, Query(sort="name", descending=descending, limit=200))
                plan = " | ".join(row[3] for row in conn.execute(
                    text(f"EXPLAIN QUERY PLAN {sql}"), params))
                assert plan == f"SCAN {spec.name} USING INDEX ix_{spec.name}_name_sort", plan
    with ledger.engine.connect() as conn:  # any indexed column the same way: 登记日期
        sql, params = records._select(conn, records.spec_of("demands"),
                                      Query(sort="登记日期", descending=True, limit=200))
        plan = " | ".join(row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"),
                                                          params))
    assert plan == "SCAN demand USING INDEX ix_demand_received_on", plan


def test_an_update_and_a_restore_rekey_the_record(ledger: Ledger) -> None:
    ids = _add_communities(ledger, ["东新社区", "西新社区"])
    records.update(ledger, "communities", ids["东新社区"], {"name": "阿房宫社区"})
    assert _stored_keys(ledger.path, "community")["阿房宫社区"] == sort_key("阿房宫社区")
    shown = [r["name"] for r in records.list_records(ledger, "communities", Query(sort="name"))
             if r["name"] in ("阿房宫社区", "西新社区")]
    assert shown == ["阿房宫社区", "西新社区"]  # ē before xī (the old 东 dōng would be too)
    records.update(ledger, "communities", ids["东新社区"], {"name": "中新社区"})
    shown = [r["name"] for r in records.list_records(ledger, "communities", Query(sort="name"))
             if r["name"] in ("中新社区", "西新社区")]
    assert shown == ["西新社区", "中新社区"]
    records.delete(ledger, "communities", ids["西新社区"])
    records.restore(ledger, "communities", ids["西新社区"])
    assert _stored_keys(ledger.path, "community")["西新社区"] == sort_key("西新社区")


def test_personal_fields_have_no_sort_key(ledger: Ledger) -> None:
    conn = read_only(ledger.path)
    try:
        for spec in ENTITIES.values():
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({spec.name})")}
            wanted = {sort_keys.column(f) for f in spec.pinyin_sorted}
            assert {c for c in present if c.endswith("_sort")} == wanted, spec.name
            assert not any(f.personal for f in spec.pinyin_sorted)
            assert all(f"{f.column}_sort" not in present for f in spec.fields if f.personal)
    finally:
        conn.close()


def test_an_imported_workbook_s_rows_get_keys(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "空间台账.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "社区"
    sheet.append(["社区名称", "所属街道"])
    for name in COMMUNITIES[::-1]:
        sheet.append([name, STREET])
    spaces = book.create_sheet("空间")
    spaces.append(["所属社区", "资源名称", "资源类型"])
    for name in SPACES[::-1]:
        spaces.append([COMMUNITIES[0], name, "社区用房"])
    book.save(path)

    result = imports.import_file(ledger, path)
    assert result.total == len(COMMUNITIES) + len(SPACES)
    stored = _stored_keys(ledger.path, "space")
    assert stored == {name: sort_key(name) for name in SPACES}
    assert [r["name"] for r in records.list_records(ledger, "spaces", Query(sort="name"))] \
        == SPACES

    # the export lists named ledgers in the same order, read back from the workbook written
    out = tmp_path / "导出.xlsx"
    exports.export_workbook(ledger, out)
    written = load_workbook(out, read_only=True)
    try:
        rows = list(written["空间资源"].iter_rows(values_only=True))
    finally:
        written.close()
    column = rows[0].index("资源名称")
    assert [row[column] for row in rows[1:] if row[column]] == SPACES


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope)
    yield street, district
    street.close()
    district.close()


def test_a_merged_bundle_s_records_are_keyed_at_the_receiver(
    offices: tuple[Ledger, Ledger]
) -> None:
    street, district = offices
    ids = _add_communities(street, COMMUNITIES)
    space = records.create(street, "spaces", {"community": ids[COMMUNITIES[0]],
                                              "name": "10号楼活动室", "kind": "社区用房"})
    first = bundle.make_bundle(street)
    assert first is not None
    assert apply_bundle(district, first.path).status == "applied"
    stored = _stored_keys(district.path, "community")
    assert {n: stored[n] for n in COMMUNITIES} == {n: sort_key(n) for n in COMMUNITIES}
    shown = [r["name"] for r in records.list_records(district, "communities", Query(sort="name"))]
    assert [n for n in shown if n in COMMUNITIES] == COMMUNITIES

    # a rename merged later is keyed again; a change of another field leaves the key alone
    records.update(street, "spaces", space, {"name": "3号楼活动室"})
    records.update(street, "communities", ids[COMMUNITIES[0]], {"population": 5000})
    second = bundle.make_bundle(street)
    assert second is not None and apply_bundle(district, second.path).status == "applied"
    assert _stored_keys(district.path, "space") == {"3号楼活动室": sort_key("3号楼活动室")}
    assert _stored_keys(district.path, "community")[COMMUNITIES[0]] == sort_key(COMMUNITIES[0])


def test_the_key_column_stays_out_of_what_a_record_is(ledger: Ledger) -> None:
    """Records as services, the CLI's JSON and bundles see them have no key: it is storage."""
    ids = _add_communities(ledger, ["东新社区"])
    record = records.get(ledger, "communities", ids["东新社区"])
    assert not any(name.endswith("_sort") for name in record)
    conn = sqlite3.connect(ledger.path)
    try:
        fields = conn.execute("SELECT fields FROM change_log").fetchall()
    finally:
        conn.close()
    assert fields and not any("_sort" in row[0] for row in fields)


def test_a_forged_bundle_cannot_set_a_sort_key(offices: tuple[Ledger, Ledger]) -> None:
    """A key is never taken from a bundle: a line that sends one is refused whole, and a plain
    name sent with a signed bundle is keyed by the receiver from the name alone."""
    street, district = offices
    community = str(uuid.uuid4())
    clock = forge.hlc(street)
    folder = street.path.parent / "U盘"
    values = {"name": "阿房宫社区", "street": _street_id(district)}
    forged = forge.row(community, street.device, clock, **values, name_sort="!!! 排在最前")
    path = forge.signed(street, folder / "1", {"data/community.jsonl": forge.lines(forged)},
                        seq=(1, 1))
    outcome = apply_bundle(district, path)
    assert outcome.status == Status.REJECTED and "name_sort" in outcome.message
    assert "阿房宫社区" not in _stored_keys(district.path, "community")

    plain = forge.row(community, street.device, clock, **values)
    path = forge.signed(street, folder / "2", {"data/community.jsonl": forge.lines(plain)},
                        seq=(1, 1))
    assert apply_bundle(district, path).status == Status.APPLIED
    assert _stored_keys(district.path, "community")["阿房宫社区"] == sort_key("阿房宫社区")


def _street_id(ledger: Ledger) -> str:
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None and scope.id is not None
    return scope.id


def test_an_area_renamed_above_is_keyed_again_below(offices: tuple[Ledger, Ledger]) -> None:
    """Reference data (the area list the office above sends down) is written outside the
    writer: a renamed area gets the key of its new name."""
    street, district = offices
    keys.trust_upstream(street, public_key_text(district))
    zone = records.list_records(district, "zones", Query(sort="name"))[0]
    records.update(district, "zones", zone["id"], {"name": "阿房宫遗址保护区"})
    made = make_reference(district)
    assert made is not None and apply_bundle(street, made).status == Status.APPLIED
    stored = _stored_keys(street.path, "zone")
    assert zone["name"] not in stored
    assert stored["阿房宫遗址保护区"] == sort_key("阿房宫遗址保护区")
    assert all(key == sort_key(name) for name, key in stored.items())


def test_a_community_profile_lists_its_spaces_in_pinyin_order(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The PDF read back: the spaces of a community in the reference order."""
    from app.services import reports
    from tests.helpers.pdf import pdf_text

    ids = _add_communities(ledger, ["东新社区"])
    for name in SPACES[::-1]:
        records.create(ledger, "spaces", {"community": ids["东新社区"], "name": name,
                                          "kind": "社区用房"})
    out = tmp_path / "概况.pdf"
    scope = resolve_scope(ledger, f"community:{ids['东新社区']}")
    reports.community_profile(ledger, scope, out)
    text, _pages = pdf_text(out)
    places = [text.find(name.replace(" ", "")) for name in SPACES]
    assert -1 not in places and places == sorted(places)
