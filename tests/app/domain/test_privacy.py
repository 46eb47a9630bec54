"""The masks for personal information: names, phones, identity numbers, and numbers in free text."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.privacy import (
    COMPOUND_SURNAMES,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (１２３, Ａ, －)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _identity_number(body: str) -> str:
    """The 17 characters with their check character (GB 11643, ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # GLOSSARY
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧阳**"),
        # the brief
        ("欧阳修", "欧阳*"),
        ("诸葛亮", "诸葛*"),
        ("司马相如", "司马**"),
        ("上官婉儿", "上官**"),
        ("欧阳", "欧*"),  # a compound surname alone is not shown whole
        ("张", "*"),
        ("", ""),
        ("   ", ""),
        (" 张 三 ", "张*"),
        ("张先生", "张**"),
        ("方东明", "方**"),  # not a compound surname: only the first character
        ("阿依古丽·买买提", "阿***·***"),
        ("张三、李四", "张*、李*"),
        ("张三，欧阳娜娜", "张*，欧阳**"),
        ("张三 / 李四丰", "张*/李**"),
        ("John Smith", "J*** S****"),
        ("  John   Smith ", "J*** S****"),
        ("Mary-Jane O'Neil", "M***-J*** O'N***"),
        ("ＪＯＨＮ", "J***"),
        ("J", "*"),
        ("Li", "L*"),
    ],
)
def test_mask_name(name: str, expected: str) -> None:
    assert mask_name(name) == expected


def test_compound_surnames_are_two_chinese_characters() -> None:
    assert len(COMPOUND_SURNAMES) >= 39
    assert all(len(s) == 2 and all("\u4e00" <= c <= "\u9fff" for c in s) for s in COMPOUND_SURNAMES)


@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6))
def test_mask_name_never_shows_a_chinese_name_whole(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    shown = len(masked.rstrip("*"))
    compound = len(name) > 2 and name[:2] in COMPOUND_SURNAMES
    assert shown == (2 if compound else min(1, len(name) - 1))
    assert masked[:shown] == name[:shown]


# --- phones -------------------------------------------------------------------------------

PHONES = [
    # GLOSSARY
    ("13812345678", "138****5678"),
    ("029-87654321", "029-****4321"),
    # written as parse_phone reads them
    ("138 1234 5678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("8613812345678", "138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("19912345678", "199****5678"),
    ("02987654321", "029-****4321"),
    ("(029)87654321", "029-****4321"),
    ("（029）87654321", "029-****4321"),
    ("029 8765 4321", "029-****4321"),
    ("029－87654321", "029-****4321"),
    ("010-62345678", "010-****5678"),
    ("0913-2345678", "0913-***5678"),
    ("029-87654321-123", "029-****4321"),  # the extension is dropped
    ("029-87654321转123", "029-****4321"),
]
LOCAL_PHONES = [("87654321", "****4321"), ("2345678", "***5678")]


@pytest.mark.parametrize(("phone", "expected"), PHONES + LOCAL_PHONES)
def test_mask_phone(phone: str, expected: str) -> None:
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("", ""),
        ("  ", ""),
        # read from the digits alone
        ("(+86)13812345678", "138****5678"),
        ("13812345678（本人）", "138****5678"),
        ("手机：13812345678", "138****5678"),
        # several numbers
        ("13812345678/029-87654321", "138****5678/029-****4321"),
        ("13812345678，13987654321", "138****5678，139****4321"),
        ("13812345678 或 029-87654321-8", "138****5678或029-****4321"),
        # unrecognised: the digits, the last 4 only when 4 more are hidden
        ("138123456789", "********6789"),
        ("1381234567", "******4567"),
        ("12345", "****5"),
        ("110", "***"),
        ("微信 zhang3", "*"),
        ("不详", "**"),
    ],
)
def test_mask_phone_never_raises(phone: str, expected: str) -> None:
    assert mask_phone(phone) == expected


@given(st.text())
def test_mask_phone_and_id_number_take_any_text(text: str) -> None:
    assert sum(c.isdigit() for c in mask_phone(text)) <= 7  # 3 + 4 of a mobile at most
    assert sum(c.isdigit() for c in mask_id_number(text)) <= 10  # 6 + 4 of an identity number


