"""Pinyin sort keys (app/domain/pinyin.py): real Xi'an names in the order Chinese readers expect."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import paths
from app.domain.pinyin import sort_key

STREETS = [
    "柏树林街道",  # bǎi shù lín
    "长安路街道",  # cháng ān lù: 长 as place names read it, not zhǎng
    "长乐坊街道",  # cháng lè fāng
    "长乐西路街道",  # cháng lè xī lù
    "长乐中路街道",  # cháng lè zhōng lù
    "长延堡街道",  # cháng yán bǎo
    "大雁塔街道",  # dà: a syllable before the longer one (dà < diàn)
    "电子城街道",  # diàn zǐ chéng
    "韩森寨街道",  # hán sēn zhài
    "解放门街道",  # jiě fàng mén
    "曲江街道",  # qǔ jiāng
    "三桥街道",  # sān qiáo
    "土门街道",  # tǔ mén
    "西一路街道",  # xī yī lù
    "小寨路街道",  # xiǎo zhài lù
    "鱼化寨街道",  # yú huà zhài
    "栎阳街道",  # yuè yáng: 栎 in 栎阳 is yuè, not lì
    "丈八沟街道",  # zhàng bā gōu: the letters of the whole name before any tone
    "张家堡街道",  # zhāng jiā bǎo
    "中山门街道",  # zhōng shān mén
]
"""Streets of Xi'an (resources/seed/xian-divisions.csv) in the reference order: by the pinyin of
each character in turn, as the 现代汉语词典 and Excel's Chinese sort order them."""

COMMUNITIES = [
    "丁白路社区",  # dīng
    "阿房一路社区",  # ē páng: 阿房宫's reading, not ā fáng
    "二零五所社区",  # èr
    "古都西苑社区",  # gǔ dū: 都 in names is dū, not dōu
    "乐居场第二社区",  # lè jū chǎng dì èr
    "乐居场第一社区",  # … dì yī
    "绿地世纪城社区",  # lǜ: after lè, ü counts as u
    "南长安街社区",  # nán cháng ān
    "三五一一厂社区",  # sān
    "四季长安社区",  # sì
    "唐都社区",  # táng dū
    "延长石油社区",  # yán cháng
    "一印社区",  # yī yìn
]
"""Communities of Xi'an (resources/seed/xian-communities.csv) in the reference order."""

SPACES = [
    "3号楼活动室",  # numbers first, in the order of their values
    "３号楼活动室",  # the full-width 3 is the same number (then the text decides)
    "10号楼活动室",  # 10 after 3 (by code point "10" < "3")
    "A座多功能厅",  # Latin after numbers, before Chinese, case ignored
    "b座多功能厅",
    "东新社区（筹）",  # a bracket sorts before any letter that could follow the name
    "东新社区老年食堂",
    "阿房宫小区活动室",  # ē: after dōng
]
"""Names with numbers, Latin letters and full-width forms, in the reference order."""


def _shuffled(names: list[str]) -> list[str]:
    shuffled = list(names)
    random.Random(19).shuffle(shuffled)
    return shuffled


@pytest.mark.parametrize("names", [STREETS, COMMUNITIES, SPACES],
                         ids=["streets", "communities", "spaces"])
def test_real_names_sort_in_the_reference_order(names: list[str]) -> None:
    assert sorted(_shuffled(names), key=sort_key) == names
    assert sorted(names) != names  # code-point order differs: the key does the work


def test_the_names_are_real_xian_names() -> None:
    seen: set[str] = set()
    for name in ("xian-divisions.csv", "xian-communities.csv"):
        with (paths.RESOURCES / "seed" / name).open(encoding="utf-8") as source:
            rows = csv.reader(line for line in source if not line.startswith("#"))
            seen.update(cell for row in rows for cell in row)
    assert [n for n in (*STREETS, *COMMUNITIES) if n not in seen] == []


def test_tones_break_a_tie_of_letters_and_the_text_a_tie_of_tones() -> None:
    # 麻 má < 马 mǎ < 骂 mà: the same letters, then the tones (code point order: 马 < 骂 < 麻)
    assert sorted(["马家村", "骂家村", "麻家村"], key=sort_key) == ["麻家村", "马家村", "骂家村"]
    # 路 lù before 吕 lǚ before 绿 lǜ: ü sorts after u of any tone
    assert sorted(["绿园", "吕园", "路园"], key=sort_key) == ["路园", "吕园", "绿园"]
    # letters first over the whole name: 妈妈 mā ma after 马 mǎ a (ma ma > ma a)
    assert sort_key("马安") < sort_key("妈妈")
    # 长 cháng and 常 cháng read the same: the text itself decides, and always the same way
    assert sort_key("长青") < sort_key("常青") or sort_key("常青") < sort_key("长青")
    assert sort_key("常青") != sort_key("长青") and sort_key("常青") == sort_key("常青")


def test_a_name_sorts_before_the_longer_names_it_begins() -> None:
    names = ["西安", "西安市", "西", "先锋", "西安 东"]
    assert sorted(names, key=sort_key) == ["西", "西安", "西安 东", "西安市", "先锋"]


def test_numbers_sort_by_value_with_leading_zeros_and_long_runs() -> None:
    names = ["第100号", "第99号", "第007号", "第7号", "第0号", "第" + "9" * 120 + "号"]
    assert sorted(names, key=sort_key) == [
        "第0号", "第007号", "第7号", "第99号", "第100号", "第" + "9" * 120 + "号"]


def test_any_text_gets_a_key_that_keeps_it_whole() -> None:
    for text in ["", " ", "𠀀𪚥", "Ⅱ区", "café", "🏠社区", "a\x00b", "東新社區"]:
        key = sort_key(text)
        assert key.endswith(text)
    assert sorted(["Дом", "社区", "1区", "🏠社区", "(1)区"], key=sort_key) == [
        "(1)区", "🏠社区", "1区", "社区", "Дом"]  # symbols, numbers, Chinese, any other letters


def test_the_table_is_read_from_the_installed_package(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    table = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    assert table.is_file() and table.stat().st_size > 100_000


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12))
def test_keys_tie_only_for_the_same_text(a: str, b: str) -> None:
    assert (sort_key(a) == sort_key(b)) == (a == b)
    assert sort_key(a).endswith(a)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**30), st.integers(0, 10**30), st.sampled_from(["", "号楼", "栋"]))
def test_numbers_sort_by_value(a: int, b: int, suffix: str) -> None:
    if a != b:
        assert (sort_key(f"{a}{suffix}") < sort_key(f"{b}{suffix}")) == (a < b)


@settings(max_examples=300, deadline=None)
@given(st.text("abcxyz", max_size=8), st.text("abcxyz", max_size=8))
def test_latin_letters_sort_as_in_a_dictionary_whatever_the_case(a: str, b: str) -> None:
    if a != b:
        assert (sort_key(a.upper()) < sort_key(b)) == (a < b)
