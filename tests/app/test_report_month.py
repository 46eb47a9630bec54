"""`report monthly --month …`: a month that is not valid is named so, with the form expected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app import cli
from app.domain import china_time
from app.errors import UsageError
from app.services import reports
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from tests.helpers.ledgers import copy_ledger

NOW = dt.datetime(2026, 12, 4, 10, tzinfo=china_time.CHINA)


@pytest.fixture
def db(street_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A street's new ledger (a copy of what init makes); the clock stands at NOW."""
    with time_machine.travel(NOW.timestamp(), tick=False):
        yield copy_ledger(street_template, tmp_path / "台账.db")


@pytest.mark.parametrize(
    ("month", "words"),
    [
        ("2026-13", ["“2026-13”", "月份应为 01–12", "2026-10"]),
        ("2026-00", ["“2026-00”", "月份应为 01–12", "2026-10"]),
        ("2026-1x", ["“2026-1x”", "年-月", "2026-10"]),
        ("26-10", ["“26-10”", "四位", "2026-10"]),
        ("", ["--month", "给出月份", "2026-10"]),
    ],
)
def test_a_bad_month_is_named_with_the_form_expected(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], month: str, words: list[str]
) -> None:
    out = tmp_path / "月通报.pdf"
    code = cli.main(["--db", str(db), "report", "monthly", "--scope", "street:解放门街道",
                     "--month", month, "--out", str(out)])
    error = capsys.readouterr().err
    assert code == 2, error
    for word in words:
        assert word in error, (word, error)
    assert "应写成 2026-10" not in error  # the old message, which read as "write 2026-10"
    assert not out.exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1x", "26-10", "", "2026-10-01"])
def test_the_service_refuses_the_same_months(db: Path, tmp_path: Path, month: str) -> None:
    ledger = init_ledger(db)
    try:
        with pytest.raises(UsageError, match="2026-10"):
            reports.monthly_report(ledger, resolve_scope(ledger, "street:解放门街道"), month,
                                   tmp_path / "x.pdf")
    finally:
        ledger.close()
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("month", ["2026-10", "2026-9", "2026年10月", " 2026-11 "])
def test_good_months_in_the_forms_ledgers_use(db: Path, tmp_path: Path, month: str) -> None:
    ledger = init_ledger(db)
    try:
        result = reports.monthly_report(ledger, resolve_scope(ledger, "street:解放门街道"), month,
                                        tmp_path / "x.pdf")
    finally:
        ledger.close()
    assert result.pages >= 1
