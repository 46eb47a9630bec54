"""Whatever a bundle holds, the receiver answers with a reason and goes on with the others.

Issue 11, finding 3: clocks written as " 999999999999999-00000" or with "+" passed the 24-hour
check and pushed the receiver's clock to the year ~33658; a clock ending in letters, a manifest
nested 200,000 deep or with "files": [1] crashed verify and import, and a valid bundle in the
same batch was then neither applied nor acknowledged; bad sequence ranges were applied or
crashed; a held bundle with an odd file name broke every later import of its device; an
attachment whose bytes do not match its hash was written to disk; `prev_manifest_sha256` was
never checked. And a well-formed clock more than 24 h ahead is held, not refused.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.domain import china_time
from app.services import records
from app.services.setup import init_ledger
from app.store import files
from app.store.clock import parse_hlc
from app.store.db import Ledger, open_ledger
from app.sync import bundle
from app.sync.apply import apply_batch, apply_bundle, held_dir, held_name
from app.sync.outcome import Status
from tests.app.sync import forge
from tests.app.sync.ledgers import STREET, enroll, full_dump
from tests.helpers.cli import run
from tests.helpers.ledgers import copy_ledgers, template_time

DAY_MS = 24 * 3600 * 1000


@dataclass
class Pair:
    """A field laptop and the street office that enrolled it; the laptop's community."""

    laptop: Ledger
    office: Ledger
    community: str
    folder: Path

    def send(self, *rows: dict, seq: tuple[object, object] = (1, 1), prev: str | None = None,
             entity: str = "demand", **manifest: object) -> Path:
        payload = {f"data/{entity}.jsonl": forge.lines(*rows)} if rows else {}
        return forge.signed(self.laptop, self.folder / uuid.uuid4().hex, payload, seq=seq,
                            prev=prev, **manifest)

    def demand(self, clock: str | None = None, **values: object) -> dict:
        values = {"community": self.community, "content": "加装电梯", **values}
        return forge.row(str(uuid.uuid4()), self.laptop.device,
                         forge.hlc(self.laptop) if clock is None else clock, **values)


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A field laptop and the street office that enrolled it, each made by init, closed; and the
    office's community. Each test copies them."""
    folder = tmp_path_factory.mktemp("pair")
    with template_time():
        laptop = init_ledger(folder / "外业" / "台账.db", role="street", area=STREET)
        office = init_ledger(folder / "街道办" / "台账.db", role="street", area=STREET)
        enroll(office, [laptop])
        community = records.create(office, "communities", {"name": "东七路社区", "street": STREET})
        laptop.close()
        office.close()
    return folder, community


@pytest.fixture
def pair(pair_template: tuple[Path, str], tmp_path: Path) -> Iterator[Pair]:
    template, community = pair_template
    copy_ledgers(template, tmp_path)
    laptop = open_ledger(tmp_path / "外业" / "台账.db")
    office = open_ledger(tmp_path / "街道办" / "台账.db")
    yield Pair(laptop, office, community, tmp_path / "U盘")
    laptop.close()
    office.close()


def _refused(office: Ledger, path: Path, reason: str) -> None:
    before = full_dump(office)
    outcome = apply_bundle(office, path)
    assert outcome.status == Status.REJECTED, (outcome.status, outcome.message)
    assert reason in outcome.message, outcome.message
    assert full_dump(office) == before


BAD_CLOCKS = [" 999999999999999-00000", "+999999999999999-00000", "0001796384656100-0000a",
              "000179638465610x-00000", "١٧٩٦٣٨٤٦٥٦١٠٠٠٠٠-00000", "0001796384656100-000001",
              "0001796384656100_00000", "", 17963846561000000]


@pytest.mark.parametrize("clock", BAD_CLOCKS, ids=range(len(BAD_CLOCKS)))
def test_a_clock_not_written_exactly_as_bundles_write_it_is_refused(
        pair: Pair, clock: object) -> None:
    before = pair.office.clock.tick()
    _refused(pair.office, pair.send(pair.demand(clock)), "时钟或设备编号不对")  # type: ignore[arg-type]
    millis, _counter = parse_hlc(pair.office.clock.tick())
    assert millis < parse_hlc(before)[0] + 60_000  # the receiver's clock was not pushed


@pytest.mark.parametrize("community", [[], {}, ["x"], {"id": "x"}], ids=str)
def test_a_reference_that_is_not_text_is_refused_not_a_crash(pair: Pair, community: object) -> None:
    """Found by tests/soak/test_fuzz_bundles.py: a demand whose community was a list or an
    object reached the scope check's set lookup and failed there with a TypeError."""
    _refused(pair.office, pair.send(pair.demand(community=community)), "应为记录ID")


