"""Bundle format 2 beside format 1 and the bare libraries: size, making, applying.

The street of `bench.sync` (about 100,000 records, made once and cached) bundles all its changes
twice from copies of its ledger (the bundled mark set back to 0): as format 1 (the plain JSON
lines, what DESIGN.md calls the uncompressed JSON) and as format 2 sealed to a district's
encryption key. Printed: both sizes and their ratio (budget: format 2 ≤ 25% of the JSON); the
seconds `make_bundle` takes for each, beside the bare floor of what format 2 adds (zlib level 6
of the same JSON lines, then AES-256-GCM of the result in 1 MiB chunks: `zlib` and
`cryptography` alone, best of 3); and `apply_bundle` of each at a fresh district, so the cost of
verifying, decrypting and inflating shows as format 2 minus format 1.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zlib
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store import enckey
from app.store.db import Ledger, open_ledger
from app.store.settings import set_settings
from app.sync import bundle, keys, minisign
from app.sync.apply import apply_bundle
from bench import verdicts
from bench.citydb import CITY_DB
from bench.common import best, restart_clock, say
from bench.sync import DISTRICT, STREET, street

BUDGET = verdicts.BUNDLE_SIZE.limit
CHUNK = 1 << 20


def _copy(db: Path, folder: Path) -> Ledger:
    """A copy of the cached street ledger (and its key), its bundled mark set back to 0."""
    folder.mkdir(parents=True)
    for source in db.parent.glob(f"{db.name}*"):
        if source.is_file() and not source.name.endswith((".partial",)):
            shutil.copy(source, folder / source.name)
    ledger = open_ledger(folder / db.name)
    set_settings(ledger, **{bundle.BUNDLED_SEQ: 0, bundle.PREV_MANIFEST: None})
    return ledger


def _made(ledger: Ledger) -> tuple[float, bundle.Made]:
    started = time.perf_counter()
    made = bundle.make_bundle(ledger)
    assert made is not None
    return time.perf_counter() - started, made


def _district(path: Path, public_key: str) -> Ledger:
    ledger = init_ledger(path, role="district", area=DISTRICT)
    scope = resolve_scope(ledger, f"street:{STREET}")
    assert scope is not None
    keys.enroll(ledger, public_key, scope)
    return ledger


def _bare(json_lines: list[bytes]) -> float:
    """zlib level 6 of each file, then AES-256-GCM of the result in 1 MiB chunks."""
    cipher = AESGCM(os.urandom(32))

    def run() -> None:
        packed = b"".join(zlib.compress(body, 6) for body in json_lines)
        for n, start in enumerate(range(0, len(packed), CHUNK)):
            cipher.encrypt(n.to_bytes(12, "big"), packed[start:start + CHUNK], b"")

    return best(run)


def _applied(path: Path, bundle_path: Path, public_key: str,
             encryption: Path | None = None) -> float:
    """Seconds to apply a bundle at a fresh district (holding `encryption`'s key file, if given)."""
    path.parent.mkdir(parents=True)
    if encryption is not None:
        shutil.copy(encryption, enckey.enckey_path(path))
    ledger = _district(path, public_key)
    try:
        started = time.perf_counter()
        outcome = apply_bundle(ledger, bundle_path)
        seconds = time.perf_counter() - started
    finally:
        ledger.close()
    if outcome.status != "applied":
        raise RuntimeError(f"apply_bundle: {outcome.status}: {outcome.message}")
    return seconds


def main() -> None:
    """Print the sizes, the making and the applying of format 1 and sealed format 2."""
    restart_clock()
    cached = street()
    work = Path(tempfile.mkdtemp(prefix="bundles-run-", dir=CITY_DB.parent))
    try:
        say("format 1 from a copy of the street …")
        plain = _copy(cached.db, work / "plain")
        trusted = keys.upstream(plain)  # the street's bundles go sealed: format 1 here
        if trusted is not None:
            keys.announce(plain, trusted.fingerprint, None, (bundle.FORMAT,))
        key = minisign.public_key(plain.identity.key_id, plain.identity.private_key).text()
        make_1, made_1 = _made(plain)
        checked = bundle.verify_bundle(made_1.path)
        assert checked.payload is not None
        json_lines = [checked.payload[name] for name in checked.payload
                      if name.startswith("data/")]
        plain.close()

        say("format 2, sealed to a district, from another copy …")
        receiver = work / "district-keys" / "district.db"
        receiver.parent.mkdir()
        sealed = _copy(cached.db, work / "sealed")
        above = minisign.public_key(os.urandom(8), Ed25519PrivateKey.generate()).text()
        keys.trust_upstream(sealed, above)  # the district's: only its encryption key is used
        upstream = keys.upstream(sealed)
        assert upstream is not None
        keys.announce(sealed, upstream.fingerprint, enckey.load_or_create(receiver).public,
                      bundle.FORMATS)
        make_2, made_2 = _made(sealed)
        sealed.close()
        say("bare zlib + AES-GCM, best of 3 …")
        bare = _bare(json_lines)

        say("apply_bundle of each at a fresh district …")
        apply_1 = _applied(work / "d1" / "district.db", made_1.path, key)
        apply_2 = _applied(work / "d2" / "district.db", made_2.path, key,
                           enckey.enckey_path(receiver))
        size_1, size_2 = made_1.path.stat().st_size, made_2.path.stat().st_size
        say("done")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    json_size = sum(len(b) for b in json_lines)
    print(f"bundles: all {made_1.records:,} records of {STREET}, format 1 beside format 2 sealed")
    print(f"  format 1 (the JSON lines)        {size_1 / 1e6:8.1f} MB  "
          f"(JSON {json_size / 1e6:.1f} MB)")
    print(f"  format 2, compressed and sealed  {size_2 / 1e6:8.1f} MB  "
          f"{size_2 / size_1:5.3f} of format 1, {size_2 / json_size:5.3f} of the JSON "
          f"(budget ≤ {BUDGET:.2f} of the JSON)")
    print(f"  make_bundle, format 1            {make_1:8.2f} s")
    print(f"  make_bundle, format 2            {make_2:8.2f} s  "
          f"(+{make_2 - make_1:.2f} s over format 1)")
    print(f"  bare zlib 6 + AES-256-GCM        {bare:8.2f} s  "
          f"{bare / (make_2 - make_1) if make_2 > make_1 else float('inf'):5.2f} of what "
          "format 2 adds")
    print(f"  apply_bundle, format 1           {apply_1:8.2f} s")
    print(f"  apply_bundle, format 2           {apply_2:8.2f} s  "
          f"(+{apply_2 - apply_1:.2f} s: verify, decrypt, inflate)")
    verdicts.record("bundles", "format 2 size ÷ its JSON (a street's records)", size_2,
                    "bytes", json_size, verdicts.BUNDLE_SIZE, made_2.records)
