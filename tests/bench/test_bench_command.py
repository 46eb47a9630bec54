"""`python -m bench` (what `make bench` runs): its arguments, never the benchmarks themselves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import bench.__main__ as command
from bench import scale

ALL = ["lists", "ui_lists", "startup", "excel", "pdf", "sync", "bundles"]


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The benchmarks main() would run, and at which scale, recorded instead of run."""
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(command, "run", lambda name: calls.append((name, scale.chosen())),
                        raising=False)
    monkeypatch.setattr(scale, "_chosen", "city", raising=False)
    return calls


def test_make_bench_without_arguments_runs_every_benchmark_at_city_scale(
        ran: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["python -m bench"])  # exactly what `make bench` runs
    assert command.main() == 0
    assert ran == [(name, "city") for name in ALL]


def test_chosen_benchmarks_at_a_smaller_scale(ran: list[tuple[str, str]]) -> None:
    assert command.main(["--scale", "tenth", "pdf", "lists"]) == 0
    assert ran == [("pdf", "tenth"), ("lists", "tenth")]


def test_an_unknown_benchmark_or_scale_is_a_usage_error(
        ran: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    for wrong in (["list"], ["--scale", "huge"]):
        with pytest.raises(SystemExit) as exited:
            command.main(wrong)
        assert exited.value.code == 2
    assert "lists" in capsys.readouterr().err  # the message names the choices
    assert ran == []


def test_list_names_the_benchmarks_without_running_any() -> None:
    done = subprocess.run([sys.executable, "-m", "bench", "--list"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")] == ALL


def test_a_smaller_scale_keeps_the_city_shape() -> None:
    from app.services import demo

    city = demo.SCALES["city"]
    assert scale.shrink(city, "city") == city
    tenth = scale.shrink(city, "tenth")
    assert (tenth.districts, tenth.streets, tenth.communities) == (20, 200, (8, 8))
    assert (tenth.spaces_per_street, tenth.demands_per_street, tenth.projects_per_street) == (
        25, 250, 2)  # 1/10 of 250, 2,500 and 25 (rounded half to even: 2.5 → 2)
