"""Bundles a street office must not merge: refused or held with a reason, its ledger unchanged.

The receiver checks everything before it writes anything (DESIGN.md, Sync): layout, signature,
enrolled key, payload hashes, scope; then the sequence numbers: a duplicate changes nothing, a
gap is held until it closes, a fork is quarantined. Whatever arrives, it answers with an
outcome and a message, never an exception.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.services import records
from app.store import datakey
from app.store.db import Ledger, open_ledger
from app.store.identity import key_path
from app.sync import bundle, minisign
from app.sync.apply import apply_bundle, held_dir, held_name
from app.sync.outcome import Outcome
from tests.app.sync.ledgers import (
    NEIGHBOUR,
    OTHER_STREET,
    STREET,
    announce_upstream,
    enroll,
    full_dump,
    record_state,
)
from tests.helpers.ledgers import Devices, copy_ledgers, template_time


@dataclass
class Office:
    """A field laptop and the street office that enrolled it, and the laptop's first bundles."""

    laptop: Ledger
    office: Ledger
    demand: str
    bundles: list[bundle.Made]


def _made(ledger: Ledger) -> bundle.Made:
    made = bundle.make_bundle(ledger)
    assert made is not None
    return made


@pytest.fixture(scope="module", params=[bundle.FORMAT, bundle.FORMAT_2])
def street_template(request: pytest.FixtureRequest, devices: Devices,
                    tmp_path_factory: pytest.TempPathFactory
                    ) -> tuple[Path, str, list[bundle.Made]]:
    """A field laptop and the street office that enrolled it, each made by init, closed; the
    laptop's three bundles: a community and a demand, then two edits of the demand. Every test
    runs twice: format 1, and format 2 sealed to the office (which announced it)."""
    folder = tmp_path_factory.mktemp("street")
    with template_time():
        laptop = devices.open(folder / "外业 笔记本" / "台账.db", role="street", area=STREET)
        office = devices.open(folder / "街道办" / "台账.db", role="street", area=STREET, device=2)
        enroll(office, [laptop])
        if request.param == bundle.FORMAT_2:
            announce_upstream(laptop, office)
        community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
        demand = records.create(laptop, "demands", {"community": community,
                                                    "content": "加装电梯", "reporter": "张三"})
        first = _made(laptop)
        records.update(laptop, "demands", demand, {"status": "已受理", "reply": "已联系物业"})
        second = _made(laptop)
        records.update(laptop, "demands", demand, {"status": "办理中", "urgency": "紧急"})
        third = _made(laptop)
        laptop.close()
        office.close()
    return folder, demand, [first, second, third]


@pytest.fixture
def street(street_template: tuple[Path, str, list[bundle.Made]],
           tmp_path: Path) -> Iterator[Office]:
    """A copy of the template's laptop, office and bundles."""
    template, demand, bundles = street_template
    copy_ledgers(template, tmp_path)
    laptop = open_ledger(tmp_path / "外业 笔记本" / "台账.db")
    office = open_ledger(tmp_path / "街道办" / "台账.db")
    made = [dataclasses.replace(b, path=tmp_path / b.path.relative_to(template)) for b in bundles]
    yield Office(laptop, office, demand, made)
    laptop.close()
    office.close()


def _applied(office: Ledger, made: bundle.Made) -> None:
    outcome = apply_bundle(office, made.path)
    assert outcome.status == "applied", outcome.message


def _held(office: Ledger) -> list[str]:
    """Files the office keeps aside (waiting for a gap, quarantined), as folder/name."""
    folder = held_dir(office)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _held_as(path: Path) -> str:
    """The name a held bundle is kept under: from its signed manifest, never its own name."""
    return held_name(bundle.verify_bundle(path))


def _refused(office: Ledger, path: Path, *reasons: str) -> Outcome:
    """Apply a bundle that must be refused; the office's tables stay as they were."""
    before, held = full_dump(office), _held(office)
    outcome = apply_bundle(office, path)
    assert outcome.status == "rejected", (outcome.status, outcome.message)
    assert any(reason in outcome.message for reason in reasons), outcome.message
    assert full_dump(office) == before
    if "未登记" in outcome.message:  # DESIGN.md: an unknown key's bundle is quarantined
        assert _held(office) == sorted({*held, f"quarantine/{_held_as(path)}"})
    else:
        assert _held(office) == held  # refused, not held for later
    return outcome


