"""The pinyin sort key of a name: Chinese ordered by pinyin as Excel and WPS users expect.

`sort_key(text)` is a plain string whose binary order (SQLite's, Python's) is the order a reader
expects, in three levels separated by a space (below every character the levels use):

1. letters: each character a token, its class first, so that symbols < numbers < Latin < Chinese
   < anything else, as Excel sorts them. A run of digits is one number (`1`, its length in two
   digits, the digits without leading zeros: 3号楼 < 10号楼); a Latin letter is `2` and the
   letter in lower case; a Chinese character is `3` and its pinyin without tone (ü as u); a
   symbol is `0` and its code point, anything else `4` and its code point; spaces count for
   nothing. Full-width forms count as their plain ones (３ = 3).
2. tones: for each Chinese character, whether its u is ü and its tone (1–4, 5 for neutral):
   路 lù < 吕 lǚ, 妈 mā < 马 mǎ once the letters are the same.
3. the text itself, so that different names never tie and the same name always does.

The reading of each character is the first of pypinyin's table (its `pinyin_dict.json`, read
directly from the installed package without importing pypinyin, whose phrase tables take half a
second), except where place names read it otherwise (长安 cháng, 古都 dū) and for a few words
(曲江 qǔ, 阿房 ē páng, 栎阳 yuè). The table loads on the first key, which only a write asks for:
never at start-up (tests/ui/test_shell.py).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

LEVELS = " "
"""Between the three levels: below every character of levels 1 and 2."""

CHARACTERS = {"长": "cháng", "都": "dū", "佛": "fó", "什": "shí", "卜": "bǔ"}
"""Characters whose first reading in the table is not the one names use (长安, 唐都, 石佛寺,
罗什, 张卜)."""

WORDS = {
    "曲江": ("qǔ", "jiāng"),
    "阿房": ("ē", "páng"),
    "栎阳": ("yuè", "yáng"),
    "重庆": ("chóng", "qìng"),
    "厦门": ("xià", "mén"),
    "华山": ("huà", "shān"),
    "西藏": ("xī", "zàng"),
    "银行": ("yín", "háng"),
    "解家": ("xiè", "jiā"),
    "翟家": ("zhái", "jiā"),
}
"""Words whose characters read otherwise than alone: Xi'an's place names, banks, surnames."""

_TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_UMLAUT = "\u0308"
NUMBER_DIGITS = 99
"""The longest run of digits read as one number; a longer one is read in parts."""

_table: dict[str, str] | None = None
_SPECIAL = re.compile("([0-9]+|" + "|".join(sorted(WORDS, key=len, reverse=True)) + ")")
"""What is read otherwise than character by character: numbers and the override words."""


def loaded() -> bool:
    """Whether the pinyin table has been read in this process (tests: never at start-up)."""
    return _table is not None


def _load() -> dict[str, str]:
    """pypinyin's table (code point as text -> readings, comma-separated), read once."""
    global _table
    if _table is None:
        spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("pypinyin is not installed: names cannot be sorted by pinyin")
        path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
        _table = json.loads(path.read_text(encoding="utf-8"))
    return _table


def syllable(reading: str) -> tuple[str, str]:
    """A reading with tone marks (lǚ) as its letters (lu) and its tone token (ü flag, tone: 13)."""
    letters, tone, umlaut = [], "5", "0"
    for char in unicodedata.normalize("NFD", reading):
        if char in _TONES:
            tone = _TONES[char]
        elif char == _UMLAUT:
            umlaut = "1"
        elif "a" <= char <= "z":
            letters.append(char)
    return "3" + "".join(letters), umlaut + tone


class _Tokens(dict[str, tuple[str, str]]):
    """Character -> its letters token and its tone token ("" if not Chinese; both "" for a
    space), worked out on first use."""

    def __missing__(self, char: str) -> tuple[str, str]:
        reading = CHARACTERS.get(char) or _load().get(str(ord(char)), "").split(",")[0]
        if "a" <= char <= "z":
            found = ("2" + char, "")
        elif reading:
            found = syllable(reading)
        elif char.isspace():
            found = ("", "")
        elif unicodedata.category(char)[0] in "PSZC":
            found = (f"0{ord(char):06x}", "")
        else:
            found = (f"4{ord(char):06x}", "")
        self[char] = found
        return found


_tokens = _Tokens()
_word_tokens = {word: [syllable(r) for r in readings] for word, readings in WORDS.items()}


def _number(digits: str) -> list[str]:
    """A run of digits as one number token (leading zeros dropped, longest runs in parts)."""
    digits = digits.lstrip("0")
    return [f"1{len(chunk):02d}{chunk}"
            for chunk in (digits[n:n + NUMBER_DIGITS]
                          for n in range(0, max(len(digits), 1), NUMBER_DIGITS))]


@functools.lru_cache(maxsize=1 << 14)  # names repeat (活动室…): a few MB at most
def sort_key(text: str) -> str:
    """The key that sorts `text` as a Chinese reader expects (see the module's docstring)."""
    _load()
    letters: list[str] = []
    tones: list[str] = []
    folded = unicodedata.normalize("NFKC", text).lower()
    for n, part in enumerate(_SPECIAL.split(folded)):
        if n % 2 == 0:  # plain characters, one token each
            found = [_tokens[char] for char in part]
            letters += [token for token, _tone in found]
            tones += [tone for _token, tone in found]
        elif part[0] <= "9":
            letters += _number(part)
        else:
            found = _word_tokens[part]
            letters += [token for token, _tone in found]
            tones += [tone for _token, tone in found]
    return "".join(letters) + LEVELS + "".join(tones) + LEVELS + text
