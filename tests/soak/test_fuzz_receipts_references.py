"""Fuzzed receipts and reference bundles into the field laptop: the office's genuine receipt
and reference bundle mutated, and validly signed ones (the office's key) whose content
Hypothesis fills with hostile values. Refused with a Chinese reason, or taken whole; never a
traceback; a refused one leaves the laptop's ledger exactly as it was."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.errors import KnownError
from app.sync import bundle, canonical, minisign, receipts
from app.sync.outcome import Status
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledgers
from tests.soak import fuzzing, hostile_values
from tests.soak.conftest import Soak
from tests.soak.hostile_values import HOSTILE
from tests.soak.sync_pair import LAPTOP, Genuine, Pair, genuine, pair

__all__ = ["genuine", "pair"]


def _accept(pair: Pair, path: Path) -> bool:
    """The laptop takes a receipt: True if it did; refused cleanly with nothing written else."""
    before = fuzzing.digest(pair.laptop)
    try:
        receipts.accept_receipt(pair.laptop, path)
    except KnownError as exc:
        # the only refusal `bundle receipt` passes over to take the next file
        assert isinstance(exc, receipts.ReceiptRefused), f"{type(exc).__name__}: {exc}"
        fuzzing.said_well(exc)
        assert fuzzing.digest(pair.laptop) == before, str(exc)
        return False
    return True


def test_mutated_genuine_receipts_are_refused_and_write_nothing(pair: Pair, soak: Soak) -> None:
    raw = pair.genuine.receipt.read_bytes()
    rounds = soak.rounds(40, 2000)
    for case in range(rounds):
        rng = fuzzing.seeded("receipt", case)
        path = fuzzing.write(pair.folder / str(case), pair.genuine.receipt.name,
                             fuzzing.mutate(raw, rng, zipped=True, canonical_layout=True))
        if _accept(pair, path):  # only minisign's unsigned comment was changed
            body = fuzzing.members(path.read_bytes())[0][1]
            assert body == fuzzing.members(raw)[0][1], case
    soak.tried("fuzzed: receipts (mutated genuine)", rounds)


def test_mutated_receipts_do_not_stop_the_genuine_one_on_the_command_line(
        genuine: Genuine, tmp_path: Path) -> None:
    copy_ledgers(genuine.folder, tmp_path)
    raw = genuine.receipt.read_bytes()
    (body_name, body), signature = fuzzing.members(raw)
    refused = []
    for case in range(4):
        rng = fuzzing.seeded("receipt-cli", case)
        damaged = (canonical.canonical_zip([(body_name, fuzzing.mutate_bytes(body, rng)),
                                            signature])  # the signed body changed
                   if case % 2 else fuzzing.truncate(raw, rng))
        refused.append(fuzzing.write(tmp_path / "U盘" / str(case), genuine.receipt.name, damaged))
    done = run("--db", tmp_path / LAPTOP, "bundle", "receipt", *refused[:2], genuine.receipt,
               *refused[2:])
    assert "Traceback" not in done.stderr and "程序内部错误" not in done.stderr, done.stderr
    assert done.returncode == 3, (done.stdout, done.stderr)
    lines = done.stdout.splitlines()
    assert sum("：拒收。" in line for line in lines) == len(refused), done.stdout
    assert any(line.startswith(f"{genuine.receipt.name}：上级已确认收到序号") for line in lines)


RECEIPT_FIELDS = ["format", "device", "seq", "manifests", "receiver", "created_at", "accepts",
                  "rotation", "未知"]


def _signed_receipt(pair: Pair, content: dict[str, Any]) -> Path:
    body = json.dumps(content, ensure_ascii=False).encode()
    identity = pair.office.identity
    signature = minisign.sign(body, identity.key_id, identity.private_key, "receipt")
    return fuzzing.write(pair.folder / uuid.uuid4().hex,
                         f"{pair.laptop.device}-1{receipts.SUFFIX}",
                         canonical.canonical_zip([(receipts.BODY, body),
                                                  (receipts.SIGNATURE, signature.encode())]))


def test_signed_receipts_with_hostile_content_never_crash(pair: Pair, soak: Soak) -> None:
    genuine_content = json.loads(fuzzing.members(pair.genuine.receipt.read_bytes())[0][1])
    counted = 0

    @fuzzing.rounds_settings(soak, 40, 1500)
    @given(changes=st.dictionaries(st.sampled_from(RECEIPT_FIELDS), HOSTILE, max_size=3),
           dropped=st.sets(st.sampled_from(RECEIPT_FIELDS), max_size=2))
    def case(changes: dict[str, Any], dropped: set[str]) -> None:
        nonlocal counted
        counted += 1
        content = {k: v for k, v in {**genuine_content, **changes}.items() if k not in dropped}
        _accept(pair, _signed_receipt(pair, content))

    case()
    soak.tried("fuzzed: receipts (signed, hostile content)", counted)


def _taken_or_unchanged(pair: Pair, path: Path) -> Status:
    before = fuzzing.digest(pair.laptop)
    outcome = pair.laptop_takes(path)
    if outcome.status != Status.APPLIED:
        assert fuzzing.digest(pair.laptop) == before, (outcome.status, outcome.message)
    return outcome.status


def test_mutated_genuine_reference_bundles_are_refused_and_write_nothing(
        pair: Pair, soak: Soak) -> None:
    raw = pair.genuine.reference.read_bytes()
    rounds = soak.rounds(40, 2000)
    for case in range(rounds):
        rng = fuzzing.seeded("reference", case)
        path = fuzzing.write(pair.folder / str(case), pair.genuine.reference.name,
                             fuzzing.mutate(raw, rng, zipped=True, canonical_layout=True))
        if _taken_or_unchanged(pair, path) != Status.REJECTED:
            assert bundle.manifest_hash(path) == bundle.manifest_hash(pair.genuine.reference)
    soak.tried("fuzzed: reference bundles (mutated genuine)", rounds)


@st.composite
def reference_payloads(draw: st.DrawFn, files: dict[str, bytes]) -> dict[str, bytes]:
    """The genuine reference payload, some files replaced: mutated text, hostile JSON, a hostile
    value at one place in the genuine JSON, hostile lines among the genuine ones, or gone."""
    payload = dict(files)
    for name in draw(st.sets(st.sampled_from(sorted(files)), min_size=1, max_size=3)):
        how = draw(st.integers(0, 4))
        body = files[name]
        if how == 0:
            payload[name] = fuzzing.mutate_text(body, fuzzing.seeded(name, draw(
                st.integers(0, 10**6))))[3:]  # no BOM
        elif how == 1:
            payload[name] = json.dumps(draw(HOSTILE)).encode()
        elif how == 2 and not name.endswith(".jsonl"):
            payload[name] = json.dumps(hostile_values.replaced(json.loads(body), draw)).encode()
        elif how == 2 or how == 3:
            lines = body.splitlines()
            replace_one: bool = draw(st.booleans())
            if lines and replace_one:
                at = draw(st.integers(0, len(lines) - 1))
                hostile = hostile_values.replaced(json.loads(lines[at]), draw)
                lines[at] = json.dumps(hostile).encode()
            lines.insert(draw(st.integers(0, len(lines))), json.dumps(draw(HOSTILE)).encode())
            payload[name] = b"".join(line + b"\n" for line in lines)
        else:
            del payload[name]
    return payload


def test_signed_reference_bundles_with_hostile_payloads_never_crash(
        pair: Pair, soak: Soak) -> None:
    checked = bundle.verify_bundle(pair.genuine.reference)
    assert checked.payload is not None
    files = {name: checked.payload[name] for name in checked.payload}
    assert {"targets.json", "programme.json", "scoring.json", "qualified.json",
            "data/street.jsonl", "data/operator.jsonl"} <= set(files)
    counted = 0

    @fuzzing.rounds_settings(soak, 40, 1500)
    @given(payload=reference_payloads(files))
    def case(payload: dict[str, bytes]) -> None:
        nonlocal counted
        counted += 1
        _taken_or_unchanged(pair, pair.reference(payload))

    case()
    soak.tried("fuzzed: reference bundles (signed, hostile payload)", counted)
