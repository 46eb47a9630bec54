"""A district revokes a stolen laptop's key from a sequence on: refused, quarantined, reviewed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app.errors import UsageError
from app.services import records
from app.services.revocation import (
    Received,
    received,
    review,
    revoke_device,
    revoked_devices,
)
from app.services.sync import sync_state
from app.store.db import Ledger
from app.sync import keys, revocation, rotation
from app.sync.apply import apply_bundle
from tests.app.sync.keyring import (
    APPLIED_AT,
    clock_stopped,
    community,
    demand,
    enrolled_pair,
    made,
    quarantined,
    waiting,
)
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


@pytest.fixture
def stopped() -> Iterator[None]:
    """The clock stands at APPLIED_AT."""
    with clock_stopped():
        yield


@pytest.fixture
def pair(stopped: None, devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    with enrolled_pair(devices, tmp_path, sealed=True) as both:
        yield both


def test_a_stolen_laptop_is_revoked_and_what_it_sent_from_then_on_is_listed(
    pair: tuple[Ledger, Ledger]
) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    place = community(street, "东七路社区")
    lift = demand(street, place, "加装电梯")
    first = made(street)  # 1-2
    assert apply_bundle(district, first.path).status == "applied"
    records.update(street, "demands", lift, {"reply": "街道的答复"})
    with time_machine.travel(APPLIED_AT.timestamp() + 60, tick=False):  # a minute later: wins
        records.update(district, "demands", lift, {"reply": "区县的答复"})
    meals = demand(street, place, "增设助餐点")
    second = made(street)  # 3-4: a reply that loses, a new demand
    assert (second.seq_from, second.seq_to) == (3, 4)
    assert apply_bundle(district, second.path).status == "applied"
    demand(street, place, "老年食堂")
    demand(street, place, "托育点")
    third = made(street)  # 5-6: not delivered yet
    demand(street, place, "社区卫生站")
    fourth = made(street)  # 7-7: delivered before the third, so it waits
    assert apply_bundle(district, fourth.path).status == "gap"

    done = revocation.revoke(district, fingerprint.lower(), 6)  # straddling 5-6: refused whole
    assert (done.device.fingerprint, done.from_seq, done.also) == (fingerprint, 6, [])
    [moved] = done.quarantined  # it waited for 5-6, which is refused now
    assert moved.startswith(f"{fingerprint}-7-7-")
    assert not waiting(district)
    assert review(district, fingerprint) == []
    refused = apply_bundle(district, third.path)
    assert refused.status == "rejected" and "已从序号 6 起吊销" in refused.message
    assert any(n.startswith(f"{fingerprint}-5-6-") for n in quarantined(district))
    assert records.count(district, "demands") == 2

    lowered = revoke_device(district, fingerprint, 4)  # lower: from 4, 3-4 straddles it
    assert lowered.revoked.from_seq == 4
    [listed] = lowered.review
    assert (listed.device, listed.seq_from, listed.seq_to) == (fingerprint, 3, 4)
    assert listed.applied_at == "2026-12-04T07:30:00+00:00"
    assert listed.records is not None
    touched = {(r.entity, r.record_id, r.action) for r in listed.records}
    assert touched == {("demand", lift, "冲突（未采用）"), ("demand", meals, "合并写入")}
    by_id = {r.record_id: r for r in listed.records}
    assert by_id[meals].title == "增设助餐点" and by_id[meals].entity_label == "需求清单"
    assert records.spec_of("demands").field("reply").label in by_id[lift].fields
    assert [d.fingerprint for d in revoked_devices(district)] == [fingerprint]

    with pytest.raises(UsageError, match="吊销只能提前"):
        revocation.revoke(district, fingerprint, 5)
    assert keys.enrolled(district, fingerprint).revoked_from == 4  # type: ignore[union-attr]


def test_revoke_refuses_what_is_not_a_device_below(pair: tuple[Ledger, Ledger]) -> None:
    street, district = pair
    for given, message in (("不是指纹", "不是设备指纹"), ("0123456789ABCDEF", "没有登记"),
                           (district.identity.fingerprint, "只能吊销下级设备")):
        with pytest.raises(UsageError, match=message):
            revocation.revoke(district, given, 1)
    with pytest.raises(UsageError, match="正整数"):
        revocation.revoke(district, street.identity.fingerprint, 0)
    upstream = keys.upstream(street)
    assert upstream is not None
    with pytest.raises(UsageError, match="只能吊销下级设备"):
        revocation.revoke(street, upstream.fingerprint, 1)


@pytest.mark.parametrize("bundled_after", [False, True], ids=["rotated at R", "after R"])
def test_the_thiefs_rotation_at_or_after_the_revocation_is_refused(
    pair: tuple[Ledger, Ledger], bundled_after: bool
) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    first = made(street)
    assert apply_bundle(district, first.path).status == "applied"
    revocation.revoke(district, old, 2)  # the laptop was stolen after its first bundle
    if bundled_after:  # the thief sends with the old key first: refused too
        community(street, "盗用社区")
        stolen = made(street)
        assert apply_bundle(district, stolen.path).status == "rejected"
    rotation.rotate(street)  # its statement says the old key's last is 1 (or 2): at or after 2
    community(street, "伪装社区")
    handed = made(street)
    outcome = apply_bundle(district, handed.path)
    assert outcome.status == "rejected" and "作废" in outcome.message
    assert keys.enrolled(district, street.identity.fingerprint) is None
    assert any(n.startswith(f"{street.identity.fingerprint}-1-1-") for n in quarantined(district))
    assert records.count(district, "communities") == 1


def test_a_rotation_before_the_revocation_stands_and_one_after_it_revokes_the_new_key(
    pair: tuple[Ledger, Ledger]
) -> None:
    street, district = pair
    old = street.identity.fingerprint
    place = community(street, "东七路社区")
    first = made(street)
    rotation.rotate(street)  # the old key's last: 1
    new = street.identity.fingerprint
    demand(street, place, "加装电梯")
    second = made(street)
    for each in (first, second):
        assert apply_bundle(district, each.path).status == "applied"

    kept = revoke_device(district, old, 3)  # after the rotation point: the new key stands
    assert kept.revoked.successor is not None and kept.revoked.successor.fingerprint == new
    assert kept.revoked.also == [] and kept.review == []
    assert keys.enrolled(district, new).revoked_from is None  # type: ignore[union-attr]

    voided = revoke_device(district, old, 2)  # at the rotation point: it is void
    assert [d.fingerprint for d in voided.revoked.also] == [new]
    assert keys.enrolled(district, new).revoked_from == 1  # type: ignore[union-attr]
    [listed] = voided.review  # the old key applied nothing from 2: the new key's bundle
    assert (listed.device, listed.seq_from, listed.seq_to) == (new, 1, 1)
    assert listed.records is not None and [r.title for r in listed.records] == ["加装电梯"]
    demand(street, place, "增设助餐点")
    third = made(street)
    outcome = apply_bundle(district, third.path)
    assert outcome.status == "rejected" and "已从序号 1 起吊销" in outcome.message


def test_an_old_bundle_already_applied_lists_no_records_it_cannot_know(
    pair: tuple[Ledger, Ledger]
) -> None:
    street, district = pair
    fingerprint = street.identity.fingerprint
    community(street, "东七路社区")
    first = made(street)
    assert apply_bundle(district, first.path).status == "applied"
    with district.write() as conn:  # as a ledger that applied it before the log was kept
        from sqlalchemy import text

        conn.execute(text("DELETE FROM setting WHERE key LIKE 'sync/applied_log/%'"))
    [listed] = revoke_device(district, fingerprint, 1).review
    assert (listed.seq_from, listed.applied_at, listed.records) == (1, None, None)


def test_keys_revoke_on_the_command_line(stopped: None, devices: Devices,
                                        tmp_path: Path) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area="解放门街道")
    devices.copy(district, role="district", area="新城区")
    pub = tmp_path / "街道.pub"
    assert run("--db", street, "keys", "export", "--out", pub).returncode == 0
    assert run("--db", district, "keys", "enroll", "--street", "解放门街道", pub).returncode == 0
    fingerprint = run("--db", street, "keys", "show").stdout.split("指纹：")[1].split()[0]
    usb = tmp_path / "U盘"
    assert run("--db", street, "add", "communities", "name=东七路社区",
               "street=解放门街道").returncode == 0
    assert run("--db", street, "bundle", "create", "--out", usb / "1").returncode == 0
    with time_machine.travel(APPLIED_AT.timestamp() + 86400 * 400, tick=False):  # long after
        imported = run("--db", district, "bundle", "import", *(usb / "1").glob("*.cfbundle"))
    assert imported.returncode == 0, imported.stdout

    unknown = run("--db", district, "keys", "revoke", "0123456789ABCDEF", "--from", "1")
    assert unknown.returncode == 2 and "没有登记" in unknown.stderr
    wrong = run("--db", district, "keys", "revoke", fingerprint, "--from", "一")
    assert wrong.returncode == 2
    done = run("--db", district, "keys", "revoke", fingerprint, "--from", "1")
    assert done.returncode == 0, done.stderr
    assert f"已吊销设备 {fingerprint}" in done.stdout
    assert "序号 1–1，导入于 2028-01-08 15:30" in done.stdout
    assert "社区“东七路社区”" in done.stdout and "合并写入" in done.stdout
    later = run("--db", district, "keys", "revoke", fingerprint, "--from", "2")
    assert later.returncode == 2 and "吊销只能提前" in later.stderr
    listed = run("--db", district, "keys", "list")
    assert "已吊销：序号 1 起拒收" in listed.stdout

    assert run("--db", street, "add", "communities", "name=西七路社区",
               "street=解放门街道").returncode == 0
    assert run("--db", street, "bundle", "create", "--out", usb / "2").returncode == 0
    refused = run("--db", district, "bundle", "import", *(usb / "2").glob(f"*-{fingerprint}-2-2*"))
    assert refused.returncode == 3 and "已从序号 1 起吊销" in refused.stdout
    held = tmp_path / "区县.db.held" / "quarantine"
    assert [p.name for p in held.iterdir() if p.name.startswith(f"{fingerprint}-2-2-")]


def test_the_sync_state_says_what_is_revoked_and_rotated_and_what_was_received(
    pair: tuple[Ledger, Ledger]
) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    assert apply_bundle(district, made(street).path).status == "applied"
    rotation.rotate(street)
    new = street.identity.fingerprint
    community(street, "西七路社区")
    assert apply_bundle(district, made(street).path).status == "applied"
    assert received(district, old) == [Received(1, 1, APPLIED_AT.astimezone(dt.UTC))]
    assert received(district, "0123456789ABCDEF") == []
    by_key = {d.fingerprint: d for d in sync_state(district).devices}
    assert (by_key[old].rotated_to, by_key[old].rotated_after, by_key[old].rotated_from) == (
        new, 1, None)
    assert (by_key[new].rotated_to, by_key[new].rotated_from) == (None, old)
    assert by_key[old].revoked_from is None and not by_key[old].wholly_revoked

    revoke_device(district, old, 2)  # at the rotation point: the new key goes wholly
    by_key = {d.fingerprint: d for d in sync_state(district).devices}
    assert (by_key[old].revoked_from, by_key[old].wholly_revoked) == (2, False)
    assert (by_key[new].revoked_from, by_key[new].wholly_revoked) == (1, True)