def _entries(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _packed(raw: bytes) -> list[tuple[str, int, int]]:
    """Each entry's name and where its packed (deflated) data starts and ends."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, start := info.header_offset + 30 + len(info.filename),
                 start + info.compress_size) for info in archive.infolist()]


def _positions(raw: bytes) -> list[int]:
    """About forty byte positions over every part of a bundle: each entry's header (signature,
    flags, method, time, checksum, sizes, name), its packed data (start, middle, last byte), the
    central directory and the end record."""
    spots: set[int] = set()
    for name, data, end in _packed(raw):
        start = data - 30 - len(name)
        spots.update({start, start + 6, start + 8, start + 10, start + 14, start + 18,
                      start + 22, start + 26, start + 30})
        spots.update({data, (data + end) // 2, end - 1})
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        directory = archive.start_dir
    spots.update({directory, directory + 16, directory + 42, directory + 46})
    spots.update(range(len(raw) - 22, len(raw), 4))
    ordered = sorted(spots)
    return ordered[:: max(1, len(ordered) // 40)]


def _flipped(raw: bytes, position: int, bit: int, path: Path) -> Path:
    changed = bytearray(raw)
    changed[position] ^= 1 << bit
    path.write_bytes(bytes(changed))
    return path


REASONS = ("已损坏或被改动", "签名", "与清单不符", "清单无法解析", "不是数据包")
"""What a changed byte is refused for: the layout, the signature, a hash or the manifest."""


def test_a_changed_byte_anywhere_is_refused_and_changes_nothing(
    street: Office, tmp_path: Path
) -> None:
    first, second, _third = street.bundles
    _applied(street.office, first)
    raw = second.path.read_bytes()
    positions = _positions(raw)
    assert len(positions) >= 35
    last_packed = {end - 1 for _name, _start, end in _packed(raw)}
    damaged = tmp_path / "U盘" / second.path.name  # the name the genuine one has
    damaged.parent.mkdir()
    for position in positions:
        # bit 0 of an entry's last packed byte is always in use; its high bits may be the
        # deflate stream's padding, which the next test is about
        for bit in (0,) if position in last_packed else (0, 7):
            _flipped(raw, position, bit, damaged)
            outcome = _refused(street.office, damaged, *REASONS)
            assert damaged.name in outcome.message, (position, bit, outcome.message)
    _applied(street.office, second)  # the genuine one still goes in: nothing was recorded


def test_the_padding_bits_of_a_packed_entry_cannot_change(street: Office, tmp_path: Path) -> None:
    """"No byte of the file can change without the verification failing" (DESIGN.md), not
    even the unused bits that end an entry's deflate stream, which inflate ignores."""
    first, second, _third = street.bundles
    _applied(street.office, first)
    raw = second.path.read_bytes()
    damaged = tmp_path / "U盘" / second.path.name
    damaged.parent.mkdir()
    slipped = []
    for name, _start, end in _packed(raw):
        for bit in range(8):
            _flipped(raw, end - 1, bit, damaged)
            outcome = apply_bundle(street.office, damaged)
            if outcome.status != "rejected":
                slipped.append(f"{name}: byte {end - 1} bit {bit} -> {outcome.status}")
    assert slipped == [], "changed bytes that passed verification:\n" + "\n".join(slipped)


def test_a_payload_file_from_another_bundle_is_refused(street: Office, tmp_path: Path) -> None:
    first, second, third = street.bundles
    _applied(street.office, first)
    entries = _entries(second.path.read_bytes())
    other = dict(_entries(third.path.read_bytes()))
    payload = ("data/", bundle.SEALED)
    swapped = [(name, other.get(name, body) if name.startswith(payload) else body)
               for name, body in entries]
    assert [n for n, _b in swapped] == [n for n, _b in entries]
    assert swapped != entries
    forged = tmp_path / second.path.name
    forged.write_bytes(bundle.canonical_zip(swapped))  # canonical layout: only the hash tells
    outcome = _refused(street.office, forged, "与清单不符")
    sealed = bundle.SEALED in dict(entries)
    assert (bundle.SEALED if sealed else "data/demand.jsonl") in outcome.message


