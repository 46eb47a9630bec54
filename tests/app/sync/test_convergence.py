"""Offices that receive the same bundles, in any order and however often, end the same.

Field laptops of one street share records (each enrols the others), change them while apart,
pass bundles among themselves now and then, and finally all send everything to street offices.
Each office receives all bundles in its own order, some twice. The contract (DESIGN.md, Sync):
each (record, field) is a last-writer-wins register ordered by (hlc, device), `deleted`
included; bundles of one device that arrive early are held and applied by themselves when
the gap closes; a bundle received twice changes nothing; a value that lost is kept in the
history. So every office ends with, per field, the write with the greatest (hlc, device) made
anywhere, whatever the order; and a record deleted on one laptop and edited later on another is
live again everywhere (a later edit revives).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.services import records
from app.store import writer
from app.store.db import Ledger
from app.sync import bundle
from app.sync.apply import apply_bundle, held_dir
from tests.app.sync.ledgers import STREET, copy_of_template, enroll, make_template, record_state

EDITS: dict[str, dict[str, tuple[Any, ...]]] = {
    "community": {"address": ("东七路1号", "东七路2号", None), "population": (1200, 3400)},
    "demand": {
        "reply": ("已联系物业", "正在协调", "已答复居民", None),
        "status": ("已登记", "已受理", "办理中", "已解决", "已转办"),
        "urgency": ("紧急", "一般"),
    },
}
"""What the field laptops change: a few values each, so that different writes often agree."""

DEMANDS = 3


class Written(NamedTuple):
    """One write a user made on some device: a field's new value and its clock."""

    entity: str
    record_id: str
    field: str
    value: Any
    hlc: str
    device: str


@dataclass
class Street:
    """The devices of the scenario and everything they did."""

    devices: list[Ledger]
    targets: list[tuple[str, str]] = field(default_factory=list)  # (entity, id): 0 community
    writes: list[Written] = field(default_factory=list)
    made: list[tuple[int, bundle.Made]] = field(default_factory=list)  # in creation order
    pulled: dict[tuple[int, int], int] = field(default_factory=dict)

    def track(self, n: int, entity: str, record_id: str, before: dict[str, list]) -> None:
        """Note the writes device n just made to a record: the fields whose clock it set."""
        device = self.devices[n]
        after = records.get(device, entity, record_id, include_deleted=True)
        for name, clock in after["clocks"].items():
            if clock != before.get(name):
                assert clock[1] == device.device, (name, clock)  # a local write: its own clock
                value = after["deleted"] if name == "deleted" else writer.to_json(after[name])
                self.writes.append(Written(entity, record_id, name, value, *clock))

    def clocks(self, n: int, entity: str, record_id: str) -> dict[str, list]:
        return dict(records.get(self.devices[n], entity, record_id,
                                include_deleted=True)["clocks"])

    def make_bundle(self, n: int) -> None:
        made = bundle.make_bundle(self.devices[n])
        if made is not None:
            self.made.append((n, made))

    def pull(self, n: int, other: int) -> None:
        """Device n applies, in order, the bundles of another that it has not had yet."""
        if n == other:
            return
        theirs = [made for m, made in self.made if m == other]
        for made in theirs[self.pulled.get((n, other), 0):]:
            outcome = apply_bundle(self.devices[n], made.path)
            assert outcome.status == "applied", outcome.message
        self.pulled[(n, other)] = len(theirs)


def _seed(street: Street) -> None:
    """Device 0 records a community and its demands; every other device receives them."""
    seed = street.devices[0]
    community = records.create(seed, "community", {"name": "东七路社区", "street": STREET})
    street.targets.append(("community", community))
    for n in range(DEMANDS):
        demand = records.create(seed, "demand", {"community": community,
                                                 "content": f"需求{n}：加装电梯"})
        street.targets.append(("demand", demand))
    for entity, record_id in street.targets:
        street.track(0, entity, record_id, {})
    street.make_bundle(0)
    for n in range(1, len(street.devices)):
        street.pull(n, 0)


