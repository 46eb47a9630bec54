"""bench/verdicts.py: the table of budgeted figures and the growth comparison, from given figures
(no benchmark runs here, and no time is asserted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bench.__main__ as command
from bench import scale, verdicts
from bench.verdicts import Figure


def _line(text: str, name: str) -> list[str]:
    """The cells of the one line of the table that names this figure."""
    (found,) = [line for line in text.splitlines() if name in line]
    return re.split(r"\s{2,}", found.strip())


def test_a_throughput_ratio_passes_at_or_above_its_budget_and_fails_below() -> None:
    export = verdicts.EXCEL_EXPORT  # ≥ 0.75 of bare openpyxl
    at = Figure("excel", "export at", 7_500, "rows/s", 10_000, export, 72_114)
    below = Figure("excel", "export below", 7_400, "rows/s", 10_000, export, 72_114)
    assert (at.ratio, at.verdict) == (0.75, "PASS")
    assert below.verdict == "FAIL"
    just_below = Figure("excel", "export just below", 7_487, "rows/s", 10_000, export)
    assert _line(verdicts.table([just_below]), "export just below")[-3:] == [
        "0.749", "≥ 0.75", "FAIL"]  # never "0.75" beside FAIL
    text = verdicts.table([at, below])
    assert _line(text, "export at")[-3:] == ["0.75", "≥ 0.75", "PASS"]
    assert _line(text, "export below")[-2:] == ["≥ 0.75", "FAIL"]
    assert _line(text, "export at")[2:4] == ["7,500 rows/s", "10,000 rows/s"]
    assert text.splitlines()[-1] == "2 budgeted figures: 1 PASS, 1 FAIL, 0 not measured here"


def test_a_time_budget_bounds_our_figure_and_a_slowdown_bounds_the_ratio() -> None:
    search = Figure("ui_lists", "search 养老", 101.0, "ms", 40.0, verdicts.FILTER_SORT_SEARCH)
    scroll = Figure("ui_lists", "scroll", 100.0, "ms", 2.0, verdicts.SCROLL)  # 50× bare: fine
    start = Figure("startup", "start to data", 0.8, "s", 0.12, verdicts.START)  # 6.7× a bare window
    memory = Figure("startup", "memory", 390, "MB", 120, verdicts.UI_MEMORY)
    assert [f.verdict for f in (search, scroll, start, memory)] == ["FAIL", "PASS", "FAIL",
                                                                   "PASS"]
    text = verdicts.table([search, scroll, start, memory])
    assert _line(text, "search 养老")[-3:] == ["2.52", "≤ 100 ms (ours)", "FAIL"]
    assert _line(text, "start to data")[-3:] == ["6.7×", "≤ 6×", "FAIL"]
    assert _line(text, "memory")[-2:] == ["≤ 400 MB (ours)", "PASS"]


def test_what_cannot_be_measured_here_is_in_the_table_with_its_reason() -> None:
    missing = verdicts.unmeasured("excel", "import ÷ LibreOffice",
                                  verdicts.EXCEL_IMPORT_VS_LIBREOFFICE, "LibreOffice not installed")
    verdicts.clear()
    assert missing.verdict == "n/a"
    line = _line(verdicts.table([missing]), "import ÷ LibreOffice")
    assert line[-2:] == ["≥ 1.00", "n/a (LibreOffice not installed)"]
    assert line[2:5] == ["—", "—", "—"]  # ours, bare, ratio


def test_the_figures_go_through_json_unchanged(tmp_path: Path) -> None:
    figures = [Figure("sync", "merge", 25_000.5, "records/s", 60_000, verdicts.MERGE, 99_950),
               Figure("excel", "lo", float("nan"), "", None, verdicts.PDF_VS_LIBREOFFICE,
                      note="n")]
    verdicts.save(figures, tmp_path / "f.json")
    loaded = verdicts.load(tmp_path / "f.json")
    assert loaded[0] == figures[0]
    assert (loaded[1].verdict, loaded[1].note, loaded[1].budget) == ("n/a", "n", figures[1].budget)


def test_growth_flags_a_figure_whose_cost_per_row_grows_faster_than_its_rows() -> None:
    def at(rows: int, merge_rate: float, search_ms: float) -> list[Figure]:
        return [Figure("sync", "merge", merge_rate, "records/s", None, verdicts.MERGE, rows),
                Figure("lists", "search", search_ms, "ms", None, verdicts.FILTER_SORT_SEARCH,
                       rows * 10)]

    text = verdicts.growth({
        "tenth": at(10_000, 20_000, 10.0),
        "third": at(33_000, 19_000, 33.0),  # the search's ms per row: as at tenth
        "city": at(100_000, 12_000, 99.0),  # the merge: 20,000 ÷ 12,000 = 1.67× the cost per row
    })
    merge, search = _line(text, "merge"), _line(text, "search")
    assert merge[-3:] == ["1.05", "1.67", "GROWS"]
    assert search[-3:] == ["1.00", "0.99", "ok"]
    assert merge[2:8] == ["20,000 records/s", "10,000", "19,000 records/s", "33,000",
                          "12,000 records/s", "100,000"]  # each scale's figure and rows
    assert "(1 of 2 figures)" in text.splitlines()[-1]


def test_make_bench_prints_every_figure_after_all_benchmarks_and_exits_0_on_a_fail(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def run(name: str) -> None:
        print(f"{name}'s own lines")
        if name == "pdf":
            verdicts.record("pdf", "demand_list", 900, "rows/s", 1_000, verdicts.PDF, 2_000)
            return
        if name == "lists":
            raise RuntimeError("the database is gone")
        verdicts.record(name, "first page", 20, "ms", 5, verdicts.FILTER_SORT_SEARCH, 50_000)

    monkeypatch.setattr(command, "run", run)
    monkeypatch.setattr(scale, "_chosen", "city")
    assert command.main(["--scale", "tenth", "pdf", "sync"]) == 0  # a FAIL is not an error
    out = capsys.readouterr().out
    table = out[out.index("== every budgeted figure"):]
    assert out.index("sync's own lines") < out.index("== every budgeted figure")
    assert _line(table, "demand_list")[-2:] == ["≥ 1.00", "FAIL"]
    assert _line(table, "first page")[-2:] == ["≤ 100 ms (ours)", "PASS"]
    assert "2 budgeted figures: 1 PASS, 1 FAIL" in table

    assert command.main(["--scale", "tenth", "lists", "sync"]) == 1  # a benchmark that broke
    out = capsys.readouterr()
    assert "RuntimeError: the database is gone" in out.err
    table = out.out[out.out.index("== every budgeted figure"):]
    assert _line(table, "first page")[0] == "sync"  # the others' figures still shown
    assert "broke before recording all their figures: lists" in out.out