def _resigned(raw: bytes, edit: dict, key_id: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """The bundle with its manifest changed and signed again with another key, canonically."""
    entries = _entries(raw)
    manifest = json.loads(entries[0][1])
    manifest["device"].update(edit)
    data = bundle.canonical_json(manifest)
    comment = (f"bundle:{manifest['bundle_id']}\tdevice:{manifest['device']['fingerprint']}\t"
               f"seq:{manifest['seq_from']}-{manifest['seq_to']}")
    signature = minisign.sign(data, key_id, private_key, comment)
    return bundle.canonical_zip([(bundle.MANIFEST, data), (bundle.SIGNATURE, signature.encode()),
                        *entries[2:]])


def manifest_fingerprint(path: Path) -> str:
    return json.loads(_entries(path.read_bytes())[0][1])["device"]["fingerprint"]


def test_a_manifest_signed_by_an_unenrolled_key_is_refused(
    street: Office, tmp_path: Path
) -> None:
    first, second, _third = street.bundles
    _applied(street.office, first)
    raw = second.path.read_bytes()
    laptop_id = street.laptop.identity.key_id
    stranger = Ed25519PrivateKey.generate()
    stranger_id = bytes.fromhex("0123456789abcdef")
    own = minisign.public_key(stranger_id, stranger)  # the stranger as itself
    borrowed = minisign.public_key(laptop_id, stranger)  # the laptop's key id, another key
    cases = {
        "stranger": ({"fingerprint": own.fingerprint, "public_key": own.text()}, stranger_id),
        "the laptop's fingerprint, the stranger's key": (
            {"public_key": own.text()}, stranger_id),
        "the laptop's key id, the stranger's key": (
            {"fingerprint": borrowed.fingerprint, "public_key": borrowed.text()}, laptop_id),
    }
    for n, (case, (edit, key_id)) in enumerate(cases.items()):
        edit = {**edit, "public_key": edit["public_key"].split("\n")[1]}
        forged = tmp_path / str(n) / second.path.name
        forged.parent.mkdir()
        forged.write_bytes(_resigned(raw, edit, key_id, stranger))
        if "fingerprint" not in edit:  # the manifest names a key id its key does not have
            with pytest.raises(bundle.BundleRefused, match="设备指纹与其公钥不符"):
                bundle.verify_bundle(forged)
            _refused(street.office, forged, "设备指纹与其公钥不符")
            continue
        bundle.verify_bundle(forged)  # whole and well signed: only the enrolment can tell
        outcome = _refused(street.office, forged, "未登记")
        assert manifest_fingerprint(forged) in outcome.message, case
    _applied(street.office, second)


def test_a_street_writing_another_streets_rows_is_refused_whole(
    devices: Devices, street: Office, tmp_path: Path
) -> None:
    office, laptop = street.office, street.laptop
    for made in street.bundles:
        _applied(office, made)
    # the laptop records a community of another street beside one of its own: all refused
    records.create(laptop, "communities", {"name": "本街道新社区", "street": STREET})
    records.create(laptop, "communities", {"name": "四府街社区", "street": OTHER_STREET})
    mixed = _made(laptop)
    _refused(office, mixed.path, "整包拒收")
    assert "本街道新社区" not in {c["name"] for c in records.list_records(office, "communities")}

    # at the district, a device of a neighbouring street, enrolled for it, writing this
    # street's rows
    district = devices.open(tmp_path / "新城区" / "台账.db", role="district", area="新城区")
    other = devices.open(tmp_path / "西一路" / "台账.db", role="street", area=NEIGHBOUR)
    try:
        enroll(district, [other], street=NEIGHBOUR)
        records.create(other, "communities", {"name": "西一路社区", "street": NEIGHBOUR})
        records.create(other, "communities", {"name": "东八路社区", "street": STREET})
        _refused(district, _made(other).path, "整包拒收")
    finally:
        other.close()
        district.close()


def test_moving_a_record_to_another_street_is_refused(street: Office) -> None:
    office, laptop = street.office, street.laptop
    for made in street.bundles:
        _applied(office, made)
    records.update(laptop, "communities", "东七路社区", {"street": OTHER_STREET})
    _refused(office, _made(laptop).path, "整包拒收")
    assert records.get(office, "communities", "东七路社区")["name"] == "东七路社区"


def test_a_replayed_bundle_is_a_duplicate_and_changes_nothing(
    street: Office, tmp_path: Path
) -> None:
    first, second, _third = street.bundles
    _applied(street.office, first)
    _applied(street.office, second)
    by_usb = tmp_path / "U盘" / first.path.name  # the same bytes by another way
    by_usb.parent.mkdir()
    shutil.copyfile(first.path, by_usb)
    before = full_dump(street.office)
    for path in (first.path, second.path, by_usb, first.path):
        outcome = apply_bundle(street.office, path)
        assert outcome.status == "duplicate", outcome.message
        assert "已接收过" in outcome.message
        assert full_dump(street.office) == before
    assert _held(street.office) == []


def _twin(ledger: Ledger, folder: Path) -> tuple[Ledger, Ledger]:
    """The ledger reopened, and a copy of its file and key files: one device, twice."""
    path = ledger.path
    ledger.close()  # the last connection checkpoints the write-ahead log into the file
    copy = folder / path.name
    folder.mkdir(parents=True)
    for source in (path, key_path(path), datakey.datakey_path(path)):
        shutil.copyfile(source, folder / source.name)
    assert not path.with_name(path.name + "-wal").exists()
    return open_ledger(path), open_ledger(copy)


def test_a_fork_is_quarantined_and_changes_nothing(devices: Devices, tmp_path: Path) -> None:
    laptop = devices.open(tmp_path / "外业 笔记本" / "台账.db", role="street", area=STREET)
    office = devices.open(tmp_path / "街道办" / "台账.db", role="street", area=STREET, device=2)
    enroll(office, [laptop])
    community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
    demand = records.create(laptop, "demands", {"community": community, "content": "加装电梯"})
    laptop, twin = _twin(laptop, tmp_path / "复制的台账")
    try:
        assert twin.identity.fingerprint == laptop.identity.fingerprint
        records.update(laptop, "demands", demand, {"reply": "原机的答复"})
        records.update(twin, "demands", demand, {"reply": "复制件的答复"})
        made, forked = _made(laptop), _made(twin)
        assert (made.seq_from, made.seq_to) == (forked.seq_from, forked.seq_to)
        assert made.path.name == forked.path.name
        _applied(office, made)
        before = full_dump(office)
        outcome = apply_bundle(office, forked.path)
        assert outcome.status == "fork", outcome.message
        assert "分叉" in outcome.message and f"{made.seq_from}-{made.seq_to}" in outcome.message
        assert full_dump(office) == before
        assert _held(office) == [f"quarantine/{_held_as(forked.path)}"]
        kept = held_dir(office) / "quarantine" / _held_as(forked.path)
        assert kept.read_bytes() == forked.path.read_bytes()
        assert records.get(office, "demands", demand)["reply"] == "原机的答复"
        assert apply_bundle(office, made.path).status == "duplicate"  # the genuine one stands
    finally:
        laptop.close()
        twin.close()
        office.close()


def test_a_gap_is_held_then_applied_by_itself(street: Office) -> None:
    office, (first, second, third) = street.office, street.bundles
    before = full_dump(office)
    outcome = apply_bundle(office, third.path)
    assert outcome.status == "gap", outcome.message
    assert list(outcome.missing) == list(range(1, third.seq_from))
    assert f"{first.seq_from}–{second.seq_to}" in outcome.message
    assert full_dump(office) == before
    assert _held(office) == [f"waiting/{_held_as(third.path)}"]

    _applied(office, first)  # still one missing: the third keeps waiting
    assert _held(office) == [f"waiting/{_held_as(third.path)}"]
    assert records.get(office, "demands", street.demand)["status"] == "registered"
    again = apply_bundle(office, third.path)  # delivered again while it waits: still held
    assert again.status == "gap" and list(again.missing) == list(range(second.seq_from,
                                                                 second.seq_to + 1))

    _applied(office, second)  # closes the gap: the third goes in by itself
    assert _held(office) == []
    sealed = bundle.recipient(street.laptop).encryption is not None  # else: no reporter sent
    assert (record_state(office, with_personal=sealed)
            == record_state(street.laptop, with_personal=sealed))
    demand = records.get(office, "demands", street.demand)
    assert (demand["status"], demand["urgency"], demand["reply"]) == (
        "in_progress", "urgent", "已联系物业")
    assert apply_bundle(office, third.path).status == "duplicate"


def test_truncated_empty_and_missing_files_are_refused_without_an_exception(
    street: Office, tmp_path: Path
) -> None:
    first, second, _third = street.bundles
    _applied(street.office, first)
    raw = second.path.read_bytes()
    folder = tmp_path / "收到的文件"
    folder.mkdir()
    cases = {f"truncated to {n}": raw[:n]
             for n in (1, 4, 21, 22, 30, len(raw) // 3, len(raw) // 2, len(raw) - 23,
                       len(raw) - 22, len(raw) - 1)}
    cases |= {"empty": b"", "not a zip": "这不是数据包".encode(), "cut at the start": raw[22:]}
    for n, (case, content) in enumerate(cases.items()):
        path = folder / f"{n}-{second.path.name}"
        path.write_bytes(content)
        outcome = _refused(street.office, path, "已损坏或被改动", "不是数据包")
        assert path.name in outcome.message, (case, outcome.message)
    _refused(street.office, folder / "不存在.cfbundle", "无法读取")
    directory = folder / "目录.cfbundle"
    directory.mkdir()
    _refused(street.office, directory, "无法读取")
    _applied(street.office, second)
