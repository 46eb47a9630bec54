"""Parsers and validators for ledger values: codes, phones, dates as people write them, numbers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (Lotus-compatible) calendar
EXCEL_SERIAL_END = 2958466  # the serial of 10000-01-01: Excel's dates end at 9999-12-31

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class Invalid(ValueError):
    """A value that cannot be accepted; the message is Chinese and says what is wrong."""


def halfwidth(raw: str) -> str:
    """Full-width digits, letters and punctuation to half-width; trims outer spaces."""
    return unicodedata.normalize("NFKC", raw).strip()


def _compact(raw: str) -> str:
    return re.sub(r"\s+", "", halfwidth(raw))


# --- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------------


def credit_code_check_char(first17: str) -> str:
    """The check character of the first 17 characters of a unified social credit code."""
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """A unified social credit code, upper-cased, with its check character verified."""
    code = _compact(raw).upper()
    if len(code) != 18:
        raise Invalid(f"统一社会信用代码应为18位，这里是{len(code)}位")
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if bad:
        raise Invalid(f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、Z、S、V）")
    if not code[2:8].isdigit():
        raise Invalid("统一社会信用代码第3至8位应为行政区划码（数字）")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise Invalid(f"统一社会信用代码校验位错误：末位应为 {expected}，请核对是否抄错")
    return code


# --- phone numbers ------------------------------------------------------------------------

_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_LANDLINE = re.compile(r"\(?(0\d{2,3})\)?-?([2-9]\d{6,7})(?:(?:-|转|ext\.?)(\d{1,6}))?")
_LOCAL = re.compile(r"([2-9]\d{6,7})")


def parse_phone(raw: str) -> str:
    """A mainland mobile (13812345678) or landline (029-87654321, optional extension) number."""
    text = _compact(raw).replace("—", "-").replace("–", "-")
    digits_only = re.sub(r"[-\s]", "", text)
    if m := _MOBILE.fullmatch(digits_only):
        return m.group(1)
    if m := _LANDLINE.fullmatch(text) or _LANDLINE.fullmatch(digits_only):
        area, number, ext = m.groups()
        if area.startswith(("010", "02")) and len(area) != 3:
            area, number = area[:3], area[3:] + number
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    if m := _LOCAL.fullmatch(digits_only):
        return m.group(1)
    raise Invalid(
        "电话号码格式不对：手机号为11位（如 13812345678），固定电话请带区号（如 029-87654321）"
    )


# --- dates --------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TIME_OF_DAY = re.compile(r"(?:[T\s]\s*|(?<=日))\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
"""A time after the date (2024/3/5 9:30:00, 2024-03-05T09:30): after a space, a T or 日."""


def parse_date(raw: Any) -> dt.date:
    """A date as ledgers write it.

    2024-03-05, 2024/3/5, 2024年3月5日, 2024.3.5, 20240305, an Excel serial (as a number or as
    text), a date or datetime; a time of day after the date is dropped.
    """
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        # a number cell: an Excel serial (45356), or a date typed as digits (20240305)
        value = _date_from_text(str(int(raw)) if float(raw).is_integer() else repr(float(raw)))
    else:
        text = _TIME_OF_DAY.sub("", halfwidth(str(raw)))  # a time of day is dropped
        value = _date_from_text(_compact(text))
    if not DATE_MIN <= value <= DATE_MAX:
        raise Invalid(
            f"日期 {value.isoformat()} 超出范围（{DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()}）"
        )
    return value


def _date_from_text(text: str) -> dt.date:
    for pattern in _DATE_PATTERNS:
        if m := pattern.fullmatch(text):
            year, month, day = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise Invalid(f"日期不存在：{year}年{month}月{day}日") from None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _excel_serial(float(text))
    raise Invalid(f"无法识别的日期“{text}”，请写成 2024-03-05、2024/3/5 或 2024年3月5日")


def _excel_serial(serial: float) -> dt.date:
    """The date of an Excel serial number (the fraction, a time of day, is dropped)."""
    if not 1 <= serial < EXCEL_SERIAL_END:
        raise Invalid(
            f"无法识别的日期“{serial:.15g}”：Excel 日期序号应在 1 至 {EXCEL_SERIAL_END - 1} 之间，"
            "或写成 2024-03-05"
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


# --- numbers ------------------------------------------------------------------------------

NUMBER_DIGITS_MAX = 15
"""Digits a ledger number may have before the point (more is a pasted code, or a 1e999)."""

_UNITS = (
    "平方米", "平米", "㎡", "m²", "m2", "万元", "元", "人次", "人", "户", "张", "个", "份", "分",
    "%", "％",
)


def parse_number(raw: Any, *, integer: bool, unit: str | None = None) -> Decimal | int:
    """A number as ledgers write it: 1200, "1,200", "1200㎡", "１２００", " 12.5 ".

    A unit written after the number must be a spelling of `unit` when one is given.
    """
    if isinstance(raw, bool):
        raise Invalid("应填写数字")
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, Decimal):
        number = raw
    else:
        text = _compact(str(raw)).replace(",", "").replace("，", "")
        for suffix in _UNITS:
            if text.endswith(suffix) and len(text) > len(suffix):
                if unit and suffix not in unit_spellings(unit):
                    raise Invalid(f"单位应为{unit}，这里写的是{suffix}")
                text = text[: -len(suffix)]
                break
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Invalid(f"“{raw}”不是数字") from None
    if not number.is_finite():
        raise Invalid(f"“{raw}”不是数字")
    if number.adjusted() >= NUMBER_DIGITS_MAX:
        raise Invalid(f"“{raw}”数值过大：整数部分最多 {NUMBER_DIGITS_MAX} 位")
    if integer:
        if number != number.to_integral_value():
            raise Invalid(f"应为整数，这里是 {number}")
        return int(number)
    return number


def unit_spellings(unit: str) -> tuple[str, ...]:
    """Every way ledgers write a unit: ㎡ is also 平方米, 平米, m², m2; % is also ％."""
    if unit == "㎡":
        return ("平方米", "平米", "㎡", "m²", "m2")
    if unit == "%":
        return ("%", "％")
    return (unit,)


def parse_bool(raw: Any) -> bool:
    """是/否, Y/N, true/false, 1/0, √/×."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):  # a number cell: 1.0 is as good as 1
        return bool(raw)
    text = _compact(str(raw)).lower()
    if text in {"是", "y", "yes", "true", "1", "√", "✓", "有", "已"}:
        return True
    if text in {"否", "n", "no", "false", "0", "×", "✗", "无", "未"}:
        return False
    raise Invalid(f"请填写“是”或“否”，这里是“{raw}”")


def parse_division_code(raw: Any) -> str:
    """A 12-digit statistical division code (统计用区划代码), written as text."""
    text = _integral_text(raw)
    if not re.fullmatch(r"\d{12}", text):
        raise Invalid(f"区划代码应为12位数字，这里是“{text}”")
    return text


def parse_year(raw: Any) -> int:
    """A plan year such as 2025 (also 2025年)."""
    text = _integral_text(raw).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise Invalid(f"年度应为四位年份，如 2025，这里是“{raw}”")
    year = int(text)
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise Invalid(f"年度 {year} 超出范围（{DATE_MIN.year}–{DATE_MAX.year}）")
    return year


def _integral_text(raw: Any) -> str:
    """Text of a code or year cell: a whole number without ".0"; 2025.5 or NaN stay (and fail)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return _compact(str(raw))
