"""What the benchmarks share: timing, progress on stderr, LibreOffice headless, profiles."""

from __future__ import annotations

import cProfile
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

_started = time.perf_counter()


def say(message: str) -> None:
    """A progress line on stderr, with the seconds since the benchmarks started."""
    print(f"  [{time.perf_counter() - _started:6.1f} s] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of several runs (this machine is shared: one run can be unlucky)."""
    return min(timed(fn) for _ in range(repeat))


def soffice() -> str | None:
    """LibreOffice's command, when it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(exe: str, book: Path, work: Path, to: str) -> tuple[float, Path]:
    """Seconds for LibreOffice headless to convert a file (`to`: "csv", "pdf"), and the result."""
    out = work / f"lo-{to}"
    shutil.rmtree(out, ignore_errors=True)
    command = [
        exe, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
        "--norestore", "--convert-to", to, "--outdir", str(out), str(book),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    elapsed = time.perf_counter() - started
    written = out / f"{book.stem}.{to}"
    if not written.exists():
        raise RuntimeError(f"LibreOffice wrote no {to} for {book.name}")
    return elapsed, written


def profiled(title: str, fn: Callable[[], object], top: int) -> None:
    """Run once under cProfile and print the top functions, by cumulative and by own time."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(fn)
    print(f"\n{title}: {time.perf_counter() - started:.1f} s under cProfile")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def restart_clock() -> None:
    """Progress lines count from now (a benchmark's start)."""
    global _started
    _started = time.perf_counter()


def soffice_start(exe: str, work: Path, to: str) -> float:
    """LibreOffice's start-up alone: converting a one-cell workbook (after a first start that
    makes its profile)."""
    from openpyxl import Workbook

    tiny = work / "tiny.xlsx"
    one = Workbook(write_only=True)
    one.create_sheet("x").append([1])
    one.save(tiny)
    convert(exe, tiny, work, to)
    return best(lambda: convert(exe, tiny, work, to))


HWM = """
def PEAK_MB():
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
"""
"""Source of PEAK_MB(), a child interpreter's own peak resident memory in MB. Not ru_maxrss:
Linux keeps that across fork and exec, so a child started by a big parent (the benchmarks at
city scale hold GBs) would report the parent's peak; VmHWM is the peak of the child's own
address space."""

PEAK = HWM + """
import runpy, sys
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__")
print("peak_mb", PEAK_MB())
"""
"""Runs `python -m MODULE ARGS…` and prints the process's peak resident memory after it."""


def peak_mb(module: str, *args: str) -> float:
    """The peak resident memory in MB of a fresh interpreter running `python -m module args…`
    (the interpreter and its imports included: what the user's process would hold)."""
    done = subprocess.run([sys.executable, "-c", PEAK, module, *args], capture_output=True,
                          text=True, check=True, timeout=1800)
    last = done.stdout.strip().splitlines()[-1].split()
    if last[0] != "peak_mb":
        raise RuntimeError(f"{module} printed no peak memory: {done.stdout[-200:]}")
    return float(last[1])
