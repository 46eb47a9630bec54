"""`report ranking|assessment` and `scoring show|set` on the command line; the scoring sent down
in a reference bundle prints the same ranking at the district as at the city."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app.services import ranking
from app.services.areas import resolve_scope
from app.store import programme
from app.store.db import open_ledger
from app.store.settings import set_settings
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from app.sync.reference import make_reference
from tests.app.services.ranking_ledger import NOW, build
from tests.app.sync.ledgers import public_key_text
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices, copy_ledger


@pytest.fixture
def db(ledger_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A ledger with the known numbers, the city's; the clock stands at NOW."""
    path = copy_ledger(ledger_template, tmp_path / "台账 目录" / "台账.db")
    ledger = open_ledger(path)
    try:
        build(ledger)
        set_settings(ledger, role="city")
    finally:
        ledger.close()
    with time_machine.travel(NOW.timestamp(), tick=False):
        yield path


def test_reports_as_pdf_and_workbook(db: Path, tmp_path: Path) -> None:
    pdf, book = tmp_path / "季度 排名.pdf", tmp_path / "年度考核.xlsx"
    done = run("--db", db, "report", "ranking", "--scope", "district:新城区",
               "--quarter", "2026年第四季度", "--out", pdf)
    assert done.returncode == 0 and "页" in done.stdout, done.stderr
    assert pdf.exists()
    done = run("--db", db, "report", "assessment", "--scope", "city", "--year", "2026",
               "--out", book)
    assert done.returncode == 0 and "行" in done.stdout, done.stderr
    assert book.exists()


@pytest.mark.parametrize(("extra", "words"), [
    (["ranking", "--quarter", "2026Q5"], "1–4"),
    (["ranking", "--quarter", "2027Q2"], "还没有到"),
    (["ranking"], "--quarter"),
    (["assessment"], "--year"),
    (["assessment", "--year", "2026", "--by", "legal"], "开发区管理的街道计入开发区"),
    (["ranking", "--quarter", "2026Q4", "--scope", "street:西一路街道"], "全市"),
])
def test_usage_errors_say_what_is_wrong(db: Path, tmp_path: Path, extra: list[str],
                                        words: str) -> None:
    out = tmp_path / "x.pdf"
    args = ["--db", db, "report", *extra]
    if "--scope" not in extra:
        args += ["--scope", "district:新城区"]
    done = run(*args, "--out", out)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert not out.exists()


def test_a_report_file_must_be_pdf_or_xlsx(db: Path, tmp_path: Path) -> None:
    done = run("--db", db, "report", "ranking", "--scope", "city", "--quarter", "2026Q4",
               "--out", tmp_path / "排名.docx")
    assert done.returncode == 2 and ".pdf 或 .xlsx" in done.stderr


def test_scoring_show_and_set_at_the_city(db: Path) -> None:
    shown = run("--db", db, "scoring", "show")
    assert shown.returncode == 0 and "计分办法（第 0 版）" in shown.stdout
    assert "weights.coverage" in shown.stdout and "考核细则（第 0 版）" in shown.stdout
    done = run("--db", db, "scoring", "set", "weights.coverage=10", "weights.freshness=40")
    assert done.returncode == 0 and "第 1 版" in done.stdout, done.stderr
    assert "覆盖提升（10 分）" in run("--db", db, "scoring", "show").stdout
    refused = run("--db", db, "scoring", "set", "weights.coverage=50")
    assert refused.returncode == 2 and "合计应为 100 分" in refused.stderr
    unknown = run("--db", db, "scoring", "set", "nonsense=1")
    assert unknown.returncode == 2 and "没有“nonsense”这一项" in unknown.stderr
    assert "第 1 版" in run("--db", db, "scoring", "show").stdout  # refusals changed nothing


def test_scoring_is_set_by_the_city_only(devices: Devices, tmp_path: Path) -> None:
    db = tmp_path / "区县.db"
    devices.copy(db, role="district", area="新城区")
    done = run("--db", db, "scoring", "set", "weights.coverage=10", "weights.freshness=40")
    assert done.returncode == 2 and "市级工作专班" in done.stderr
    assert "第 0 版" in run("--db", db, "scoring", "show").stdout


def test_scoring_sent_down_prints_the_same_ranking_at_the_district(
    devices: Devices, tmp_path: Path
) -> None:
    city = devices.open(tmp_path / "市.db", role="city", area="西安市")
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    try:
        keys.enroll(city, public_key_text(district), resolve_scope(city, "district:新城区"))
        keys.trust_upstream(district, public_key_text(city))
        build(district, zone=False)
        with time_machine.travel(NOW.timestamp(), tick=False):
            upward = bundle.make_bundle(district)
            assert upward is not None
            applied = apply_bundle(city, upward.path)
            assert applied.status == "applied", applied.message
            programme.set_scorings(city, {"weights.coverage": "10", "weights.freshness": "40"})
            programme.set_scorings(city, {"weights.on_time": "10", "weights.demands": "40"})
            down = make_reference(city)
            assert down is not None
            assert apply_bundle(district, down).status == "applied"
        documents = []
        for ledger in (city, district):
            result = ranking.quarter_ranking(ledger, resolve_scope(ledger, "district:新城区"),
                                             "2026Q4", now=NOW)
            assert result.rules.version == 2
            documents.append(ranking.ranking_document(
                ledger, result, unit="新城区人民政府", today=dt.date(2027, 1, 15), now=NOW))
        at_city, at_district = documents
        assert at_city.lines == at_district.lines
        assert at_city.blocks == at_district.blocks
        assert any("第 2 版" in getattr(b, "text", "") for b in at_city.blocks)
    finally:
        city.close()
        district.close()
