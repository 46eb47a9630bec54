"""What the fuzz tests share: seeded byte mutations (inside ZIP members too), a cheap fingerprint
of a ledger's tables, Hypothesis settings sized by the soak, and the check of a refusal."""

from __future__ import annotations

import hashlib
import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, settings
from sqlalchemy import text

from app.errors import KnownError
from app.store.db import Ledger
from app.sync import canonical
from tests.soak.conftest import Soak

TABLES = ("community", "space", "function_status", "demand", "project", "operator",
          "evaluation", "attachment", "history", "change_log", "setting", "device", "district",
          "zone", "street")
"""What a refused input must leave exactly as it was: the records, history, change log,
settings (the sync state and the relays are kept there), the devices enrolled or trusted, and
the areas (reference data)."""

CHINESE = re.compile(r"[\u4e00-\u9fff]")

Mutation = Callable[[bytes, random.Random], bytes]


def _span(raw: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(raw) + 1)
    return start, min(len(raw), start + rng.choice((1, 2, 4, 16, 64, 512, 4096)))


def flip(raw: bytes, rng: random.Random) -> bytes:
    """One to eight bytes XORed with a non-zero byte."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    return bytes(data)


def truncate(raw: bytes, rng: random.Random) -> bytes:
    """The first bytes only (none at all, sometimes)."""
    return raw[:rng.randrange(len(raw))] if raw else raw


def splice(raw: bytes, rng: random.Random) -> bytes:
    """Random bytes (or a run of one byte) put in at a random place."""
    at = rng.randrange(len(raw) + 1)
    size = rng.choice((1, 3, 17, 300, 5000))
    junk = (rng.randbytes(size) if rng.random() < 0.7
            else bytes([rng.choice(b"\x00\xff{[<\"9")]) * size)
    return raw[:at] + junk + raw[at:]


def duplicate(raw: bytes, rng: random.Random) -> bytes:
    """A span of the file repeated in place (1 to 64 times)."""
    start, end = _span(raw, rng)
    return raw[:end] + raw[start:end] * rng.randint(1, 64) + raw[end:]


def cut_out(raw: bytes, rng: random.Random) -> bytes:
    """A span of the file taken out."""
    start, end = _span(raw, rng)
    return raw[:start] + raw[end:]


def overwrite(raw: bytes, rng: random.Random) -> bytes:
    """A span of the file overwritten by another span of it (a misplaced sector)."""
    start, end = _span(raw, rng)
    other = rng.randrange(len(raw) + 1)
    piece = raw[other:other + (end - start)]
    return raw[:start] + piece + raw[start + len(piece):]


BYTE_MUTATIONS: tuple[Mutation, ...] = (flip, truncate, splice, duplicate, cut_out, overwrite)


def mutate_bytes(raw: bytes, rng: random.Random) -> bytes:
    """One to three byte mutations in a row; never the bytes given."""
    for _ in range(10):
        data = raw
        for _ in range(rng.choice((1, 1, 2, 3))):
            data = rng.choice(BYTE_MUTATIONS)(data, rng)
        if data != raw:
            return data
    return raw + b"\x00"


def mutate_text(raw: bytes, rng: random.Random) -> bytes:
    """A text file's bytes mutated, then kept valid UTF-8 (what broke is its content, not its
    encoding: the reader's parsing behind the decoding is reached)."""
    text = mutate_bytes(raw, rng).decode("utf-8", "ignore")
    at = rng.randrange(len(text) + 1)
    extra = "".join(rng.choice(',"\n\r\t;=+-@\'，、是否0123456789东七路社区') for _ in
                    range(rng.randint(0, 6)))
    return (text[:at] + extra + text[at:]).encode("utf-8-sig")


def members(raw: bytes) -> list[tuple[str, bytes]]:
    """A ZIP's members, in order."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rezip(entries: list[tuple[str, bytes]], *, canonical_layout: bool) -> bytes:
    """Members packed again: as the app's canonical ZIP (bundles, receipts, connection files:
    the layout check then passes and the checks behind it are reached) or as Excel packs them."""
    if canonical_layout:
        return canonical.canonical_zip(entries)
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a doubled member is meant: "Duplicate name"
        for name, body in entries:
            archive.writestr(name, body)
    return buffer.getvalue()


def mutate_member(raw: bytes, rng: random.Random, *, canonical_layout: bool) -> bytes:
    """One member of a ZIP mutated (or dropped, doubled, renamed, swapped), packed again."""
    entries = members(raw)
    index = rng.randrange(len(entries))
    name, body = entries[index]
    how = rng.random()
    if how < 0.7:
        entries[index] = (name, mutate_bytes(body, rng))
    elif how < 0.78:
        del entries[index]
    elif how < 0.86:
        entries.insert(index, (name, body))
    elif how < 0.93:
        entries[index] = (rng.choice((name.upper(), name + "x", "../" + name, "其它.xml")), body)
    else:
        rng.shuffle(entries)
    try:
        return rezip(entries, canonical_layout=canonical_layout)
    except (ValueError, canonical.BundleRefused):  # a name the writer refuses: bytes instead
        return mutate_bytes(raw, rng)


def mutate(raw: bytes, rng: random.Random, *, zipped: bool = False,
           canonical_layout: bool = False) -> bytes:
    """A mutated copy of a genuine file: its bytes, or (ZIP files, half the time) a member's."""
    if zipped and rng.random() < 0.5:
        mutated = mutate_member(raw, rng, canonical_layout=canonical_layout)
        if mutated != raw:
            return mutated
    return mutate_bytes(raw, rng)


def digest(ledger: Ledger) -> dict[str, tuple[int, str]]:
    """Each of TABLES as its row count and a hash of its rows in rowid order."""
    found: dict[str, tuple[int, str]] = {}
    with ledger.engine.connect() as conn:
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY rowid")).all()
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def rounds_settings(soak: Soak, quick: int, soaking: int) -> settings:
    """Hypothesis settings for a fuzz test: reproducible, no deadline, `soak.rounds` examples."""
    return settings(max_examples=soak.rounds(quick, soaking), derandomize=True, deadline=None,
                    database=None, suppress_health_check=list(HealthCheck))


def said_well(exc: BaseException, *names: str) -> None:
    """A refusal is one of the app's own errors, in Chinese, naming what was refused (one of
    `names`: the file's name, or the relay's address)."""
    assert isinstance(exc, KnownError), f"{type(exc).__name__}: {exc}"
    message = str(exc)
    assert CHINESE.search(message), message
    if names:
        assert any(name in message for name in names), (names, message)


def seeded(test: str, case: int) -> random.Random:
    """The generator of one case: the same bytes on every run."""
    return random.Random(f"{test}:{case}")


def write(folder: Path, name: str, data: bytes) -> Path:
    """`data` as a file of that name in `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path
