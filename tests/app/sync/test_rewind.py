"""A receiver restored from a backup: its streets send again what it lost, so nothing waits.

Issue 13, item 5: a district that restored a backup had applied less than its streets counted as
delivered, and their next bundles waited for ever as a gap. Delivered bundles are now kept 30
days; a lower receipt signed by the restored district's new key sets the street's delivered mark
back and sends again what came after it, as the same bytes, or packed again from the change log
when some are no longer kept. A stale lower receipt of the same key still changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine

from app.domain.china_time import CHINA
from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import sync_state
from app.store import enckey
from app.store.db import Ledger, open_ledger
from app.sync import bundle, delivered_at, kept, keys, minisign, receipts
from app.sync.apply import applied_state, held_dir
from app.sync.folder import FolderSync, sync_folder
from app.sync.outcome import Status
from app.sync.receipts import ReceiptRefused, accept_receipt
from app.sync.rewind import DELIVERED_BY
from tests.app.sync.ledgers import STREET, public_key_text, record_state
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=CHINA)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
SYNCED = ("community", "demand")
"""The tables the street writes in these tests."""


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Every ledger's clock at START, stopped; a test moves it on."""
    with time_machine.travel(START.timestamp(), tick=False) as traveller:
        yield traveller


@dataclass
class Offices:
    """A street office and its district, enrolled and trusted both ways, and a stick."""

    street: Ledger
    district: Ledger
    stick: Path
    folder: Path
    clock: time_machine.Traveller
    elapsed: dt.timedelta = dt.timedelta()

    def later(self, step: dt.timedelta = HOUR) -> dt.datetime:
        """Move every clock on."""
        self.elapsed += step
        self.clock.move_to((START + self.elapsed).timestamp())
        return START + self.elapsed

    def sync(self, ledger: Ledger, stick: Path | None = None) -> FolderSync:
        """One sync of a ledger with the stick, an hour after the last one."""
        self.later()
        return sync_folder(ledger, stick or self.stick)

    def round(self) -> None:
        """The street sends, the district takes it and answers, the street takes the receipt."""
        self.sync(self.street)
        taken = self.sync(self.district)
        assert all(o.status in (Status.APPLIED, Status.CHECKPOINT) for o in taken.outcomes)
        self.sync(self.street)

    def backup(self) -> Path:
        """The district backs up, as `backup create` does."""
        self.later()
        done = run("--db", self.district.path, "backup", "create")
        assert done.returncode == 0, done.stderr
        return Path(done.stdout.split("已备份到：", 1)[1].strip())

    def restore(self, taken: Path) -> None:
        """The district restores a backup as `backup restore` does (a new key), exports its new
        key file, and the street trusts it (`keys trust --upstream`)."""
        self.later()
        path = self.district.path
        self.district.close()
        done = run("--db", path, "backup", "restore", taken)
        assert done.returncode == 0 and "新的设备标识" in done.stdout, done.stderr
        self.district = open_ledger(path)
        key = self.folder / "区县（恢复后）.pub"
        assert run("--db", path, "keys", "export", "--out", key).returncode == 0
        done = run("--db", self.street.path, "keys", "trust", "--upstream", key)
        assert done.returncode == 0, done.stderr


@pytest.fixture
def offices(devices: Devices, tmp_path: Path, clock: time_machine.Traveller
            ) -> Iterator[Offices]:
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    keys.enroll(district, public_key_text(street), resolve_scope(district, f"street:{STREET}"))
    keys.trust_upstream(street, public_key_text(district))
    found = Offices(street, district, tmp_path / "U盘", tmp_path, clock)
    yield found
    found.street.close()
    found.district.close()


def _community(ledger: Ledger) -> str:
    return records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})


def _demand(ledger: Ledger, community: str, content: str) -> None:
    records.create(ledger, "demands", {"community": community, "content": content})


def _synced(ledger: Ledger) -> dict:
    state = record_state(ledger)
    return {table: state[table] for table in SYNCED}


def _nothing_waits(district: Ledger, street: Ledger) -> None:
    [device] = sync_state(district).devices
    assert device.waiting == [] and device.quarantined == []
    for folder in ("waiting", "quarantine"):
        assert not list((held_dir(district) / folder).glob("*")), folder
    assert _synced(district) == _synced(street)
    assert device.applied_seq == sync_state(street).bundled_seq


def _sent(folder: Path, ledger: Ledger) -> list[str]:
    """The range bundles of a ledger's key in a folder (its checkpoint and others' left out)."""
    return sorted(p.name for p in folder.glob("*.cfbundle")
                  if (kept.range_name(p.name) or ("",))[0] == ledger.identity.fingerprint)


def _delivered(ledger: Ledger) -> int:
    return delivered_at.delivered_seq(ledger) - bundle.seq_base(ledger)


# --- kept 30 days --------------------------------------------------------------------------


def test_a_delivered_bundle_is_kept_30_days_beside_the_outbox_never_sent_again(
        offices: Offices) -> None:
    street = offices.street
    community = _community(street)
    offices.round()
    delivered_at = START + offices.elapsed
    [item] = kept.kept(street)
    assert item.path.parent == bundle.outbox(street) / "delivered"
    assert item.delivered_at == delivered_at.astimezone(dt.UTC)
    assert kept.range_name(item.name) == (street.identity.fingerprint, 1, 1)
    assert _sent(bundle.outbox(street), street) == []
    on_stick = offices.stick / "outbox" / item.name
    assert on_stick.read_bytes() == item.path.read_bytes()  # still there, for 30 days

    _demand(street, community, "加装电梯")
    sent = offices.sync(street)
    assert sent.written == [f"{item.name.rsplit('-', 2)[0]}-2-2.cfbundle"]  # top level only
    assert not (offices.stick / "outbox" / "delivered").exists()

    assert kept.expire(street, now=delivered_at + 29 * DAY) == []
    offices.later(30 * DAY)
    quiet = offices.sync(street)
    assert quiet.expired == [item.name] and not item.path.exists()
    assert not on_stick.exists()  # delivered and no longer kept: gone from the stick as well
    assert (offices.stick / "outbox" / sent.written[0]).exists()  # not delivered yet: stays


def test_a_stale_lower_receipt_of_the_same_key_changes_nothing(offices: Offices,
                                                                tmp_path: Path) -> None:
    street = offices.street
    community = _community(street)
    offices.round()
    [early] = (offices.stick / "receipts").glob("*.cfreceipt")
    early = early.rename(tmp_path / early.name)  # kept aside, as on another stick
    _demand(street, community, "加装电梯")
    offices.round()
    assert _delivered(street) == 2
    before = sorted(k.name for k in kept.kept(street))
    again = accept_receipt(street, early)
    assert (again.seq, again.newly_delivered, again.rewound) == (2, 0, None)
    assert _delivered(street) == 2 and sorted(k.name for k in kept.kept(street)) == before
    assert _sent(bundle.outbox(street), street) == []


# --- a restored district, end to end ------------------------------------------------------


def test_a_district_restored_from_a_backup_gets_again_what_it_lost(offices: Offices,
                                                                    tmp_path: Path) -> None:
    street, fingerprint = offices.street, offices.street.identity.fingerprint
    community = _community(street)
    offices.round()  # 1–1 delivered
    taken = offices.backup()
    _demand(street, community, "加装电梯")
    _demand(street, community, "增设助餐点")
    offices.round()  # 2–3 delivered after the backup
    assert _delivered(street) == 3 and len(kept.kept(street)) == 2
    offices.restore(taken)
    assert applied_state(offices.district, fingerprint)["seq"] == 1  # went back
    _demand(street, community, "修缮活动室")  # and the street goes on working

    stick = tmp_path / "新U盘"  # the old stick is gone with its copies
    answered = offices.sync(offices.district, stick)
    assert answered.outcomes == []
    assert [p.name for p in answered.receipts_written] == [f"{fingerprint}-1.cfreceipt"]
    sent = offices.sync(street, stick)
    assert sent.made is not None and (sent.made.seq_from, sent.made.seq_to) == (4, 4)
    [rewound] = sent.rewound
    assert (rewound.seq, rewound.first, rewound.last, rewound.rebundled) == (1, 2, 4, None)
    assert rewound.message() == ("上级已从备份恢复（其回执只确认到序号 1），"
                                 "已重新发送序号 2–4 的数据包")
    assert sorted(sent.written) == sorted(rewound.resent)
    # back in the outbox, then on the stick, as the same bytes; what it still has stays kept
    assert [kept.range_name(k.name) for k in kept.kept(street)] == [(fingerprint, 1, 1)]
    assert _delivered(street) == 1 and sync_state(street).undelivered > 0

    taken_again = offices.sync(offices.district, stick)
    assert [o.status for o in taken_again.outcomes] == [Status.APPLIED, Status.APPLIED]
    assert [p.name for p in taken_again.receipts_written] == [f"{fingerprint}-4.cfreceipt"]
    done = offices.sync(street, stick)
    assert done.delivered_seq == 4 and not done.refused_receipts and not done.rewound
    assert sync_state(street).undelivered == 0
    _nothing_waits(offices.district, street)


def test_a_district_restored_on_another_computer_gets_what_it_lost_sealed_to_its_new_key(
        offices: Offices, tmp_path: Path) -> None:
    """Its encryption key did not come along: the kept bundles, sealed to the old one, would
    never open there; what came after is packed again from the change log, sealed anew."""
    street = offices.street
    community = _community(street)
    offices.round()  # 1–1 delivered; the district's receipt announced its encryption key
    taken = offices.backup()
    _demand(street, community, "加装电梯")
    offices.round()  # 2–2 delivered, sealed to the district's key
    old_key = enckey.load_or_create(offices.district.path).key_id
    enckey.enckey_path(offices.district.path).unlink()  # a new computer: the key file is gone
    offices.restore(taken)
    new_key = enckey.load_or_create(offices.district.path).key_id
    assert new_key != old_key

    stick = tmp_path / "新U盘"
    offices.sync(offices.district, stick)
    sent = offices.sync(street, stick)
    [rewound] = sent.rewound
    assert rewound.rebundled is not None and (rewound.first, rewound.last) == (2, 2)
    checked = bundle.verify_bundle(rewound.rebundled.path)
    assert checked.manifest["encryption"]["recipient"] == new_key
    taken_again = offices.sync(offices.district, stick)
    assert [o.status for o in taken_again.outcomes if o.status != Status.CHECKPOINT] == [
        Status.APPLIED], [o.message for o in taken_again.outcomes]
    offices.sync(street, stick)
    _nothing_waits(offices.district, street)


def test_a_district_whose_encryption_key_was_replaced_gets_what_it_could_not_open(
        offices: Offices) -> None:
    """No restore: its key file was lost and made anew. What the street sealed to the old key
    is refused there; the next receipt announces the new key, and the street packs those
    changes again, sealed to it. A receipt older than that announcement changes nothing."""
    street, district = offices.street, offices.district
    community = _community(street)
    offices.round()  # 1–1 delivered; the district's receipt announced its encryption key
    old_receipts = sorted(p.read_bytes() for p in (offices.stick / "receipts").glob("*"))
    _demand(street, community, "加装电梯")
    offices.sync(street)  # 2–2 sealed to the district's key, on the stick
    enckey.enckey_path(district.path).unlink()  # lost; the next use makes a new one
    refused = offices.sync(district)
    assert [o.status for o in refused.outcomes if o.status != Status.CHECKPOINT] == [
        Status.REJECTED]
    assert "另一个单位" in refused.outcomes[0].message
    new_key = enckey.load_or_create(district.path).key_id

    sent = offices.sync(street)
    [resealed] = sent.rewound
    assert resealed.message() == ("上级已更换加密密钥：尚未送达的序号 2–2 的修改已重新打包，"
                                  "用新密钥加密后发送")
    assert resealed.rebundled is not None
    assert bundle.verify_bundle(resealed.rebundled.path).manifest["encryption"][
        "recipient"] == new_key
    offices.round()
    _nothing_waits(district, street)

    for n, raw in enumerate(old_receipts):  # an old receipt brought back: the old key stays old
        (offices.stick / "receipts" / f"old-{n}").write_bytes(raw)
        accepted = accept_receipt(street, offices.stick / "receipts" / f"old-{n}")
        assert accepted.rewound is None
    upstream = keys.upstream(street)
    assert upstream is not None and upstream.encryption_key == enckey.load_or_create(
        district.path).public


