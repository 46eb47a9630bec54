"""Bulk indexing of new records: the cheaper normalising gives exactly what search queries use."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.store import search

# Chinese, the full-width marks and letters ledgers are typed with, compatibility characters
# (㎡ ① ﬁ), combining accents that compose after a full-width letter, and capitals
_LEDGER_TEXT = st.text(st.sampled_from(
    "养老服务托育助餐，：（）；！？、。 　ＡＢｃ１２３㎡①ﬁ\u0301\u0308AbZ09()_-\n\t"
) | st.characters(codec="utf-8"), max_size=40)


@given(_LEDGER_TEXT)
def test_the_fast_normalising_is_normalize(text: str) -> None:
    assert search.normalize_fast(text) == search.normalize(text)


def test_the_common_full_width_marks_are_their_nfkc_forms() -> None:
    for wide, narrow in search._COMMON_WIDE:
        assert unicodedata.normalize("NFKC", wide) == narrow != wide


def test_a_full_width_letter_before_an_accent_still_composes() -> None:
    # Ａ + ◌́ is Á under NFKC: the fast path must not stop at replacing the punctuation
    assert search.normalize_fast("（Ａ\u0301）") == "(á)" == search.normalize("（Ａ\u0301）")
