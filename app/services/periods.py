"""The periods rankings and assessments cover: a quarter (2026Q4) or a year, in Xi'an time."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain import china_time
from app.errors import UsageError
from app.services import as_of

_QUARTER = re.compile(
    r"(?P<year>\d+)\s*(?:[-/.]?\s*[Qq]\s*(?P<q>\d)"
    r"|年\s*第?\s*(?P<qz>[1-4一二三四])\s*季度?)")
"""2026Q4, 2026-Q4, 2026 q4, 2026年第四季度, 2026年第4季度, 2026年四季度."""
_CHINESE = {"一": 1, "二": 2, "三": 3, "四": 4}
_YEAR = re.compile(r"(\d+)\s*年?")


@dataclass(frozen=True)
class Period:
    """A quarter or a year: its first and last day and the instants its history starts and ends.

    `start` is the first instant of the first day, `end` the first instant after the last day
    (Xi'an midnight, in UTC); a period still running ends now, its last day today.
    """

    title: str
    """2026年第四季度 / 2026年."""
    first: dt.date
    last: dt.date
    start: dt.datetime
    end: dt.datetime
    running: bool = False
    """The period has not ended yet: figures as things stand now."""

    @property
    def after(self) -> dt.date:
        """The day after the last: a milestone due by the last day is late if not reached."""
        return self.last + dt.timedelta(days=1)

    @property
    def span_text(self) -> str:
        """统计期：2026年10月1日至12月31日 (今日 when still running)."""
        def day(d: dt.date) -> str:
            return f"{d.year}年{d.month}月{d.day}日"
        return f"统计期：{day(self.first)}至{day(self.last)}" + ("（本期尚未结束）"
                                                                 if self.running else "")


def _span(title: str, first_month: tuple[int, int], last_month: tuple[int, int],
          now: dt.datetime, what: str) -> Period:
    year, month = first_month
    start = as_of.month_end(year, month - 1) if month > 1 else as_of.month_end(year - 1, 12)
    end = as_of.month_end(*last_month)
    first = dt.date(year, month, 1)
    last = end.astimezone(china_time.CHINA).date() - dt.timedelta(days=1)
    if start >= now:
        raise UsageError(f"{title}还没有到，不能出{what}")
    if end > now:  # still running: as things stand now
        return Period(title, first, china_time.local(now).date(), start,
                      now.astimezone(dt.UTC), running=True)
    return Period(title, first, last, start, end)


def parse_quarter(text: str, now: dt.datetime) -> Period:
    """A quarter written 2026Q4, 2026-Q4 or 2026年第四季度; UsageError saying what is wrong."""
    form = "请写成 年Q季度，如 2026Q4（也可写 2026年第四季度）"
    given = (text or "").strip()
    if not given:
        raise UsageError(f"请用 --quarter 给出季度，{form}")
    found = _QUARTER.fullmatch(given)
    if found is None:
        raise UsageError(f"季度“{text}”的写法不对：{form}")
    year = int(found["year"])
    if len(found["year"]) != 4 or not 2000 <= year <= 2100:
        raise UsageError(f"季度“{text}”的年份不对：年份写四位数字（2000–2100），{form}")
    number = int(found["q"]) if found["q"] else _CHINESE.get(found["qz"]) or int(found["qz"])
    if not 1 <= number <= 4:
        raise UsageError(f"季度“{text}”不对：季度应为 1–4，{form}")
    title = f"{year}年第{'一二三四'[number - 1]}季度"
    return _span(title, (year, 3 * number - 2), (year, 3 * number), now, "季度排名")


def parse_year(text: str, now: dt.datetime) -> Period:
    """A year written 2026 or 2026年; UsageError saying what is wrong."""
    given = (text or "").strip()
    if not given:
        raise UsageError("请用 --year 给出年度，如 --year 2026")
    found = _YEAR.fullmatch(given)
    if found is None or len(found[1]) != 4 or not 2000 <= int(found[1]) <= 2100:
        raise UsageError(f"年度“{text}”的写法不对：写四位数字（2000–2100），如 2026")
    year = int(found[1])
    return _span(f"{year}年", (year, 1), (year, 12), now, "年度考核")
