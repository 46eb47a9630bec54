"""A later edit revives: a record deleted on one laptop and edited later on another is live.

DESIGN.md (Sync, merge): a record is live when the latest clock among its fields is later than
the delete's clock, computed the same way at every receiver. Issue 11, finding 4: this was not
implemented; a delete followed by another laptop's later edit left the record deleted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from app.domain.china_time import CHINA
from app.services import records
from app.sync import bundle
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from tests.app.sync.ledgers import STREET, enroll, record_state
from tests.helpers.ledgers import Devices


def _at(minute: int) -> float:
    return dt.datetime(2026, 12, 1, 9, minute, tzinfo=CHINA).timestamp()


def _made(ledger: object) -> Path:
    made = bundle.make_bundle(ledger)  # type: ignore[arg-type]
    assert made is not None
    return made.path


def test_an_edit_made_after_a_delete_elsewhere_revives_the_record(devices: Devices,
                                                                 tmp_path: Path) -> None:
    a = devices.open(tmp_path / "甲" / "台账.db", role="street", area=STREET)
    b = devices.open(tmp_path / "乙" / "台账.db", role="street", area=STREET, device=2)
    offices = [devices.open(tmp_path / f"街道办{n}" / "台账.db", role="street", area=STREET,
                            device=3 + n) for n in range(2)]
    try:
        for office in offices:
            enroll(office, [a, b])
        enroll(b, [a])
        enroll(a, [b])
        with time_machine.travel(_at(0), tick=False):
            community = records.create(a, "communities", {"name": "东七路社区",
                                                          "street": STREET})
            demand = records.create(a, "demands", {"community": community,
                                                   "content": "加装电梯"})
            shared = _made(a)
        assert apply_bundle(b, shared).status == Status.APPLIED
        with time_machine.travel(_at(10), tick=False):
            records.delete(a, "demands", demand)  # laptop 甲 deletes it...
            deleted = _made(a)
        with time_machine.travel(_at(20), tick=False):
            records.update(b, "demands", demand, {"reply": "已联系物业"})  # ...乙 edits it later
            edited = _made(b)

        in_order, reversed_ = offices
        for office, order in ((in_order, [shared, deleted, edited]),
                              (reversed_, [edited, shared, deleted])):
            for path in order:
                assert apply_bundle(office, path).status in (Status.APPLIED, Status.GAP)
            record = records.get(office, "demands", demand)  # live: no include_deleted needed
            assert record["reply"] == "已联系物业"
            conflicts = [e for e in records.history(office, "demands", demand)
                         if e["action"] == "conflict"]
            assert [e["changes"] for e in conflicts] == [{"deleted": [True, False]}]
        assert record_state(in_order) == record_state(reversed_)

        assert apply_bundle(a, edited).status == Status.APPLIED  # the deleting laptop too
        assert records.get(a, "demands", demand)["reply"] == "已联系物业"
        again = apply_bundle(in_order, deleted)  # the delete once more: nothing new
        assert again.status == Status.DUPLICATE

        with time_machine.travel(_at(30), tick=False):  # a delete after everything: it stays
            records.delete(a, "demands", demand)
            final = _made(a)
        for office in offices:
            assert apply_bundle(office, final).status == Status.APPLIED
            assert records.get(office, "demands", demand, include_deleted=True)["deleted"]
        assert record_state(in_order) == record_state(reversed_)
    finally:
        for ledger in (a, b, *offices):
            ledger.close()
