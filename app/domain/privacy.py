"""Masks for personal information (个人信息) in printed and public outputs: names, phones, ids."""

from __future__ import annotations

import re
import unicodedata

from app.domain.validate import Invalid, halfwidth, parse_phone

MASK = "*"

COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "钟离", "独孤", "南宫", "西门", "百里", "呼延", "端木",
    "澹台", "公冶", "宗政", "濮阳", "太史", "申屠", "仲孙", "闻人", "赫连", "万俟", "羊舌",
    "微生", "梁丘", "左丘", "东郭", "拓跋", "第五", "淳于", "鲜于", "闾丘", "司空", "公羊",
    "颛孙", "巫马", "漆雕", "亓官", "壤驷", "夹谷", "子车", "司寇",
})
"""Two-character surnames, kept whole; one missing here only masks a character more."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_NAME_DOTS = "·•・."  # the separator in transliterated names: 阿依古丽·买买提
_LATIN_INNER = re.compile(r"(?<=[^\W_])[^\W_]")  # a letter or digit after another one
_NAMES = re.compile(r"\s*([、，,;；/／])\s*")  # several people in one cell: 张三、李四
_PHONES = re.compile(r"\s*([、，,;；/／|｜]|或)\s*")  # several numbers: 13812345678/029-87654321

# One character for one character, so that positions in the view are positions in the text.
_WIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # １３８, （）, －, Ｘ, ．
    | dict.fromkeys("\u3000\u00a0", " ")
    | dict.fromkeys("‐‑‒–—―", "-")
    | dict.fromkeys("。·・", ".")  # a Chinese input method types 。 for a dot
)
_SEP = r"[ .-]?"
"""What may separate the groups of a number's digits (in the view: full-width forms are ASCII)."""
_BIRTH_DATE = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_OLD_BIRTH_DATE = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"  # YYMMDD
_PROVINCE = r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])"  # GB/T 2260
_IN_TEXT = re.compile(
    r"(?<!\d)(?:"
    rf"(?P<id>\d{{6}}{_SEP}{_BIRTH_DATE}{_SEP}\d{{3}}[\dXx])"
    rf"|(?P<old_id>{_PROVINCE}\d{{4}}{_SEP}{_OLD_BIRTH_DATE}{_SEP}\d{{3}})"
    rf"|(?:(?:\((?:\+|00)?86\)|(?:\+|00)86){_SEP}|86)?(?P<mobile>1[3-9]\d(?:{_SEP}\d{{4}}){{2}})"
    r"|(?:\((?P<parea>0(?:10|2\d|[3-9]\d{2}))\)|(?P<area>0(?:10|2\d|[3-9]\d{2})))"
    rf"{_SEP}(?P<number>[2-9]\d{{2,3}}{_SEP}\d{{4}})(?:(?:-|转|分机|ext\.?)\d{{1,6}})?"
    r")(?!\d)",
    re.ASCII,
)
"""An identity number (18 or old 15 digits), a mobile or a landline with its area code, not
inside a longer number."""


def mask_name(name: str) -> str:
    """A person's name with the surname left: 张*, 张**, 欧阳*, 欧阳**; J*** S**** in Latin letters.

    One * for each hidden character; spaces are dropped (Latin names keep one between words,
    and the first letter of each word). A name of one character, or a compound surname alone
    (欧阳 → 欧*), is never shown whole. Several names in one cell (张三、李四) are masked one
    by one.
    """
    parts = _NAMES.split(name.strip())
    return "".join(part if i % 2 else _mask_one_name(part) for i, part in enumerate(parts))


