"""A 500 MB sealed bundle is made and imported in bounded memory (issue 13: under 400 MB).

Verifying, decrypting, inflating and keeping attachments all go in blocks; each side runs in a
child process of its own, which reports its peak resident memory (VmHWM: getrusage's maxrss
would carry over the peak of the pytest worker that started it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services import attachments, records
from app.services.areas import resolve_scope
from app.sync import bundle, keys
from tests.app.sync.ledgers import STREET, announce_upstream, public_key_text
from tests.helpers.ledgers import Devices

ROOT = Path(__file__).resolve().parents[3]
PHOTOS, PHOTO_SIZE = 60, 8 * 1024 * 1024
LIMIT_MB = 400

CHILD = """
import sys
from pathlib import Path
from app.store.db import open_ledger
from app.sync import bundle
from app.sync.apply import apply_bundle

ledger = open_ledger(Path(sys.argv[2]))
if sys.argv[1] == "make":
    made = bundle.make_bundle(ledger)
    print(made.path if made else "")
else:
    outcome = apply_bundle(ledger, Path(sys.argv[3]))
    print(outcome.status.value, outcome.message)
ledger.close()
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) // 1024)
"""


def _child(*args: str | Path) -> tuple[str, int]:
    """Run CHILD with these arguments; what it printed first, and its peak memory in MB."""
    done = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    first, peak = done.stdout.strip().splitlines()
    return first, int(peak)


def test_a_500_mb_sealed_bundle_is_made_and_imported_under_400_mb(
        devices: Devices, tmp_path: Path) -> None:
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area=STREET)
    office = devices.open(tmp_path / "街道办" / "台账.db", role="street", area=STREET, device=2)
    try:
        keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
        announce_upstream(laptop, office)
        community = records.create(laptop, "communities", {"name": "东七路社区",
                                                           "street": STREET})
        photo = tmp_path / "照片.jpg"
        for _n in range(PHOTOS):  # photos do not compress: the bundle is as large as they are
            photo.write_bytes(os.urandom(PHOTO_SIZE))
            attachments.attach(laptop, "communities", community, photo)
        photo.unlink()
    finally:
        laptop.close()
        office.close()

    made, making = _child("make", laptop.path)
    size = Path(made).stat().st_size
    assert 480 * 1024 * 1024 < size <= bundle.MAX_BUNDLE
    assert bundle.verify_bundle(Path(made)).payload is None  # sealed

    outcome, importing = _child("apply", office.path, made)
    assert outcome.startswith("applied"), outcome
    print(f"bundle {size / 2**20:.0f} MiB: peak memory {making} MB making, {importing} MB applying")
    assert making < LIMIT_MB and importing < LIMIT_MB, (making, importing)
    kept = sum(p.stat().st_size for p in (office.path.parent / "台账.db.files").rglob("*")
               if p.is_file())
    assert kept == PHOTOS * PHOTO_SIZE