# --- identity numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("610102199001011234", "610102********1234"),  # GLOSSARY
        ("61010219900101123X", "610102********123X"),
        ("61010219900101123x", "610102********123X"),
        ("６１０１０２１９９００１０１１２３Ｘ", "610102********123X"),
        ("610102 19900101 1234", "610102********1234"),
        (" 610102-19900101-1234 ", "610102********1234"),
        ("610102900101123", "610102*****1123"),  # an old 15-digit one (GLOSSARY): 6 + 4 kept
        ("610102 900101 123", "610102*****1123"),
        ("６１０１０２．９００１０１．１２３", "610102*****1123"),
        ("", ""),
        ("H12345678", "*****5678"),  # a permit: the last 4, with 4 or more hidden
        ("6101021990", "******1990"),
        ("12345", "****5"),
        ("未提供", "***"),
    ],
)
def test_mask_id_number(number: str, expected: str) -> None:
    assert mask_id_number(number) == expected


# --- free text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # at the start, at the end, alone
        ("13812345678", "138****5678"),
        ("13812345678张先生反映", "138****5678张先生反映"),
        ("张先生反映，联系电话13812345678", "张先生反映，联系电话138****5678"),
        ("610102199001011234", "610102********1234"),
        ("029-87654321", "029-****4321"),
        # mixed with Chinese, several of each kind
        (
            "联系人张三，电话13812345678，身份证610102199001011234。",
            "联系人张三，电话138****5678，身份证610102********1234。",
        ),
        (
            "王女士13987654321、李先生15012345678，办公室029-87654321，传真(029)87650000",
            "王女士139****4321、李先生150****5678，办公室029-****4321，传真029-****0000",
        ),
        (
            "老人身份证号61010219400203567X，其子女身份证号610103197001015678",
            "老人身份证号610102********567X，其子女身份证号610103********5678",
        ),
        # mobiles as people write them
        ("手机138-1234-5678。", "手机138****5678。"),
        ("手机138 1234 5678。", "手机138****5678。"),
        ("手机+86 138 1234 5678。", "手机138****5678。"),
        ("手机+86-138-1234-5678。", "手机138****5678。"),
        ("手机+8613812345678。", "手机138****5678。"),
        ("手机8613812345678。", "手机138****5678。"),
        ("手机0086 13812345678。", "手机138****5678。"),
        ("手机(+86)13812345678。", "手机138****5678。"),
        ("手机（+86）13812345678。", "手机138****5678。"),
        ("（手机13812345678）", "（手机138****5678）"),
        # landlines as people write them
        ("电话029 87654321。", "电话029-****4321。"),
        ("电话（029）87654321。", "电话029-****4321。"),
        ("电话（029）8765-4321。", "电话029-****4321。"),
        ("电话02987654321。", "电话029-****4321。"),
        ("电话010-62345678。", "电话010-****5678。"),
        ("电话0913-2345678。", "电话0913-***5678。"),
        ("电话029-87654321-123。", "电话029-****4321。"),
        ("电话029-87654321转123。", "电话029-****4321。"),
        ("（电话029-87654321）", "（电话029-****4321）"),
        # full-width digits: found, masked in half-width; the rest of the text as it was
        ("电话：１３８１２３４５６７８，共１２００元", "电话：138****5678，共１２００元"),
        ("电话：１３８－１２３４－５６７８。", "电话：138****5678。"),
        ("电话：（０２９）８７６５４３２１。", "电话：029-****4321。"),
        ("身份证６１０１０２１９９００１０１１２３Ｘ。", "身份证610102********123X。"),
        # identity numbers as people write them
        ("身份证号610102 19900101 1234。", "身份证号610102********1234。"),
        ("身份证号61010219900101123x。", "身份证号610102********123X。"),
        # next to numbers that are not masked
        ("130102001001、13812345678", "130102001001、138****5678"),
        ("2024-03-05来电13812345678", "2024-03-05来电138****5678"),
        ("3号楼2单元501室，13812345678", "3号楼2单元501室，138****5678"),
        # two numbers joined by a dash are two numbers
        ("029-87654321-13812345678", "029-****4321-138****5678"),
        # old 15-digit identity numbers: area code, YYMMDD, a 3-digit sequence
        ("身份证号610102900101123。", "身份证号610102*****1123。"),
        ("老身份证610102 900101 123，已登记", "老身份证610102*****1123，已登记"),
        ("身份证610102-900101-123", "身份证610102*****1123"),
        ("身份证６１０１０２９００１０１１２３。", "身份证610102*****1123。"),
        ("两人：610102900101123、610103851231004", "两人：610102*****1123、610103*****1004"),
        # dotted mobiles, full-width dots and digits, with +86
        ("手机138.1234.5678。", "手机138****5678。"),
        ("手机138.12345678", "手机138****5678"),
        ("手机１３８．１２３４．５６７８。", "手机138****5678。"),
        ("手机１３８。１２３４。５６７８", "手机138****5678"),  # a Chinese input method's dot
        ("手机+86.138.1234.5678。", "手机138****5678。"),
        ("手机+86 138.1234.5678。", "手机138****5678。"),
        ("手机(+86)138.1234.5678", "手机138****5678"),
        ("手机＋８６．１３８．１２３４．５６７８", "手机138****5678"),
        ("电话13812345678.", "电话138****5678."),
        # dotted landlines and identity numbers
        ("电话029.8765.4321。", "电话029-****4321。"),
        ("电话029.87654321。", "电话029-****4321。"),
        ("身份证号610102.19900101.1234。", "身份证号610102********1234。"),
        # masked among the numbers that are not
        ("2026.11.30来电138.1234.5678，预算12000元", "2026.11.30来电138****5678，预算12000元"),
        ("3号楼2单元501室610102900101123", "3号楼2单元501室610102*****1123"),
    ],
)
def test_mask_text(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "居民反映小区缺少助餐点",
        "2024-03-05 受理，2024/3/5 回访，2024年3月5日办结，2024.03.05",
        "20240305",
        "2024-03-05 13:45",
        "2025年度计划",
        "2024-2025年",
        "预算1200元，１２００元，1,200.50元，12.5㎡",
        "区划代码610102005001",
        "区划代码130102001001",  # 12 digits from 13: not a mobile inside
        "区划代码150102001001和130102001",
        "3号楼2单元501室",
        "1号楼1单元1301室",
        "138123456789",  # 12 digits
        "1381234567",  # 10 digits
        "01381234567890",
        "12345678901234567890",
        "订单号20240305001",
        "12345热线转办",
        "400-123-4567",
        "110报警",
        "610102199013011234",  # 18 digits but no birth date (month 13): not half-matched either
        "610102199001011234567",  # 21 digits
        "统一社会信用代码91350100M000100Y43",
        "统一社会信用代码911101087263891234",
        "第2024001号",
        "local 87654321",  # no area code: too like other numbers
        # amounts, dates, house numbers and codes, with dots too
        "预算12000元，补助1.5万元，138.5万元，13.8%，1,380.12元",
        "2026.11.30截止，２０２６．１１．３０，2026。11。30，2026.11.30-2026.12.02",
        "公示期2026.11.26至2026.12.02",
        "3号楼2单元501",
        "3号楼2单元501室，1号楼1301",
        "社区代码610102005001，610102005001 123户",
        "版本1.3.8",
        "第138.1234号",
        # 15 digits without an identity number's structure
        "订单号202611301230451",  # no such province as 20
        "流水号610102005001123",  # 005001 is no date
        "单号123456789012345",  # 789012 is no date
        "IMEI 861234567890123",  # no such province as 86
        "编号610102901301123",  # month 13
        "编号610102900132123",  # day 32
        "6101029001011234",  # 16 digits
        "61010290010112",  # 14 digits
    ],
)
def test_mask_text_leaves_other_numbers(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(("phone", "expected"), PHONES)
def test_mask_text_masks_numbers_as_mask_phone(phone: str, expected: str) -> None:
    assert mask_text(f"电话{phone}。") == f"电话{expected}。"


# --- properties ---------------------------------------------------------------------------

SURROUNDING = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("，。：；（）、“” " + string.ascii_letters),
    ),
    max_size=20,
)
MOBILES = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["13", "14", "15", "16", "17", "18", "19"]),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
)
MOBILE_FORMATS = [
    "{a}{b}{c}",
    "{a}-{b}-{c}",
    "{a} {b} {c}",
    "+86 {a}{b}{c}",
    "+86{a}{b}{c}",
    "86{a}{b}{c}",
    "(+86){a}{b}{c}",
    "+86-{a}-{b}-{c}",
    "{a}.{b}.{c}",
    "{a}.{b}{c}",
    "{a}。{b}。{c}",
    "+86.{a}.{b}.{c}",
    "+86 {a}.{b}.{c}",
    "(+86){a}.{b}.{c}",
]


