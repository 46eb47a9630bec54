"""The clock's text stays 16 + 5 digits, so that text order stays clock order (issue 11, 4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.store.clock import MAX_COUNTER, HybridClock, format_hlc, parse_hlc


def test_a_full_counter_moves_on_to_the_next_millisecond() -> None:
    clock = HybridClock(wall=lambda: 1_000)
    clock.observe(format_hlc(5_000, MAX_COUNTER - 1))  # a clock far ahead, nearly full
    readings = [clock.tick() for _ in range(4)]
    assert readings == [format_hlc(5_000, MAX_COUNTER), format_hlc(5_001, 0),
                        format_hlc(5_001, 1), format_hlc(5_001, 2)]
    assert all(len(r) == 22 for r in readings)
    assert readings == sorted(readings)  # "…-100000" would have sorted before "…-99999"


def test_a_hundred_thousand_ticks_in_one_millisecond_stay_in_order() -> None:
    clock = HybridClock(wall=lambda: 7_000)
    readings = [clock.tick() for _ in range(MAX_COUNTER + 5)]
    assert readings == sorted(readings) and len(set(readings)) == len(readings)
    assert parse_hlc(readings[-1]) == (7_001, 3)


def test_a_reading_that_cannot_be_written_in_16_plus_5_digits_is_a_bug() -> None:
    for millis, counter in ((10**16, 0), (-1, 0), (0, MAX_COUNTER + 1)):
        with pytest.raises(ValueError):
            format_hlc(millis, counter)


@given(st.lists(st.one_of(
    st.tuples(st.just("tick"), st.integers(0, 3)),
    st.tuples(st.just("observe"), st.tuples(st.integers(0, 5), st.integers(MAX_COUNTER - 3,
                                                                           MAX_COUNTER))),
), max_size=60))
def test_readings_always_increase_as_text(steps: list[tuple[str, object]]) -> None:
    wall = {"now": 0}  # a wall clock stuck near zero: the counter does all the work
    clock = HybridClock(wall=lambda: wall["now"])
    last = ""
    for kind, arg in steps:
        if kind == "tick":
            wall["now"] = int(arg)  # type: ignore[call-overload]
            reading = clock.tick()
            assert reading > last
            last = reading
        else:
            clock.observe(format_hlc(*arg))  # type: ignore[misc]
