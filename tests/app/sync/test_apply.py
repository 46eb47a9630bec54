"""A district applies a street's bundles: merged field by field, in any order, nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.services import records
from app.store.db import Ledger
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from tests.app.sync.ledgers import public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> tuple[Ledger, Ledger]:
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    from app.services.areas import resolve_scope

    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope)
    yield street, district
    street.close()
    district.close()


def test_bundles_in_any_order_end_the_same(offices: tuple[Ledger, Ledger]) -> None:
    street, district = offices
    community = records.create(street, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    demand = records.create(street, "demands", {"community": community, "content": "加装电梯"})
    first = bundle.make_bundle(street)
    records.update(street, "demands", demand, {"status": "已受理", "reply": "已联系物业"})
    second = bundle.make_bundle(street)
    assert first is not None and second is not None

    early = apply_bundle(district, second.path)  # the later one first: held for the gap
    assert early.status == "gap" and list(early.missing) == list(range(1, first.seq_to + 1))
    assert records.count(district, "demands") == 0
    applied = apply_bundle(district, first.path)
    assert applied.status == "applied"
    merged = records.get(district, "demands", demand)
    assert (merged["status"], merged["reply"]) == ("accepted", "已联系物业")  # the held one too
    assert merged["clocks"]["status"][1] == street.identity.fingerprint
    assert apply_bundle(district, first.path).status == "duplicate"
    assert apply_bundle(district, second.path).status == "duplicate"


def test_a_losing_edit_is_kept_as_a_conflict(offices: tuple[Ledger, Ledger]) -> None:
    street, district = offices
    community = records.create(street, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    demand = records.create(street, "demands", {"community": community, "content": "加装电梯"})
    first = bundle.make_bundle(street)
    assert first is not None and apply_bundle(district, first.path).status == "applied"
    records.update(street, "demands", demand, {"reply": "街道的答复"})
    second = bundle.make_bundle(street)
    records.update(district, "demands", demand, {"reply": "区县的答复"})  # later clock: wins
    assert second is not None
    outcome = apply_bundle(district, second.path)
    assert outcome.status == "applied" and outcome.conflicts == 1
    assert records.get(district, "demands", demand)["reply"] == "区县的答复"
    entries = records.history(district, "demands", demand)
    conflict = [e for e in entries if e["action"] == "conflict"]
    assert conflict and conflict[0]["changes"]["reply"][0] == "街道的答复"


def test_unenrolled_out_of_scope_and_future_bundles_are_rejected(
    devices: Devices, offices: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = offices
    stranger = devices.open(tmp_path / "别处" / "台账.db", role="street", area="南院门街道")
    try:
        records.create(stranger, "communities", {"name": "四府街社区", "street": "南院门街道"})
        made = bundle.make_bundle(stranger)
        assert made is not None
        outcome = apply_bundle(district, made.path)
        assert outcome.status == "rejected" and "未登记" in outcome.message
    finally:
        stranger.close()
    records.create(street, "communities", {"name": "越界社区", "street": "南院门街道"})
    made = bundle.make_bundle(street)
    assert made is not None
    outcome = apply_bundle(district, made.path)
    assert outcome.status == "rejected" and "整包拒收" in outcome.message
    assert records.count(district, "communities") == 0
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    outcome = apply_bundle(district, made.path, now=past)  # its clocks years "ahead" of ours
    assert outcome.status == "rejected" and "整包拒收" in outcome.message  # refused, not held


def test_bundle_import_command(devices: Devices, tmp_path: Path) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area="解放门街道")
    devices.copy(district, role="district", area="新城区")
    pub = tmp_path / "街道.pub"
    assert run("--db", street, "keys", "export", "--out", pub).returncode == 0
    assert run("--db", street, "add", "communities", "name=新社区",
               "street=解放门街道").returncode == 0
    usb = tmp_path / "U盘"
    assert run("--db", street, "bundle", "create", "--out", usb).returncode == 0
    [made] = usb.glob("*.cfbundle")
    refused = run("--db", district, "bundle", "import", made)  # not enrolled yet
    assert refused.returncode == 3 and "未登记" in refused.stdout
    assert run("--db", district, "keys", "enroll", "--street", "解放门街道", pub).returncode == 0
    done = run("--db", district, "bundle", "import", made)
    assert done.returncode == 0 and "已导入" in done.stdout, done.stderr
    again = run("--db", district, "bundle", "import", made)
    assert again.returncode == 0 and "重复" in again.stdout
    listed = run("--db", district, "list", "communities", "--search", "新社区")
    assert "新社区" in listed.stdout