def _step(street: Street, step: tuple) -> None:
    kind, n = step[0], step[1] % len(street.devices)
    device = street.devices[n]
    if kind == "bundle":
        street.make_bundle(n)
        return
    if kind == "pull":
        street.pull(n, step[2] % len(street.devices))
        return
    entity, record_id = street.targets[step[2] % len(street.targets)]
    before = street.clocks(n, entity, record_id)
    deleted = bool(records.get(device, entity, record_id, include_deleted=True)["deleted"])
    if kind == "edit" and not deleted:  # a deleted record must be restored before an edit
        fields = EDITS[entity]
        name = sorted(fields)[step[3] % len(fields)]
        value = fields[name][step[4] % len(fields[name])]
        records.update(device, entity, record_id, {name: value})
    elif kind == "delete" and entity == "demand" and not deleted:
        records.delete(device, entity, record_id)
    elif kind == "restore" and deleted:
        records.restore(device, entity, record_id)
    street.track(n, entity, record_id, before)


_device = st.integers(0, 3)
_edit = st.tuples(st.just("edit"), _device, st.integers(0, DEMANDS), st.integers(0, 4),
                  st.integers(0, 4))
_bundle = st.tuples(st.just("bundle"), _device)
_steps = st.lists(
    st.one_of(  # edits and bundles twice as often as the rest
        _edit,
        _bundle,
        st.tuples(st.just("delete"), _device, st.integers(1, DEMANDS)),
        _edit,
        st.tuples(st.just("restore"), _device, st.integers(1, DEMANDS)),
        _bundle,
        st.tuples(st.just("pull"), _device, _device),
    ),
    min_size=3,
    max_size=40,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("template"))