@pytest.mark.parametrize("seq", [(10**30, 10**30), (1, 2**64), (2**53 + 2, 2**53 + 2)],
                         ids=["10^30", "past 2^64", "past 2^53"])
def test_a_sequence_no_device_could_reach_is_refused_not_a_crash(pair: Pair,
                                                                  seq: tuple[int, int]) -> None:
    """Found by make soak (tests/soak/test_fuzz_bundles.py): a signed manifest numbered 10^30
    made the gap's list of missing sequences fail with an OverflowError."""
    _refused(pair.office, pair.send(pair.demand(), seq=seq), "超出范围")


def test_a_forged_gap_of_a_trillion_is_held_without_listing_it(pair: Pair) -> None:
    far = 10**12
    before = full_dump(pair.office)
    outcome = apply_bundle(pair.office, pair.send(pair.demand(), seq=(far, far)))
    assert outcome.status == Status.GAP and len(outcome.missing) == far - 1
    assert outcome.missing[-1] == far - 1  # a range: nothing a trillion long is ever built
    assert f"缺少序号 1–{far - 1}" in outcome.message
    assert records.count(pair.office, "demands") == 0
    assert full_dump(pair.office)["demand"] == before["demand"]


def test_a_clock_more_than_a_day_ahead_is_held_then_applied_by_itself(pair: Pair) -> None:
    ahead = pair.send(pair.demand(forge.hlc(pair.laptop, ahead_ms=DAY_MS + 3_600_000)))
    before = full_dump(pair.office)
    outcome = apply_bundle(pair.office, ahead)
    assert outcome.status == Status.AHEAD and outcome.status.exit_code == 4
    assert "时钟超前" in outcome.message and "自动导入" in outcome.message
    assert full_dump(pair.office) == before
    assert parse_hlc(pair.office.clock.tick())[0] < parse_hlc(
        forge.hlc(pair.laptop, ahead_ms=DAY_MS))[0]  # not observed while it waits
    name = held_name(bundle.verify_bundle(ahead))
    assert (held_dir(pair.office) / "waiting" / name).is_file()
    assert apply_batch(pair.office, []) and records.count(pair.office, "demands") == 0
    later = china_time.utc_now() + dt.timedelta(hours=2)  # the office's clock has caught up
    [retried] = apply_batch(pair.office, [], now=later)
    assert retried.status == Status.APPLIED, retried.message
    assert records.count(pair.office, "demands") == 1
    assert not (held_dir(pair.office) / "waiting" / name).exists()


def test_a_manifest_nested_200000_deep_is_refused_and_the_batch_goes_on(
        pair: Pair, tmp_path: Path) -> None:
    deep = forge.raw_manifest(tmp_path / "a", b"[" * 200_000 + b"]" * 200_000, "deep.cfbundle")
    objects = forge.raw_manifest(tmp_path / "b", b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
                                 "objects.cfbundle")
    for path in (deep, objects):
        with pytest.raises(bundle.BundleRefused, match="清单无法解析"):
            bundle.verify_bundle(path)
    good = pair.send(pair.demand())
    outcomes = apply_batch(pair.office, [deep, objects, good])
    assert [o.status for o in outcomes] == [Status.REJECTED, Status.REJECTED, Status.APPLIED]
    assert records.count(pair.office, "demands") == 1


BAD_MANIFESTS = {
    "files holds a number": {"files": [1]},
    "files is text": {"files": "data/demand.jsonl"},
    "a file's size is text": {"files": [{"path": "x", "size": "1", "rows": 1,
                                         "sha256": "0" * 64}]},
    "the device is a list": {"device": ["x"]},
    "the fingerprint is lower case": {"device": {"fingerprint": "abcdef0123456789"}},
    "the scope is text": {"scope": "street"},
    "encrypted (not readable here)": {"encryption": {"alg": "x"}},
}


@pytest.mark.parametrize("case", list(BAD_MANIFESTS))
def test_a_signed_manifest_with_wrong_types_is_refused(pair: Pair, case: str) -> None:
    changes = dict(BAD_MANIFESTS[case])
    if "device" in changes and isinstance(changes["device"], dict):
        manifest = forge.manifest_of(pair.send())
        changes["device"] = {**manifest["device"], **changes["device"]}
    path = pair.send(pair.demand(), **changes)
    with pytest.raises(bundle.BundleRefused):
        bundle.verify_bundle(path)
    _refused(pair.office, path, path.name)


BAD_RANGES = [(2, 1), (1, 10**30), (1.0, 1.0), ("1", "1"), (None, None), (0, 0), (-3, 1),
              (True, True), (1, 10_000_002)]


@pytest.mark.parametrize("seq", BAD_RANGES, ids=range(len(BAD_RANGES)))
def test_a_signed_manifest_with_a_bad_sequence_range_is_refused(
        pair: Pair, seq: tuple[object, object]) -> None:
    path = pair.send(pair.demand(), seq=seq)
    _refused(pair.office, path, "序号")


