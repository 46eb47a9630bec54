"""A project that failed 联合验收 has not reached it (nor 投入运营), and is marked so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app.domain import china_time
from app.services import records, reports
from app.services.areas import resolve_scope
from app.services.overview import STAGES, overview, project_stage
from app.store.db import Ledger
from tests.helpers.pdf import pdf_text

STREET = "解放门街道"
BUILT = {"approved_on": "2025-03-01", "designed_on": "2025-04-01", "started_on": "2025-06-01",
         "completed_on": "2026-05-01"}
PASSED = {**BUILT, "accepted_on": "2026-06-01", "acceptance": "通过"}
FAILED = {**BUILT, "accepted_on": "2026-06-01", "acceptance": "未通过"}


def test_a_failed_acceptance_is_not_a_reached_milestone() -> None:
    assert project_stage({**PASSED, "acceptance": "passed"}) == "联合验收"
    assert project_stage({**FAILED, "acceptance": "failed"}) == "竣工"
    # put into operation without passing acceptance: still not counted as operating
    assert project_stage({**FAILED, "acceptance": "failed", "operating_on": "2026-07-01"}) == "竣工"
    assert project_stage({**PASSED, "acceptance": "passed", "operating_on": "2026-07-01"}) == (
        "投入运营")
    assert project_stage({**PASSED, "acceptance": None}) == "联合验收"  # no result recorded yet


@pytest.fixture
def projects(ledger: Ledger) -> Iterator[Ledger]:
    """Three projects of one community, entered in September 2026 (the clock stands still)."""
    with time_machine.travel(
        dt.datetime(2026, 9, 15, 12, tzinfo=china_time.CHINA).timestamp(), tick=False
    ):
        community = records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})
        records.create(ledger, "projects", {"name": "东七路社区养老服务站", "tier": "市级项目",
                                            "community": community, **PASSED,
                                            "operating_on": "2026-07-01"})
        records.create(ledger, "projects", {"name": "东七路社区托育园", "tier": "市级项目",
                                            "community": community, **FAILED})
        records.create(ledger, "projects", {"name": "东七路社区助餐点", "tier": "市级项目",
                                            "community": community, **FAILED,
                                            "operating_on": "2026-07-01"})
    yield ledger


def test_overview_counts_a_failed_acceptance_at_completion(projects: Ledger) -> None:
    seen = overview(projects, resolve_scope(projects, f"street:{STREET}"))
    assert seen.stages == dict(zip(STAGES, [0, 0, 0, 2, 0, 1], strict=True))
    assert seen.failed_acceptance == 2


def _pdf_text(path: Path) -> str:
    return pdf_text(path)[0]


def test_monthly_report_counts_and_names_failed_acceptances(
    projects: Ledger, tmp_path: Path
) -> None:
    out = tmp_path / "月通报.pdf"
    with time_machine.travel(
        dt.datetime(2026, 10, 20, 12, tzinfo=china_time.CHINA).timestamp(), tick=False
    ):
        reports.monthly_report(projects, resolve_scope(projects, f"street:{STREET}"), "2026-09",
                               out)
    text = _pdf_text(out)
    assert "立项方案设计开工竣工联合验收投入运营尚未立项0002010" in text
    assert "联合验收未通过2个" in text
    assert "东七路社区托育园" in text and "东七路社区助餐点" in text


def test_community_profile_marks_a_failed_acceptance(projects: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "概况.pdf"
    reports.community_profile(projects, resolve_scope(projects, "community:东七路社区"), out,
                              today=dt.date(2026, 10, 20))
    text = _pdf_text(out)
    assert text.count("联合验收未通过") == 2
    assert "东七路社区养老服务站" in text and "投入运营" in text
