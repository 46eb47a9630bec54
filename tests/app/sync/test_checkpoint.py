"""Checkpoints and last contact, street → district → city.

Issue 13, item 6: a device with nothing to send said nothing, so an office above could not tell
"nothing changed" from "silent". A sync or `bundle create` with nothing new now sends a signed
checkpoint (an empty range, outside the chain: never a gap, duplicate or fork, never
acknowledged); receivers record each device's last contact (its own clock's time), and an
office's upward bundles and checkpoints carry its devices' last contacts to the office above.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import text

from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import office_contacts, sync_state
from app.store.db import Ledger
from app.sync import bundle, checkpoint, contacts, hostile, kept, keys, rotation
from app.sync.apply import applied_state, apply_bundle, held_dir
from app.sync.folder import sync_folder
from app.sync.outcome import Status
from tests.app.sync import forge
from tests.app.sync.ledgers import STREET, full_dump, public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

T1 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=CHINA)
"""When the street syncs (its clock); the others sync hours later."""
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Every ledger's clock at T1, stopped; a test moves it on."""
    with time_machine.travel(T1.timestamp(), tick=False) as traveller:
        yield traveller


def at(clock: time_machine.Traveller, later: dt.timedelta) -> dt.datetime:
    """Move every clock to T1 + later; that moment."""
    clock.move_to((T1 + later).timestamp())
    return T1 + later


@dataclass
class Chain:
    """A street office, its district and the city, each trusting the one above; two sticks."""

    street: Ledger
    district: Ledger
    city: Ledger
    below: Path
    """The stick between the street and the district."""
    above: Path
    """The stick between the district and the city."""


@pytest.fixture
def chain(devices: Devices, tmp_path: Path, clock: time_machine.Traveller) -> Iterator[Chain]:
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    city = devices.open(tmp_path / "市" / "台账.db", role="city")
    keys.enroll(district, public_key_text(street),
                resolve_scope(district, f"street:{STREET}"), label="解放门街道办")
    keys.enroll(city, public_key_text(district), resolve_scope(city, "district:新城区"),
                label="新城区")
    keys.trust_upstream(street, public_key_text(district))
    keys.trust_upstream(district, public_key_text(city))
    yield Chain(street, district, city, tmp_path / "街道U盘", tmp_path / "区县U盘")
    for ledger in (street, district, city):
        ledger.close()


def _contact(receiver: Ledger, sender: Ledger) -> str | None:
    device = keys.enrolled(receiver, sender.identity.fingerprint)
    assert device is not None
    return device.last_contact


def _checkpoints(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("ckpt-*.cfbundle"))


def test_a_quiet_streets_checkpoint_moves_the_districts_last_contact_to_the_streets_time(
        chain: Chain, clock: time_machine.Traveller) -> None:
    street, district = chain.street, chain.district
    quiet = sync_folder(street, chain.below)
    assert quiet.made is None and quiet.written == [] and quiet.checkpoint is not None
    manifest = forge.manifest_of(quiet.checkpoint)
    assert manifest["checkpoint"] is True and manifest["files"] == []
    assert (manifest["seq_from"], manifest["seq_to"]) == (1, 0)  # nothing sent yet: covers none
    assert _checkpoints(chain.below / "outbox") == [quiet.checkpoint.name]
    assert kept.range_name(quiet.checkpoint.name) is None  # never taken for a range bundle

    at(clock, 3 * HOUR)
    heard = sync_folder(district, chain.below)
    [outcome] = heard.outcomes
    assert outcome.status == Status.CHECKPOINT and outcome.status.exit_code == 0
    assert "最后联系时间更新为 2026-12-01 09:00" in outcome.message
    assert _contact(district, street) == "2026-12-01T01:00:00+00:00"  # the street's clock
    [device] = sync_state(district).devices
    assert device.last_contact == T1
    assert heard.receipts_written == [] and heard.backup is None  # nothing merged, nothing owed
    assert applied_state(district, street.identity.fingerprint) == {"seq": 0, "ranges": {}}
    assert not held_dir(district).exists()

    at(clock, 4 * HOUR)
    again = sync_folder(district, chain.below)
    assert again.outcomes == []  # heard already: the same checkpoint is not taken twice


def test_upward_bundles_and_checkpoints_carry_the_streets_last_contact_to_the_city(
        chain: Chain, clock: time_machine.Traveller) -> None:
    street, district, city = chain.street, chain.district, chain.city
    records.create(street, "communities", {"name": "东七路社区", "street": STREET})
    sent = sync_folder(street, chain.below)
    assert sent.made is not None and sent.checkpoint is None
    at(clock, HOUR)
    merged = sync_folder(district, chain.below)
    assert [o.status for o in merged.outcomes] == [Status.APPLIED]
    assert _contact(district, street) == contacts.iso(T1)  # an applied bundle moves it too

    upward = at(clock, 2 * HOUR)
    up = sync_folder(district, chain.above)
    assert up.made is not None
    carried = forge.manifest_of(up.made.path)["contacts"]
    with district.engine.connect() as conn:
        code = conn.execute(text("SELECT code FROM street WHERE name = :n"), {"n": STREET}).scalar()
    assert carried == {street.identity.fingerprint: {
        "last_contact": contacts.iso(T1), "scope": code, "label": "解放门街道办"}}
    at(clock, 3 * HOUR)
    took = sync_folder(city, chain.above)
    assert [o.status for o in took.outcomes] == [Status.APPLIED]  # the reference bundle: not ours
    direct, relayed = office_contacts(city)
    assert (direct.fingerprint, direct.label, direct.last_contact, direct.via) == (
        district.identity.fingerprint, "新城区", upward, None)
    assert (relayed.fingerprint, relayed.label, relayed.scope, relayed.last_contact,
            relayed.via) == (street.identity.fingerprint, "解放门街道办", STREET, T1,
                             district.identity.fingerprint)
    assert sync_state(city).relayed == [relayed]

    # the street goes quiet; so does the district: both checkpoints say where they stand
    quiet_street = at(clock, 24 * HOUR)
    assert sync_folder(street, chain.below).checkpoint is not None
    at(clock, 25 * HOUR)
    sync_folder(district, chain.below)
    assert _contact(district, street) == contacts.iso(quiet_street)
    quiet_district = at(clock, 26 * HOUR)
    quiet = sync_folder(district, chain.above)
    assert quiet.checkpoint is not None and quiet.made is None
    assert forge.manifest_of(quiet.checkpoint)["contacts"][street.identity.fingerprint][
        "last_contact"] == contacts.iso(quiet_street)
    at(clock, 27 * HOUR)
    [outcome] = sync_folder(city, chain.above).outcomes
    assert outcome.status == Status.CHECKPOINT
    direct, relayed = office_contacts(city)
    assert (direct.last_contact, relayed.last_contact) == (quiet_district, quiet_street)
    with city.engine.connect() as conn:  # the city enrols no street
        assert conn.execute(text("SELECT count(*) FROM device WHERE role = 'enrolled'")
                            ).scalar() == 1


def test_an_older_checkpoint_never_moves_the_last_contact_back(chain: Chain,
                                                               tmp_path: Path) -> None:
    # made with `now`: the clock stands at T1 while the street dates them
    street, district = chain.street, chain.district
    newer = checkpoint.make_checkpoint(street, now=T1 + HOUR)
    assert newer is not None
    aside = tmp_path / "留存"
    aside.mkdir()
    newer = Path(shutil.copy(newer, aside))
    older = checkpoint.make_checkpoint(street, now=T1)  # made after, dated before
    assert older is not None and _checkpoints(bundle.outbox(street)) == [older.name]
    assert apply_bundle(district, newer, now=T1 + 2 * HOUR).status == Status.CHECKPOINT
    outcome = apply_bundle(district, older, now=T1 + 2 * HOUR)
    assert outcome.status == Status.CHECKPOINT and "未改动" in outcome.message
    assert _contact(district, street) == contacts.iso(T1 + HOUR)


def test_a_checkpoint_far_ahead_of_the_receivers_clock_is_not_recorded(chain: Chain) -> None:
    ahead = checkpoint.make_checkpoint(chain.street, now=T1 + 30 * HOUR)
    assert ahead is not None
    outcome = apply_bundle(chain.district, ahead, now=T1)
    assert outcome.status == Status.CHECKPOINT and "超前" in outcome.message
    assert _contact(chain.district, chain.street) is None


def test_a_tampered_or_foreign_checkpoint_is_refused_and_changes_nothing(
        chain: Chain, devices: Devices, tmp_path: Path) -> None:
    street, district = chain.street, chain.district
    genuine = checkpoint.make_checkpoint(street, now=T1)
    assert genuine is not None
    before = full_dump(district)
    raw = genuine.read_bytes()
    stamp = forge.manifest_of(genuine)["created_at"].encode()
    assert raw.count(stamp) == 1
    moved = tmp_path / "改时间.cfbundle"  # dated a week later, every byte count kept
    moved.write_bytes(raw.replace(stamp, stamp.replace(b"2026-12-01", b"2026-12-08")))
    flipped = tmp_path / "翻转.cfbundle"
    flipped.write_bytes(raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:])
    manifest = forge.manifest_of(genuine)
    stranger = devices.open(tmp_path / "别处" / "台账.db", role="street", area=STREET, device=2)
    try:  # another key signs a checkpoint in the street's name
        resigned = forge.signed(stranger, tmp_path / "伪造", {}, seq=(1, 0), checkpoint=True,
                                device=manifest["device"])
        unknown = checkpoint.make_checkpoint(stranger, now=T1)  # a genuine one, not enrolled
    finally:
        stranger.close()
    assert unknown is not None
    for path in (moved, flipped, resigned, unknown):
        outcome = apply_bundle(district, path, now=T1 + HOUR)
        assert outcome.status == Status.REJECTED, (path.name, outcome.message)
    assert full_dump(district) == before and _contact(district, street) is None
    assert not held_dir(district).exists()  # an unknown device's checkpoint is not kept either

    with district.engine.begin() as conn:  # a revoked device is not heard any more
        conn.execute(text("UPDATE device SET revoked_from = 1 WHERE fingerprint = :f"),
                     {"f": street.identity.fingerprint})
    outcome = apply_bundle(district, genuine, now=T1 + HOUR)
    assert outcome.status == Status.REJECTED and "吊销" in outcome.message
    assert _contact(district, street) is None


def test_a_checkpoint_is_never_a_gap_a_duplicate_or_a_fork_and_gets_no_receipt(
        chain: Chain, clock: time_machine.Traveller) -> None:
    street, district = chain.street, chain.district
    fingerprint = street.identity.fingerprint
    nothing_yet = checkpoint.make_checkpoint(street, now=T1)
    assert nothing_yet is not None
    assert apply_bundle(district, nothing_yet, now=T1).status == Status.CHECKPOINT
    records.create(street, "communities", {"name": "东七路社区", "street": STREET})
    made = bundle.make_bundle(street, now=T1 + HOUR)
    assert made is not None
    # the checkpoint after a bundle the district has not got: no gap is held, it only says so
    after = checkpoint.make_checkpoint(street, now=T1 + 2 * HOUR)
    assert after is not None
    outcome = apply_bundle(district, after, now=T1 + 2 * HOUR)
    assert outcome.status == Status.CHECKPOINT and "只导入到序号 0" in outcome.message
    assert applied_state(district, fingerprint) == {"seq": 0, "ranges": {}}
    assert not held_dir(district).exists()
    assert apply_bundle(district, made.path, now=T1 + 3 * HOUR).status == Status.APPLIED
    state = applied_state(district, fingerprint)
    for _again in range(2):  # the same checkpoint twice: neither a duplicate nor a fork
        outcome = apply_bundle(district, after, now=T1 + 3 * HOUR)
        assert outcome.status == Status.CHECKPOINT and "只导入" not in outcome.message
    assert applied_state(district, fingerprint) == state and not held_dir(district).exists()

    at(clock, 4 * HOUR)
    records.create(street, "communities", {"name": "西七路社区", "street": STREET})
    sync_folder(street, chain.below)
    at(clock, 5 * HOUR)
    heard = sync_folder(district, chain.below)
    assert [o.status for o in heard.outcomes] == [Status.APPLIED]
    assert [p.name for p in heard.receipts_written] == [f"{fingerprint}-2.cfreceipt"]
    at(clock, 6 * HOUR)
    assert sync_folder(street, chain.below).checkpoint is not None
    at(clock, 7 * HOUR)
    heard = sync_folder(district, chain.below)
    assert [o.status for o in heard.outcomes] == [Status.CHECKPOINT]
    assert heard.receipts_written == []  # a checkpoint is not acknowledged
    assert _contact(district, street) == contacts.iso(T1 + 6 * HOUR)


def test_only_the_newest_checkpoint_is_kept_in_the_outbox_and_on_the_stick(
        chain: Chain, clock: time_machine.Traveller) -> None:
    street = chain.street
    stick = chain.below / "outbox"
    first = sync_folder(street, chain.below).checkpoint
    at(clock, HOUR)
    second = sync_folder(street, chain.below).checkpoint
    assert first is not None and second is not None and first.name != second.name
    assert _checkpoints(stick) == _checkpoints(bundle.outbox(street)) == [second.name]
    records.create(street, "communities", {"name": "东七路社区", "street": STREET})
    at(clock, 2 * HOUR)
    sent = sync_folder(street, chain.below)
    assert sent.made is not None and sent.checkpoint is None  # a bundle says as much
    assert _checkpoints(stick) == _checkpoints(bundle.outbox(street)) == []
    assert sync_state(street).outbox == [sent.made.path.name]  # a checkpoint waits for nothing
    assert sync_folder(chain.city, chain.above).checkpoint is None  # no office above the city


