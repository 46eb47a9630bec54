"""PDF reports read back with pypdf: names in Chinese, page numbers, no personal data in public."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from app.domain import china_time
from app.errors import UsageError
from app.services import imports, records, reports
from app.services.areas import resolve_scope
from app.store.db import Ledger
from tests.helpers.pdf import page_texts

STREET = "解放门街道"
PHONE = "13812345678"
LANDLINE = "029-87654321"
ID_NUMBER = "610102199001011234"


def _xian(year: int, month: int, day: int) -> float:
    """Noon of a day in Xi'an, as the timestamp time_machine travels to."""
    return dt.datetime(year, month, day, 12, tzinfo=china_time.CHINA).timestamp()


def _text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def community(ledger: Ledger) -> str:
    return records.create(ledger, "communities",
                          {"name": "东七路社区", "street": STREET, "code": "610102005001"})


def _demands(ledger: Ledger, community: str, count: int, tmp_path: Path) -> None:
    """Demands of one community, through a CSV import: one transaction, however many."""
    functions = ["养老", "托育", "助餐", "其他", ""]
    code = records.get(ledger, "communities", community)["code"]
    lines = ["所属社区,需求内容,功能类别,涉及人数,登记日期,联系人,联系电话,答复情况"]
    for n in range(count):
        content = (f"第{n}号需求：希望增设老年助餐点，请联系{PHONE}" if n == 0
                   else f"第{n}号需求：小区缺少托育机构和儿童游乐设施，居民反映强烈")
        lines.append(",".join([
            code, content, functions[n % len(functions)], str(n + 1),
            (dt.date(2024, 1, 1) + dt.timedelta(days=n % 900)).isoformat(),
            "欧阳娜娜" if n == 0 else "张三丰", PHONE if n % 2 == 0 else LANDLINE,
            f"已电话回复，身份证号{ID_NUMBER}的居民已登记" if n == 1 else "",
        ]))
    path = tmp_path / "需求.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert imports.import_file(ledger, path).total == count


def test_public_list_has_no_personal_data_and_numbers_its_pages(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    _demands(ledger, community, 60, tmp_path)
    out = tmp_path / "公示 清单.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    result = reports.demand_list(
        ledger, scope, out, publicity=(dt.date(2026, 11, 26), dt.date(2026, 12, 2)),
        today=dt.date(2026, 11, 26),
    )
    assert result.items == 60 and result.pages >= 2
    pages = _text(out)
    assert len(pages) == result.pages
    assert [_compact(page) for page in pages] == page_texts(out)  # the tests' quick reader agrees
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
    _demands(ledger, community, 40, tmp_path)
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
    _demands(ledger, community, 2000, tmp_path)
    out = tmp_path / "长清单.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    result = reports.demand_list(ledger, scope, out)
    pages = page_texts(out)  # without white space
    assert result.pages == len(pages) > 5
    assert all("序号" in _compact(page) for page in pages if "号需求" in page)
    numbers = [int(m) for page in pages for m in re.findall(r"第(\d+)号需求", _compact(page))]
    assert sorted(numbers) == list(range(2000))  # every row once: none split, none lost


def test_bad_publicity_period_is_refused(ledger: Ledger, community: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="公示期"):
        reports.demand_list(ledger, None, tmp_path / "x.pdf",
                            publicity=(dt.date(2026, 12, 2), dt.date(2026, 11, 26)))
    assert not (tmp_path / "x.pdf").exists()


