"""Bundles: made from the change log, signed, canonical; any changed byte fails verification."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services import records
from app.store.db import Ledger
from app.sync import bundle, minisign
from app.sync.bundle import BundleRefused
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


@pytest.fixture
def street(devices: Devices, tmp_path: Path) -> Ledger:
    ledger = devices.open(tmp_path / "街道 台账" / "台账.db", role="street", area="解放门街道")
    community = records.create(ledger, "communities",
                               {"name": "东七路社区", "street": "解放门街道",
                                "code": "610102005001"})
    records.create(ledger, "demands", {"community": community, "content": "希望增设老年助餐点",
                                       "reporter": "张三", "phone": "13812345678"})
    yield ledger
    ledger.close()


def _key(ledger: Ledger) -> minisign.PublicKey:
    return minisign.public_key(ledger.identity.key_id, ledger.identity.private_key)


def test_a_bundle_carries_the_changes_since_the_last_one(street: Ledger) -> None:
    first = bundle.make_bundle(street)
    assert first is not None and first.seq_from == 1 and first.records == 2
    assert first.path.parent == bundle.outbox(street)
    assert first.path.name.startswith(f"610102005000-{_key(street).fingerprint}-1-")
    checked = bundle.verify_bundle(first.path, _key(street))
    manifest = checked.manifest
    assert manifest["format"] == "cfl-bundle/1" and manifest["prev_manifest_sha256"] is None
    assert manifest["scope"] == {"level": "street", "code": "610102005000", "name": "解放门街道"}
    assert [f["path"] for f in manifest["files"]] == ["data/community.jsonl", "data/demand.jsonl"]
    demand = json.loads(checked.payload["data/demand.jsonl"])
    assert demand["fields"]["content"]["value"] == "希望增设老年助餐点"
    assert demand["fields"]["content"]["device"] == _key(street).fingerprint
    assert demand["key"]["content"] == "希望增设老年助餐点"
    assert bundle.make_bundle(street) is None  # nothing new: nothing made

    demand_id = records.list_records(street, "demands")[0]["id"]
    records.update(street, "demands", demand_id, {"status": "已受理"})
    records.delete(street, "demands", demand_id)
    second = bundle.make_bundle(street)
    assert second is not None and second.seq_from == first.seq_to + 1
    later = bundle.verify_bundle(second.path).manifest
    assert later["prev_manifest_sha256"] == checked.manifest_sha256
    [line] = bundle.verify_bundle(second.path).payload["data/demand.jsonl"].splitlines()
    fields = json.loads(line)["fields"]
    assert set(fields) == {"status", "deleted"} and fields["deleted"]["value"] is True


def test_the_stock_minisign_tool_verifies_the_manifest(street: Ledger, tmp_path: Path) -> None:
    tool = shutil.which("minisign")
    if tool is None:
        pytest.skip("the stock minisign tool is not installed here")
    made = bundle.make_bundle(street)
    assert made is not None
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(made.path) as archive:
        archive.extractall(unzipped)
    pub = tmp_path / "street.pub"
    pub.write_text(_key(street).text(), encoding="utf-8")
    done = subprocess.run([tool, "-Vm", str(unzipped / "manifest.json"), "-p", str(pub)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert f"seq:{made.seq_from}-{made.seq_to}" in done.stdout


def test_a_manifest_is_signed_as_the_golden_vector_stock_minisign_verified(street: Ledger) -> None:
    """Without the tool: the bundle's signature is byte for byte minisign.sign's, which
    test_minisign checks against the vectors stock minisign verified (vectors/README.md)."""
    made = bundle.make_bundle(street)
    assert made is not None
    with zipfile.ZipFile(made.path) as archive:
        data, signature = archive.read("manifest.json"), archive.read("manifest.json.minisig")
    assert bundle.canonical_json(json.loads(data)) == data
    comment = signature.decode("ascii").split("\n")[2].removeprefix("trusted comment: ")
    assert re.fullmatch(r"bundle:[0-9a-f-]{36}\tdevice:[0-9A-F]{16}\tseq:1-2", comment)
    identity = street.identity
    assert signature == minisign.sign(data, identity.key_id, identity.private_key,
                                      comment).encode()
    assert json.loads(data)["device"]["public_key"] == _key(street).text().split("\n")[1]


@pytest.fixture(scope="module")
def one_bundle(devices: Devices,
               tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, minisign.PublicKey]:
    """A bundle's bytes and its device's key, made once for the tampering test."""
    ledger = devices.open(tmp_path_factory.mktemp("one") / "台账.db", role="street",
                          area="解放门街道")
    try:
        records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})
        made = bundle.make_bundle(ledger)
        assert made is not None
        return made.path.read_bytes(), _key(ledger)
    finally:
        ledger.close()


@settings(max_examples=80, deadline=None)
@given(position=st.integers(0, 10**6), flip=st.integers(1, 255))
def test_any_changed_byte_fails_verification(
    one_bundle: tuple[bytes, minisign.PublicKey], tmp_path_factory: pytest.TempPathFactory,
    position: int, flip: int,
) -> None:
    raw, key = bytearray(one_bundle[0]), one_bundle[1]
    raw[position % len(raw)] ^= flip
    damaged = tmp_path_factory.mktemp("tamper") / "damaged.cfbundle"
    damaged.write_bytes(bytes(raw))
    with pytest.raises(BundleRefused):
        bundle.verify_bundle(damaged, key)


def test_truncated_padded_rezipped_and_foreign_bundles_are_refused(
    street: Ledger, tmp_path: Path
) -> None:
    made = bundle.make_bundle(street)
    assert made is not None
    raw = made.path.read_bytes()
    cases = {
        "truncated": raw[: len(raw) // 2],
        "padded": raw + b"\0",
        "empty": b"",
        "not a zip": "这不是数据包".encode(),
    }
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:  # same content, other timestamps
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as copy:
            for info in archive.infolist():
                copy.writestr(info.filename, archive.read(info))
        cases["re-zipped"] = buffer.getvalue()
    for name, content in cases.items():
        path = tmp_path / f"{name}.cfbundle"
        path.write_bytes(content)
        with pytest.raises(BundleRefused, match=path.name):
            bundle.verify_bundle(path, _key(street))
    stranger = minisign.public_key(b"\x01" * 8, Ed25519PrivateKey.generate())
    with pytest.raises(BundleRefused, match="不是登记的设备"):
        bundle.verify_bundle(made.path, stranger)
    assert hashlib.sha256(made.path.read_bytes()).digest() == hashlib.sha256(raw).digest()


def test_bundle_commands(devices: Devices, tmp_path: Path) -> None:
    db = tmp_path / "街道" / "台账.db"
    devices.copy(db, role="street", area="解放门街道")
    usb = tmp_path / "U盘"
    done = run("--db", db, "bundle", "create", "--out", usb)
    assert done.returncode == 0 and "没有新的修改" in done.stdout
    assert run("--db", db, "add", "communities", "name=新社区", "street=解放门街道").returncode == 0
    done = run("--db", db, "bundle", "create", "--out", usb)
    assert done.returncode == 0, done.stderr
    [made] = usb.glob("*.cfbundle")
    pub = tmp_path / "街道.pub"
    assert run("--db", db, "keys", "export", "--out", pub).returncode == 0
    done = run("bundle", "verify", made, "--pubkey", pub)
    assert done.returncode == 0 and "验证通过" in done.stdout
    made.write_bytes(made.read_bytes()[:-10])
    done = run("bundle", "verify", made, "--pubkey", pub)
    assert done.returncode == 3 and "已损坏或被改动" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("--db", db, "bundle", "create", "--out", usb)  # not acknowledged: written again
    assert done.returncode == 0 and "没有新的修改" in done.stdout and "检查点" in done.stdout
    [again] = [p for p in usb.glob("*.cfbundle") if not p.name.startswith("ckpt-")]
    assert bundle.verify_bundle(again).manifest["seq_from"] == 1
    [point] = usb.glob("ckpt-*.cfbundle")  # nothing new: a checkpoint says so, and only one
    assert bundle.verify_bundle(point).manifest["checkpoint"] is True
