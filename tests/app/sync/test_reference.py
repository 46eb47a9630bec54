"""Reference data down (areas, qualified operators, targets), merged rows up with their clocks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.domain.enums import Function, ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.services import records
from app.services.areas import resolve_scope
from app.services.coverage import area_coverage
from app.services.sync import undelivered_changes
from app.store import programme
from app.store.db import Ledger
from app.store.settings import set_settings
from app.store.targets import coverage_targets
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from app.sync.reference import make_reference
from tests.app.sync import forge
from tests.app.sync.ledgers import public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


@pytest.fixture
def chain(devices: Devices, tmp_path: Path) -> tuple[Ledger, Ledger, Ledger]:
    laptop = devices.open(tmp_path / "笔记本.db", role="street", area="解放门街道")
    street = devices.open(tmp_path / "街道.db", role="street", area="解放门街道", device=2)
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    for receiver, sender in ((street, laptop), (district, street)):
        scope = resolve_scope(receiver, "street:解放门街道")
        assert scope is not None
        keys.enroll(receiver, public_key_text(sender), scope)
        keys.trust_upstream(sender, public_key_text(receiver))
    yield laptop, street, district
    for ledger in (laptop, street, district):
        ledger.close()


def _zone_of(ledger: Ledger, street_name: str) -> str | None:
    with ledger.engine.connect() as conn:
        return conn.execute(text("SELECT zone_id FROM street WHERE name = :n"),
                            {"n": street_name}).scalar()


def test_a_street_takes_reference_data_only_from_its_upstream(
    chain: tuple[Ledger, Ledger, Ledger], tmp_path: Path
) -> None:
    laptop, street, district = chain
    operator = records.create(district, "operators", {"name": "幸福里养老服务中心",
                                                      "credit_code": "91610102MA6U0B9X89"})
    records.update(district, "operators", operator, {"qualified": "是"})
    zone = records.list_records(district, "zones")[0]
    with district.write() as conn:  # the district assigns the street to a development zone
        conn.execute(text("UPDATE street SET zone_id = :z WHERE name = '解放门街道'"),
                     {"z": zone["id"]})
    set_settings(district, **{"reference/targets": {"meal_service": 0.8}})
    made = make_reference(district)
    assert made is not None and made.name.startswith("ref-")
    assert make_reference(district) is None  # nothing changed: no new version

    refused = apply_bundle(laptop, made)  # the laptop's upstream is the street, not the district
    assert refused.status == "rejected" and "不是本单位信任的上级" in refused.message
    assert _zone_of(laptop, "解放门街道") is None

    logged = undelivered_changes(street)
    applied = apply_bundle(street, made)
    assert applied.status == "applied", applied.message
    assert _zone_of(street, "解放门街道") == zone["id"]
    assert records.get(street, "operators", operator)["qualified"] is True
    assert undelivered_changes(street) == logged  # not logged: it never goes up again
    assert coverage_targets(street)[Function.MEAL_SERVICE] == 0.8
    assert [c.target for c in area_coverage(street)
            if c.function is Function.MEAL_SERVICE] == [0.8]
    assert apply_bundle(street, made).status == "duplicate"

    records.update(district, "operators", operator, {"qualified": "否"})
    newer = make_reference(district)
    assert newer is not None and not made.exists()  # only the newest snapshot is kept
    assert apply_bundle(street, newer).status == "applied"
    assert records.get(street, "operators", operator)["qualified"] is False
    assert apply_bundle(street, made.with_name("gone")).status == "rejected"


def test_rows_pass_upward_with_their_original_device_and_clock(
    chain: tuple[Ledger, Ledger, Ledger]
) -> None:
    laptop, street, district = chain
    community = records.create(laptop, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    demand = records.create(laptop, "demands", {"community": community, "content": "加装电梯"})
    from_laptop = bundle.make_bundle(laptop)
    assert from_laptop is not None
    assert apply_bundle(street, from_laptop.path).status == "applied"
    records.update(street, "demands", demand, {"reply": "街道已受理"})
    upward = bundle.make_bundle(street)
    assert upward is not None
    assert apply_bundle(district, upward.path).status == "applied"

    at_laptop = records.get(laptop, "demands", demand)
    at_district = records.get(district, "demands", demand)
    assert at_district["clocks"]["content"] == at_laptop["clocks"]["content"]
    assert at_district["clocks"]["content"][1] == laptop.identity.fingerprint
    assert at_district["clocks"]["reply"][1] == street.identity.fingerprint
    assert at_district["reply"] == "街道已受理"
    checked = bundle.verify_bundle(upward.path)
    assert checked.manifest["device"]["fingerprint"] == street.identity.fingerprint


def test_reference_command(devices: Devices, tmp_path: Path) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area="解放门街道")
    devices.copy(district, role="district", area="新城区")
    pub = tmp_path / "区县.pub"
    assert run("--db", district, "keys", "export", "--out", pub).returncode == 0
    usb = tmp_path / "U盘"
    made = run("--db", district, "bundle", "create", "--reference", "--out", usb)
    assert made.returncode == 0 and "已生成参考数据" in made.stdout, made.stderr
    [reference] = usb.glob("ref-*.cfbundle")
    refused = run("--db", street, "bundle", "import", reference)
    assert refused.returncode == 3 and "不是本单位信任的上级" in refused.stdout
    assert run("--db", street, "keys", "trust", "--upstream", pub).returncode == 0
    done = run("--db", street, "bundle", "import", reference)
    assert done.returncode == 0 and "参考数据" in done.stdout, done.stdout + done.stderr


def test_the_programme_directory_and_scoring_travel_down_and_a_hostile_one_is_refused(
    chain: tuple[Ledger, Ledger, Ledger], tmp_path: Path
) -> None:
    _laptop, street, district = chain
    programme.add_change(district, TierChange(
        dt.date(2024, 3, 1), ChangeKind.JOIN, "东大院社区综合体", ProjectTier.NATIONAL_PILOT,
        community="610102005004", year=2025, reason="首批名单"))
    programme.set_scoring(district, "weights.coverage", "50")
    made = make_reference(district)
    assert made is not None
    assert apply_bundle(street, made).status == "applied"
    assert programme.directory(street) == programme.directory(district)
    assert programme.scoring(street).weights["coverage"] == 50
    assert programme.scoring(street).version == 1

    hostile = forge.signed(district, tmp_path / "forged", {
        "data/district.jsonl": b"", "data/zone.jsonl": b"", "data/street.jsonl": b"",
        "data/operator.jsonl": b"", "targets.json": b"{}",
        "programme.json": b'{"version": 9, "changes": [{"kind": "burn", "on": "2026-01-01"}]}',
        "scoring.json": b"{}"}, seq=(7, 7), format=bundle.REFERENCE_FORMAT)
    refused = apply_bundle(street, hostile)
    assert refused.status == "rejected", refused.message
    assert "参考数据不予接收：项目名录第 1 条的内容无法解析" in refused.message
    assert programme.directory(street) == programme.directory(district)  # nothing half-taken


def test_an_area_naming_a_district_that_does_not_exist_is_refused_not_a_crash(
    chain: tuple[Ledger, Ledger, Ledger], tmp_path: Path
) -> None:
    """Found by tests/soak/test_fuzz_receipts_references.py: a street whose district id names no
    district broke the foreign key, and the IntegrityError escaped as a program error."""
    _laptop, street, district = chain
    made = make_reference(district)
    assert made is not None
    payload = bundle.verify_bundle(made).payload
    assert payload is not None
    lines = payload["data/street.jsonl"].splitlines()
    row = json.loads(lines[0])
    row["fields"]["district"] = "00000000-0000-0000-0000-000000000000"
    files = {name: payload[name] for name in payload}
    files["data/street.jsonl"] = b"\n".join([json.dumps(row).encode(), *lines[1:]]) + b"\n"
    before = {table: _rows(street, table) for table in ("district", "street", "setting")}
    hostile = forge.signed(district, tmp_path / "forged", files, seq=(7, 7),
                           format=bundle.REFERENCE_FORMAT)
    refused = apply_bundle(street, hostile)
    assert refused.status == "rejected", refused.message
    assert "引用了不存在的区域" in refused.message
    assert {table: _rows(street, table) for table in before} == before


def _rows(ledger: Ledger, table: str) -> list[object]:
    with ledger.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT * FROM {table} ORDER BY rowid")).all())
