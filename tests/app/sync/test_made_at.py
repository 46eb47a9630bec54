"""Calendar figures count a change when it was made, wherever and whenever it was merged.

Issue 11, finding 7: merged rows were stamped with the district's import time, so a district's
November report printed after its streets synced in December showed 0 communities. Every change
now records `made_at` (the origin device's wall-clock time), bundles carry it, and the monthly
report counts by it, says "数据截至" and names the streets it holds nothing of.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import text

from app.domain.china_time import CHINA
from app.services import records, reports
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store.db import Ledger, open_ledger
from app.sync import bundle, keys
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from tests.app.sync import forge
from tests.app.sync.ledgers import STREET, public_key_text
from tests.helpers.ledgers import copy_ledger, copy_ledgers, template_time
from tests.helpers.pdf import pdf_text


def _xian(month: int, day: int, hour: int = 10) -> float:
    return dt.datetime(2026, month, day, hour, tzinfo=CHINA).timestamp()


def _text(path: Path) -> str:
    return pdf_text(path)[0]


def _made(ledger: Ledger) -> Path:
    made = bundle.make_bundle(ledger)
    assert made is not None
    return made.path


def _november(ledger: Ledger, scope: str, out: Path) -> str:
    reports.monthly_report(ledger, resolve_scope(ledger, scope), "2026-11", out,
                           today=dt.date(2026, 12, 4))
    return _text(out)


def test_a_street_that_syncs_in_december_still_fills_its_november(tmp_path: Path) -> None:
    with time_machine.travel(_xian(11, 1), tick=False):  # set up before November's work
        street = init_ledger(tmp_path / "街道" / "台账.db", role="street", area=STREET)
        district = init_ledger(tmp_path / "区县" / "台账.db", role="district", area="新城区")
        city = init_ledger(tmp_path / "市" / "台账.db", role="city")
    try:
        keys.enroll(district, public_key_text(street), resolve_scope(district, f"street:{STREET}"))
        keys.enroll(city, public_key_text(district), resolve_scope(city, "district:新城区"))
        with time_machine.travel(_xian(11, 10), tick=False):  # entered in November
            community = records.create(street, "communities", {"name": "东七路社区",
                                                               "street": STREET})
            records.create(street, "functions", {"community": community, "function": "养老",
                                                 "status": "运营中"})
        with time_machine.travel(_xian(12, 3), tick=False):  # synced in December
            assert apply_bundle(district, _made(street)).status == Status.APPLIED
            upward = _made(district)
        with time_machine.travel(_xian(12, 4), tick=False):
            assert apply_bundle(city, upward).status == Status.APPLIED

        made_at = forge.manifest_of(upward)  # the district's bundle carries the street's times
        lines = bundle.verify_bundle(upward).payload["data/community.jsonl"].splitlines()
        assert b'"made_at":"2026-11-10T02:00:00.000+00:00"' in lines[0], (made_at, lines[0])

        for ledger, scope in ((district, "district:新城区"), (city, "district:新城区")):
            november = _november(ledger, scope, tmp_path / f"{uuid.uuid4().hex}.pdf")
            assert "本区域共有社区1个" in november
            assert "养老服务1/1100%90%已达标" in november
            assert "统计至2026年11月30日" in november and "数据截至2026年11月10日" in november
            silent = re.search(r"尚无报送数据的街道（(\d+)个）", november)
            assert silent is not None
            named = november[silent.end():november.index("一、九项功能")]
            assert "新城区：" in named and "西一路街道" in named and STREET not in named
            with district.engine.connect() as conn:
                streets = conn.execute(text(
                    "SELECT count(*) FROM street WHERE district_id = (SELECT id FROM district "
                    "WHERE name = '新城区') AND deleted = 0")).scalar()
            assert int(silent.group(1)) == int(streets or 0) - 1
            assert "Excel导入的数据按导入时间计入" in november
        history = records.history(district, "communities", community)
        assert [h["made_at"] for h in history] == ["2026-11-10T02:00:00.000+00:00"]
    finally:
        for ledger in (street, district, city):
            ledger.close()


def test_a_street_ledger_names_no_street_missing_and_says_so_when_it_holds_nothing(
        street_template: Path, tmp_path: Path) -> None:
    ledger = open_ledger(copy_ledger(street_template, tmp_path / "街道" / "台账.db"))
    try:
        own = _november(ledger, f"street:{STREET}", tmp_path / "空.pdf")
    finally:
        ledger.close()
    assert "数据截至：暂无数据" in own and "尚无报送数据" not in own


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A field laptop and a street office, each made by init, closed: each test copies them."""
    folder = tmp_path_factory.mktemp("pair")
    with template_time():
        for device in ("外业", "街道办"):
            init_ledger(folder / device / "台账.db", role="street", area=STREET).close()
    return folder


@pytest.fixture
def pair(pair_template: Path, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """The laptop and the office of the template, copied, open."""
    copy_ledgers(pair_template, tmp_path)
    laptop = open_ledger(tmp_path / "外业" / "台账.db")
    office = open_ledger(tmp_path / "街道办" / "台账.db")
    yield laptop, office
    laptop.close()
    office.close()


@pytest.mark.parametrize("made_at", ["yesterday", "2026-11-10", "2026-11-10T02:00:00", 20261110,
                                     "2026-11-10T02:00:00+08:00" + "0" * 40])
def test_a_made_at_that_is_not_an_instant_is_refused(
        pair: tuple[Ledger, Ledger], tmp_path: Path, made_at: object) -> None:
    laptop, office = pair
    keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
    row = forge.row(str(uuid.uuid4()), laptop.device, forge.hlc(laptop),
                    name="东七路社区", street=resolve_scope(office, f"street:{STREET}").id)
    row["fields"]["name"]["made_at"] = made_at
    path = forge.signed(laptop, tmp_path / "U盘", {"data/community.jsonl": forge.lines(row)},
                        seq=(1, 1))
    outcome = apply_bundle(office, path)
    assert outcome.status == Status.REJECTED and "修改时间不对" in outcome.message


def test_a_made_at_later_than_its_own_clock_counts_at_the_clock(
        pair: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    laptop, office = pair
    keys.enroll(office, public_key_text(laptop), resolve_scope(office, f"street:{STREET}"))
    clock = forge.hlc(laptop)
    record_id = str(uuid.uuid4())
    row = forge.row(record_id, laptop.device, clock, name="东七路社区",
                    street=resolve_scope(office, f"street:{STREET}").id)
    row["fields"]["name"]["made_at"] = "2099-01-01T00:00:00.000+00:00"  # a lie
    path = forge.signed(laptop, tmp_path / "U盘", {"data/community.jsonl": forge.lines(row)},
                        seq=(1, 1))
    assert apply_bundle(office, path).status == Status.APPLIED
    [entry] = records.history(office, "communities", record_id)
    millis = int(clock[:16])
    expected = dt.datetime.fromtimestamp(millis / 1000, dt.UTC)
    assert entry["made_at"] == expected.isoformat(timespec="milliseconds")