def test_the_chain_is_checked_a_bundle_not_following_the_last_is_a_fork(pair: Pair) -> None:
    _refused(pair.office, pair.send(pair.demand(), prev="abc"), "清单不合规")  # not a hash
    first = pair.send(pair.demand(), seq=(1, 1))
    assert apply_bundle(pair.office, first).status == Status.APPLIED
    unchained = pair.send(pair.demand(), seq=(2, 2), prev="0" * 64)
    before = full_dump(pair.office)
    outcome = apply_bundle(pair.office, unchained)
    assert outcome.status == Status.FORK and "不衔接" in outcome.message
    assert full_dump(pair.office) == before
    held = held_dir(pair.office) / "quarantine" / held_name(bundle.verify_bundle(unchained))
    assert held.read_bytes() == unchained.read_bytes()
    chained = pair.send(pair.demand(), seq=(2, 2), prev=forge.manifest_sha(first))
    assert apply_bundle(pair.office, chained).status == Status.APPLIED
    first_but_chained = pair.send(pair.demand(), seq=(1, 1), prev="1" * 64)
    assert apply_bundle(pair.office, first_but_chained).status == Status.FORK


def test_a_held_file_with_an_odd_name_never_breaks_later_imports(pair: Pair) -> None:
    waiting = held_dir(pair.office) / "waiting"
    waiting.mkdir(parents=True)
    fingerprint = pair.laptop.device
    for odd in (f"x-{fingerprint}-abc.cfbundle", f"{fingerprint}-1-x-0.cfbundle",
                f"-{fingerprint}-.cfbundle", f"{fingerprint}.cfbundle"):
        (waiting / odd).write_bytes(b"not a bundle")
    first = pair.send(pair.demand(), seq=(1, 1))
    third = pair.send(pair.demand(), seq=(3, 3), name=f"{fingerprint}-2-2.cfbundle")
    assert apply_bundle(pair.office, third).status == Status.GAP  # its name lies: held as 3-3
    assert apply_bundle(pair.office, first).status == Status.APPLIED
    second = pair.send(pair.demand(), seq=(2, 2), prev=forge.manifest_sha(first))
    outcome = apply_bundle(pair.office, second)
    assert outcome.status == Status.APPLIED
    assert records.count(pair.office, "demands") == 2  # the third still waits: not chained


def test_an_attachment_that_does_not_match_its_hash_is_not_written(pair: Pair) -> None:
    photo = b"\x89PNG fake photo bytes"
    sha = "a" * 64  # not the hash of the bytes
    record = forge.row(str(uuid.uuid4()), pair.laptop.device, forge.hlc(pair.laptop),
                       entity="community", record_id=pair.community, sha256=sha,
                       filename="照片.png", size=len(photo))
    path = forge.signed(pair.laptop, pair.folder / "photo", {
        "data/attachment.jsonl": forge.lines(record), f"files/{sha}": photo}, seq=(1, 1))
    _refused(pair.office, path, "内容与文件名不符")
    store = files.store_dir(pair.office)
    assert not store.exists() or [p for p in store.rglob("*") if p.is_file()] == []


def test_the_command_line_goes_on_after_a_bad_file_and_acknowledges_the_good_one(
        pair: Pair, tmp_path: Path) -> None:
    deep = forge.raw_manifest(tmp_path / "a", b"[" * 200_000 + b"]" * 200_000, "deep.cfbundle")
    typed = pair.send(pair.demand(), files=[1])
    good = pair.send(pair.demand())
    ahead = pair.send(pair.demand(forge.hlc(pair.laptop, ahead_ms=2 * DAY_MS)), seq=(2, 2),
                      prev=forge.manifest_sha(good))
    office = pair.office.path
    pair.office.close()
    receipts = tmp_path / "回执"
    done = run("--db", office, "bundle", "import", "--receipts", receipts,
               deep, typed, good, ahead)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 4, done.stdout  # the highest: one held for its clock
    lines = done.stdout.splitlines()
    assert any(line.startswith("deep.cfbundle：拒收") for line in lines), done.stdout
    assert any(line.startswith(f"{typed.name}：拒收") for line in lines), done.stdout
    assert any(line.startswith(f"{good.name}：已导入") for line in lines), done.stdout
    assert any(line.startswith(f"{ahead.name}：暂存（时钟超前）") for line in lines), done.stdout
    assert [p.name for p in receipts.iterdir()] == [f"{pair.laptop.device}-1.cfreceipt"]
    shutil.rmtree(receipts)
    reopened = init_ledger(office)
    try:
        assert records.count(reopened, "demands") == 1
    finally:
        reopened.close()
