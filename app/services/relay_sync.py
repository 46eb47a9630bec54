"""Sync over the relays as a window does it: one round with the configured relays, and the
schedule of the next one (every few minutes while online, backing off while not) with the status
the window shows."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.errors import KnownError
from app.store import relays
from app.task import QUIET, TaskState, Writes, directly

if TYPE_CHECKING:
    from app.store.db import Ledger
    from app.sync.relay_round import RoundReport

INTERVAL = 300.0
"""Seconds between rounds while the relay answers."""
BACKOFF_BASE = 30.0
"""Seconds before the first try again after a failure; doubled after each further one."""
BACKOFF_CAP = 1800.0
JITTER = 0.2
"""A wait after a failure varies by this fraction either way (offices do not retry in step)."""
AUTO_WHO = "窗口自动同步"


def open_relays(ledger: Ledger, stack: ExitStack, *,
                sleep: Callable[[float], None] = time.sleep) -> tuple[Any, Any] | None:
    """The relays set for this ledger, opened on `stack` (collect, upward); None when none is.

    UsageError when a relay's password is not kept on this machine."""
    from app.sync.webdav import Relay, RelayConfig

    opened: list[Any] = []
    for which in (relays.COLLECT, relays.UPWARD):
        login = relays.login(ledger, which)
        opened.append(None if login is None else stack.enter_context(Relay(RelayConfig(
            url=login.url, user=login.user, password=login.password, ca_file=login.ca_file),
            sleep=sleep)))
    if opened == [None, None]:
        return None
    return opened[0], opened[1]


def configured(ledger: Ledger) -> bool:
    """Whether this ledger has a relay to sync with (collecting or upward)."""
    return any(relays.relay(ledger, which) is not None
               for which in (relays.COLLECT, relays.UPWARD))


def relay_round(ledger: Ledger, task: TaskState = QUIET, *, now: dt.datetime | None = None,
                who: str = AUTO_WHO, wait: float | None = 0.0,
                sleep: Callable[[float], None] | None = None,
                write: Writes | None = None) -> RoundReport | None:
    """One round with the configured relays; None when none is configured.

    `wait` is how long to wait for another round holding the ledger's lock (RoundBusy after it:
    by default none, the window tries again later); `write` runs the round's writes (the
    window's writer; by default on this thread); `sleep` waits between a request's tries (by
    default: until the time is up or the round is cancelled)."""
    from app.sync.relay_round import run_round
    from app.sync.remotes import STOPPED

    with ExitStack() as stack:
        remotes = open_relays(ledger, stack,
                              sleep=sleep or (lambda seconds: task.pause(seconds, STOPPED)))
        if remotes is None:
            return None
        return run_round(ledger, collect=remotes[0], upward=remotes[1], task=task, now=now,
                         who=who, wait=wait, write=write or directly)


def retry_later(error: BaseException) -> bool:
    """Whether trying again may help by itself (relay unreachable, lock busy); False for wrong
    settings or credentials, where it changes nothing until someone fixes them."""
    from app.sync.lock import RoundBusy
    from app.sync.webdav import RelayAuthFailed, RelaySettings

    if isinstance(error, RoundBusy):
        return True
    if isinstance(error, (RelayAuthFailed, RelaySettings)):
        return False
    return not (isinstance(error, KnownError) and error.exit_code == 2)


@dataclass(frozen=True)
class RelayStatus:
    """What a window shows of the relay sync."""

    configured: bool
    online: bool | None
    """The last round reached the relay (None: no round yet)."""
    undelivered: int
    last_delivery: dt.datetime | None
    """When a round last found the office above had acknowledged more (kept in the ledger)."""
    next_try: dt.datetime | None
    """When the next round is due (None: none planned)."""
    last_error: str | None
    """Why the last round failed, in plain Chinese (None: it went well)."""
    busy: bool = False
    """The last try found another round running (it will try later)."""
    clock_warning: str | None = None
    """This computer's clock is far off the relay's (plain Chinese), as the last round found."""


class Schedule:
    """When the next round runs: INTERVAL after one that went well; after failures exponential
    from BACKOFF_BASE with jitter, capped at BACKOFF_CAP. Clock and randomness are injected."""

    def __init__(self, *, now: Callable[[], dt.datetime] | None = None,
                 rng: random.Random | None = None, interval: float = INTERVAL,
                 base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP) -> None:
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._rng = rng or random.Random()
        self.interval, self.base, self.cap = interval, base, cap
        self.failures = 0
        self.online: bool | None = None
        self.last_delivery: dt.datetime | None = None
        self.last_error: str | None = None
        self.busy = False
        self.clock_warning: str | None = None
        self.next_try: dt.datetime | None = None
        self.undelivered = 0
        self.reset()

    def reset(self) -> None:
        """Forget every round (another ledger)."""
        self.failures, self.online, self.last_delivery = 0, None, None
        self.last_error, self.busy, self.next_try, self.undelivered = None, False, None, 0
        self.clock_warning = None

    def plan_in(self, seconds: float) -> None:
        """The next round is due in `seconds`."""
        self.next_try = self._now() + dt.timedelta(seconds=seconds)

    def delay(self) -> float:
        """Seconds until the next round from now on (as the last outcome says)."""
        if self.failures == 0:
            return self.interval
        wait = min(self.cap, self.base * 2 ** (self.failures - 1))
        return min(self.cap, wait * (1 + self._rng.uniform(-JITTER, JITTER)))

    def _plan(self) -> float:
        seconds = self.delay()
        self.next_try = self._now() + dt.timedelta(seconds=seconds)
        return seconds

    def succeeded(self, report: RoundReport | None) -> float:
        """A round went well (None: no relay configured); returns the seconds to the next."""
        self.failures, self.busy, self.last_error = 0, False, None
        if report is None:
            self.online, self.next_try = None, None
            return self.interval
        self.online = True
        self.undelivered = report.undelivered
        self.clock_warning = report.clock_warning
        self.last_delivery = report.last_delivery or self.last_delivery
        return self._plan()

    def failed(self, error: BaseException, message: str) -> float | None:
        """A round failed with `message` (plain Chinese); the seconds to the next try, or None
        when trying again cannot help (wrong settings): the next save or the button tries."""
        from app.sync.lock import RoundBusy

        self.last_error = message
        self.busy = isinstance(error, RoundBusy)
        if self.busy:  # another round runs: the relay is not at fault
            self.next_try = self._now() + dt.timedelta(seconds=self.base)
            return self.base
        self.online = False
        if not retry_later(error):
            self.next_try = None
            return None
        self.failures += 1
        return self._plan()

    def status(self, configured: bool, undelivered: int | None = None,
               last_delivery: dt.datetime | None = None) -> RelayStatus:
        """The status to show (`undelivered` and `last_delivery` as read now from the ledger,
        else the last round's)."""
        if undelivered is not None:
            self.undelivered = undelivered
        if last_delivery is not None:
            self.last_delivery = last_delivery
        return RelayStatus(configured, self.online if configured else None, self.undelivered,
                           self.last_delivery, self.next_try if configured else None,
                           self.last_error if configured else None, self.busy,
                           self.clock_warning if configured else None)


def read_status(ledger: Ledger) -> tuple[bool, int, dt.datetime | None]:
    """Whether a relay is configured, how many changes are not yet delivered above, and when a
    relay round last found more delivered (None: never)."""
    from app.services.delivery import undelivered_changes
    from app.sync.delivered_at import last_delivery

    return configured(ledger), undelivered_changes(ledger), last_delivery(ledger)

