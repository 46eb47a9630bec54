"""Hybrid logical clock: wall-clock milliseconds plus a counter, as sortable text.

A reading looks like "0001732590000000-00000": always 16 + 5 digits, so that text order is clock
order. When the counter is full (99,999 ticks within one millisecond, reachable after observing a
clock far ahead and then importing a lot), the milliseconds advance instead.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

MAX_COUNTER = 99_999
"""The largest counter five digits hold."""


def format_hlc(millis: int, counter: int) -> str:
    """The text form of a clock reading; lexical order is clock order."""
    if not (0 <= millis < 10**16 and 0 <= counter <= MAX_COUNTER):
        raise ValueError(f"clock reading out of range: {millis}, {counter}")
    return f"{millis:016d}-{counter:05d}"


def wall_time(hlc: str) -> str:
    """The wall-clock part of a reading as ISO text (UTC, milliseconds), like history's times."""
    millis, _counter = parse_hlc(hlc)
    moment = dt.datetime.fromtimestamp(millis / 1000, dt.UTC)
    return moment.isoformat(timespec="milliseconds")


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
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            else:  # a full counter: borrow the next millisecond
                self._millis, self._counter = self._millis + 1, 0
            return format_hlc(self._millis, self._counter)

    def observe(self, remote: str) -> None:
        """Move past a reading received from another device."""
        with self._lock:
            millis, counter = parse_hlc(remote)
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter
