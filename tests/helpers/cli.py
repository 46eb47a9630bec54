"""The command line as the tests drive it: in this process (fast), or as a real process.

`run` calls `app.cli.main` here, with what a child process would have had: its environment, its
own stdout and stderr (bytes, read back as UTF-8) and its exit code, usage errors included.
`run_process` starts `python -m app` for the few tests that are about the process itself (the
entry point, the encoding of its output, the marks of another process).
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.paths import DB_ENV


@dataclass(frozen=True)
class Done:
    """What a command did: like subprocess.CompletedProcess, output decoded as UTF-8 text."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str = field(repr=False)


def run(*args: str | Path, env: dict[str, str] | None = None) -> Done:
    """facility-ledger with these arguments, in this process; output decoded as UTF-8.

    The environment is this process's plus `env`; without `env`, FACILITY_LEDGER_DB is unset (as
    for a child process started that way). Usage errors (argparse's SystemExit) become exit codes.
    """
    from app.cli import main

    argv = [str(a) for a in args]
    out, err = _stream(), _stream()
    with _environment(env), _redirected(out, err):
        try:
            code = main(argv)
        except SystemExit as stop:
            code = _exit_code(stop, err)
    return Done(argv, code, _text(out), _text(err))


def run_process(*args: str | Path, env: dict[str, str] | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python -m app` with these arguments as a real process; output decoded as UTF-8."""
    full_env = {**os.environ, **(env or {})}
    if env is None:
        full_env.pop(DB_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=timeout,
    )


def rows(db: Path, sql: str) -> int:
    """The one number a query on the database file gives."""
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _stream() -> io.TextIOWrapper:
    # bytes underneath, as a pipe: main() reconfigures the streams to UTF-8 as it does a terminal's
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    """The bytes written, decoded as subprocess.run(text=True) decodes a pipe (universal newlines:
    the demo's "\\r" progress lines read as lines)."""
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", newline=None).read()


def _exit_code(stop: SystemExit, err: io.TextIOWrapper) -> int:
    """The exit code of a process ended by this SystemExit (a message goes to stderr, code 1)."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=err)
    return 1


@contextlib.contextmanager
def _environment(env: dict[str, str] | None) -> Iterator[None]:
    changed = {DB_ENV} if env is None else set(env)
    saved = {name: os.environ.get(name) for name in changed}
    if env is None:
        os.environ.pop(DB_ENV, None)
    else:
        os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _redirected(out: io.TextIOWrapper, err: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
