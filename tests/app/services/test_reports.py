"""PDF reports read back with pypdf: names in Chinese, page numbers, no personal data in public."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import UsageError
from app.services import records, reports
from app.services.areas import resolve_scope
from app.store.db import Ledger

STREET = "解放门街道"
PHONE = "13812345678"
LANDLINE = "029-87654321"
ID_NUMBER = "610102199001011234"


def _text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def community(ledger: Ledger) -> str:
    return records.create(ledger, "communities",
                          {"name": "东七路社区", "street": STREET, "code": "610102005001"})


def _demands(ledger: Ledger, community: str, count: int) -> None:
    functions = ["养老", "托育", "助餐", "其他", ""]
    for n in range(count):
        records.create(ledger, "demands", {
            "community": community,
            "content": f"第{n}号需求：希望增设老年助餐点，请联系{PHONE}" if n == 0
            else f"第{n}号需求：小区缺少托育机构和儿童游乐设施，居民反映强烈",
            "function": functions[n % len(functions)],
            "residents": str(n + 1),
            "received_on": (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat(),
            "reporter": "欧阳娜娜" if n == 0 else "张三丰",
            "phone": PHONE if n % 2 == 0 else LANDLINE,
            "reply": f"已电话回复，身份证号{ID_NUMBER}的居民已登记" if n == 1 else "",
        })


def test_public_list_has_no_personal_data_and_numbers_its_pages(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    _demands(ledger, community, 60)
    out = tmp_path / "公示 清单.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    result = reports.demand_list(
        ledger, scope, out, publicity=(dt.date(2026, 11, 26), dt.date(2026, 12, 2)),
        today=dt.date(2026, 11, 26),
    )
    assert result.items == 60 and result.pages >= 2
    pages = _text(out)
    assert len(pages) == result.pages
    everything = _compact("".join(pages))
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页/共{result.pages}页" in _compact(page)
        if "号需求" in page:
            assert "序号" in _compact(page)  # the header row repeats on every page
    for words in ("需求清单（公示版）", "新城区/解放门街道/东七路社区",
                  "公示期：2026年11月26日至2026年12月2日", "养老服务", "婴幼儿托育",
                  "社区助餐", "其他", "未分类", "答复情况", "（盖章）",
                  "制表人", "审核人", "东七路社区居民委员会", "138****5678"):
        assert _compact(words) in everything, words
    for secret in ("欧阳娜娜", "张三丰", PHONE, "87654321", ID_NUMBER, "19900101"):
        assert secret not in everything, secret
    reader = PdfReader(out)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    for secret in ("欧阳", "张三", PHONE):
        assert secret not in metadata
    fonts = [
        font.get_object()
        for page in reader.pages
        for font in (page["/Resources"]["/Font"].values())
    ]
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                   if "/DescendantFonts" in f else f.get("/FontDescriptor") for f in fonts]
    assert any(d is not None and "/FontFile2" in d for d in descriptors)  # embedded


def test_internal_list_shows_reporters_and_is_marked_on_every_page(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    _demands(ledger, community, 40)
    out = tmp_path / "内部.pdf"
    scope = resolve_scope(ledger, f"street:{STREET}")
    result = reports.demand_list(ledger, scope, out, internal=True)
    pages = _text(out)
    assert all("内部资料" in page for page in pages)
    everything = _compact("".join(pages))
    assert "欧阳娜娜" in everything and PHONE in everything
    assert "所属社区" in everything and "东七路社区" in everything  # a street's list says where
    assert result.items == 40


def test_a_long_list_paginates_with_whole_rows(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    _demands(ledger, community, 300)
    out = tmp_path / "长清单.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    result = reports.demand_list(ledger, scope, out)
    pages = _text(out)
    assert result.pages == len(pages) > 5
    numbers = [int(m) for page in pages for m in re.findall(r"第(\d+)号需求", _compact(page))]
    assert sorted(numbers) == list(range(300))  # every row once: none split, none lost


def test_bad_publicity_period_is_refused(ledger: Ledger, community: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="公示期"):
        reports.demand_list(ledger, None, tmp_path / "x.pdf",
                            publicity=(dt.date(2026, 12, 2), dt.date(2026, 11, 26)))
    assert not (tmp_path / "x.pdf").exists()