def test_a_rotated_devices_checkpoint_carries_its_statement_and_is_followed(
        chain: Chain, clock: time_machine.Traveller) -> None:
    street, district = chain.street, chain.district
    old = street.identity.fingerprint
    rotation.rotate(street, now=T1)
    quiet = sync_folder(street, chain.below)  # the new key has nothing to send yet
    assert quiet.checkpoint is not None and "rotation" in forge.manifest_of(quiet.checkpoint)
    at(clock, HOUR)
    [outcome] = sync_folder(district, chain.below).outcomes
    assert outcome.status == Status.CHECKPOINT, outcome.message
    device = keys.enrolled(district, street.identity.fingerprint)
    assert device is not None and device.rotated_from == old
    assert device.last_contact == contacts.iso(T1)


BAD_CHECKPOINTS = {
    "a checkpoint with rows": ({"data/demand.jsonl": b"{}\n"}, (1, 0), {}),
    "a checkpoint that covers a sequence": ({}, (1, 1), {}),
    "a checkpoint range going back": ({}, (3, 1), {}),
    "a checkpoint before sequence 0": ({}, (0, -1), {}),
    "checkpoint is text": ({}, (1, 0), {"checkpoint": "true"}),
    "no time": ({}, (1, 0), {"created_at": None}),
    "a time without its zone": ({}, (1, 0), {"created_at": "2026-12-01T09:00:00"}),
    "contacts is a list": ({}, (1, 0), {"contacts": []}),
    "a contact's fingerprint": ({}, (1, 0), {"contacts": {"abc": {
        "last_contact": "2026-12-01T01:00:00+00:00", "scope": None, "label": ""}}}),
    "a contact's time": ({}, (1, 0), {"contacts": {"0123456789ABCDEF": {
        "last_contact": "昨天", "scope": None, "label": ""}}}),
    "a contact's scope": ({}, (1, 0), {"contacts": {"0123456789ABCDEF": {
        "last_contact": "2026-12-01T01:00:00+00:00", "scope": 610102, "label": ""}}}),
    "a contact's extra field": ({}, (1, 0), {"contacts": {"0123456789ABCDEF": {
        "last_contact": "2026-12-01T01:00:00+00:00", "scope": None, "label": "", "x": 1}}}),
    "a contact's label too long": ({}, (1, 0), {"contacts": {"0123456789ABCDEF": {
        "last_contact": "2026-12-01T01:00:00+00:00", "scope": None, "label": "长" * 1001}}}),
    "too many contacts": ({}, (1, 0), {"contacts": {f"{n:016X}": {
        "last_contact": "2026-12-01T01:00:00+00:00", "scope": None, "label": ""}
        for n in range(hostile.MAX_CONTACTS + 1)}}),
}


@pytest.mark.parametrize("case", list(BAD_CHECKPOINTS))
def test_a_signed_checkpoint_with_wrong_fields_is_refused(chain: Chain, tmp_path: Path,
                                                          case: str) -> None:
    payload, seq, changes = BAD_CHECKPOINTS[case]
    changes = {"checkpoint": True, **changes}
    path = forge.signed(chain.street, tmp_path / "伪造", payload, seq=seq, **changes)
    with pytest.raises(bundle.BundleRefused):
        bundle.verify_bundle(path)
    before = full_dump(chain.district)
    assert apply_bundle(chain.district, path, now=T1).status == Status.REJECTED
    assert full_dump(chain.district) == before


def test_the_command_line_makes_verifies_and_takes_a_checkpoint(chain: Chain,
                                                                tmp_path: Path) -> None:
    usb, receipts = tmp_path / "U盘", tmp_path / "回执"
    street, district = chain.street.path, chain.district.path
    made = run("--db", street, "bundle", "create", "--out", usb)
    assert made.returncode == 0 and "没有新的修改" in made.stdout and "检查点" in made.stdout
    [point] = usb.glob("ckpt-*.cfbundle")
    verified = run("bundle", "verify", point)
    assert verified.returncode == 0 and "的检查点" in verified.stdout, verified.stderr
    taken = run("--db", district, "bundle", "import", "--receipts", receipts, point)
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert "检查点（没有新的修改）" in taken.stdout and "最后联系时间更新为" in taken.stdout
    assert not receipts.exists() or not list(receipts.iterdir())
    assert _contact(chain.district, chain.street) is not None
