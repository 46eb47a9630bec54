"""The qualified-operator list down through reference bundles: city → district → street, and a
hostile qualified.json refused alone while the rest of its bundle still applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.enums import Function
from app.domain.operators import Verdict
from app.services import operator_reports, operators, records
from app.store.db import Ledger
from app.store.settings import set_settings
from app.store.targets import coverage_targets
from app.sync import bundle, keys, reference
from app.sync.apply import apply_bundle
from app.sync.reference import QUALIFIED_FILE, make_reference
from tests.app.services.operator_data import CODE_A, ON, TODAY, fill
from tests.app.sync import forge
from tests.app.sync.ledgers import public_key_text
from tests.helpers.ledgers import Devices
from tests.helpers.pdf import pdf_text


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger, Ledger]]:
    city = devices.open(tmp_path / "市.db", role="city")
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    street = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    keys.trust_upstream(district, public_key_text(city))
    keys.trust_upstream(street, public_key_text(district))
    fill(city)
    operators.publish(city, ON, today=TODAY)
    yield city, district, street
    for ledger in (city, district, street):
        ledger.close()


def test_the_list_reaches_a_street_through_its_district(
    offices: tuple[Ledger, Ledger, Ledger], tmp_path: Path
) -> None:
    city, district, street = offices
    from_city = make_reference(city)
    assert from_city is not None
    assert apply_bundle(district, from_city).status == "applied"
    from_district = make_reference(district)
    assert from_district is not None
    done = apply_bundle(street, from_district)
    assert done.status == "applied" and "不予接收" not in done.message, done.message

    at_city, at_street = operators.published(city), operators.published(street)
    assert at_street == at_city and operators.qualified_list(street).version == 1
    verdicts = {o.name: o.verdict for o in at_street.versions[0].operators}
    assert verdicts["甲养老服务中心"] is Verdict.QUALIFIED
    assert verdicts["戊家政公司"] is Verdict.UNEVALUATED
    [operator] = [o for o in records.list_records(street, "operators")
                  if o["credit_code"] == CODE_A]
    assert operator["qualified"] is True and operator["phone"] is None  # no personal data down
    out = tmp_path / "街道公示.pdf"
    operator_reports.qualified_report(street, out, today=TODAY)
    text, _pages = pdf_text(out)
    assert "甲养老服务中心" in text and "第1版" in text and "13812345678" not in text
    with pytest.raises(Exception, match="只有市级"):
        operators.publish(street, TODAY, today=TODAY)


def _forged(city: Ledger, folder: Path, qualified: bytes, version: int) -> Path:
    """The city's next reference bundle, signed by its key, with this qualified.json."""
    made = make_reference(city)
    assert made is not None
    payload = dict(bundle.verify_bundle(made).payload or {})
    payload[QUALIFIED_FILE] = qualified
    return forge.signed(city, folder, payload, seq=(version, version),
                        format=bundle.REFERENCE_FORMAT)


@pytest.mark.parametrize(("body", "why"), [
    (b"{not json", "不是有效的 JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "嵌套过深"),
    (b'{"versions": 5}', "版本列表格式不对"),
    (b'{"versions": [{"version": 1, "on": "2026-12-01", "first": "2025-12-02", "operators": '
     b'[{"id": "x", "name": "A", "verdict": "best", "evaluations": 1, "counted": 1}]}]}',
     "结论不对"),
    (b"{}" + b" " * 64, "超过"),
])
def test_a_hostile_list_is_refused_alone(
    offices: tuple[Ledger, Ledger, Ledger], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    body: bytes, why: str
) -> None:
    city, district, _street = offices
    first = make_reference(city)
    assert first is not None and apply_bundle(district, first).status == "applied"
    if why == "超过":
        monkeypatch.setattr(reference, "MAX_LIST_BYTES", 32)
    operators.publish(city, dt.date(2026, 12, 2), today=TODAY)  # version 2, not to arrive
    set_settings(city, **{"reference/targets": {"meal_service": 0.8}})
    forged = _forged(city, tmp_path / "forged", body, 2)
    done = apply_bundle(district, forged)
    assert done.status == "applied", done.message
    assert "合格运营商名单（qualified.json）不予接收" in done.message and why in done.message
    assert coverage_targets(district)[Function.MEAL_SERVICE] == 0.8  # the rest applied
    assert [v.version for v in operators.published(district).versions] == [1]  # kept

    operators.set_threshold(city, "quality", "75")
    monkeypatch.undo()
    later = make_reference(city)
    assert later is not None and apply_bundle(district, later).status == "applied"
    held = operators.published(district)
    assert [v.version for v in held.versions] == [1, 2] and held.thresholds.quality == 75
