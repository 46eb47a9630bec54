"""Fuzzed bundles into the street office: a genuine format-2 bundle (compressed, sealed, signed)
byte-mutated and mutated member by member, and validly signed bundles whose manifest and payload
Hypothesis fills with hostile values. Each is refused with a Chinese reason (or held, or taken
whole), never a traceback; a refused one leaves the ledger exactly as it was; a batch goes on."""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.sync import bundle
from app.sync.outcome import Status
from tests.app.sync import forge
from tests.soak import fuzzing, hostile_values
from tests.soak.conftest import Soak
from tests.soak.hostile_values import HOSTILE
from tests.soak.sync_pair import Pair, genuine, pair

__all__ = ["genuine", "pair"]

ACCEPTED = (Status.APPLIED, Status.CHECKPOINT, Status.DUPLICATE)


def _unchanged_unless_taken(pair: Pair, path: Path, before: dict[str, Any]) -> Status:
    outcome = pair.apply(path)
    if outcome.status not in ACCEPTED:
        assert fuzzing.digest(pair.office) == before, (outcome.status, outcome.message)
    return outcome.status


def _mutated(pair: Pair, case: int) -> Path:
    raw = pair.genuine.second.read_bytes()
    return fuzzing.write(pair.folder, f"变异-{case}.cfbundle", fuzzing.mutate(
        raw, fuzzing.seeded("bundle", case), zipped=True, canonical_layout=True))


def _same_signed_bytes(path: Path, genuine: Path) -> bool:
    """Whether a mutation left the signed manifest (and so the payload, by its hashes) as it
    was: minisign's untrusted comment is outside the signature by design."""
    return bundle.manifest_hash(path) == bundle.manifest_hash(genuine)


def test_mutated_genuine_bundles_are_refused_and_write_nothing(pair: Pair, soak: Soak) -> None:
    before = fuzzing.digest(pair.office)
    rounds = soak.rounds(40, 2000)
    for case in range(rounds):
        path = _mutated(pair, case)
        outcome = pair.apply(path)
        if outcome.status == Status.REJECTED:
            assert path.name in outcome.message, outcome.message
            assert fuzzing.digest(pair.office) == before, case
        else:  # only the unsigned comment changed: the genuine bundle, taken once
            assert outcome.status in (Status.APPLIED, Status.DUPLICATE), (case, outcome.message)
            assert _same_signed_bytes(path, pair.genuine.second), case
            before = fuzzing.digest(pair.office)
        path.unlink()
    soak.tried("fuzzed: bundles (mutated genuine)", rounds)


def test_mutated_bundles_in_a_batch_do_not_stop_the_genuine_one(pair: Pair) -> None:
    refused = [p for p in (_mutated(pair, case) for case in range(12))
               if not _same_signed_bytes(p, pair.genuine.second)][:8]
    genuine = fuzzing.write(pair.folder, pair.genuine.second.name,
                            pair.genuine.second.read_bytes())
    outcomes = pair.office_batch([*refused[:4], genuine, *refused[4:]])
    assert [o.status for o in outcomes] == [Status.REJECTED] * 4 + [Status.APPLIED] + \
        [Status.REJECTED] * (len(refused) - 4), [o.message for o in outcomes]


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@st.composite
def field_entries(draw: st.DrawFn, pair: Pair) -> tuple[str, bytes]:
    """A payload line's field entry as JSON text: right in form with a hostile value, or not."""
    name = draw(st.sampled_from(["content", "status", "urgency", "community", "reporter",
                                 "phone", "deleted", "created_on", "code", "name", "未知字段",
                                 "id", "clocks", ""]))
    how = draw(st.integers(0, 9))
    if how == 0:
        return name, json.dumps(draw(HOSTILE)).encode()  # not an entry at all
    if how == 1:
        return name, b'{"value":' + _deep(draw(st.integers(50, 3000))) + b',"hlc":"x"}'
    clock = draw(st.sampled_from([None, "0001796384656100-00000", "x", 1, None]))
    entry: dict[str, Any] = {
        "value": draw(HOSTILE),
        "hlc": clock if clock is not None else "%CLOCK%",
        "device": draw(st.sampled_from([pair.laptop.device, pair.office.device, "", 7,
                                        "ABCDEF0123456789"])),
    }
    if how == 2:
        entry[draw(st.text(min_size=1, max_size=6))] = draw(HOSTILE)  # an unknown key
    return name, json.dumps(entry, ensure_ascii=False).replace(
        '"%CLOCK%"', json.dumps(_clock(pair))).encode()


def _clock(pair: Pair) -> str:
    return forge.hlc(pair.laptop)