def _mask_one_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    chinese = bool(_CJK.search(name))
    name = "".join(name.split()) if chinese else " ".join(name.split())
    if len(name) <= 1:
        return MASK * len(name)
    if not chinese:
        return _LATIN_INNER.sub(MASK, name)
    if any(c in _NAME_DOTS for c in name):
        return name[0] + "".join(c if c in _NAME_DOTS else MASK for c in name[1:])
    keep = 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1
    return name[:keep] + MASK * (len(name) - keep)


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden: 138****5678, 029-****4321 (no extension), ****4321.

    Read as parse_phone reads it (+86, spaces, dashes, full-width digits), or from its digits
    alone (13812345678（本人）); several numbers in one cell are masked one by one. Never
    raises: anything else shows only its digits, the last 4 of them when 4 more are hidden
    (12345 → ****5), and text without digits is all hidden.
    """
    parts = _PHONES.split(phone.strip())
    return "".join(part if i % 2 else _mask_one_phone(part) for i, part in enumerate(parts))


def _mask_one_phone(raw: str) -> str:
    text = halfwidth(raw)
    digits = _digits(text)
    for candidate in (text, digits):
        try:
            phone = parse_phone(candidate)
        except Invalid:
            continue
        if phone.startswith("1"):
            return _mask_mobile(phone)
        if "-" not in phone:
            return _hide_head(phone)  # a local number
        area, number = phone.split("-")[:2]  # an extension is dropped
        return f"{area}-{_hide_head(number)}"
    return _mask_tail(digits) if digits else MASK * len("".join(text.split()))


def mask_id_number(text: str) -> str:
    """An identity number (身份证号) with the birth date hidden: 610102********1234.

    Spaces, dashes and other marks are dropped and a final x is written X. An old 15-digit
    number likewise keeps its first 6 and last 4 (610102*****1123, GLOSSARY.md). Never raises:
    anything else (a passport, a mistyped number) shows only its letters and digits, the last 4
    of them when 4 more are hidden, and text without any is all hidden.
    """
    compact = "".join(halfwidth(text).split())
    chars = re.sub(r"[^0-9A-Za-z]", "", compact).upper()
    if re.fullmatch(r"\d{17}[\dX]", chars):
        return chars[:6] + MASK * 8 + chars[14:]
    if re.fullmatch(r"\d{15}", chars):
        return chars[:6] + MASK * 5 + chars[11:]
    return _mask_tail(chars) if chars else MASK * len(compact)


def mask_text(text: str) -> str:
    """Free text with the mobiles, landlines and identity numbers in it masked.

    Masked as mask_phone and mask_id_number do (the masked number is written in half-width
    characters); the rest of the text is kept as it is. Full-width forms count as ASCII, and
    a space, hyphen or dot (also 。) may separate the groups of digits. A mobile is 11 digits
    from 1[3-9] (+86, 3-4-4), a landline has its area code (029-87654321, (029)87654321,
    029.8765.4321), an identity number has a birth date in digits 7 to 14 (6-8-4), an old
    15-digit one a province code first and a YYMMDD birth date in digits 7 to 12 (6-6-3).
    Numbers inside a longer run of digits (division codes, dates, amounts) are left alone;
    so are local numbers without an area code (too like other numbers) and names.
    """
    view = text.translate(_WIDTH)
    pieces: list[str] = []
    end = 0
    for m in _IN_TEXT.finditer(view):
        pieces += [text[end : m.start()], _mask_match(m)]
        end = m.end()
    return "".join(pieces) + text[end:]


def _mask_match(m: re.Match[str]) -> str:
    if m["id"] or m["old_id"]:
        return mask_id_number(m["id"] or m["old_id"])
    if m["mobile"]:
        return _mask_mobile(_digits(m["mobile"]))
    return f"{m['parea'] or m['area']}-{_hide_head(_digits(m['number']))}"


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _mask_mobile(number: str) -> str:
    return number[:3] + MASK * 4 + number[7:]


def _hide_head(number: str) -> str:
    """All but the last 4 hidden: ****4321."""
    return MASK * (len(number) - 4) + number[-4:]


def _mask_tail(chars: str) -> str:
    """The last 4 shown only when at least 4 others are hidden: ****5, *****5678."""
    keep = max(0, min(4, len(chars) - 4))
    return MASK * (len(chars) - keep) + chars[len(chars) - keep :]
