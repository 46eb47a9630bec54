"""Hybrid logical clock: wall-clock milliseconds plus a counter, as sortable text.

A reading looks like "0001732590000000-00000".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def format_hlc(millis: int, counter: int) -> str:
    """The text form of a clock reading; lexical order is clock order."""
    return f"{millis:016d}-{counter:05d}"


def parse_hlc(text: str) -> tuple[int, int]:
    """Milliseconds and counter of a clock reading."""
    millis, _, counter = text.partition("-")
    return int(millis), int(counter or 0)


class HybridClock:
    """Monotonic across restarts (seeded with the last stored reading) and devices (observe())."""

    def __init__(self, last: str | None = None, wall: Callable[[], int] | None = None) -> None:
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._millis, self._counter = parse_hlc(last) if last else (0, 0)
        self._lock = threading.Lock()

    def tick(self) -> str:
        """A new reading, later than every reading this clock has given or seen."""
        with self._lock:
            now = self._wall()
            if now > self._millis:
                self._millis, self._counter = now, 0
            else:
                self._counter += 1
            return format_hlc(self._millis, self._counter)

    def observe(self, remote: str) -> None:
        """Move past a reading received from another device."""
        with self._lock:
            millis, counter = parse_hlc(remote)
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter
