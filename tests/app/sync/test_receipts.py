"""Receipts: the receiver signs what it applied; the sender trusts only its upstream's word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import undelivered_changes
from app.store.db import Ledger
from app.sync import bundle, canonical, kept, keys, minisign
from app.sync.apply import apply_bundle
from app.sync.delivered_at import delivered_seq
from app.sync.receipts import (
    BODY,
    FORMAT,
    SIGNATURE,
    SUFFIX,
    ReceiptRefused,
    accept_receipt,
    make_receipt,
)
from tests.app.sync.ledgers import public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


@pytest.fixture
def pair(devices: Devices, tmp_path: Path) -> tuple[Ledger, Ledger]:
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope)
    keys.trust_upstream(street, public_key_text(district))
    yield street, district
    street.close()
    district.close()


def test_a_receipt_marks_the_changes_delivered_and_empties_the_outbox(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    community = records.create(street, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    first = bundle.make_bundle(street)
    records.create(street, "demands", {"community": community, "content": "加装电梯"})
    second = bundle.make_bundle(street)
    assert first is not None and second is not None
    assert undelivered_changes(street) == 2
    assert apply_bundle(district, first.path).status == "applied"
    early = make_receipt(district, street.identity.fingerprint, tmp_path / "回执")
    assert early is not None and early.name == f"{street.identity.fingerprint}-1.cfreceipt"

    accepted = accept_receipt(street, early)
    assert (accepted.seq, accepted.newly_delivered, accepted.pruned) == (1, 1, 1)
    assert undelivered_changes(street) == 1
    assert [p.name for p in bundle.outbox(street).glob("*.cfbundle")] == [second.path.name]

    assert apply_bundle(district, second.path).status == "applied"
    late = make_receipt(district, street.identity.fingerprint, tmp_path / "回执")
    assert late is not None
    assert accept_receipt(street, late).seq == 2
    assert undelivered_changes(street) == 0 and not list(bundle.outbox(street).glob("*.cfbundle"))
    assert sorted(k.name for k in kept.kept(street)) == sorted([first.path.name,
                                                                second.path.name])
    again = accept_receipt(street, early)  # cumulative: an old one changes nothing
    assert (again.seq, again.newly_delivered) == (2, 0) and delivered_seq(street) == 2


def test_receipts_from_anyone_but_the_upstream_or_damaged_are_refused(
    devices: Devices, pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    records.create(street, "communities", {"name": "东七路社区", "street": "解放门街道"})
    made = bundle.make_bundle(street)
    assert made is not None and apply_bundle(district, made.path).status == "applied"
    stranger = devices.open(tmp_path / "别处" / "台账.db", role="district", area="新城区",
                            device=2)  # not the pair's district
    try:
        scope = resolve_scope(stranger, "street:解放门街道")
        assert scope is not None
        keys.enroll(stranger, public_key_text(street), scope)
        assert apply_bundle(stranger, made.path).status == "applied"
        forged = make_receipt(stranger, street.identity.fingerprint, tmp_path / "伪造")
    finally:
        stranger.close()
    assert forged is not None
    with pytest.raises(ReceiptRefused, match="另一把密钥"):
        accept_receipt(street, forged)
    genuine = make_receipt(district, street.identity.fingerprint, tmp_path / "回执")
    assert genuine is not None
    raw = bytearray(genuine.read_bytes())
    for position in (10, len(raw) // 2, len(raw) - 5):
        damaged = tmp_path / f"坏{position}.cfreceipt"
        flipped = bytearray(raw)
        flipped[position] ^= 0x01
        damaged.write_bytes(bytes(flipped))
        with pytest.raises(ReceiptRefused):
            accept_receipt(street, damaged)
    truncated = tmp_path / "截断.cfreceipt"
    truncated.write_bytes(bytes(raw[: len(raw) // 3]))
    with pytest.raises(ReceiptRefused, match="损坏"):
        accept_receipt(street, truncated)
    assert delivered_seq(street) == 0 and undelivered_changes(street) == 1
    assert accept_receipt(street, genuine).seq == 1


def test_a_receipt_needs_a_trusted_upstream_and_must_be_this_devices(devices: Devices,
                                                                    tmp_path: Path) -> None:
    street = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    laptop = devices.open(tmp_path / "笔记本.db", role="street", area="解放门街道", device=2)
    try:
        scope = resolve_scope(district, "street:解放门街道")
        assert scope is not None
        for sender in (street, laptop):
            keys.enroll(district, public_key_text(sender), scope)
            records.create(sender, "communities", {"name": "东七路社区", "street": "解放门街道"})
            made = bundle.make_bundle(sender)
            assert made is not None and apply_bundle(district, made.path).status == "applied"
        receipt = make_receipt(district, laptop.identity.fingerprint, tmp_path / "回执")
        assert receipt is not None
        with pytest.raises(ReceiptRefused, match="信任上级"):
            accept_receipt(street, receipt)
        keys.trust_upstream(street, public_key_text(district))
        with pytest.raises(ReceiptRefused, match="不是本机的"):
            accept_receipt(street, receipt)
    finally:
        for ledger in (street, district, laptop):
            ledger.close()


def test_receipt_commands(devices: Devices, tmp_path: Path) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area="解放门街道")
    devices.copy(district, role="district", area="新城区")
    street_pub, district_pub = tmp_path / "街道.pub", tmp_path / "区县.pub"
    assert run("--db", street, "keys", "export", "--out", street_pub).returncode == 0
    assert run("--db", district, "keys", "export", "--out", district_pub).returncode == 0
    assert run("--db", district, "keys", "enroll", "--street", "解放门街道",
               street_pub).returncode == 0
    assert run("--db", street, "add", "communities", "name=新社区",
               "street=解放门街道").returncode == 0
    usb = tmp_path / "U盘"
    assert run("--db", street, "bundle", "create", "--out", usb / "outbox").returncode == 0
    [made] = (usb / "outbox").glob("*.cfbundle")
    done = run("--db", district, "bundle", "import", "--receipts", usb / "receipts", made)
    assert done.returncode == 0 and "回执已写出" in done.stdout, done.stderr
    [receipt] = (usb / "receipts").glob("*.cfreceipt")

    untrusted = run("--db", street, "bundle", "receipt", receipt)
    assert untrusted.returncode == 3 and "信任上级" in untrusted.stdout
    assert run("--db", street, "keys", "trust", "--upstream", district_pub).returncode == 0
    accepted = run("--db", street, "bundle", "receipt", receipt)
    assert accepted.returncode == 0 and "序号 1 及以前" in accepted.stdout, accepted.stderr
    nothing = run("--db", street, "bundle", "create", "--out", usb / "outbox2")
    assert nothing.returncode == 0 and "没有新的修改" in nothing.stdout
    [point] = (usb / "outbox2").iterdir()  # the delivered bundle is not written again
    assert point.name.startswith("ckpt-") and "检查点" in nothing.stdout


def test_a_restored_ledger_sends_under_a_new_key_from_sequence_one(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    records.create(street, "communities", {"name": "东七路社区", "street": "解放门街道"})
    first = bundle.make_bundle(street)
    assert first is not None and apply_bundle(district, first.path).status == "applied"
    old = street.identity.fingerprint
    street.renew_identity()  # what restoring a backup does
    records.create(street, "communities", {"name": "西七路社区", "street": "解放门街道"})
    made = bundle.make_bundle(street)
    assert made is not None and (made.seq_from, made.seq_to) == (1, 1)
    assert street.identity.fingerprint != old
    assert apply_bundle(district, made.path).status == "rejected"  # the new key: not enrolled
    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope)
    assert apply_bundle(district, made.path).status == "applied"  # no gap: it starts at 1
    receipt = make_receipt(district, street.identity.fingerprint, tmp_path / "回执")
    assert receipt is not None
    assert accept_receipt(street, receipt).seq == 1 and undelivered_changes(street) == 0


def test_a_signed_receipt_naming_no_device_is_refused_not_a_crash(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    """Found by tests/soak/test_fuzz_receipts_references.py: a receipt the upstream signed whose
    "device" was a list ended in a TypeError (unhashable) instead of a refusal."""
    street, district = pair
    identity = district.identity
    for content in ({"format": FORMAT, "device": [], "seq": 0},
                    {"format": FORMAT, "device": street.identity.fingerprint, "seq": "1"},
                    {"format": FORMAT, "device": street.identity.fingerprint, "seq": True}):
        body = json.dumps(content).encode()
        signature = minisign.sign(body, identity.key_id, identity.private_key, "receipt")
        path = tmp_path / f"{street.identity.fingerprint}-0{SUFFIX}"
        path.write_bytes(canonical.canonical_zip([(BODY, body), (SIGNATURE, signature.encode())]))
        with pytest.raises(ReceiptRefused, match="内容无法解析"):
            accept_receipt(street, path)
    assert delivered_seq(street) == 0
