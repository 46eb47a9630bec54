"""The text of the PDFs the app writes, read back for the tests.

pypdf's `extract_text` parses every drawing operation of a page in Python: seconds for a dozen
pages of a ruled table. The tests compare text without white space, so this reads only what
they need, the strings the text operators show (Tj, TJ, ', "), forms included, each decoded by
its font's ToUnicode map, in the order drawn. tests/app/services/test_reports.py checks that it
reads what pypdf reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

_STRING = rb"\((?:[^\\()]|\\[\s\S])*\)"  # a literal string (escaped parentheses, as written)
_HEX = rb"<[0-9A-Fa-f\s]*>"
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_NAME = rb"/[^\s/\[\]()<>{}%]*"
_PART = re.compile(rb"(?P<string>" + _STRING + rb")|(?P<hex>" + _HEX + rb")")
_OPERATION = re.compile(
    rb"(?=[B/(<\[%])"  # (where none of these can start, the search moves on at once)
    rb"(?:(?P<image>\bBI\b.*?\sEI\b)"  # an inline image: binary data, skipped whole
    rb"|(?P<font>" + _NAME + rb")\s+" + _NUMBER + rb"\s+Tf\b"
    rb"|(?P<show>" + _STRING + rb"|" + _HEX + rb")\s*(?:Tj|')"
    rb"|(?P<spaced>" + _STRING + rb"|" + _HEX + rb")\s*\""  # its two numbers before it
    rb"|\[(?P<array>(?:" + _STRING + rb"|" + _HEX + rb"|[^\]()<])*)\]\s*TJ"
    rb"|(?P<form>" + _NAME + rb")\s+Do\b"
    rb"|" + _STRING + rb"|%[^\r\n]*)",  # any other string, a comment: passed over whole
    re.S,
)
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}
_CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")


def pdf_text(path: Path) -> tuple[str, int]:
    """The whole text of a PDF without white space, and its number of pages."""
    pages = page_texts(path)
    return "".join(pages), len(pages)


def page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF, without white space."""
    fonts: dict[int, _Font] = {}  # by object: the pages share their fonts
    return [_compact(_text(page.get("/Resources"), page.get_contents(), fonts))
            for page in PdfReader(path).pages]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(resources: Any, contents: Any, known: dict[int, _Font]) -> str:
    """The strings shown by a content stream (and the forms it draws), decoded."""
    if contents is None:
        return ""
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts: dict[str, _Font] = {}
    for name, entry in resources.get("/Font", DictionaryObject()).get_object().items():
        key = entry.idnum if isinstance(entry, IndirectObject) else id(entry)
        if key not in known:
            known[key] = _Font(entry.get_object())
        fonts[str(name)] = known[key]
    forms = resources.get("/XObject", DictionaryObject()).get_object()
    font: _Font | None = None
    out: list[str] = []
    for match in _OPERATION.finditer(contents.get_data()):
        kind = match.lastgroup
        if kind == "font":
            font = fonts.get(match["font"].decode("latin-1"))
        elif kind in ("show", "spaced", "array") and font is not None:
            out.extend(font.decode(_string(part)) for part in _PART.finditer(match[kind]))
        elif kind == "form" and match["form"].decode("latin-1") in forms:
            form = forms[match["form"].decode("latin-1")].get_object()
            if form.get("/Subtype") == "/Form":
                out.append(_text(form.get("/Resources", resources), form, known))
    return "".join(out)


def _string(part: re.Match[bytes]) -> bytes:
    """The bytes of a literal or hex string as written in a content stream."""
    if part["hex"] is not None:
        digits = re.sub(rb"[\s<>]", b"", part["hex"])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    return _ESCAPE.sub(_unescape, part["string"][1:-1])


def _unescape(escape: re.Match[bytes]) -> bytes:
    text = escape[1]
    if text[:1] in b"01234567" and text[:1]:
        return bytes([int(text, 8) & 0xFF])
    if text[:1] in (b"\r", b"\n"):
        return b""  # a line continuation
    return _ESCAPES.get(text[0], text)


class _Font:
    """Decodes a font's codes to text: its ToUnicode map, else its single-byte encoding."""

    def __init__(self, font: Any) -> None:
        self.width = 1
        self.map: dict[int, str] = {}
        unicode = font.get("/ToUnicode")
        if unicode is not None:
            self._read_cmap(unicode.get_object().get_data())
        self.fallback = "cp1252"
        # one byte per code: str.translate does it in one go (codes without text vanish)
        self.table: dict[int, str | None] = {code: self.map.get(code) for code in range(256)}

    def _read_cmap(self, cmap: bytes) -> None:
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, start in _CMAP_RANGE.findall(block):
                first = int(start, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    self.map[code] = chr(first + offset)
                self.width = max(self.width, len(low) // 2)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in _CMAP_CHAR.findall(block):
                self.map[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
                self.width = max(self.width, len(code) // 2)

    def decode(self, raw: bytes) -> str:
        """The text a shown string stands for."""
        if not self.map:
            return raw.decode(self.fallback, errors="replace")
        if self.width == 1:
            return raw.decode("latin-1").translate(self.table)
        codes = [int.from_bytes(raw[i:i + self.width], "big")
                 for i in range(0, len(raw), self.width)]
        return "".join(self.map.get(code, "") for code in codes)
