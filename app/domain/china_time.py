"""The offices' calendar: today and now in China time (Asia/Shanghai), whatever the machine's zone.

Every "today" and every local time stamp of the app comes from here, so that a laptop set to
UTC (or a clock that crosses midnight in Xi'an while it is still afternoon in UTC) agrees with
the clerks' own calendar.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
"""The offices' clock: a day or a month ends at midnight in Xi'an, not in UTC."""


def now() -> dt.datetime:
    """This instant in China time (time zone aware)."""
    return dt.datetime.now(CHINA)


def today() -> dt.date:
    """Today's date in China time."""
    return now().date()


def utc_now() -> dt.datetime:
    """This instant in UTC (time zone aware): what history rows and bundles store."""
    return dt.datetime.now(dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored instant in China time, for showing to people (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA)


def shown(moment: dt.datetime) -> str:
    """A stored instant as the clock on the wall showed it in China: YYYY-MM-DD HH:MM."""
    return f"{local(moment):%Y-%m-%d %H:%M}"


def stamp() -> str:
    """A file-name time stamp in China time: 20261204-153012."""
    return now().strftime("%Y%m%d-%H%M%S")
