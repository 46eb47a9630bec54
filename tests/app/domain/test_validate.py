"""The value parsers: credit codes, phones, dates, numbers, yes/no, division codes, years."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.validate import (
    CREDIT_CODE_CHARS,
    CREDIT_CODE_WEIGHTS,
    DATE_MAX,
    DATE_MIN,
    EXCEL_EPOCH,
    Invalid,
    credit_code_check_char,
    halfwidth,
    parse_bool,
    parse_credit_code,
    parse_date,
    parse_division_code,
    parse_number,
    parse_phone,
    parse_year,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
FORBIDDEN = "IOZSV"


def _chinese(message: str) -> str:
    """The message, after checking it is written in Chinese."""
    assert CJK.search(message), f"not a Chinese message: {message!r}"
    return message


def _rejects(parse: object, raw: object, *words: str, **kw: object) -> str:
    """Check `parse(raw)` raises Invalid with a Chinese message holding every word; the message."""
    with pytest.raises(Invalid) as caught:
        parse(raw, **kw)  # type: ignore[operator]
    message = _chinese(str(caught.value))
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    return message


def _fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (１２３, Ａ, －)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- 统一社会信用代码 --------------------------------------------------------------------------

# Published codes (checked by hand below and by the algorithm): a Fuzhou one, and others from public
# registers of Beijing, Shenzhen and Shanghai enterprises.
PUBLISHED_CODES = (
    "91350100M000100Y43",
    "91110108551385082Q",
    "914403001922038216",
    "91440300708461136T",
    "91310000717854505W",
    "911100001000044477",
)

prefixes = st.builds(
    lambda head, area, body: head + area + body,
    st.text(CREDIT_CODE_CHARS, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(CREDIT_CODE_CHARS, min_size=9, max_size=9),
)
"""Any first 17 characters of a code: allowed characters, the 3rd to 8th (division) in digits."""

valid_codes = prefixes.map(lambda p: p + credit_code_check_char(p))


def test_check_character_worked_by_hand() -> None:
    # 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4 with M = 21, Y = 30:
    # 9·1 + 1·3 + 3·9 + 5·27 + 1·26 + 21·20 + 1·8 + 30·30 + 4·28 = 1640 = 52·31 + 28; 31 − 28 = 3
    values = [CREDIT_CODE_CHARS.index(c) for c in "91350100M000100Y4"]
    assert sum(v * w for v, w in zip(values, CREDIT_CODE_WEIGHTS, strict=True)) == 1640
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_weights_are_powers_of_three_mod_31() -> None:
    assert tuple(pow(3, i, 31) for i in range(17)) == CREDIT_CODE_WEIGHTS
    assert len(CREDIT_CODE_CHARS) == 31
    assert not set(FORBIDDEN) & set(CREDIT_CODE_CHARS)


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_codes_are_valid(code: str) -> None:
    assert parse_credit_code(code) == code


def test_a_check_remainder_of_zero_gives_check_character_0() -> None:
    # 17 zeros weigh 0; 31 − 0 = 31 is written 0, not an index out of range
    assert credit_code_check_char("0" * 17) == "0"
    assert parse_credit_code("0" * 18) == "0" * 18


@pytest.mark.parametrize(
    "written",
    [
        "91350100m000100y43",
        " 91350100M000100Y43 ",
        "9135 0100 M000 100Y 43",
        _fullwidth("91350100M000100Y43"),
        "91350100M000100Y43\n",
    ],
)
def test_credit_code_is_normalized(written: str) -> None:
    assert parse_credit_code(written) == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("raw", "length"),
    [("", 0), ("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("913501", 6)],
)
def test_credit_code_wrong_length(raw: str, length: int) -> None:
    _rejects(parse_credit_code, raw, "统一社会信用代码", "18位", f"这里是{length}位")


@pytest.mark.parametrize("letter", FORBIDDEN)
def test_credit_code_forbidden_letters(letter: str) -> None:
    code = "91350100M000100Y43"
    for position in (0, 8, 15, 17):
        bad = code[:position] + letter + code[position + 1 :]
        message = _rejects(parse_credit_code, bad, "不允许的字符", f"：{letter}")
        assert "不使用 I、O、Z、S、V" in message


def test_credit_code_forbidden_letters_all_named() -> None:
    message = _rejects(parse_credit_code, "9I350100M000100O43", "不允许的字符")
    assert "：IO（" in message


def test_credit_code_other_characters() -> None:
    _rejects(parse_credit_code, "91350100M000100Y4-", "不允许的字符：-")
    _rejects(parse_credit_code, "91350100M000100Y4中", "不允许的字符：中")


def test_credit_code_division_part_must_be_digits() -> None:
    prefix = "91A50100M000100Y4"
    _rejects(parse_credit_code, prefix + credit_code_check_char(prefix), "第3至8位", "行政区划码")


def test_credit_code_wrong_check_character_names_the_right_one() -> None:
    _rejects(parse_credit_code, "91350100M000100Y44", "校验位错误", "末位应为 3")
    # written in some references as a published Beijing code, but its check character is 6, not C
    _rejects(parse_credit_code, "91110000600037479C", "校验位错误", "末位应为 6")


@given(prefixes)
def test_any_valid_prefix_with_its_check_character_parses(prefix: str) -> None:
    code = prefix + credit_code_check_char(prefix)
    assert parse_credit_code(code) == code
    assert parse_credit_code(code.lower()) == code


@given(
    valid_codes,
    st.integers(0, 17),
    st.sampled_from(CREDIT_CODE_CHARS + FORBIDDEN + "-中 Ａ"),
)
def test_changing_any_single_character_is_rejected(code: str, position: int, new: str) -> None:
    assume(halfwidth(new).upper() != code[position])  # a case or width change is the same code
    changed = code[:position] + new + code[position + 1 :]
    with pytest.raises(Invalid) as caught:
        parse_credit_code(changed)
    assert str(caught.value).startswith("统一社会信用代码")


@given(valid_codes, st.integers(0, 16))
def test_swapping_two_neighbours_is_rejected(code: str, position: int) -> None:
    a, b = code[position], code[position + 1]
    assume(a != b)
    swapped = code[:position] + b + a + code[position + 2 :]
    with pytest.raises(Invalid):
        parse_credit_code(swapped)


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("029-87654321", "029-87654321"),
        ("02987654321", "029-87654321"),
        ("(029)87654321", "029-87654321"),
        ("（029）87654321", "029-87654321"),
        ("029 8765 4321", "029-87654321"),
        ("029—87654321", "029-87654321"),
        ("029－87654321", "029-87654321"),
        ("029-87654321-123", "029-87654321-123"),
        ("029-87654321转123", "029-87654321-123"),
        ("029-87654321 ext. 8", "029-87654321-8"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("0917-3212345", "0917-3212345"),
        ("09173212345", "0917-3212345"),
        ("87654321", "87654321"),
        ("8765432", "8765432"),
    ],
)
def test_phone_accepted(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12345", "1381234567", "138123456789", "12812345678", "10086", "029-1234", "电话", "",
     "0000000"],
)
def test_phone_rejected(raw: str) -> None:
    _rejects(parse_phone, raw, "电话号码格式不对", "11位", "区号")


@given(st.integers(3, 9), st.integers(0, 10**9 - 1))
def test_any_mobile_parses(second: int, rest: int) -> None:
    number = f"1{second}{rest:09d}"
    assert parse_phone(number) == number
    assert parse_phone(f"{number[:3]} {number[3:7]} {number[7:]}") == number


# --- dates ------------------------------------------------------------------------------------

in_bounds = st.dates(min_value=DATE_MIN, max_value=DATE_MAX)


def _spellings(d: dt.date) -> list[str]:
    """Every way a ledger may write this date as text."""
    y, m, n = d.year, d.month, d.day
    plain = [
        d.isoformat(),
        f"{y}-{m}-{n}",
        f"{y}/{m}/{n}",
        f"{y}/{m:02d}/{n:02d}",
        f"{y}.{m}.{n}",
        f"{y}.{m:02d}.{n:02d}",
        f"{y}年{m}月{n}日",
        f"{y}年{m:02d}月{n:02d}日",
        f"{y}年{m}月{n}",
        f"{y:04d}{m:02d}{n:02d}",
    ]
    timed = [
        f"{d.isoformat()} 09:30",
        f"{d.isoformat()} 9:30",
        f"{d.isoformat()}T09:30:00",
        f"{y}/{m}/{n} 9:30:00",
        f"{y}/{m}/{n} 17:05:59.5",
        f"{y}年{m}月{n}日 8:00",
        f"{y}年{m}月{n}日8:00",
    ]
    return plain + timed + [f" {s} " for s in plain[:3]] + [_fullwidth(s) for s in plain]


def _serial(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days


@given(in_bounds)
def test_any_date_in_every_spelling_parses_back(d: dt.date) -> None:
    for spelling in _spellings(d):
        assert parse_date(spelling) == d, spelling


@given(in_bounds, st.floats(0, 0.999))
def test_excel_serial_of_a_date_parses_back(d: dt.date, time_of_day: float) -> None:
    serial = _serial(d)
    assert parse_date(serial) == d
    assert parse_date(float(serial)) == d
    assert parse_date(serial + time_of_day) == d
    assert parse_date(str(serial)) == d
    assert parse_date(f"{serial}.5") == d


@given(in_bounds)
def test_date_objects_pass_through(d: dt.date) -> None:
    assert parse_date(d) == d
    assert parse_date(dt.datetime.combine(d, dt.time(23, 59, 59))) == d
    assert type(parse_date(dt.datetime.combine(d, dt.time()))) is dt.date


@given(in_bounds)
def test_a_date_typed_as_a_number_cell(d: dt.date) -> None:
    # 20240305 typed into a number cell reaches us as an int (or a float), never an Excel serial
    as_number = d.year * 10000 + d.month * 100 + d.day
    assert parse_date(as_number) == d
    assert parse_date(float(as_number)) == d


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (36526, dt.date(2000, 1, 1)),  # Excel: =DATE(2000,1,1)
        (45292, dt.date(2024, 1, 1)),  # Excel: =DATE(2024,1,1)
        (45356, dt.date(2024, 3, 5)),
        (73415, dt.date(2100, 12, 31)),
    ],
)
def test_excel_serials_match_excel(serial: int, expected: dt.date) -> None:
    assert parse_date(serial) == expected
    assert parse_date(str(serial)) == expected


def test_date_bounds() -> None:
    assert parse_date("2000-01-01") == DATE_MIN == dt.date(2000, 1, 1)
    assert parse_date("2100-12-31") == DATE_MAX == dt.date(2100, 12, 31)
    _rejects(parse_date, "1999-12-31", "1999-12-31", "超出范围", "2000-01-01", "2100-12-31")
    _rejects(parse_date, "2101-01-01", "超出范围")
    _rejects(parse_date, dt.date(1990, 5, 1), "超出范围")
    _rejects(parse_date, 36525, "1999-12-31", "超出范围")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("2024-02-30", ("日期不存在", "2024年2月30日")),
        ("2023-02-29", ("日期不存在",)),
        ("2024年13月5日", ("日期不存在", "13月")),
        ("20241305", ("日期不存在",)),
        ("明天", ("无法识别的日期", "明天", "2024-03-05")),
        ("2024-03", ("无法识别的日期",)),
        ("3/5/2024", ("无法识别的日期",)),
        ("-5", ("无法识别的日期",)),
        ("0", ("无法识别的日期",)),
        (0, ("无法识别的日期",)),
        (-1.5, ("无法识别的日期",)),
        (2958466, ("无法识别的日期", "2958466", "Excel")),
        (10**12, ("无法识别的日期",)),
        (math.nan, ("无法识别的日期",)),
        (math.inf, ("无法识别的日期",)),
        (True, ("无法识别的日期",)),
    ],
)
def test_date_rejected(raw: object, words: tuple[str, ...]) -> None:
    message = _rejects(parse_date, raw, *words)
    assert "e+" not in message  # numbers are written out, not as 2.95847e+06


def test_leap_day() -> None:
    assert parse_date("2024年2月29日") == dt.date(2024, 2, 29)
    assert parse_date("2000-02-29") == dt.date(2000, 2, 29)
    _rejects(parse_date, "2100-02-29", "日期不存在")


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("1200", None, 1200),
        ("1,200", None, 1200),
        ("1，200", None, 1200),
        ("1,234,567", None, 1234567),
        ("１２００", None, 1200),
        ("１，２００㎡", "㎡", 1200),
        (" 1200 ", None, 1200),
        ("1200㎡", "㎡", 1200),
        ("1200 ㎡", "㎡", 1200),
        ("1200平方米", "㎡", 1200),
        ("1200平米", "㎡", 1200),
        ("1200m²", "㎡", 1200),
        ("1200m2", "㎡", 1200),
        ("35人", "人", 35),
        ("1200人次", "人次", 1200),
        ("120户", "户", 120),
        ("80%", "%", 80),
        ("80％", "%", 80),
        ("1200㎡", None, 1200),
        (1200, "㎡", 1200),
        (1200.0, None, 1200),
        (Decimal("1200"), None, 1200),
    ],
)
def test_integer_accepted(raw: object, unit: str | None, expected: int) -> None:
    value = parse_number(raw, integer=True, unit=unit)
    assert value == expected and type(value) is int


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("12.5", None, Decimal("12.5")),
        (" 12.5 ", None, Decimal("12.5")),
        ("1,234.56㎡", "㎡", Decimal("1234.56")),
        ("350.5万元", "万元", Decimal("350.5")),
        ("０．５", None, Decimal("0.5")),
        (12.5, None, Decimal("12.5")),
        (0.1, None, Decimal("0.1")),  # the float's short repr, not 0.1000000000000000055…
        ("-3", None, Decimal(-3)),  # the sign is kept; bounds are the field's business
    ],
)
def test_decimal_accepted(raw: object, unit: str | None, expected: Decimal) -> None:
    value = parse_number(raw, integer=False, unit=unit)
    assert value == expected and isinstance(value, Decimal)


@pytest.mark.parametrize(
    ("raw", "unit", "words"),
    [
        ("1200万元", "㎡", ("单位应为㎡", "万元")),
        ("50元", "万元", ("单位应为万元", "这里写的是元")),
        ("35户", "人", ("单位应为人", "户")),
        ("35人次", "人", ("单位应为人", "人次")),
        ("35人", "人次", ("单位应为人次",)),
        ("80分", "%", ("单位应为%",)),
    ],
)
def test_unit_must_match(raw: str, unit: str, words: tuple[str, ...]) -> None:
    _rejects(parse_number, raw, *words, integer=False, unit=unit)


@pytest.mark.parametrize(
    ("raw", "integer", "words"),
    [
        ("很多", False, ("不是数字", "很多")),
        ("", False, ("不是数字",)),
        ("㎡", False, ("不是数字",)),
        ("12.5.3", False, ("不是数字",)),
        ("NaN", False, ("不是数字",)),
        ("Infinity", False, ("不是数字",)),
        (math.nan, False, ("不是数字",)),
        (math.inf, False, ("不是数字",)),
        (True, True, ("应填写数字",)),
        ("12.5", True, ("应为整数", "12.5")),
        (12.5, True, ("应为整数",)),
        ("1e30", False, ("数值过大",)),
        ("1e999999999", True, ("数值过大",)),
        ("9" * 16, True, ("数值过大", "15 位")),
        (1e300, False, ("数值过大",)),
    ],
)
def test_number_rejected(raw: object, integer: bool, words: tuple[str, ...]) -> None:
    _rejects(parse_number, raw, *words, integer=integer)


def test_fifteen_digits_are_still_a_number() -> None:
    assert parse_number("9" * 15, integer=True) == int("9" * 15)


@given(
    st.integers(0, 10**12),
    st.sampled_from(["", "㎡", "平方米", " 平米", "m²", "m2"]),
    st.booleans(),
)
def test_integers_with_separators_and_units(n: int, unit: str, wide: bool) -> None:
    written = f"{n:,}{unit}"
    if wide:
        written = _fullwidth(written)
    assert parse_number(written, integer=True, unit="㎡") == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_with_separators(d: Decimal) -> None:
    assert parse_number(f"{d:,}万元", integer=False, unit="万元") == d
    assert parse_number(f"{d:,}", integer=False) == d


# --- yes / no, division codes, years ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["是", "Y", "y", "yes", "YES", "true", "True", "1", "√", "✓", "有", "已", " 是 ", "Ｙ", 1, 1.0,
     True],
)
def test_true(raw: object) -> None:
    assert parse_bool(raw) is True


@pytest.mark.parametrize(
    "raw", ["否", "N", "n", "no", "false", "0", "×", "✗", "无", "未", "　否　", 0, 0.0, False]
)
def test_false(raw: object) -> None:
    assert parse_bool(raw) is False


@pytest.mark.parametrize("raw", ["也许", "", "2", 2, 0.5, "是的吧"])
def test_bool_rejected(raw: object) -> None:
    _rejects(parse_bool, raw, "请填写“是”或“否”")


@pytest.mark.parametrize(
    "raw",
    ["610102001001", " 610102001001 ", "6101 0200 1001", "６１０１０２００１００１", 610102001001,
     610102001001.0],
)
def test_division_code_accepted(raw: object) -> None:
    assert parse_division_code(raw) == "610102001001"


@pytest.mark.parametrize(
    "raw",
    ["61010200100", "6101020010011", "61010200100A", "6101-0200-1001", "", 61010200100,
     610102001001.5, math.nan, math.inf],
)
def test_division_code_rejected(raw: object) -> None:
    _rejects(parse_division_code, raw, "区划代码应为12位数字")


@pytest.mark.parametrize(
    "raw", [2025, "2025", "2025年", " 2025 ", "２０２５", "２０２５年", 2025.0]
)
def test_year_accepted(raw: object) -> None:
    assert parse_year(raw) == 2025


def test_year_bounds() -> None:
    assert parse_year(2000) == 2000
    assert parse_year(2100) == 2100
    _rejects(parse_year, 1999, "年度 1999 超出范围", "2000", "2100")
    _rejects(parse_year, "2101年", "超出范围")


@pytest.mark.parametrize("raw", ["25", "二〇二五", "2025-03", "20255", 2025.5, math.nan, ""])
def test_year_rejected(raw: object) -> None:
    _rejects(parse_year, raw, "年度应为四位年份", "2025")
