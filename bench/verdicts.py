"""The budgets of DESIGN.md ("Performance budgets") and every benchmark's verdict on them, as one
table printed after all benchmarks (`python -m bench`), or side by side per scale (`--growth`).

A benchmark calls `record(...)` once per budgeted figure, beside its own detailed lines. Figures
with no budget (information lines) are not recorded. A benchmark is not a test: a FAIL is printed,
never raised.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Budget:
    """One limit of DESIGN.md: on the ratio ours ÷ bare, or on our figure itself."""

    limit: float
    at_least: bool
    """≥ (a throughput ratio), or ≤ (a time, memory, size or a slowdown)."""
    on_ratio: bool
    """The limit bounds ours ÷ bare (else our figure, in `unit`)."""
    unit: str = ""

    def text(self) -> str:
        """The budget as DESIGN.md says it: "≥ 0.75", "≤ 6×", "≤ 100 ms"."""
        sign = "≥" if self.at_least else "≤"
        if self.unit == "×":
            return f"{sign} {self.limit:g}×"
        if self.on_ratio:
            return f"{sign} {self.limit:.2f}"
        return f"{sign} {self.limit:g} {self.unit}".rstrip()

    def passes(self, value: float) -> bool:
        """Whether a value (the ratio or the figure) is within the budget."""
        return value >= self.limit if self.at_least else value <= self.limit


# DESIGN.md: "Start to an interactive window showing data from that database: ≤ 6× the start of a
# bare PySide6 window measured in the same run"
START = Budget(6, at_least=False, on_ratio=True, unit="×")
# DESIGN.md: "Open any list ≤ 150 ms"
OPEN_LIST = Budget(150, at_least=False, on_ratio=False, unit="ms")
# DESIGN.md: "filter, sort (pinyin order included) or search ≤ 100 ms to the first page of
# results, two-character searches included"
FILTER_SORT_SEARCH = Budget(100, at_least=False, on_ratio=False, unit="ms")
# DESIGN.md: "scrolling to row 400,000 of 500,000 ≤ 100 ms on the UI thread"
SCROLL = Budget(100, at_least=False, on_ratio=False, unit="ms")
# DESIGN.md: "Excel export ≥ 75% of the throughput of bare openpyxl write-only on the same cells"
EXCEL_EXPORT = Budget(0.75, at_least=True, on_ratio=True)
# DESIGN.md: "Import with full validation ≥ 50% of the bare floor for the same work
# (python-calamine reading the workbook, plus one `executemany` insert of the rows and one of
# their history rows)"
EXCEL_IMPORT = Budget(0.50, at_least=True, on_ratio=True)
# DESIGN.md: "and faster than LibreOffice headless merely opening the same workbook
# (`soffice --convert-to csv`)"
EXCEL_IMPORT_VS_LIBREOFFICE = Budget(1.0, at_least=True, on_ratio=True)
# DESIGN.md: "PDF: a 2,000-item demand list ≥ 100% of bare reportlab platypus drawing the same
# table with Paragraph cells"
PDF = Budget(1.0, at_least=True, on_ratio=True)
# DESIGN.md: "and faster than LibreOffice printing the same list from a workbook"
PDF_VS_LIBREOFFICE = Budget(1.0, at_least=True, on_ratio=True)
# DESIGN.md: "Bundle verify + merge ≥ 50% of the bare floor for the same writes"
MERGE = Budget(0.50, at_least=True, on_ratio=True)
# DESIGN.md: "A bundle of 100,000 new records ≤ 25% of its uncompressed JSON size on disk"
BUNDLE_SIZE = Budget(0.25, at_least=False, on_ratio=True)
# DESIGN.md: "Peak memory with that database open in the UI ≤ 400 MB"
UI_MEMORY = Budget(400, at_least=False, on_ratio=False, unit="MB")
# DESIGN.md: "a 200,000-row workbook import ≤ 600 MB"
IMPORT_MEMORY = Budget(600, at_least=False, on_ratio=False, unit="MB")
# DESIGN.md: "a merge of any size ≤ 400 MB (bundles stream)"
MERGE_MEMORY = Budget(400, at_least=False, on_ratio=False, unit="MB")

GROWTH_LIMIT = 1.5
"""DESIGN.md: "every figure above measured at 1/10, 1/3 and full city scale grows no faster than
the rows it touches". Flagged when the cost per row (seconds or MB per row, the inverse of a
rate) at a larger scale is more than this many times the cost per row at the smallest scale."""

RATES = ("rows/s", "records/s")
"""Units of throughput: more is better, cost per row is 1 / figure."""


@dataclass(frozen=True)
class Figure:
    """One budgeted figure of one run: ours beside the bare figure of the same run."""

    benchmark: str
    name: str
    ours: float
    unit: str
    """Of ours and bare: "rows/s", "records/s", "ms", "s", "MB", "bytes"."""
    bare: float | None
    budget: Budget
    rows: int | None = None
    """The rows the figure touches (for --growth)."""
    note: str = ""
    """Why there is no figure (then ours is nan and the verdict is "n/a")."""

    @property
    def ratio(self) -> float | None:
        """Ours ÷ bare in the figure's own unit (a rate: > 1 is faster than bare)."""
        if self.bare is None or self.bare == 0 or self.missing:
            return None
        return self.ours / self.bare

    @property
    def missing(self) -> bool:
        return self.ours != self.ours  # nan: not measured here

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or n/a when it could not be measured here (note says why)."""
        if self.missing:
            return "n/a"
        value = self.ratio if self.budget.on_ratio else self.ours
        if value is None:
            return "n/a"
        return "PASS" if self.budget.passes(value) else "FAIL"

    def per_row(self) -> float | None:
        """The cost per row touched: seconds (or MB, bytes) per row; None without rows."""
        if not self.rows or self.missing or self.ours <= 0:
            return None
        return 1 / self.ours if self.unit in RATES else self.ours / self.rows


_figures: list[Figure] = []


def record(benchmark: str, name: str, ours: float, unit: str, bare: float | None,
           budget: Budget, rows: int | None = None) -> Figure:
    """Record a budgeted figure of this run (printed in the table after every benchmark)."""
    figure = Figure(benchmark, name, float(ours), unit, None if bare is None else float(bare),
                    budget, rows)
    _figures.append(figure)
    return figure


def unmeasured(benchmark: str, name: str, budget: Budget, why: str) -> Figure:
    """Record a budgeted figure this machine cannot measure (e.g. LibreOffice not installed)."""
    figure = Figure(benchmark, name, float("nan"), "", None, budget, note=why)
    _figures.append(figure)
    return figure


def recorded() -> list[Figure]:
    """Every figure recorded so far in this process."""
    return list(_figures)


def clear() -> None:
    """Forget the figures recorded so far."""
    _figures.clear()


def _number(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "—"
    if unit in ("bytes",):
        return f"{value / 1e6:,.1f} MB"
    if abs(value) >= 1000:
        return f"{value:,.0f} {unit}".rstrip()
    if abs(value) >= 10:
        return f"{value:,.1f} {unit}".rstrip()
    return f"{value:,.2f} {unit}".rstrip()


def _ratio(figure: Figure) -> str:
    ratio = figure.ratio
    if ratio is None:
        return "—"
    digits = 1 if figure.budget.unit == "×" else 2
    while (figure.budget.on_ratio and digits < 4
           and figure.budget.passes(float(f"{ratio:.{digits}f}")) != figure.budget.passes(ratio)):
        digits += 1  # 0.7487 shows as 0.749 beside ≥ 0.75 FAIL, not as 0.75
    return f"{ratio:.{digits}f}" + ("×" if figure.budget.unit == "×" else "")


def table(figures: Sequence[Figure]) -> str:
    """Every figure, one line each: ours, bare, ratio, budget, PASS/FAIL; then the tally."""
    heads = ("benchmark", "figure", "ours", "bare", "ratio", "budget", "verdict")
    lines = [(f.benchmark, f.name, _number(f.ours, f.unit), _number(f.bare, f.unit), _ratio(f),
              f.budget.text() + ("" if f.budget.on_ratio else " (ours)"),
              f.verdict + (f" ({f.note})" if f.note else "")) for f in figures]
    widths = [max([len(h), *(len(line[n]) for line in lines)]) for n, h in enumerate(heads)]
    right = {2, 3, 4}

    def row(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if n in right else c.ljust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    out = [row(heads), row(["-" * w for w in widths]), *(row(line) for line in lines)]
    counts = {v: sum(1 for f in figures if f.verdict == v) for v in ("PASS", "FAIL", "n/a")}
    out.append(f"{len(figures)} budgeted figures: {counts['PASS']} PASS, {counts['FAIL']} FAIL, "
               f"{counts['n/a']} not measured here")
    return "\n".join(out)


def save(figures: Iterable[Figure], path: Path) -> None:
    """Write figures as JSON (one scale's run, read back by --growth)."""
    path.write_text(json.dumps([dataclasses.asdict(f) for f in figures], ensure_ascii=False),
                    encoding="utf-8")


def load(path: Path) -> list[Figure]:
    """The figures save() wrote."""
    return [Figure(**{**item, "budget": Budget(**item["budget"])})
            for item in json.loads(path.read_text(encoding="utf-8"))]


def growth(by_scale: dict[str, list[Figure]]) -> str:
    """The figures of each scale side by side (figure and rows), each larger scale's cost per
    row ÷ the smallest's, and "GROWS" where that exceeds GROWTH_LIMIT."""
    scales = list(by_scale)
    keys: list[tuple[str, str]] = []
    for figures in by_scale.values():
        keys += [(f.benchmark, f.name) for f in figures if (f.benchmark, f.name) not in keys]
    found = {s: {(f.benchmark, f.name): f for f in by_scale[s]} for s in scales}
    heads = ["benchmark", "figure"]
    for s in scales:
        heads += [s, "rows"]
    heads += [f"per row {s}÷{scales[0]}" for s in scales[1:]] + ["growth"]
    lines = []
    for key in keys:
        cells = list(key)
        first = found[scales[0]].get(key)
        flagged = False
        growths = []
        for s in scales:
            f = found[s].get(key)
            cells += [_number(f.ours, f.unit) if f else "—",
                      f"{f.rows:,}" if f and f.rows else "—"]
        for s in scales[1:]:
            f = found[s].get(key)
            base = first.per_row() if first else None
            cost = f.per_row() if f else None
            if base and cost:
                times = cost / base
                growths.append(f"{times:.2f}")
                flagged = flagged or times > GROWTH_LIMIT
            else:
                growths.append("—")
        measured = any(g != "—" for g in growths)
        cells += [*growths, "GROWS" if flagged else "ok" if measured else "—"]
        lines.append(cells)
    widths = [max([len(h), *(len(line[n]) for line in lines)]) for n, h in enumerate(heads)]

    def row(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if n < 2 else c.rjust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    grown = sum(1 for line in lines if line[-1] == "GROWS")
    return "\n".join([
        row(heads), row(["-" * w for w in widths]), *(row(line) for line in lines),
        f"growth: cost per row (seconds or MB per row touched; 1 ÷ a rate) at each scale ÷ at "
        f"{scales[0]}; GROWS where > {GROWTH_LIMIT} ({grown} of {len(lines)} figures)"])
