"""Fuzzed relay answers, from the real WsgiDAV test relay told to answer garbage: PROPFIND
listings Hypothesis writes (hrefs, sizes, folders, broken XML), GET bodies and headers that lie,
and a district's whole collecting round over an outbox of mutated bundles. Each answer is one of
the relay's own known errors in Chinese naming the relay, or a listing of safe names, or a file
whole; never a traceback; a round's refused files write nothing and do not stop the genuine one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.errors import KnownError
from app.services import records
from app.store.db import Ledger
from app.sync import bundle
from app.sync.outcome import Status
from app.sync.webdav import _SAFE_PATH, RelayError
from tests.app.sync.ledgers import STREET
from tests.app.sync.relaying import dav, district_round
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import Connected, enrolled
from tests.soak import fuzzing
from tests.soak.conftest import Soak

FOLDER = "610102005/outbox"

NAMES = st.one_of(
    st.sampled_from(["610102005000-4DF8526E254EE33C-1-2.cfbundle", "b.cfreceipt", "c.txt"]),
    st.sampled_from(["a.cfbundle", "ckpt-x.cfbundle", "..", ".", "a b.cfbundle", "%2e%2e",
                     "../../etc", "x/y/z", "", "名字.cfbundle", ".tmp-upload-1", "a" * 300]),
    st.text(max_size=30))


@st.composite
def listings(draw: st.DrawFn, base: str) -> str:
    """A PROPFIND answer body: a multistatus of hostile entries, or something else entirely."""
    kind = draw(st.integers(0, 12))
    if kind == 0:
        return draw(st.text(max_size=300))
    if kind == 1:
        return "<d:multistatus xmlns:d=\"DAV:\">" * draw(st.integers(1, 3000))
    entries = []
    for _ in range(draw(st.integers(0, 8))):
        name = draw(NAMES)
        href = draw(st.sampled_from([
            base + quote(name), base + name, "http://elsewhere/" + name, name,
            base + quote(name) + "/", "/" + name, base]))
        length = draw(st.one_of(st.integers(0, 10**6).map(str), st.integers(-5, 10**20).map(str),
                                st.sampled_from(["", "abc", "١٢", " 12 ", "1e9"])))
        folder = '<d:resourcetype><d:collection/></d:resourcetype>' if draw(st.booleans()) \
            else "<d:resourcetype/>"
        status = draw(st.sampled_from(["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "nonsense"]))
        entries.append(
            f"<d:response><d:href>{_xml(href)}</d:href><d:propstat><d:prop>{folder}"
            f"<d:getcontentlength>{_xml(length)}</d:getcontentlength></d:prop>"
            f"<d:status>{status}</d:status></d:propstat></d:response>")
    body = ('<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:">'
            + "".join(entries) + "</d:multistatus>")
    if kind == 2:
        return body[:draw(st.integers(0, len(body)))]  # cut short
    return body


GOOD_LISTING = (
    '<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:"><d:response>'
    "<d:href>{base}610102005000-4DF8526E254EE33C-1-2.cfbundle</d:href><d:propstat><d:prop>"
    "<d:resourcetype/><d:getcontentlength>1200</d:getcontentlength></d:prop>"
    "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>")
"""A listing any relay could give: met on every run, whatever the load does to the drawn ones
(a slow answer under load is refused, and a quick run draws only a few dozen)."""


def _xml(text: str) -> str:
    return "".join(c for c in text if c.isprintable()).replace("&", "&amp;").replace(
        "<", "&lt;")


STATUSES = st.sampled_from(["207 Multi-Status", "207 Multi-Status", "207 Multi-Status",
                            "200 OK", "404 Not Found", "500 Internal Server Error",
                            "301 Moved", "403 Forbidden", "507 Insufficient Storage",
                            "418 I'm a teapot", "206 Partial Content"])

HEADERS = st.dictionaries(
    st.sampled_from(["Date", "Content-Type", "Location", "Content-Encoding", "X-Odd"]),
    st.sampled_from(["", "garbage", "Mon, 99 Foo 2026 25:61:61 GMT",
                     "Sat, 05 Dec 2026 04:00:00 GMT", "gzip", "text/xml; charset=gb2312",
                     "http://127.0.0.1:1/", "\u00e9"]),
    max_size=3)


def _said_by_relay(exc: BaseException, relay: TestRelay) -> None:
    assert isinstance(exc, RelayError), f"{type(exc).__name__}: {exc}"
    fuzzing.said_well(exc, relay.url.rstrip("/"))


def test_hostile_listings_are_refused_or_listed_safely(relay: TestRelay, soak: Soak) -> None:
    base = f"/{FOLDER}/"
    counted = 0
    seen = {"refused": 0, "listed": 0}
    with dav(relay.config()) as client:

        @fuzzing.rounds_settings(soak, 30, 800)
        @given(status=st.one_of(st.just("207 Multi-Status"), STATUSES), body=listings(base),
               headers=HEADERS)
        @example(status="207 Multi-Status", body=GOOD_LISTING.format(base=base), headers={})
        def case(status: str, body: str, headers: dict[str, str]) -> None:
            nonlocal counted
            counted += 1
            relay.fault("answer", status=status, body=body, headers=headers)
            try:
                found = client.list(FOLDER)
            except KnownError as exc:
                _said_by_relay(exc, relay)
                seen["refused"] += 1
                return
            seen["listed"] += bool(found)
            for remote in found:
                assert _SAFE_PATH.fullmatch(remote.name) and "/" not in remote.name, remote
                assert remote.name not in (".", "..") and remote.size >= 0, remote

        case()
    assert seen["refused"] and seen["listed"], seen  # both kinds of answer were met
    soak.tried("fuzzed: relay answers (PROPFIND listings)", counted)


def test_hostile_downloads_are_refused_or_whole(relay: TestRelay, soak: Soak,
                                                tmp_path: Path) -> None:
    counted = 0
    seen = {"refused": 0, "whole": 0}
    target = tmp_path / "下载" / "a.cfbundle"
    target.parent.mkdir()
    with dav(relay.config()) as client:

        @fuzzing.rounds_settings(soak, 30, 800)
        @given(status=STATUSES, body=st.text(max_size=2000), repeat=st.sampled_from([1, 1, 600]),
               headers=HEADERS, limit=st.sampled_from([100, 5000, 2_000_000]))
        def case(status: str, body: str, repeat: int, headers: dict[str, str],
                 limit: int) -> None:
            nonlocal counted
            counted += 1
            target.unlink(missing_ok=True)
            relay.fault("answer", status=status, body=body, repeat=repeat, headers=headers)
            try:
                client.get(f"{FOLDER}/a.cfbundle", target, limit)
            except KnownError as exc:
                _said_by_relay(exc, relay)
                assert list(target.parent.iterdir()) == []  # nothing half written
                seen["refused"] += 1
                return
            seen["whole"] += 1
            assert target.read_bytes() == body.encode() * repeat  # whole, as sent
            assert target.stat().st_size <= limit
            assert [p.name for p in target.parent.iterdir()] == [target.name]

        case()
    assert seen["refused"] and seen["whole"], seen
    soak.tried("fuzzed: relay answers (GET bodies and headers)", counted)


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[Connected]:
    both = enrolled(devices, tmp_path)
    yield both
    both.close()


def _kept(ledger: Ledger) -> dict[str, tuple[int, str]]:
    """The tables a collecting round may not touch for refused files (a round notes its own
    settings, when it ran and whom it heard from: those are left out)."""
    return {t: v for t, v in fuzzing.digest(ledger).items() if t != "setting"}


def test_a_collecting_round_over_mutated_bundles_takes_only_the_genuine_one(
        relay: TestRelay, offices: Connected, soak: Soak) -> None:
    records.create(offices.street, "communities", {"name": "东七路社区", "street": STREET})
    made = bundle.make_bundle(offices.street)
    assert made is not None
    raw = made.path.read_bytes()
    outbox = relay.root / offices.code / "outbox"
    outbox.mkdir(parents=True)
    rounds, per_round = soak.rounds(2, 30), soak.rounds(6, 25)
    before = _kept(offices.district)
    for turn in range(rounds):
        for case in range(per_round):
            rng = fuzzing.seeded("relay-round", turn * 1000 + case)
            mutated = fuzzing.mutate(raw, rng, zipped=True, canonical_layout=True)
            if bundle.manifest_hash(made.path) == _hash(mutated, outbox):
                continue  # only the unsigned comment changed: the genuine bundle itself
            (outbox / f"{made.path.stem}-{turn}-{case}{bundle.SUFFIX}").write_bytes(mutated)
        report = district_round(relay, offices)
        assert len(report.outcomes) + len(report.refused) == len(report.received), report
        assert report.received, report
        for _where, why in report.refused:  # judged before applying: junk, a stranger's
            assert fuzzing.CHINESE.search(why), why
        for _where, outcome in report.outcomes:
            assert outcome.status == Status.REJECTED, (outcome.status, outcome.message)
        assert _kept(offices.district) == before, turn
        for path in outbox.iterdir():
            path.unlink()
    soak.tried("fuzzed: relay rounds over mutated bundles", rounds * per_round)
    (outbox / made.path.name).write_bytes(raw)
    report = district_round(relay, offices)
    assert [o.status for _w, o in report.outcomes] == [Status.APPLIED], report
    assert records.count(offices.district, "communities") == 1


def _hash(data: bytes, folder: Path) -> str | None:
    probe = folder.parent / "probe.cfbundle"
    probe.write_bytes(data)
    try:
        return bundle.manifest_hash(probe)
    finally:
        probe.unlink()
