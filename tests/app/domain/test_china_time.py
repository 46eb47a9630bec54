"""Today is China's today, whatever the machine's zone and at every awkward instant."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from app.domain import china_time
from tests.conftest import MACHINE_ZONE


def test_today_is_chinas_today_not_the_machines(instant: dt.datetime) -> None:
    assert china_time.today() == instant.date()
    assert china_time.now() == instant
    assert china_time.utc_now() == instant.astimezone(dt.UTC)
    assert china_time.stamp() == instant.strftime("%Y%m%d-%H%M%S")
    machine = instant.astimezone(ZoneInfo(MACHINE_ZONE)).date()
    assert dt.date.today() == machine  # the machine's zone is another (time-machine travel)


def test_a_stored_instant_is_shown_in_china_time() -> None:
    stored = dt.datetime.fromisoformat("2026-12-31T16:00:30.000+00:00")
    assert china_time.local(stored).isoformat() == "2027-01-01T00:00:30+08:00"
    naive = dt.datetime(2026, 12, 31, 16, 0, 30)  # history rows written without a zone are UTC
    assert china_time.local(naive) == china_time.local(stored)