def test_with_the_same_stick_the_old_receipts_are_ignored_and_the_copies_reapplied(
        offices: Offices) -> None:
    street = offices.street
    community = _community(street)
    offices.round()
    taken = offices.backup()
    _demand(street, community, "加装电梯")
    offices.round()
    offices.restore(taken)
    again = offices.sync(offices.district)  # the street's bundles are still on the stick
    assert [o.status for o in again.outcomes] == [Status.APPLIED, Status.CHECKPOINT]
    back = offices.sync(street)
    assert not back.refused_receipts and not back.rewound  # nothing was missing
    assert [a.ignored != "" for a in back.accepted] == [False, True]  # the old key's: ignored
    assert "旧密钥" in back.accepted[1].ignored
    assert _delivered(street) == 2
    _nothing_waits(offices.district, street)


def test_bundles_no_longer_kept_are_packed_again_from_the_change_log(offices: Offices) -> None:
    street, fingerprint = offices.street, offices.street.identity.fingerprint
    community = _community(street)
    offices.round()
    taken = offices.backup()
    _demand(street, community, "加装电梯")
    offices.round()
    offices.later(31 * DAY)
    aged = offices.sync(street)
    assert len(aged.expired) == 2 and not kept.kept(street)
    assert _sent(offices.stick / "outbox", street) == []  # gone from the stick too
    offices.restore(taken)
    _demand(street, community, "增设助餐点")

    answered = offices.sync(offices.district)
    [outcome] = answered.outcomes  # the street's checkpoint: it sent up to 2, this has 1
    assert outcome.status == Status.CHECKPOINT and "只导入到序号 1" in outcome.message
    assert [p.name for p in answered.receipts_written] == [f"{fingerprint}-1.cfreceipt"]
    sent = offices.sync(street)
    [rewound] = sent.rewound
    assert rewound.rebundled is not None and (rewound.first, rewound.last) == (2, 3)
    assert "已从修改记录重新打包序号 2–3" in rewound.message()
    [resent] = _sent(bundle.outbox(street), street)
    assert resent == rewound.rebundled.path.name and resent.endswith("-2-3.cfbundle")
    assert sent.made is not None and sent.made.seq_from == 3  # made before the receipt was read
    assert _sent(offices.stick / "outbox", street) == [resent]  # and replaced there

    took = offices.sync(offices.district)
    assert [o.status for o in took.outcomes] == [Status.APPLIED]  # chained to 1–1: no fork
    offices.sync(street)
    assert _delivered(street) == 3 and sync_state(street).undelivered == 0
    _nothing_waits(offices.district, street)


def test_a_district_restored_to_before_the_streets_first_bundle_gets_all_again(
        offices: Offices) -> None:
    street = offices.street
    taken = offices.backup()  # the street sent nothing yet
    community = _community(street)
    _demand(street, community, "加装电梯")
    offices.round()
    offices.restore(taken)
    stick = offices.folder / "新U盘"
    quiet = offices.sync(street, stick)  # nothing new: a checkpoint says it sent up to 2
    assert quiet.checkpoint is not None and quiet.written == []
    answered = offices.sync(offices.district, stick)
    [outcome] = answered.outcomes
    assert outcome.status == Status.CHECKPOINT
    [receipt] = answered.receipts_written  # what it has: nothing, as the new key says
    assert receipt.name == f"{street.identity.fingerprint}-0.cfreceipt"
    sent = offices.sync(street, stick)
    [rewound] = sent.rewound
    assert (rewound.seq, rewound.first, rewound.last, rewound.rebundled) == (0, 1, 2, None)
    offices.sync(offices.district, stick)
    _nothing_waits(offices.district, street)


# --- what a receipt from a restored office must still prove ---------------------------------


def _signed_receipt(signer: Ledger, folder: Path, body: dict) -> Path:
    """A receipt of this content signed by this ledger's key."""
    data = bundle.canonical_json(body)
    identity = signer.identity
    signature = minisign.sign(data, identity.key_id, identity.private_key, "receipt")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{body['device']}-{body['seq']}{receipts.SUFFIX}"
    path.write_bytes(bundle.canonical_zip([(receipts.BODY, data),
                                           (receipts.SIGNATURE, signature.encode())]))
    return path