def test_community_profile_shows_functions_spaces_projects_and_advice(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    records.create(ledger, "spaces", {"community": community, "name": "党群服务中心二楼",
                                      "kind": "社区用房", "floor_area": "320"})
    records.create(ledger, "functions", {"community": community, "function": "助餐",
                                         "status": "运营中", "capacity": "80",
                                         "setting": "综合体", "space": "党群服务中心二楼"})
    records.create(ledger, "projects", {"name": "东七路社区嵌入式服务设施", "tier": "市级项目",
                                        "community": community, "approved_on": "2025-03-01",
                                        "started_on": "2025-06-01"})
    out = tmp_path / "概况.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    result = reports.community_profile(ledger, scope, out, today=dt.date(2026, 11, 26))
    text = _compact("".join(_text(out)))
    for words in ("东七路社区概况", "610102005001", "九项功能", "社区助餐", "运营中",
                  "党群服务中心二楼", "东七路社区嵌入式服务设施", "开工", "合规提示",
                  "第1页/共1页"):
        assert words in text, words
    assert result.pages == 1
    with pytest.raises(UsageError, match="一个社区"):
        reports.community_profile(ledger, resolve_scope(ledger, f"street:{STREET}"), out)


def test_a_past_month_report_never_changes(instant: dt.datetime, ledger: Ledger,
                                           tmp_path: Path) -> None:
    with time_machine.travel(_xian(2026, 10, 15), tick=False):  # entered in October
        community = records.create(ledger, "communities", {"name": "东七路社区", "street": STREET,
                                                           "code": "610102005001"})
        records.create(ledger, "functions", {"community": community, "function": "养老",
                                             "status": "运营中"})
        records.create(ledger, "demands", {"community": community, "content": "希望增设助餐点",
                                           "received_on": "2026-10-08"})
    scope = resolve_scope(ledger, f"street:{STREET}")
    first = tmp_path / "十月.pdf"
    reports.monthly_report(ledger, scope, "2026-10", first, today=dt.date(2026, 11, 26))
    october = _compact("".join(_text(first)))
    assert "月通报（2026年10月）" in october and "统计至2026年10月31日" in october
    assert "数据截至2026年10月15日" in october  # the newest change it holds
    assert "养老服务1/1100%90%已达标" in october
    assert "本月登记本月办结月末未办结其中紧急累计登记10101" in october
    with time_machine.travel(_xian(2026, 11, 20), tick=False):
        # November: the status changes, another demand, the community renamed
        status = records.list_records(ledger, "functions")[0]["id"]
        records.update(ledger, "functions", status, {"status": "暂停"})
        records.create(ledger, "demands", {"community": community, "content": "加装电梯",
                                           "received_on": "2026-10-20"})
    again = tmp_path / "十月again.pdf"
    reports.monthly_report(ledger, scope, "2026-10", again, today=dt.date(2026, 11, 27))
    later = _compact("".join(_text(again)))
    assert "数据截至2026年11月20日" in later  # newer data is held: the figures are the same
    printed = (("2026-11-27", "2026-11-26"), ("2026年11月27日", "2026年11月26日"),
               ("数据截至2026年11月20日", "数据截至2026年10月15日"))
    for new, old in printed:  # only the date of printing and of the newest data differ
        later = later.replace(new, old)
    assert later == october
    november = tmp_path / "十一月.pdf"
    reports.monthly_report(ledger, scope, "2026-11", november)  # printed today: a past month
    now = _compact("".join(_text(november)))
    assert "月通报（2026年11月）" in now and "统计至2026年11月30日" in now
    assert f"打印日期：{instant.date().isoformat()}" in now
    assert "养老服务0/10%90%还差1个" in now
    with pytest.raises(UsageError, match="还没有到"):
        reports.monthly_report(ledger, scope, "2099-01", november)
    with pytest.raises(UsageError, match="按街道、区县或全市"):
        reports.monthly_report(ledger, resolve_scope(ledger, "community:610102005001"),
                               "2026-10", november)


def test_a_profile_without_standard_functions_says_which_are_missing(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    records.create(ledger, "functions", {"community": community, "function": "文化",
                                         "status": "运营中"})
    out = tmp_path / "概况.pdf"
    scope = resolve_scope(ledger, "community:610102005001")
    reports.community_profile(ledger, scope, out, today=dt.date(2026, 11, 26))
    text = _compact("".join(_text(out)))
    assert "未发现需要提示的情况" not in text
    assert "四项标配功能都还没有（建成或运营中）：养老服务、婴幼儿托育、儿童托管、社区助餐" in text


def _dates(path: Path) -> tuple[str, str]:
    info = PdfReader(path).metadata
    assert info is not None
    return str(info["/CreationDate"]), str(info["/ModDate"])


def test_a_pdf_is_dated_when_it_is_made_and_is_otherwise_reproducible(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    made = dt.datetime(2026, 11, 26, 10, 30, 5, tzinfo=dt.UTC)  # 18:30:05 in Xi'an
    first, second = tmp_path / "一.pdf", tmp_path / "二.pdf"
    for out in (first, second):
        reports.demand_list(ledger, None, out, now=made)
    assert _dates(first) == ("D:20261126183005+08'00'", "D:20261126183005+08'00'")
    assert first.read_bytes() == second.read_bytes()  # the same instant: the same bytes
    assert "打印日期：2026-11-26" in _compact("".join(_text(first)))
    later = tmp_path / "三.pdf"
    reports.demand_list(ledger, None, later, now=made + dt.timedelta(hours=6))
    assert _dates(later)[0] == "D:20261127003005+08'00'"  # past midnight in Xi'an
    assert "打印日期：2026-11-27" in _compact("".join(_text(later)))


def test_reports_made_now_carry_the_clock(instant: dt.datetime, ledger: Ledger, community: str,
                                          tmp_path: Path) -> None:
    expected = f"D:{instant:%Y%m%d%H%M%S}+08'00'"
    scope = resolve_scope(ledger, "community:610102005001")
    profile, listing = tmp_path / "概况.pdf", tmp_path / "清单.pdf"
    reports.community_profile(ledger, scope, profile)
    reports.demand_list(ledger, scope, listing)
    monthly = tmp_path / "月报.pdf"
    reports.monthly_report(ledger, resolve_scope(ledger, f"street:{STREET}"),
                           f"{instant:%Y-%m}", monthly)
    for out in (profile, listing, monthly):
        assert _dates(out) == (expected, expected), out.name


def test_a_streets_list_is_grouped_by_community_whose_name_is_never_wrapped(
    ledger: Ledger, community: str, tmp_path: Path
) -> None:
    long_name = "解放门街道东七路第一居民小区联合社区"
    other = records.create(ledger, "communities", {"name": "西七路社区", "street": STREET,
                                                   "code": "610102005002"})
    far = records.create(ledger, "communities", {"name": long_name, "street": STREET})
    owners = {community: ("甲", 45), other: ("乙", 3), far: ("丙", 2)}
    for n in range(45):  # received on interleaved days: the old list mixed the communities
        for owner, (mark, count) in owners.items():
            if n < count:
                records.create(ledger, "demands", {
                    "community": owner, "content": f"{mark}{n:02d}号需求：增设助餐点",
                    "function": ("助餐", "养老")[n % 2],
                    "received_on": (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoformat()})
    out = tmp_path / "街道清单.pdf"
    result = reports.demand_list(ledger, resolve_scope(ledger, f"street:{STREET}"), out)
    assert result.items == 50 and result.pages >= 2
    pages = page_texts(out)
    captions = {"甲": "所属社区：东七路社区（45条）", "乙": "所属社区：西七路社区（3条）",
                "丙": f"所属社区：{long_name}（2条）"}
    order = []
    for page in pages:
        marks = re.findall(r"([甲乙丙])\d\d号需求", page)
        assert marks, "a page without a demand"
        for mark in set(marks):  # a community's rows on a page sit under its name
            assert captions[mark] in page, (mark, page[:80])
        order += marks
    assert order == ["甲"] * 45 + ["乙"] * 3 + ["丙"] * 2  # by code; one without a code last
    first = pages[0]
    assert first.rindex("养老服务") < first.index("社区助餐")  # within one, by function
    assert "序号需求内容功能类别" in first  # no narrow community column any more
    drawn: list[str] = []
    for page in PdfReader(out).pages:
        page.extract_text(visitor_text=lambda text, *_args: drawn.append(text))
    assert any(long_name in text for text in drawn)  # drawn on one line, never wrapped
