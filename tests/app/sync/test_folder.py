"""A USB stick carried between a field laptop and the street office, and what the page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import records
from app.services.areas import resolve_scope
from app.services.sync import conflicts, mark_reviewed, restore_lost, sync_state
from app.store.db import Ledger
from app.sync import bundle, keys
from app.sync.folder import sync_folder
from tests.app.sync.ledgers import public_key_text
from tests.helpers.ledgers import Devices

LABEL = records.spec_of("demands").field("reply").label



@pytest.fixture
def office(devices: Devices, tmp_path: Path) -> tuple[Ledger, Ledger]:
    laptop = devices.open(tmp_path / "笔记本" / "台账.db", role="street", area="解放门街道")
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area="解放门街道", device=2)
    scope = resolve_scope(street, "street:解放门街道")
    assert scope is not None
    keys.enroll(street, public_key_text(laptop), scope, label="走访笔记本")
    keys.trust_upstream(laptop, public_key_text(street))
    yield laptop, street
    laptop.close()
    street.close()


def test_a_round_trip_on_a_stick_delivers_and_acknowledges(
    office: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    laptop, street = office
    stick = tmp_path / "U盘"
    community = records.create(laptop, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    records.create(laptop, "demands", {"community": community, "content": "加装电梯"})

    out = sync_folder(laptop, stick)
    assert out.made is not None and out.written == [out.made.path.name]
    assert not out.outcomes and sync_state(laptop).undelivered == 2
    quiet = sync_folder(laptop, stick)
    assert quiet.written == []  # same bytes already there
    assert quiet.checkpoint is not None and quiet.checkpoint.parent == bundle.outbox(laptop)

    arrived = sync_folder(street, stick)
    assert [o.status for o in arrived.outcomes] == ["applied", "checkpoint"]  # no new range
    assert arrived.backup is not None
    assert [p.name for p in arrived.receipts_written] == [
        f"{laptop.identity.fingerprint}-{out.made.seq_to}.cfreceipt"]
    assert records.get(street, "communities", community)["name"] == "东七路社区"
    again = sync_folder(street, stick)
    assert not again.outcomes and again.backup is None  # nothing new: no backup either

    back = sync_folder(laptop, stick)
    assert back.delivered_seq == out.made.seq_to and not back.refused_receipts
    state = sync_state(laptop)
    assert (state.undelivered, state.outbox, state.delivered_seq) == (0, [], out.made.seq_to)
    assert state.upstream == street.identity.fingerprint
    seen = sync_state(street)
    [device] = seen.devices
    assert (device.label, device.scope, device.applied_seq) == ("走访笔记本", "解放门街道",
                                                                out.made.seq_to)
    assert seen.last_folder == str(stick)


def test_a_bundle_after_a_lost_one_waits_on_the_page(
    office: tuple[Ledger, Ledger], tmp_path: Path
) -> None:
    laptop, street = office
    records.create(laptop, "communities", {"name": "东七路社区", "street": "解放门街道"})
    lost = bundle.make_bundle(laptop)
    assert lost is not None
    lost.path.rename(tmp_path / lost.path.name)  # never reaches the stick
    records.create(laptop, "communities", {"name": "西七路社区", "street": "解放门街道"})
    sync_folder(laptop, tmp_path / "U盘")
    outcome = sync_folder(street, tmp_path / "U盘").outcomes
    assert [o.status for o in outcome] == ["gap"] and list(outcome[0].missing) == [1]
    [device] = sync_state(street).devices
    assert device.applied_seq == 0 and len(device.waiting) == 1


def test_conflicts_are_listed_restored_and_reviewed(office: tuple[Ledger, Ledger],
                                                    tmp_path: Path) -> None:
    laptop, street = office
    stick = tmp_path / "U盘"
    community = records.create(laptop, "communities",
                               {"name": "东七路社区", "street": "解放门街道"})
    demand = records.create(laptop, "demands", {"community": community, "content": "加装电梯"})
    sync_folder(laptop, stick)
    sync_folder(street, stick)
    records.update(laptop, "demands", demand, {"reply": "现场答复：下月施工"})
    sync_folder(laptop, stick)
    records.update(street, "demands", demand, {"reply": "街道答复：已列入计划"})  # later: wins
    sync_folder(street, stick)
    [conflict] = conflicts(street)
    assert (conflict.label, conflict.lost, conflict.kept, conflict.title) == (
        LABEL, "现场答复：下月施工", "街道答复：已列入计划", "加装电梯")
    assert conflict.device == laptop.identity.fingerprint
    restore_lost(street, conflict)
    assert records.get(street, "demands", demand)["reply"] == "现场答复：下月施工"
    assert conflicts(street) == [] and len(conflicts(street, include_reviewed=True)) == 1
    mark_reviewed(street, conflict.id)  # twice is harmless
    assert conflicts(street) == []


def test_a_stick_folder_gone_while_writing_is_said_in_chinese(
        office: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    """The stick pulled out between the round's start and its writing: a StorageError that
    names it, never an OSError (a traceback). The pulled-stick fault test met one at a random
    point, the stick's folder gone between pathlib's is_dir and its scandir while the round
    tidied its old files there: copy_outbox now turns any OSError into this message."""
    from app.errors import StorageError
    from app.sync.folder import copy_outbox

    laptop, _office = office
    records.create(laptop, "communities", {"name": "西七路社区", "street": "解放门街道"})
    assert bundle.make_bundle(laptop) is not None
    gone = tmp_path / "已拔出的U盘" / "outbox"
    with pytest.raises(StorageError, match="U盘是否已拔出"):
        copy_outbox(laptop, gone)
