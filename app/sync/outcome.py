"""What became of one bundle: a status from a closed set, and the reason a person reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    """What became of one bundle."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    GAP = "gap"  # held: earlier ones are missing
    AHEAD = "ahead"  # held: its clocks are more than 24 h ahead of this ledger's
    FORK = "fork"  # quarantined for a person
    REJECTED = "rejected"
    FAILED = "failed"  # a bug met while applying it: logged, the batch goes on
    CHECKPOINT = "checkpoint"  # a device's word that it has nothing new: no range, no receipt

    @property
    def held(self) -> bool:
        """Kept in held/waiting and applied by itself later."""
        return self in (Status.GAP, Status.AHEAD)

    @property
    def exit_code(self) -> int:
        """The command line's exit code for this outcome (a batch exits with the highest)."""
        return {Status.REJECTED: 3, Status.FAILED: 1}.get(
            self, 4 if self in (Status.GAP, Status.AHEAD, Status.FORK) else 0)


@dataclass
class Outcome:
    """What became of one bundle, and why."""

    path: Path
    status: Status
    message: str
    device: str = ""
    seq_from: int = 0
    seq_to: int = 0
    conflicts: int = 0
    missing: range = range(0)
    """The sequences held back for (a range: a forged gap of 10¹² costs nothing to hold)."""
    last_sent: int = 0
    """A checkpoint's: the last sequence its device says it sent."""
