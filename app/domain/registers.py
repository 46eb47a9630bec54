"""The merge rule of DESIGN.md, on its own: each (record, field) is a last-writer-wins register.

Registers are ordered by (hlc, device); the later write wins, and the one it beats goes to the
conflict list so that a person can look at it. `deleted` is a register like any other (a delete
wins a tie), and liveness is worked out from all of a record's registers: a record is live when
the latest clock among its other fields is later than the delete's, so a later edit made
anywhere revives it (`settle`).
Merging is idempotent, commutative and associative: every office that receives the same writes,
in any order and any number of times, ends with the same values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

DELETED = "deleted"


class Write(NamedTuple):
    """One field's value with the clock of the write that set it."""

    value: Any
    hlc: str
    device: str

    @property
    def clock(self) -> tuple[str, str]:
        """What orders writes: the hybrid logical clock, then the device as a tie-breaker."""
        return (self.hlc, self.device)


@dataclass(frozen=True)
class Lost:
    """A write that another one beat: kept for review (and for restoring by hand)."""

    field: str
    loser: Write
    winner: Write


def _rank(write: Write) -> tuple[str, str, str]:
    # The clock decides; were two different values ever stamped with one clock, their text
    # decides, so that every office still picks the same one (and "true" > "false": a delete
    # wins such a tie).
    return (write.hlc, write.device, json.dumps(write.value, sort_keys=True, ensure_ascii=False))


def wins(challenger: Write, holder: Write) -> bool:
    """Whether a write replaces the one a register holds."""
    return _rank(challenger) > _rank(holder)


def _disagree(loser: Write, winner: Write) -> bool:
    # A device overwriting its own earlier value is a plain edit (the history has it); only
    # values from two devices that differ are a conflict for a person to look at.
    return loser.device != winner.device and loser.value != winner.value


def merge(
    local: Mapping[str, Write], remote: Mapping[str, Write]
) -> tuple[dict[str, Write], dict[str, Write], list[Lost]]:
    """Merge a record's remote writes into its local registers.

    Returns the registers after the merge, the ones that changed (to write), and the writes
    that lost where two devices disagreed (a write meeting itself, or a device's own older
    value, is no conflict: the history keeps it as the old value of the change).
    """
    merged = dict(local)
    changed: dict[str, Write] = {}
    lost: list[Lost] = []
    for field, write in remote.items():
        holder = merged.get(field)
        if holder is None:
            merged[field] = changed[field] = write
        elif wins(write, holder):
            merged[field] = changed[field] = write
            if _disagree(holder, write):
                lost.append(Lost(field, holder, write))
        elif _disagree(write, holder):
            lost.append(Lost(field, write, holder))
    return merged, changed, lost


def settle(registers: Mapping[str, Write]) -> Write | None:
    """The `deleted` register as liveness leaves it: a delete followed by a later write of
    another field is undone, keeping the delete's clock (None: nothing to undo).

    Keeping the clock makes every office store the same register whatever it received first;
    the delete itself, sent again, wins the tie on its value and is undone again.
    """
    deleted = registers.get(DELETED)
    if deleted is None or deleted.value is not True:
        return None
    latest = max((w.clock for name, w in registers.items() if name != DELETED), default=None)
    if latest is None or latest <= deleted.clock:
        return None
    return Write(False, deleted.hlc, deleted.device)