@st.composite
def payload_lines(draw: st.DrawFn, pair: Pair) -> bytes:
    """The lines of one data file: rows right in form with hostile fields, or raw junk."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 7))
        if kind == 0:
            lines.append(draw(st.binary(max_size=60)).replace(b"\n", b" "))
        elif kind == 1:
            lines.append(json.dumps(draw(HOSTILE)).encode())
        else:
            fields = [draw(field_entries(pair)) for _ in range(draw(st.integers(0, 4)))]
            body = b",".join(json.dumps(n).encode() + b":" + v for n, v in fields)
            record_id = draw(st.sampled_from([None, "", 5, "x" * 300, "%UUID%"]))
            key: object = draw(st.sampled_from([None, {}, "k", [1]]))
            line = (b'{"id":' + json.dumps(record_id).encode() + b',"key":'
                    + json.dumps(key).encode() + b',"fields":{' + body + b"}}")
            lines.append(line.replace(b'"%UUID%"', json.dumps(
                draw(st.uuids()).hex).encode()))
    if draw(st.booleans()) and lines:
        good = json.dumps(pair.demand(), ensure_ascii=False).encode()
        lines.insert(draw(st.integers(0, len(lines))), good)
    return b"".join(line + b"\n" for line in lines)


ENTITIES = ["demand", "community", "space", "function_status", "project", "operator",
            "evaluation", "attachment", "street", "history", "change_log", "unknown", "../demand"]


def test_signed_bundles_with_hostile_payloads_never_crash_and_refusals_write_nothing(
        pair: Pair, soak: Soak) -> None:
    counted = 0

    @fuzzing.rounds_settings(soak, 40, 1500)
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        nonlocal counted
        counted += 1
        files = {}
        if data.draw(st.booleans()):  # an honest file first: a refusal after it keeps none of it
            entity = data.draw(st.sampled_from(["community", "demand"]))
            files[f"data/{entity}.jsonl"] = pair.good_lines(entity, data.draw(st.integers(1, 3)))
        for _ in range(data.draw(st.integers(1, 3))):
            entity = data.draw(st.sampled_from(ENTITIES))
            files[f"data/{entity}.jsonl"] = data.draw(payload_lines(pair))
        before = fuzzing.digest(pair.office)
        path = pair.forged(files)
        if _unchanged_unless_taken(pair, path, before) in ACCEPTED:
            pair.took(path)

    case()
    soak.tried("fuzzed: bundles (signed, hostile payload)", counted)


@functools.cache
def _bomb() -> bytes:
    """zlib of 32 MiB of one byte: some 30 KB that inflate far past any size declared here."""
    packer = zlib.compressobj(9)
    block = b"\n" * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(32)) + packer.flush()


@st.composite
def inner_files(draw: st.DrawFn, pair: Pair) -> tuple[list[tuple[str, bytes]], object]:
    """The inner files of a sealed bundle and their index: hostile lines, compressed honestly
    or not (mutated, not zlib at all, a bomb), declared sizes true or lies; the index itself
    sometimes hostile."""
    inner, listing = [], []
    for _ in range(draw(st.integers(1, 2))):
        entity = draw(st.sampled_from(ENTITIES[:8]))
        body = draw(payload_lines(pair))
        stored, size = zlib.compress(body), len(body)
        how = draw(st.integers(0, 6))
        if how == 1:
            stored = fuzzing.mutate_bytes(stored, fuzzing.seeded("zlib", draw(
                st.integers(0, 10**6))))
        elif how == 2:
            stored = body  # not compressed at all
        elif how == 3:
            size = draw(st.sampled_from([0, max(0, size - 1), size + 1, 10**9, 2**40]))
        elif how == 4:
            stored = _bomb()
        elif how == 5:
            # cut short (by a share drawn apart from the length: rows carry today's clocks)
            stored = stored[:len(stored) * draw(st.integers(0, 99)) // 100]
        name = f"data/{entity}.jsonl"
        inner.append((name, stored))
        listing.append({"path": name, "size": size, "stored_size": len(stored),
                        "rows": body.count(b"\n"), "sha256": hashlib.sha256(stored).hexdigest()})
    index: object = listing
    if draw(st.integers(0, 5)) == 0:
        index = hostile_values.replaced(listing, draw)
    return inner, index


def test_sealed_bundles_with_hostile_inner_files_never_crash_and_refusals_write_nothing(
        pair: Pair, soak: Soak) -> None:
    counted = 0

    @fuzzing.rounds_settings(soak, 25, 1000)
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        nonlocal counted
        counted += 1
        inner, index = data.draw(inner_files(pair))
        before = fuzzing.digest(pair.office)
        path = pair.sealed(inner, index)
        if _unchanged_unless_taken(pair, path, before) in ACCEPTED:
            pair.took(path)

    case()
    soak.tried("fuzzed: bundles (sealed, hostile inner files)", counted)


MANIFEST_FIELDS = ["format", "bundle_id", "created_at", "device", "scope", "seq_from", "seq_to",
                   "prev_manifest_sha256", "schema_revision", "app_version", "encryption",
                   "files", "rotation", "checkpoint", "contacts", "origin", "未知"]


def test_signed_bundles_with_hostile_manifests_never_crash_and_refusals_write_nothing(
        pair: Pair, soak: Soak) -> None:
    counted = 0

    @fuzzing.rounds_settings(soak, 40, 1500)
    @given(changes=st.dictionaries(st.sampled_from(MANIFEST_FIELDS), HOSTILE, min_size=1,
                                   max_size=3))
    def case(changes: dict[str, Any]) -> None:
        nonlocal counted
        counted += 1
        before = fuzzing.digest(pair.office)
        path = pair.forged({"data/demand.jsonl": forge.lines(pair.demand())}, **changes)
        if _unchanged_unless_taken(pair, path, before) in ACCEPTED:
            pair.took(path)

    case()
    soak.tried("fuzzed: bundles (signed, hostile manifest)", counted)
