"""The merge's reading of a bundle row: what it remembers never lets a value through that the
check refuses, and a row the check cannot read is refused, never a crash.

app.sync.merge checks a row's clock and origin time once per change of them, and remembers per
field the short texts it found in their stored form (a bounded cache), so that names, references,
dates and choices repeated across a bundle are checked once.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.entities import ENTITIES
from app.sync import merge
from app.sync.merge import Refused, _remote_writes

SPEC = ENTITIES["demand"]
HLC = "0001796464130555-00216"
DEVICE = "7FE19706BCDD9A66"


@pytest.mark.parametrize("name, good, bad", [
    ("received_on", "2026-07-10", "2026-02-30"),
    ("status", "referred", "nonsense"),
    ("content", "希望增设健身点", "希" * 5000),
])
def test_a_remembered_text_lets_through_only_itself(name: str, good: str, bad: str) -> None:
    def row(value: str) -> dict[str, Any]:
        return {"fields": {name: {"value": value, "hlc": HLC, "device": DEVICE}}}

    values, clock, writes, _made = _remote_writes(SPEC, "d-1", row(good))
    assert (values, clock, writes) == ({name: good}, (HLC, DEVICE), None)
    assert good in merge._accepted(SPEC)[name]
    with pytest.raises(Refused):
        _remote_writes(SPEC, "d-1", row(bad))
    assert bad not in merge._accepted(SPEC)[name]


def test_what_is_remembered_stays_bounded() -> None:
    seen = merge._accepted(SPEC)["content"]
    for n in range(merge._REMEMBER_MAX + 10):
        _remote_writes(SPEC, "d-1", {"fields": {"content": {
            "value": f"需求{n}", "hlc": HLC, "device": DEVICE}}})
        assert len(seen) <= merge._REMEMBER_MAX
    assert "x" * (merge._REMEMBERED + 1) not in seen


def test_a_first_field_without_clock_or_device_is_refused_not_a_crash() -> None:
    """Found while rewriting the check: a row whose first field named no clock and no device
    passed it (the check ran when the clock differed from the previous field's, which started
    out as none), and the merge then failed with a TypeError comparing clocks."""
    for fields in ({"content": {"value": "x"}},
                   {"content": {"value": "x", "hlc": None, "device": None},
                    "reply": {"value": "y", "hlc": HLC, "device": DEVICE}}):
        with pytest.raises(Refused, match="的时钟或设备编号不对"):
            _remote_writes(SPEC, "d-1", {"fields": fields})


@pytest.mark.parametrize("made_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_an_origin_time_with_no_utc_time_is_refused_not_a_crash(made_at: str) -> None:
    """Found while rewriting the check: an origin time whose UTC time falls outside years
    1–9999 raised OverflowError (a program error, not a refusal)."""
    with pytest.raises(Refused, match="的修改时间不对"):
        _remote_writes(SPEC, "d-1", {"fields": {"content": {
            "value": "x", "hlc": HLC, "device": DEVICE, "made_at": made_at}}})
