"""The search index's tokens made in bulk are the tokens made one record at a time.

A merge indexes thousands of records at once: `search.indexed` tokenises each searchable value on
its own (short ones remembered) and joins them, `search.bigrams` finds a text's bigrams with one
regular expression. Whatever the text (full-width forms, upper case, Greek final sigma, combining
marks at a value's start, underscores, line breaks inside a value), both must give exactly what
the record's whole text gives (`record_text`, normalized, and its bigrams as first defined), and
`reindex_values` must leave the same entries in a real ledger as `reindex`.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from app.domain.entities import ENTITIES
from app.store import search
from app.store.db import Ledger

_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("养老服务托育社区食堂ＡＢ１２ａΣσς_- \n\u0301\u3000、，.")),
        st.characters(codec="utf-8", categories=["L", "N", "M", "P", "Z", "S"]),
    ),
    max_size=30,
)
_value = st.one_of(_text, st.none(), st.integers(-5, 500), st.just(""),
                   st.text(alphabet="养老服务 ab", min_size=search.CACHED_LENGTH - 2,
                            max_size=search.CACHED_LENGTH + 3))


def reference_bigrams(value: str) -> str:
    """The bigram tokens as first defined: per run of letters and digits, each neighbour pair,
    then the run's last character."""
    tokens: list[str] = []
    for run in search._RUN.findall(search.normalize(value)):
        tokens += map(str.__add__, run, run[1:])
        tokens.append(run[-1])
    return " ".join(tokens)


def whole_text(values: list[Any]) -> str:
    """A record's searchable text, as record_text joins it."""
    return "\n".join(str(v) for v in values if v)


@settings(max_examples=500, deadline=None)
@given(value=_text)
def test_bigrams_are_the_tokens_as_first_defined(value: str) -> None:
    assert search.bigrams(value) == reference_bigrams(value)
    normalized = search.normalize(value)
    assert search.bigrams(normalized, normalized=True) == reference_bigrams(value)


@settings(max_examples=500, deadline=None)
@given(values=st.lists(_value, max_size=4))
def test_a_records_values_tokenised_apart_give_its_whole_texts_tokens(values: list[Any]) -> None:
    text = whole_text(values)
    expected = (search.normalize(text), reference_bigrams(text))
    assert search.indexed(values) == expected
    assert search.indexed(values) == expected  # again: from what was remembered


def test_a_remembered_value_survives_many_others_and_long_ones_are_not_kept() -> None:
    search._tokenised.cache_clear()
    first = search.indexed(["养老服务站"])
    for n in range(search._tokenised.cache_info().maxsize + 100):  # pushes it out
        search.indexed([f"社区{n}号活动室"])
    assert search.indexed(["养老服务站"]) == first == ("养老服务站", "养老 老服 服务 务站 站")
    info = search._tokenised.cache_info()
    assert info.currsize <= info.maxsize
    long = "托育" * search.CACHED_LENGTH
    assert search.indexed([long]) == (long, reference_bigrams(long))
    assert search._tokenised.cache_info().currsize == info.currsize  # not kept


def _hits(conn: Connection, entity: str, rowid: int, tokens: str) -> list[bool]:
    """Whether each token of a bigram string finds the row in the bigram table."""
    bi = search.bigram_table(entity)
    found = []
    for token in tokens.split():
        query = '"' + token + '"' + ("*" if len(token) == 1 else "")
        found.append(bool(conn.exec_driver_sql(
            f"SELECT 1 FROM {bi} WHERE {bi} MATCH ? AND rowid = ?", (query, rowid)).first()))
    return found


def test_reindex_values_leaves_the_entries_reindex_leaves(ledger: Ledger) -> None:
    spec = ENTITIES["demand"]
    old = ["希望增设室外健身点", "已转ＡＢ街道办理"]
    new = ["希望增设室外健身点", "已联系物业，第 3 次答复"]
    with ledger.write() as conn:
        # rowids far from any record's: only the index tables are written
        search.reindex(conn, spec, [(9001, whole_text(old))])
        search.reindex_values(conn, spec, [(9002, old)])
        for rowid in (9001, 9002):
            text = conn.exec_driver_sql(
                f"SELECT body FROM {search.trigram_table('demand')} WHERE rowid = ?",
                (rowid,)).scalar()
            assert text == unicodedata.normalize("NFKC", whole_text(old)).lower()
            assert all(_hits(conn, "demand", rowid, reference_bigrams(whole_text(old))))
        search.reindex(conn, spec, [(9001, whole_text(new))], [(9001, whole_text(old))])
        search.reindex_values(conn, spec, [(9002, new)], [(9002, old)])
        gone = set(reference_bigrams(whole_text(old)).split()) - set(
            reference_bigrams(whole_text(new)).split())
        assert gone  # 已转ab街道办理 is no longer found, 已联系物业 is
        for rowid in (9001, 9002):
            assert all(_hits(conn, "demand", rowid, reference_bigrams(whole_text(new))))
            assert not any(_hits(conn, "demand", rowid, " ".join(sorted(gone))))