@contextlib.contextmanager
def _ledgers() -> Iterator[tuple[Path, contextlib.ExitStack]]:
    """A folder for one example's ledgers, closed and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="同步 ") as folder, contextlib.ExitStack() as stack:
        yield Path(folder), stack


def _open(template: Path, folder: Path, name: str, stack: contextlib.ExitStack) -> Ledger:
    ledger = copy_of_template(template, folder / name / "台账.db")
    stack.callback(ledger.close)
    return ledger


def _receive(office: Ledger, paths: list[Path]) -> None:
    """Deliver bundles one by one: each applied, held for a gap, or known already."""
    for path in paths:
        outcome = apply_bundle(office, path)
        assert outcome.status in ("applied", "gap", "duplicate"), (path.name, outcome.message)
        event(f"an office saw a bundle {outcome.status}")
        if outcome.conflicts:
            event("an office kept a conflict")


def _everything_acknowledged(office: Ledger, paths: list[Path]) -> None:
    """Nothing left waiting or quarantined, and every bundle counts as received."""
    held = [p for p in held_dir(office).rglob("*") if p.is_file()]
    assert held == []
    for path in paths:
        outcome = apply_bundle(office, path)
        assert outcome.status == "duplicate", (path.name, outcome.status, outcome.message)


def _carried(paths: list[Path]) -> set[Written]:
    """Every field write the bundles carry (a device's own and those it passed on)."""
    found = set()
    for path in paths:
        for name, body in bundle.verify_bundle(path).payload.items():
            entity = name.removeprefix("data/").removesuffix(".jsonl")
            for line in body.splitlines():
                row = json.loads(line)
                for key, item in row["fields"].items():
                    found.add(Written(entity, row["id"], key, item["value"], item["hlc"],
                                      item["device"]))
    return found


def _winners(writes: list[Written]) -> dict[tuple[str, str, str], Written]:
    """Per (entity, record, field): the write with the greatest (hlc, device)."""
    best: dict[tuple[str, str, str], Written] = {}
    for w in writes:
        key = (w.entity, w.record_id, w.field)
        if key not in best or (w.hlc, w.device) > (best[key].hlc, best[key].device):
            best[key] = w
    return best


def _check_last_writer_won(office: Ledger, street: Street) -> None:
    winners = _winners(street.writes)
    for entity, record_id in street.targets:
        record = records.get(office, entity, record_id, include_deleted=True)
        mine = {k[2]: w for k, w in winners.items() if k[:2] == (entity, record_id)}
        assert record["clocks"] == {name: [w.hlc, w.device] for name, w in mine.items()}
        for name, w in mine.items():
            if name == "deleted":  # live when another field's latest write is later (revived)
                revived = any((o.hlc, o.device) > (w.hlc, w.device)
                              for other, o in mine.items() if other != "deleted")
                assert record["deleted"] is (w.value and not revived), (entity, w, revived)
                if w.value and revived:
                    event("a later edit revived a deleted record")
                continue
            value = writer.to_json(record[name])
            assert value == w.value, (entity, name, value, w)
        if "deleted" not in mine:
            assert record["deleted"] is False


def _check_losers_kept(office: Ledger, carried: set[Written], street: Street) -> None:
    """Every value a bundle brought that is not the final one is in the record's history."""
    for entity, record_id in street.targets:
        record = records.get(office, entity, record_id, include_deleted=True)
        entries = records.history(office, entity, record_id)
        for w in carried:
            if (w.entity, w.record_id) != (entity, record_id):
                continue
            final = record["deleted"] if w.field == "deleted" else writer.to_json(record[w.field])
            if w.value == final:
                continue
            if any((o.entity, o.record_id, o.field, o.device) == (entity, record_id, w.field,
                                                                  w.device) and o.hlc > w.hlc
                   for o in carried):
                # its own device changed it later: a plain edit, not a conflict; an office
                # that received the later value first never held this one
                continue
            as_conflict = any(e["action"] == "conflict" and w.field in e["changes"]
                              and e["changes"][w.field][0] == w.value for e in entries)
            as_earlier = any(e["action"] != "conflict" and w.field in e["changes"]
                             and e["changes"][w.field][1] == w.value for e in entries)
            assert as_conflict or as_earlier, (entity, w, entries)


@settings(max_examples=25, deadline=None)
@given(fields=st.integers(2, 3), steps=_steps, data=st.data())
def test_every_office_ends_with_the_last_write_of_every_field(
    template: Path, fields: int, steps: list[tuple], data: st.DataObject
) -> None:
    with _ledgers() as (folder, stack):
        devices = [_open(template, folder, f"外业设备{n}", stack) for n in range(fields + 1)]
        for device in devices:
            enroll(device, devices)
        street = Street(devices)
        _seed(street)
        for step in steps:
            _step(street, step)
        for n in range(len(devices)):
            street.make_bundle(n)
        paths = [made.path for _n, made in street.made]
        event(f"{len(paths)} bundles")
        if any(w.field == "deleted" for w in street.writes):
            event("a record was deleted")

        in_order = _open(template, folder, "街道办 按序", stack)
        enroll(in_order, devices)
        for path in paths:  # in the order they were made, nothing is ever missing
            outcome = apply_bundle(in_order, path)
            assert outcome.status == "applied", (path.name, outcome.message)
        expected = record_state(in_order)
        _check_last_writer_won(in_order, street)
        carried = _carried(paths)
        _check_losers_kept(in_order, carried, street)

        for n in range(2):
            office = _open(template, folder, f"街道办{n}", stack)
            enroll(office, devices)
            again = data.draw(st.lists(st.sampled_from(paths), max_size=len(paths)),
                              label=f"received twice by office {n}")
            order = data.draw(st.permutations([*paths, *again]), label=f"order at office {n}")
            _receive(office, order)
            _everything_acknowledged(office, paths)
            assert record_state(office) == expected
            _check_last_writer_won(office, street)
            _check_losers_kept(office, carried, street)
