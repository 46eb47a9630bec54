"""A field laptop and the street office that enrolled it (format 2: the laptop's bundles are
compressed, sealed to the office and signed), with genuine files between them to fuzz."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import records
from app.store import enckey
from app.store.db import Ledger, open_ledger
from app.sync import bundle, canonical, receipts, sealing
from app.sync.apply import apply_batch
from app.sync.outcome import Outcome, Status
from app.sync.reference import make_reference
from tests.app.sync import forge
from tests.app.sync.keyring import records_street_id
from tests.app.sync.ledgers import STREET, announce_upstream, enroll
from tests.helpers.ledgers import Devices, copy_ledgers, template_time
from tests.soak import fuzzing

LAPTOP = Path("外业") / "台账.db"
OFFICE = Path("街道办") / "台账.db"


@dataclasses.dataclass(frozen=True)
class Genuine:
    """The files made once: the laptop's second bundle (the first is applied at the office),
    the office's receipt for the first, and the office's reference bundle for the laptop."""

    folder: Path
    community: str
    second: Path
    receipt: Path
    reference: Path
    last_sha: str
    last_seq: int


@dataclasses.dataclass
class Pair:
    """Copies of the laptop and the office, open; the genuine files; what the office applied."""

    laptop: Ledger
    office: Ledger
    genuine: Genuine
    folder: Path
    seq: int = 1
    prev: str = ""
    reference_version: int = 1

    def close(self) -> None:
        self.laptop.close()
        self.office.close()

    def apply(self, path: Path) -> Outcome:
        """The office applies one file as a batch would: the outcome, never an exception."""
        [outcome] = [o for o in apply_batch(self.office, [path]) if o.path == path]
        assert outcome.status != Status.FAILED, outcome.message  # a bug, caught and logged
        assert fuzzing.CHINESE.search(outcome.message) or outcome.status == Status.APPLIED, \
            outcome.message
        return outcome

    def office_batch(self, paths: list[Path]) -> list[Outcome]:
        """The office applies these files as one batch: their outcomes, in order."""
        outcomes = {o.path: o for o in apply_batch(self.office, paths)}
        left = [p.name for p in paths if p not in outcomes]
        assert not left, f"the batch stopped: no outcome for {left}"
        return [outcomes[p] for p in paths]

    def demand(self, clock: str | None = None, **values: object) -> dict:
        """A payload line: a new demand in the office's community."""
        values = {"community": self.genuine.community, "content": "加装电梯", **values}
        return forge.row(str(uuid.uuid4()), self.laptop.device,
                         forge.hlc(self.laptop) if clock is None else clock, **values)

    def good_lines(self, entity: str, count: int) -> bytes:
        """`count` honest rows of a data file: new demands in the community, or new communities
        of the street (what a refusal later in the same bundle must not leave behind)."""
        rows = []
        for n in range(count):
            if entity == "demand":
                rows.append(self.demand(content=f"需求{n}"))
            else:
                rows.append(forge.row(str(uuid.uuid4()), self.laptop.device,
                                      forge.hlc(self.laptop), name=f"新社区{n}",
                                      street=records_street_id(self.office)))
        return forge.lines(*rows)

    def forged(self, payload: dict[str, bytes], **manifest: object) -> Path:
        """A bundle signed by the laptop's key: the next in its chain, whatever it holds."""
        seq = (manifest.pop("seq_from", self.seq + 1), manifest.pop("seq_to", self.seq + 1))
        prev = manifest.pop("prev_manifest_sha256", self.prev)
        return forge.signed(self.laptop, self.folder / uuid.uuid4().hex, payload, seq=seq,
                            prev=prev, **manifest)  # type: ignore[arg-type]

    def sealed(self, inner: list[tuple[str, bytes]], listing: object) -> Path:
        """A format-2 bundle signed by the laptop's key and sealed to the office as its own are,
        whatever its inner files and their index (files.json) hold: reaches what is checked
        only after decryption (the index, the declared sizes, the inflation)."""
        to = bundle.recipient(self.laptop)
        assert to.format == bundle.FORMAT_2 and to.encryption is not None
        manifest = bundle.manifest_for(self.laptop, self.seq + 1, self.seq + 1, [], None,
                                       kind=bundle.FORMAT_2)
        manifest["prev_manifest_sha256"] = self.prev
        plain = canonical.canonical_zip([(bundle.INDEX, json.dumps(listing).encode()), *inner])
        associated = bundle.associated_data(manifest, enckey.encryption_key_id(to.encryption))
        sealed = io.BytesIO()
        manifest["encryption"] = sealing.seal(io.BytesIO(plain), sealed, to.encryption,
                                              associated)
        data = sealed.getvalue()
        manifest["files"] = [{"path": bundle.SEALED, "size": len(data), "stored_size": len(data),
                              "rows": 0, "sha256": hashlib.sha256(data).hexdigest()}]
        path = self.folder / uuid.uuid4().hex / f"sealed{bundle.SUFFIX}"
        bundle.write_signed(self.laptop, manifest, [(bundle.SEALED, data)], path)
        return path

    def reference(self, payload: dict[str, bytes], **changes: object) -> Path:
        """A reference bundle signed by the office's key (the laptop's upstream), the next
        version, holding this payload, its manifest edited by `changes`."""
        self.reference_version += 1
        version = self.reference_version
        counted = [(name, body, body.count(b"\n") if name.endswith(".jsonl") else 1)
                   for name, body in payload.items()]
        manifest = bundle.manifest_for(self.office, version, version, counted, None,
                                       kind=bundle.REFERENCE_FORMAT)
        manifest.update(changes)
        path = self.folder / uuid.uuid4().hex / f"ref-{version}{bundle.SUFFIX}"
        bundle.write_signed(self.office, manifest, list(payload.items()), path)
        return path

    def laptop_takes(self, path: Path) -> Outcome:
        """The laptop applies one file (a reference bundle) as a batch would."""
        [outcome] = [o for o in apply_batch(self.laptop, [path]) if o.path == path]
        assert outcome.status != Status.FAILED, outcome.message  # a bug, caught and logged
        assert fuzzing.CHINESE.search(outcome.message), outcome.message
        return outcome

    def took(self, path: Path) -> None:
        """The office applied `path`: the next forged bundle follows it."""
        self.seq += 1
        self.prev = forge.manifest_sha(path)