@given(SURROUNDING, MOBILES, st.sampled_from(MOBILE_FORMATS), st.booleans(), SURROUNDING)
def test_a_mobile_in_chinese_text_loses_its_middle(
    before: str, number: str, form: str, wide: bool, after: str
) -> None:
    written = form.format(a=number[:3], b=number[3:7], c=number[7:])
    masked = mask_text(before + (_fullwidth(written) if wide else written) + after)
    assert masked == before + number[:3] + "****" + number[7:] + after
    middle = number[3:7]
    assert middle not in masked or middle == number[7:]


IDENTITY_NUMBERS = st.builds(
    lambda area, born, serial: _identity_number(f"{area}{born:%Y%m%d}{serial:03d}"),
    st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    st.integers(0, 999),
)


@given(SURROUNDING, IDENTITY_NUMBERS, st.booleans(), SURROUNDING)
def test_an_identity_number_loses_its_birth_date(
    before: str, number: str, wide: bool, after: str
) -> None:
    expected = number[:6] + "********" + number[14:]
    birth = number[6:14]
    assert mask_id_number(number) == expected
    masked = mask_text(before + (_fullwidth(number) if wide else number) + after)
    assert masked == before + expected + after
    assert birth not in masked


PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
             "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
             "63", "64", "65", "71", "81", "82"]
OLD_IDENTITY_NUMBERS = st.builds(
    lambda province, area, born, serial: f"{province}{area}{born:%y%m%d}{serial:03d}",
    st.sampled_from(PROVINCES),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)),
    st.integers(0, 999),
)


@given(SURROUNDING, OLD_IDENTITY_NUMBERS, st.sampled_from(["", " ", "-", "."]), st.booleans(),
       SURROUNDING)
def test_an_old_identity_number_loses_its_birth_date(
    before: str, number: str, separator: str, wide: bool, after: str
) -> None:
    expected = number[:6] + "*****" + number[11:]
    assert mask_id_number(number) == expected
    written = separator.join([number[:6], number[6:12], number[12:]])
    masked = mask_text(before + (_fullwidth(written) if wide else written) + after)
    assert masked == before + expected + after


@given(st.from_regex(r"[0-9]{6}[0-9]{2}(?:00|1[3-9]|[2-9][0-9])[0-9]{5}", fullmatch=True))
def test_fifteen_digits_without_a_birth_month_are_left_alone(number: str) -> None:
    assert mask_text(f"编号{number}。") == f"编号{number}。"


DATE_FORMS = ["{y}.{m:02d}.{d:02d}", "{y}.{m}.{d}", "{y}{m:02d}{d:02d}", "{y}-{m:02d}-{d:02d}",
              "{y}/{m}/{d}", "{y}年{m}月{d}日", "{y}。{m:02d}。{d:02d}"]


@given(st.lists(st.tuples(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
                          st.sampled_from(DATE_FORMS)), min_size=1, max_size=2),
       st.sampled_from(["-", "至", "~", "，", " "]), st.integers(0, 10**9 - 1),
       st.integers(0, 99), st.booleans())
def test_dates_and_amounts_are_left_alone(
    dates: list[tuple[dt.date, str]], joint: str, yuan: int, fen: int, wide: bool
) -> None:
    written = joint.join(form.format(y=day.year, m=day.month, d=day.day) for day, form in dates)
    text = f"{written}办结，预算{yuan}元，{yuan}.{fen:02d}元，{yuan:,}元"
    text = _fullwidth(text) if wide else text
    assert mask_text(text) == text


@given(st.text(st.characters(exclude_categories=["Nd"])))
def test_text_without_digits_is_unchanged(text: str) -> None:
    assert mask_text(text) == text


@given(st.text())
def test_mask_text_takes_any_text(text: str) -> None:
    mask_text(text)