def test_a_lower_receipt_that_names_no_manifest_to_chain_from_is_refused(
        offices: Offices, tmp_path: Path) -> None:
    street = offices.street
    community = _community(street)
    offices.round()
    _demand(street, community, "加装电梯")
    offices.round()
    taken = offices.backup()
    offices.restore(taken)  # a new district key, trusted by the street
    body = {"format": receipts.FORMAT, "device": street.identity.fingerprint, "seq": 1,
            "manifests": {"1-1": "不是摘要"}, "receiver": {}, "created_at": ""}
    receipt = _signed_receipt(offices.district, tmp_path / "回执", body)
    with pytest.raises(ReceiptRefused, match="无法从那里重新发送"):
        accept_receipt(street, receipt)
    assert _delivered(street) == 2 and len(kept.kept(street)) == 2  # nothing changed


def test_a_mark_set_before_the_signer_was_recorded_is_not_rewound(offices: Offices) -> None:
    street = offices.street
    community = _community(street)
    offices.round()
    taken = offices.backup()
    _demand(street, community, "加装电梯")
    offices.round()
    with street.write() as conn:  # as a ledger of the version before: the signer unknown
        from app.store.settings import store_settings
        store_settings(conn, {DELIVERED_BY: None})
    offices.restore(taken)
    offices.sync(offices.district, offices.folder / "新U盘")
    back = offices.sync(street, offices.folder / "新U盘")
    assert not back.rewound and _delivered(street) == 2  # taken as the same key: a stale one


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_says_what_a_restored_upstream_gets_again(
        devices: Devices, tmp_path: Path, clock: time_machine.Traveller) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area=STREET)
    devices.copy(district, role="district", area="新城区")
    usb, back = tmp_path / "U盘", tmp_path / "回执"
    assert run("--db", street, "keys", "export", "--out", tmp_path / "街道.pub").returncode == 0
    assert run("--db", district, "keys", "export", "--out", tmp_path / "区县.pub").returncode == 0
    assert run("--db", district, "keys", "enroll", "--street", STREET,
               tmp_path / "街道.pub").returncode == 0
    assert run("--db", street, "keys", "trust", "--upstream", tmp_path / "区县.pub"
               ).returncode == 0

    def send_and_acknowledge(name: str, seq: int) -> Path:
        assert run("--db", street, "add", "communities", f"name={name}",
                   f"street={STREET}").returncode == 0
        assert run("--db", street, "bundle", "create", "--out", usb).returncode == 0
        [made] = usb.glob(f"*-{seq}-{seq}.cfbundle")
        done = run("--db", district, "bundle", "import", "--receipts", back, made)
        assert done.returncode == 0, done.stdout
        [receipt] = back.glob(f"*-{seq}.cfreceipt")
        done = run("--db", street, "bundle", "receipt", receipt)
        assert done.returncode == 0 and "上级已确认收到" in done.stdout, done.stdout
        return made

    first = send_and_acknowledge("东七路社区", 1)
    saved = run("--db", district, "backup", "create")
    taken = Path(saved.stdout.split("已备份到：", 1)[1].strip())
    second = send_and_acknowledge("西七路社区", 2)
    second_bytes = second.read_bytes()
    assert run("--db", district, "backup", "restore", taken).returncode == 0
    assert run("--db", district, "keys", "export", "--out", tmp_path / "区县2.pub"
               ).returncode == 0
    assert run("--db", street, "keys", "trust", "--upstream", tmp_path / "区县2.pub"
               ).returncode == 0
    renewed = tmp_path / "新回执"  # the district answers the first bundle again, with its new key
    done = run("--db", district, "bundle", "import", "--receipts", renewed, first)
    assert done.returncode == 0 and "重复" in done.stdout, done.stdout
    [receipt] = renewed.glob("*.cfreceipt")
    told = run("--db", street, "bundle", "receipt", receipt)
    assert told.returncode == 0, told.stdout
    assert "上级已从备份恢复（其回执只确认到序号 1），已重新发送序号 2–2 的数据包" in told.stdout
    again = tmp_path / "新U盘"
    assert run("--db", street, "bundle", "create", "--out", again).returncode == 0
    [resent] = [p for p in again.glob("*.cfbundle") if re.search(r"-2-2\.cfbundle$", p.name)]
    assert resent.read_bytes() == second_bytes  # the same bytes
    done = run("--db", district, "bundle", "import", resent)
    assert done.returncode == 0 and "已导入" in done.stdout, done.stdout