@pytest.fixture(scope="module")
def genuine(devices: Devices, tmp_path_factory: pytest.TempPathFactory) -> Genuine:
    folder = tmp_path_factory.mktemp("fuzz-pair")
    with template_time():
        laptop = devices.open(folder / LAPTOP, role="street", area=STREET)
        office = devices.open(folder / OFFICE, role="street", area=STREET, device=2)
        enroll(office, [laptop])
        announce_upstream(laptop, office)
        community = records.create(laptop, "communities", {"name": "东七路社区", "street": STREET})
        demand = records.create(laptop, "demands", {"community": community, "content": "加装电梯",
                                                    "reporter": "张三", "phone": "13812345678"})
        first = bundle.make_bundle(laptop)
        assert first is not None and bundle.verify_bundle(first.path).payload is None  # sealed
        [applied] = apply_batch(office, [first.path])
        assert applied.status == Status.APPLIED, applied.message
        records.update(laptop, "demands", demand, {"status": "已受理", "reply": "已联系物业"})
        second = bundle.make_bundle(laptop)
        assert second is not None
        receipt = receipts.make_receipt(office, laptop.device, folder / "回执")
        reference = make_reference(office)
        assert receipt is not None and reference is not None
        last_sha, last_seq = forge.manifest_sha(first.path), first.seq_to
        laptop.close()
        office.close()
    return Genuine(folder, community, second.path, receipt, reference, last_sha, last_seq)


@pytest.fixture
def pair(genuine: Genuine, tmp_path: Path) -> Iterator[Pair]:
    """Copies of the laptop and the office as the genuine files left them."""
    copy_ledgers(genuine.folder, tmp_path)
    made = Pair(open_ledger(tmp_path / LAPTOP), open_ledger(tmp_path / OFFICE), genuine,
                tmp_path / "U盘", seq=genuine.last_seq, prev=genuine.last_sha)
    yield made
    made.close()
