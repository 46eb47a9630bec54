"""Fuzzed connection files (.cfconnect) into a street: the district's genuine file mutated, and
files signed by the key they carry (as any forger can) whose content Hypothesis fills with
hostile values. Read and imported, each is refused with a Chinese reason or taken whole, never a
traceback; a refused one leaves the street's ledger (its trusted upstream, its relays, every
table) exactly as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import KnownError
from app.services.areas import resolve_scope
from app.sync import canonical, connect, keyfile, minisign
from tests.app.sync.ledgers import STREET
from tests.helpers.ledgers import Devices
from tests.soak import fuzzing
from tests.soak.conftest import Soak
from tests.soak.hostile_values import HOSTILE, replaced

URL = "https://relay.example.cn/dav/610102005/"


class Offices:
    """A district, one of its streets (open), and the district's genuine file for the street."""

    def __init__(self, devices: Devices, folder: Path) -> None:
        self.folder = folder
        self.district = devices.open(folder / "区县" / "台账.db", role="district", area="新城区")
        self.street = devices.open(folder / "街道" / "台账.db", role="street", area=STREET)
        scope = resolve_scope(self.district, f"street:{STREET}")
        assert scope is not None
        self.genuine = connect.make_connect(self.district, scope,
                                            keyfile.own_key_file_text(self.street), URL, "jfm",
                                            "Rl4y-口令", None)
        self.code = keyfile.parse_key_file(keyfile.own_key_file_text(self.district)).code
        self.taken = 0

    def close(self) -> None:
        self.district.close()
        self.street.close()

    def try_file(self, path: Path) -> None:
        """Read and import a fuzzed file as `connect import --confirm CODE` does."""
        before = fuzzing.digest(self.street)
        try:
            connection = connect.read_connect(path, self.street)
            connect.import_connect(self.street, connection, self.code, replace=True)
        except KnownError as exc:
            fuzzing.said_well(exc)
            assert fuzzing.digest(self.street) == before, str(exc)
            return
        self.taken += 1


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[Offices]:
    both = Offices(devices, tmp_path)
    yield both
    both.close()


def test_mutated_genuine_connection_files_are_refused_and_write_nothing(
        offices: Offices, soak: Soak) -> None:
    rounds = soak.rounds(40, 2000)
    genuine_body = fuzzing.members(offices.genuine)[0][1]
    for case in range(rounds):
        rng = fuzzing.seeded("connect", case)
        data = fuzzing.mutate(offices.genuine, rng, zipped=True, canonical_layout=True)
        path = fuzzing.write(offices.folder / "U盘", f"{case}{connect.SUFFIX}", data)
        taken = offices.taken
        offices.try_file(path)
        if offices.taken > taken:  # only minisign's unsigned comment was changed
            assert fuzzing.members(data)[0][1] == genuine_body, case
    soak.tried("fuzzed: connection files (mutated genuine)", rounds)


def _signed(offices: Offices, content: Any, name: str) -> Path:
    """A connection file of this content, signed by the district's key (the one it carries)."""
    body = json.dumps(content, ensure_ascii=False).encode()
    identity = offices.district.identity
    signature = minisign.sign(body, identity.key_id, identity.private_key, "connect")
    return fuzzing.write(offices.folder / "伪造", name, canonical.canonical_zip(
        [(connect.BODY, body), (connect.SIGNATURE, signature.encode())]))


def test_signed_connection_files_with_hostile_content_never_crash(
        offices: Offices, soak: Soak) -> None:
    genuine = json.loads(fuzzing.members(offices.genuine)[0][1])
    counted = 0

    @fuzzing.rounds_settings(soak, 40, 1500)
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        nonlocal counted
        counted += 1
        content = genuine
        for _ in range(data.draw(st.integers(1, 3))):
            content = replaced(content, data.draw) if data.draw(st.integers(0, 5)) \
                else data.draw(HOSTILE)
        offices.try_file(_signed(offices, content, f"伪造-{counted}{connect.SUFFIX}"))

    case()
    soak.tried("fuzzed: connection files (signed, hostile content)", counted)
