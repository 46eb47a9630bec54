"""Bundle format 2: compressed, sealed to the receiver, read by no one else, street to city.

DESIGN.md, "Bundle format 2": a sender makes it for a receiver that announced it; the payload is
one `payload.enc` sealed to the receiver's X25519 key in 1 MiB AES-256-GCM chunks, and nothing
is parsed until every chunk's tag has checked. Format 1 is what the other sync tests make.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.services import records
from app.services.areas import resolve_scope
from app.store import enckey, files
from app.store.db import Ledger, open_ledger
from app.sync import bundle, keys, minisign, receipts, sealing
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from tests.app.sync.ledgers import (
    STREET,
    announce_upstream,
    full_dump,
    public_key_text,
    record_state,
)
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices, copy_ledger

DISTRICT = "新城区"


def _made(ledger: Ledger) -> bundle.Made:
    made = bundle.make_bundle(ledger)
    assert made is not None
    return made


def _applied(receiver: Ledger, made: bundle.Made) -> None:
    outcome = apply_bundle(receiver, made.path)
    assert outcome.status == Status.APPLIED, outcome.message


@pytest.fixture
def chain(devices: Devices, street_demo_template: Path, tmp_path: Path):
    """The street's demo ledger, its district and the city, each enrolled with the one above,
    each trusting the one above, which announced format 2 and its encryption key."""
    street = open_ledger(copy_ledger(street_demo_template, tmp_path / "街道" / "台账.db"))
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area=DISTRICT,
                            device=2)
    city = devices.open(tmp_path / "市" / "台账.db", role="city", device=3)
    keys.enroll(district, public_key_text(street), resolve_scope(district, f"street:{STREET}"))
    keys.enroll(city, public_key_text(district), resolve_scope(city, f"district:{DISTRICT}"))
    announce_upstream(street, district)
    announce_upstream(district, city)
    yield street, district, city
    for ledger in (street, district, city):
        ledger.close()


def _personal(ledger: Ledger) -> set[str]:
    """Every reporter's name and phone number the ledger's demands hold."""
    found = set()
    for demand in records.list_records(ledger, "demands"):
        found.update(str(demand[n]) for n in ("reporter", "phone") if demand.get(n))
    return found


def test_street_to_district_to_city_sealed_with_clocks_and_made_at_kept(chain) -> None:
    street, district, city = chain
    personal = _personal(street)
    assert len(personal) > 50  # the demo's residents: names and phone numbers

    made = _made(street)
    raw = made.path.read_bytes()
    leaked = sorted(p for p in personal if p.encode() in raw)
    assert leaked == [], f"readable in the bundle: {leaked[:5]}"
    checked = bundle.verify_bundle(made.path)
    assert checked.payload is None and checked.manifest["format"] == bundle.FORMAT_2
    assert checked.manifest["files"] == [{
        "path": "payload.enc", "size": checked.sealed.stored_size,  # type: ignore[union-attr]
        "stored_size": checked.sealed.stored_size, "rows": 0,  # type: ignore[union-attr]
        "sha256": hashlib.sha256(raw[checked.sealed.offset:  # type: ignore[union-attr]
                                     checked.sealed.offset + checked.sealed.stored_size]
                                 ).hexdigest()}]
    manifest_text = bundle.manifest_bytes(made.path)
    assert manifest_text is not None and b"demand" not in manifest_text  # no tables, no counts
    assert checked.manifest["encryption"]["recipient"] == enckey.load_or_create(
        district.path).key_id

    _applied(district, made)
    upward = _made(district)
    assert bundle.verify_bundle(upward.path).payload is None
    assert not [p for p in personal if p.encode() in upward.path.read_bytes()]
    _applied(city, upward)

    assert record_state(city)["demand"] == record_state(street)["demand"]
    demand = records.list_records(street, "demands")[0]
    at_city = records.get(city, "demands", demand["id"])
    assert at_city["clocks"] == demand["clocks"]  # the street's clocks and device
    assert {c[1] for c in at_city["clocks"].values()} == {street.device}
    made_here = [h["made_at"] for h in records.history(street, "demands", demand["id"])]
    assert [h["made_at"] for h in records.history(city, "demands", demand["id"])][-1] \
        == made_here[-1]


def test_no_one_but_the_receiver_can_open_it(chain, tmp_path: Path) -> None:
    street, district, city = chain
    made = _made(street)
    checked = bundle.verify_bundle(made.path)
    for other in (city, street):  # another office's key, and the sender's own
        with pytest.raises(sealing.SealBroken, match="另一个单位"), \
                bundle.opened(checked, enckey.load_or_create(other.path), tmp_path / "w"):
            pass
    with bundle.opened(checked, enckey.load_or_create(district.path), tmp_path / "w") as payload:
        assert "data/demand.jsonl" in payload
        assert sum(1 for _ in payload.lines("data/demand.jsonl")) == len(
            records.list_records(street, "demands"))
    assert list((tmp_path / "w").iterdir()) == []  # the decrypted copy is gone


def test_a_retired_encryption_key_still_opens_what_was_sealed_to_it(chain) -> None:
    street, district, _city = chain
    made = _made(street)
    enckey.rotate(district.path)
    _applied(district, made)


def test_a_receipt_announces_format_2_and_the_next_bundle_is_sealed(
        devices: Devices, tmp_path: Path) -> None:
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area=STREET)
    office = devices.open(tmp_path / "街道办" / "台账.db", role="street", area=STREET, device=2)
    try:
        keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
        keys.trust_upstream(laptop, public_key_text(office))  # an old key file: format 1
        community = records.create(laptop, "communities", {"name": "东七路社区",
                                                           "street": STREET})
        first = _made(laptop)
        assert bundle.verify_bundle(first.path).manifest["format"] == bundle.FORMAT
        _applied(office, first)
        receipt = receipts.make_receipt(office, laptop.device, tmp_path / "回执")
        assert receipt is not None
        receipts.accept_receipt(laptop, receipt)
        upstream = keys.upstream(laptop)
        assert upstream is not None and upstream.formats == bundle.FORMATS
        assert upstream.encryption_key == enckey.load_or_create(office.path).public

        records.update(laptop, "communities", community, {"address": "东七路1号"})
        second = _made(laptop)
        checked = bundle.verify_bundle(second.path)
        assert checked.manifest["format"] == bundle.FORMAT_2 and checked.payload is None
        _applied(office, second)
        assert records.get(office, "communities", community)["address"] == "东七路1号"
    finally:
        laptop.close()
        office.close()


# --- a signer that lies: the chunks checked before anything is parsed ---------------------------


@pytest.fixture
def big(devices: Devices, tmp_path: Path):
    """A laptop whose bundle to its office seals a 3.5 MiB payload (four chunks): a photo."""
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area=STREET)
    office = devices.open(tmp_path / "街道办" / "台账.db", role="street", area=STREET, device=2)
    keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
    announce_upstream(laptop, office)
    community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(os.urandom(3 * 1024 * 1024 + 512 * 1024))
    from app.services import attachments

    attachments.attach(laptop, "communities", community, photo)
    yield laptop, office, _made(laptop)
    laptop.close()
    office.close()


def _resealed(made: bundle.Made, laptop: Ledger, sealed: bytes, target: Path) -> Path:
    """The bundle with `sealed` as its payload.enc, its manifest hashing it and signed again by
    the sender's own key: whole and well signed, so only the chunks can tell."""
    entries = bundle.read_canonical(made.path.read_bytes(), made.path.name)
    manifest = json.loads(entries[0][1])
    manifest["files"][0].update(size=len(sealed), stored_size=len(sealed),
                                sha256=hashlib.sha256(sealed).hexdigest())
    if len(sealed) != manifest["encryption"]["stored_size"]:  # keep the encryption consistent
        chunks = -(-len(sealed) // (sealing.CHUNK + sealing.TAG))
        manifest["encryption"].update(chunks=chunks, stored_size=len(sealed),
                                      size=len(sealed) - sealing.TAG * chunks)
    bundle.write_signed(laptop, manifest, [(bundle.SEALED, sealed)], target)
    return target


def _chunks(made: bundle.Made) -> list[bytes]:
    checked = bundle.verify_bundle(made.path)
    assert checked.sealed is not None
    with made.path.open("rb") as handle:
        handle.seek(checked.sealed.offset)
        sealed = handle.read(checked.sealed.stored_size)
    step = sealing.CHUNK + sealing.TAG
    return [sealed[i:i + step] for i in range(0, len(sealed), step)]


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


TAMPERED = {
    "a flipped byte in the first chunk": lambda c: [_flip(c[0], 100), *c[1:]],
    "a flipped byte in a middle chunk": lambda c: [c[0], _flip(c[1], 5000), *c[2:]],
    "a flipped byte in the last tag": lambda c: [*c[:-1], _flip(c[-1], len(c[-1]) - 1)],
    "two chunks swapped": lambda c: [c[1], c[0], *c[2:]],
    "the middle chunks reordered": lambda c: [c[0], c[2], c[1], *c[3:]],
    "the last chunk dropped": lambda c: c[:-1],
    "cut in the middle of a chunk": lambda c: [*c[:-2], c[-2][:1000]],
    "a chunk appended": lambda c: [*c, c[-1]],
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_sealed_payload_changed_and_signed_again_is_refused_unparsed(
        big, tmp_path: Path, case: str) -> None:
    laptop, office, made = big
    chunks = _chunks(made)
    assert len(chunks) == 4
    forged = _resealed(made, laptop, b"".join(TAMPERED[case](chunks)), tmp_path / made.path.name)
    bundle.verify_bundle(forged)  # whole and signed by the sender itself
    before = full_dump(office)
    outcome = apply_bundle(office, forged)
    assert outcome.status == Status.REJECTED, outcome.message
    assert forged.name in outcome.message and ("加密内容" in outcome.message), outcome.message
    assert full_dump(office) == before
    assert not any(p.is_file() for p in files.store_dir(office).rglob("*"))  # no photo kept
    _applied(office, made)  # the genuine one still goes in


def test_a_bundle_sealed_to_another_office_is_refused_and_says_so(
        big, devices: Devices, tmp_path: Path) -> None:
    laptop, _office, made = big
    other = devices.open(tmp_path / "另一街道办" / "台账.db", role="street", area=STREET,
                         device=3)
    try:
        keys.enroll(other, public_key_text(laptop), resolve_scope(other, f"street:{STREET}"))
        before = full_dump(other)
        outcome = apply_bundle(other, made.path)
        assert outcome.status == Status.REJECTED and "另一个单位" in outcome.message
        assert full_dump(other) == before
    finally:
        other.close()


# --- format 2 without a key: compressed, the declared sizes kept ---------------------------------


@pytest.fixture
def compressed(devices: Devices, tmp_path: Path):
    """A laptop whose office announced format 2 but no encryption key: compressed bundles."""
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area=STREET)
    office = devices.open(tmp_path / "街道办" / "台账.db", role="street", area=STREET, device=2)
    keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
    keys.trust_upstream(laptop, public_key_text(office))
    keys.announce(laptop, office.device, None, bundle.FORMATS)
    community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
    for n in range(300):
        records.create(laptop, "demands", {"community": community, "content": f"希望增设助餐点{n}",
                                           "reporter": "张三", "phone": "13812345678"})
    yield laptop, office, _made(laptop)
    laptop.close()
    office.close()


def test_compressed_files_declare_their_size_and_go_in(compressed) -> None:
    laptop, office, made = compressed
    checked = bundle.verify_bundle(made.path)
    assert checked.manifest["format"] == bundle.FORMAT_2 and checked.payload is not None
    demand = next(f for f in checked.manifest["files"] if f["path"] == "data/demand.jsonl")
    assert demand["rows"] == 300 and demand["stored_size"] * 4 < demand["size"]
    _applied(office, made)
    # not sealed: everything but the reporters and phones, which wait for a sealed bundle
    assert made.withheld == 300
    assert (record_state(office, with_personal=False)["demand"]
            == record_state(laptop, with_personal=False)["demand"])
    assert {(r["reporter"], r["phone"]) for r in record_state(office)["demand"].values()} == {
        (None, None)}


@pytest.mark.parametrize("declared", ["smaller", "larger"])
def test_a_file_that_inflates_to_other_than_its_declared_size_is_refused(
        compressed, tmp_path: Path, declared: str) -> None:
    """A zip bomb stops at its declared size; a file short of it is refused too."""
    laptop, office, made = compressed
    entries = bundle.read_canonical(made.path.read_bytes(), made.path.name)
    manifest = json.loads(entries[0][1])
    item = next(f for f in manifest["files"] if f["path"] == "data/demand.jsonl")
    item["size"] = item["size"] // 10 if declared == "smaller" else item["size"] + 1
    forged = tmp_path / made.path.name
    bundle.write_signed(laptop, manifest, entries[2:], forged)
    before = full_dump(office)
    outcome = apply_bundle(office, forged)
    assert outcome.status == Status.REJECTED
    assert ("超出" if declared == "smaller" else "大小与清单不符") in outcome.message
    assert full_dump(office) == before


def test_a_format_2_manifest_verifies_with_the_stock_minisign_tool(chain, tmp_path: Path) -> None:
    tool = shutil.which("minisign")
    if tool is None:
        pytest.skip("the stock minisign tool is not installed here")
    street, _district, _city = chain
    made = _made(street)
    entries = bundle.read_canonical(made.path.read_bytes(), made.path.name)
    (tmp_path / "manifest.json").write_bytes(entries[0][1])
    (tmp_path / "manifest.json.minisig").write_bytes(entries[1][1])
    key = minisign.public_key(street.identity.key_id, street.identity.private_key)
    (tmp_path / "street.pub").write_text(key.text(), encoding="utf-8")
    done = subprocess.run([tool, "-V", "-p", str(tmp_path / "street.pub"),
                           "-m", str(tmp_path / "manifest.json")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(entries[0][1])["format"] == bundle.FORMAT_2
    assert base64.b64decode(json.loads(entries[0][1])["encryption"]["ephemeral"])


def test_bundle_verify_says_a_sealed_bundle_is_for_its_receiver_only(chain) -> None:
    street, district, _city = chain
    made = _made(street)
    done = run("bundle", "verify", made.path)
    assert done.returncode == 0, done.stderr
    assert "验证通过" in done.stdout and "已加密" in done.stdout
    assert enckey.load_or_create(district.path).key_id in done.stdout
