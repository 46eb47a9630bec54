"""A device rotates its signing key: the office above follows without a new enrolment."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UsageError
from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import sync_state, undelivered_changes
from app.store import enckey
from app.store.db import Ledger, open_ledger
from app.store.identity import Identity
from app.sync import bundle, keys, minisign, receipts, rotation
from app.sync.apply import apply_bundle
from app.sync.folder import sync_folder
from app.sync.outcome import Status
from app.sync.receipts import accept_receipt, make_receipt
from app.sync.reference import make_reference
from tests.app.sync import forge
from tests.app.sync.keyring import (
    community,
    demand,
    enrolled_pair,
    forged,
    made,
    quarantined,
    read_identity,
    signing_as,
    street_and_district,
    waiting,
)
from tests.app.sync.ledgers import public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

MOMENT = dt.datetime(2026, 12, 4, 7, 30, tzinfo=dt.UTC)


@pytest.fixture
def pair(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    with enrolled_pair(devices, tmp_path) as both:
        yield both


@pytest.fixture
def sealed_pair(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    with enrolled_pair(devices, tmp_path, sealed=True) as both:
        yield both


def test_a_rotated_street_keeps_sending_and_the_district_follows(
    sealed_pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = sealed_pair
    old = street.identity.fingerprint
    place = community(street, "东七路社区")
    first = made(street)
    demand(street, place, "加装电梯")
    second = made(street)  # the old key's last: not at the district yet
    assert apply_bundle(district, first.path).status == "applied"

    rotated = rotation.rotate(street, now=MOMENT)
    new = street.identity.fingerprint
    assert new != old and (rotated.old.fingerprint, rotated.new.fingerprint) == (old, new)
    assert rotated.old_last_seq == second.seq_to == 2
    assert rotated.kept.name.startswith("台账.db.key.retired-")
    assert read_identity(rotated.kept).fingerprint == old
    if os.name != "nt":
        assert stat.S_IMODE(rotated.kept.stat().st_mode) == 0o600

    later = demand(street, place, "增设助餐点")
    third = made(street)
    assert (third.seq_from, third.seq_to) == (1, 1)  # the new key counts from 1
    manifest = forge.manifest_of(third.path)
    assert manifest["device"]["fingerprint"] == new and manifest["encryption"] is not None
    assert manifest["prev_manifest_sha256"] == forge.manifest_sha(second.path)  # the chain goes on
    statement = json.loads(manifest["rotation"]["statement"])
    assert statement["old"]["fingerprint"] == old and statement["new"]["fingerprint"] == new
    assert statement["old_last_seq"] == 2
    assert statement["old_last_manifest_sha256"] == forge.manifest_sha(second.path)
    assert statement["made_at"] == "2026-12-04T07:30:00+00:00"

    early = apply_bundle(district, third.path)  # the old key's last bundle is not here yet
    assert early.status == "gap" and "旧密钥序号 2–2" in early.message
    follower = keys.enrolled(district, new)
    before = keys.enrolled(district, old)
    assert follower is not None and before is not None
    assert (follower.rotated_from, follower.rotated_after) == (old, 2)
    assert (follower.scope, follower.label) == (before.scope, "解放门街道办")
    assert records.count(district, "demands") == 0

    assert apply_bundle(district, second.path).status == "applied"  # and the held one after it
    assert records.get(district, "demands", later)["clocks"]["content"][1] == new
    assert records.count(district, "demands") == 2 and not waiting(district)

    with signing_as(street, read_identity(rotated.kept)):  # the old key, past its last
        beyond = forged(street, tmp_path / "旧钥", (3, 3), forge.manifest_sha(second.path))
    refused = apply_bundle(district, beyond)
    assert refused.status == "rejected" and "已在序号 2 之后轮换为" in refused.message
    assert any(name.startswith(f"{old}-3-3-") for name in quarantined(district))


def test_old_key_receipts_are_accepted_and_a_receipt_for_the_new_key_ends_the_statement(
    pair: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    street, district = pair
    old = street.identity.fingerprint
    community(street, "东七路社区")
    first = made(street)
    rotation.rotate(street, now=MOMENT)
    new = street.identity.fingerprint
    community(street, "西七路社区")
    second = made(street)
    for each in (first, second):
        assert apply_bundle(district, each.path).status == "applied"
    folder = tmp_path / "回执"
    old_receipt, new_receipt = (make_receipt(district, fp, folder) for fp in (old, new))
    assert old_receipt is not None and new_receipt is not None

    accepted = accept_receipt(street, old_receipt)  # the old key's numbers, its own base
    assert (accepted.seq, accepted.newly_delivered, accepted.pruned) == (1, 1, 1)
    waiting = [p.name for p in bundle.outbox(street).glob("*.cfbundle")]
    assert waiting == [second.path.name]  # the same span, the other key's: still waiting
    assert "rotation" in forge.manifest_of(made_after(street, "尚俭路社区").path)

    accepted = accept_receipt(street, new_receipt)
    assert (accepted.seq, accepted.pruned) == (1, 1) and undelivered_changes(street) == 1
    fourth = made_after(street, "新建社区")
    assert "rotation" not in forge.manifest_of(fourth.path)  # acknowledged: no longer carried
    state = sync_state(street)
    assert (state.fingerprint, state.bundled_seq) == (new, fourth.seq_to)


def made_after(ledger: Ledger, name: str) -> bundle.Made:
    """A bundle of one new community."""
    community(ledger, name)
    return made(ledger)


def test_a_field_laptop_rotates_and_the_street_follows_on_a_stick(
    devices: Devices, tmp_path: Path
) -> None:
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area="解放门街道")
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area="解放门街道", device=2)
    try:
        scope = resolve_scope(street, "street:解放门街道")
        assert scope is not None
        keys.enroll(street, public_key_text(laptop), scope, label="走访笔记本")
        keys.trust_upstream(laptop, public_key_text(street))
        stick = tmp_path / "U盘"
        old = laptop.identity.fingerprint
        place = community(laptop, "东七路社区")
        sync_folder(laptop, stick)
        assert [o.status for o in sync_folder(street, stick).outcomes] == ["applied"]
        demand(laptop, place, "加装电梯")
        sync_folder(laptop, stick)  # the old key's second bundle, on the stick only

        rotation.rotate(laptop)
        new = laptop.identity.fingerprint
        demand(laptop, place, "增设助餐点")
        out = sync_folder(laptop, stick)
        assert out.made is not None and out.made.seq_from == 1
        arrived = sync_folder(street, stick)
        assert [(o.device, o.status) for o in arrived.outcomes] == [
            (old, "applied"), (new, "applied")]  # the old key's last first: no gap
        assert {p.name for p in arrived.receipts_written} == {f"{old}-2.cfreceipt",
                                                              f"{new}-1.cfreceipt"}
        follower = keys.enrolled(street, new)
        assert follower is not None and follower.label == "走访笔记本"
        assert records.count(street, "demands") == 2

        back = sync_folder(laptop, stick)
        assert not back.refused_receipts
        assert {f"{old}-2.cfreceipt", f"{new}-1.cfreceipt"} <= {a.path.name for a in back.accepted}
        state = sync_state(laptop)
        assert (state.undelivered, state.outbox) == (0, [])
    finally:
        laptop.close()
        street.close()


def test_a_key_rotated_twice_is_followed_through_both_statements(
    pair: tuple[Ledger, Ledger]
) -> None:
    street, district = pair
    first_key = street.identity.fingerprint
    community(street, "东七路社区")
    bundles = [made(street)]
    rotation.rotate(street)
    with pytest.raises(UsageError, match="刚轮换过"):  # the new key has sent nothing yet
        rotation.rotate(street)
    second_key = street.identity.fingerprint
    bundles.append(made_after(street, "西七路社区"))
    rotation.rotate(street)
    bundles.append(made_after(street, "尚俭路社区"))
    third = bundles[-1]
    early = apply_bundle(district, third.path)  # its old key is not known here yet
    assert early.status == "rejected" and "未登记" in early.message
    for each in bundles:
        assert apply_bundle(district, each.path).status == "applied"
    last = keys.enrolled(district, street.identity.fingerprint)
    assert last is not None and last.rotated_from == second_key
    middle = keys.enrolled(district, second_key)
    assert middle is not None and middle.rotated_from == first_key
    assert records.count(district, "communities") == 3


@pytest.fixture
def rotated(pair: tuple[Ledger, Ledger]) -> tuple[Ledger, Ledger, dict[str, str], str]:
    """The street after a rotation, the district that applied the old key's bundle, the new
    key's genuine rotation field and the hash of the old key's last manifest."""
    street, district = pair
    community(street, "东七路社区")
    first = made(street)
    assert apply_bundle(district, first.path).status == "applied"
    rotation.rotate(street, now=MOMENT)
    fields = rotation.pending_statement(street)
    assert fields is not None
    return street, district, fields, forge.manifest_sha(first.path)


def _edited(fields: dict[str, str], **changes: object) -> dict[str, str]:
    statement = json.loads(fields["statement"])
    statement.update(changes)
    return {**fields, "statement": bundle.canonical_json(statement).decode()}


def _resigned(street: Ledger, fields: dict[str, str], old_key: minisign.PublicKey,
              old_signer: object, **changes: object) -> dict[str, str]:
    """A statement with these changes, signed again properly by the keys it names."""
    content = json.loads(fields["statement"])
    content.update(changes)
    data = bundle.canonical_json(content)
    identity = street.identity
    signers = {old_key.fingerprint: old_signer, identity.fingerprint: identity.private_key}
    old_fp, new_fp = content["old"]["fingerprint"], content["new"]["fingerprint"]
    key_ids = {fp: bytes.fromhex(fp)[::-1] for fp in (old_fp, new_fp)}
    return {"statement": data.decode(),
            "old_signature": minisign.sign(data, key_ids[old_fp], signers[old_fp], "t"),
            "new_signature": minisign.sign(data, key_ids[new_fp], signers[new_fp], "t")}


TAMPERED = {
    "one signature only": "轮换声明不对",
    "the old key signed twice": "新密钥签名验证失败：签名来自另一把密钥",
    "signatures swapped": "旧密钥签名验证失败：签名来自另一把密钥",
    "keys swapped": "轮换声明来自本机未登记的密钥",
    "last seq edited": "旧密钥签名验证失败：签名不符",
    "oversized": "轮换声明不对",
    "signed by another key": "新密钥不是签发此数据包的密钥",
}
"""Ways to tamper with a statement, and what the refusal says."""


@pytest.mark.parametrize("how", list(TAMPERED))
def test_a_tampered_statement_is_refused(
    devices: Devices, rotated: tuple[Ledger, Ledger, dict[str, str], str], tmp_path: Path,
    how: str
) -> None:
    street, district, fields, prev = rotated
    old_identity = read_identity(sorted(street.path.parent.glob("*.key.retired-*"))[0])
    old_key = minisign.public_key(old_identity.key_id, old_identity.private_key)
    sender = street
    if how == "one signature only":
        value: object = {k: v for k, v in fields.items() if k != "new_signature"}
    elif how == "the old key signed twice":
        value = {**fields, "new_signature": fields["old_signature"]}
    elif how == "signatures swapped":
        value = {**fields, "old_signature": fields["new_signature"],
                 "new_signature": fields["old_signature"]}
    elif how == "keys swapped":
        content = json.loads(fields["statement"])
        value = _resigned(street, fields, old_key, old_identity.private_key,
                          old=content["new"], new=content["old"])
    elif how == "last seq edited":
        value = _edited(fields, old_last_seq=7)
    elif how == "oversized":
        value = {**fields, "statement": fields["statement"] + " " * 5000}
    else:  # a genuine statement in a bundle that a third key signed
        sender = devices.open(tmp_path / "第三方" / "台账.db", role="street",
                              area="解放门街道", device=3)
    try:
        path = forged(sender, tmp_path / "伪造", (1, 1), prev,
                      rotation=fields if sender is not street else value)
    finally:
        if sender is not street:
            sender.close()
    outcome = apply_bundle(district, path)
    assert outcome.status == "rejected" and TAMPERED[how] in outcome.message, outcome.message
    assert keys.enrolled(district, street.identity.fingerprint) is None
    assert records.count(district, "communities") == 1


def test_the_genuine_statement_of_those_tests_is_followed(
    rotated: tuple[Ledger, Ledger, dict[str, str], str], tmp_path: Path
) -> None:
    street, district, fields, prev = rotated
    path = forged(street, tmp_path / "真", (1, 1), prev, rotation=fields)
    assert apply_bundle(district, path).status == "applied"
    assert keys.enrolled(district, street.identity.fingerprint) is not None


def test_a_new_keys_first_bundle_that_does_not_continue_the_old_chain_is_a_fork(
    rotated: tuple[Ledger, Ledger, dict[str, str], str], tmp_path: Path
) -> None:
    street, district, fields, prev = rotated
    for wrong in ("0" * 64, None):
        path = forged(street, tmp_path / "分叉", (1, 1), wrong, rotation=fields)
        outcome = apply_bundle(district, path)
        assert outcome.status == "fork" and "不衔接" in outcome.message
    assert keys.enrolled(district, street.identity.fingerprint) is not None  # statement: sound
    assert records.count(district, "communities") == 1
    assert apply_bundle(district, forged(street, tmp_path / "真", (1, 1), prev,
                                         rotation=fields)).status == "applied"


def test_verify_rotation_gives_the_new_key_only_against_the_trusted_old_one(
    rotated: tuple[Ledger, Ledger, dict[str, str], str]
) -> None:
    street, district, fields, _prev = rotated
    old = keys.enrolled(district, json.loads(fields["statement"])["old"]["fingerprint"])
    assert old is not None
    new = rotation.verify_rotation(fields, old.key)
    assert new == minisign.public_key(street.identity.key_id, street.identity.private_key)
    with pytest.raises(rotation.RotationRefused, match="不是本机登记的"):
        rotation.verify_rotation(fields, new)
    for broken in ({}, None, [], {**fields, "statement": "{"}, {**fields, "extra": "x"},
                   _edited(fields, format="cfl-rotation/9"),
                   _edited(fields, old_last_seq=True),
                   _edited(fields, old_last_manifest_sha256="0" * 63)):
        with pytest.raises(rotation.RotationRefused):
            rotation.verify_rotation(broken, old.key)


def test_keys_rotate_on_the_command_line(devices: Devices, tmp_path: Path) -> None:
    street, district = tmp_path / "街道.db", tmp_path / "区县.db"
    devices.copy(street, role="street", area="解放门街道")
    devices.copy(district, role="district", area="新城区")
    pub = tmp_path / "街道.pub"
    assert run("--db", street, "keys", "export", "--out", pub).returncode == 0
    assert run("--db", district, "keys", "enroll", "--street", "解放门街道", pub).returncode == 0
    usb = tmp_path / "U盘"
    assert run("--db", street, "add", "communities", "name=东七路社区",
               "street=解放门街道").returncode == 0
    assert run("--db", street, "bundle", "create", "--out", usb).returncode == 0

    done = run("--db", street, "keys", "rotate")
    assert done.returncode == 0, done.stderr
    new = done.stdout.split("新指纹：")[1].split()[0]
    assert "无需重新登记" in done.stdout and "旧私钥已保留为" in done.stdout
    shown = run("--db", street, "keys", "show")
    assert f"指纹：{new}" in shown.stdout
    assert run("--db", street, "add", "communities", "name=西七路社区",
               "street=解放门街道").returncode == 0
    assert run("--db", street, "bundle", "create", "--out", usb).returncode == 0
    imported = run("--db", district, "bundle", "import", *sorted(usb.glob("*.cfbundle")))
    assert imported.returncode == 0, imported.stdout
    assert imported.stdout.count("：已导入。") == 2  # in either order: a held one follows
    listed = run("--db", district, "keys", "list")
    assert f"{new}  enrolled" in listed.stdout and "轮换而来" in listed.stdout


@pytest.mark.parametrize("how", ["a second new key", "a last sequence already passed"])
def test_a_statement_that_contradicts_what_the_district_holds_is_refused(
    devices: Devices, pair: tuple[Ledger, Ledger], tmp_path: Path, how: str
) -> None:
    street, district = pair
    old = street.identity
    old_key = minisign.public_key(old.key_id, old.private_key)
    community(street, "东七路社区")
    first = made(street)
    community(street, "西七路社区")
    second = made(street)
    for each in (first, second):
        assert apply_bundle(district, each.path).status == "applied"
    if how == "a second new key":  # the genuine device rotated and was followed already
        rotation.rotate(street)
        assert apply_bundle(district, made_after(street, "尚俭路社区").path).status == "applied"
    other = devices.open(tmp_path / "另一台" / "台账.db", role="street", area="解放门街道",
                         device=3)
    try:
        other_key = minisign.public_key(other.identity.key_id, other.identity.private_key)
        last, sha = (2, forge.manifest_sha(second.path)) if how == "a second new key" else (
            1, forge.manifest_sha(first.path))
        fields = rotation.make_statement(old_key, old.private_key, other_key,
                                         other.identity.private_key, last, sha, MOMENT)
        path = forged(other, tmp_path / "另一把", (1, 1), sha, rotation=fields)
    finally:
        other.close()
    outcome = apply_bundle(district, path)
    expected = "不能再轮换为" if how == "a second new key" else "与本机已导入的（到序号 2）不符"
    assert outcome.status == "rejected" and expected in outcome.message, outcome.message
    assert keys.enrolled(district, other_key.fingerprint) is None
    assert any(n.startswith(f"{other_key.fingerprint}-1-1-") for n in quarantined(district))


# --- the offices below follow the office above ----------------------------------------------------


def _applied(receiver: Ledger, sent: bundle.Made) -> None:
    outcome = apply_bundle(receiver, sent.path)
    assert outcome.status == Status.APPLIED, outcome.message


def test_the_streets_follow_their_districts_rotation_by_its_receipts_and_reference_data(
        devices: Devices, tmp_path: Path) -> None:
    street, district = street_and_district(devices, tmp_path, sealed=True)
    try:
        old_district = district.identity.fingerprint
        old_encryption = enckey.load_or_create(district.path).public
        community(street, "东新社区")
        _applied(district, made(street))
        rotated = rotation.rotate(district)
        new_district = district.identity.fingerprint
        new_encryption = enckey.load_or_create(district.path).public
        assert new_encryption != old_encryption  # rotated with the signing key
        assert rotated.encryption_key_id == enckey.encryption_key_id(new_encryption)

        c = community(street, "东七路社区")
        second = made(street)  # sealed to the district's old encryption key: still opens
        _applied(district, second)
        receipt = receipts.make_receipt(district, street.device, tmp_path / "回执")
        assert receipt is not None
        accepted = receipts.accept_receipt(street, receipt)  # signed by the district's new key
        assert accepted.seq == second.seq_to and not accepted.ignored
        upstream = keys.upstream(street)
        assert upstream is not None and upstream.fingerprint == new_district
        assert upstream.encryption_key == new_encryption  # the receipt announced it
        assert {d.fingerprint: d.role for d in keys.devices(street)}[old_district] \
            == keys.RETIRED_UPSTREAM

        records.update(street, "communities", c, {"address": "东七路1号"})
        third = made(street)
        checked = bundle.verify_bundle(third.path)
        assert checked.payload is None  # sealed, to the district's new encryption key
        assert checked.manifest["encryption"]["recipient"] == rotated.encryption_key_id
        _applied(district, third)

        reference = make_reference(district)  # reference data signed by the new key, accepted
        assert reference is not None
        assert apply_bundle(street, reference).status == Status.APPLIED
    finally:
        street.close()
        district.close()


def _receipt_as(receipt: Path, signer: Identity, statement: dict[str, str], target: Path) -> Path:
    """A receipt's content with another rotation statement, signed by `signer` as receiver."""
    body = json.loads(bundle.read_canonical(receipt.read_bytes(), receipt.name)[0][1])
    key = minisign.public_key(signer.key_id, signer.private_key)
    body.update(rotation=statement, receiver={"fingerprint": key.fingerprint,
                                              "public_key": key.text().split("\n")[1]})
    data = bundle.canonical_json(body)
    signature = minisign.sign(data, signer.key_id, signer.private_key, "receipt")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bundle.canonical_zip([(receipts.BODY, data),
                                             (receipts.SIGNATURE, signature.encode())]))
    return target


def test_a_receipt_with_a_statement_not_made_by_the_trusted_district_is_refused(
        devices: Devices, tmp_path: Path) -> None:
    street, district = street_and_district(devices, tmp_path)
    stranger = devices.open(tmp_path / "别处" / "台账.db", role="district", area="碑林区",
                            device=2)
    try:
        community(street, "东新社区")
        _applied(district, made(street))
        genuine = receipts.make_receipt(district, street.device, tmp_path / "回执")
        assert genuine is not None
        rotation.rotate(stranger)  # a genuine statement, of a key the street never trusted
        theirs = rotation.own_statement(stranger)
        assert theirs is not None
        # the district's key as old, the stranger's as new: the old signature cannot be made
        claimed = json.loads(theirs["statement"])
        claimed["old"] = json.loads(rotation.own_statement(_rotated_copy(district, tmp_path))
                                    ["statement"])["old"]
        lying = {**theirs, "statement": bundle.canonical_json(claimed).decode()}
        for n, statement in enumerate((theirs, lying)):
            fake = _receipt_as(genuine, stranger.identity, statement,
                               tmp_path / f"伪造{n}" / genuine.name)
            with pytest.raises(receipts.ReceiptRefused):
                receipts.accept_receipt(street, fake)
            upstream = keys.upstream(street)
            assert upstream is not None and upstream.fingerprint == district.device
    finally:
        for ledger in (street, district, stranger):
            ledger.close()


def _rotated_copy(ledger: Ledger, folder: Path) -> Ledger:
    """A copy of a ledger (key files too) rotated: a statement naming its current key as old."""
    target = folder / "副本" / ledger.path.name
    target.parent.mkdir()
    for source in ledger.path.parent.glob(f"{ledger.path.name}*"):
        if source.is_file():
            shutil.copy(source, target.parent / source.name)
    copy = open_ledger(target)
    rotation.rotate(copy)
    copy.close()
    return copy
