"""Chinese full-text search: FTS5 trigrams for three characters or more, a bigram index for fewer.

FTS5's trigram tokenizer finds nothing for a query shorter than three characters, yet 养老 and 托育
are what people type. So each searchable entity has two FTS5 tables keyed by the record's rowid:
`<entity>_fts` (trigram) and `<entity>_fts2` (unicode61 over the text's character bigrams, plus the
last character of every run, so that a one-character query is a prefix query over bigrams;
contentless and without positions, since every query on it is a single token).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection

from app.domain.fields import EntitySpec

_RUN = re.compile(r"[^\W_]+")
"""Runs of letters and digits, as unicode61 splits them (at "_" too, unlike Python's \\w)."""
_TOKEN = re.compile(r"(?=([^\W_]{2}|[^\W_](?![^\W_])))[^\W_]")
"""At each letter or digit of a run: it and the next one, or it alone if it ends the run; so
`findall` gives a text's bigram tokens in order, as `bigrams` defines them, without a loop."""
CACHED_LENGTH = 256
"""Field values up to this long are tokenised once and remembered (names, addresses and
templated replies repeat; a record's unchanged fields are tokenised again when it is reindexed)."""


def trigram_table(entity: str) -> str:
    """The trigram FTS5 table of an entity."""
    return f"{entity}_fts"


def bigram_table(entity: str) -> str:
    """The bigram FTS5 table of an entity."""
    return f"{entity}_fts2"


def normalize(value: str) -> str:
    """What is indexed and what is searched for: NFKC (full-width to half-width), lower case."""
    return unicodedata.normalize("NFKC", value).lower()


def bigrams(value: str, *, normalized: bool = False) -> str:
    """The bigram tokens of a text, space-separated: 养老服务 → "养老 老服 服务 务"."""
    return " ".join(_TOKEN.findall(value if normalized else normalize(value)))


@functools.lru_cache(maxsize=4096)  # ~12 MB when full (~25 MB beyond the BMP)
def _tokenised(value: str) -> tuple[str, str]:
    return _tokenise(value)


def _tokenise(value: str) -> tuple[str, str]:
    text = normalize_fast(value)
    return text, " ".join(_TOKEN.findall(text))


def field_tokens(value: str) -> tuple[str, str]:
    """One field value as the two tables index it: its normalized text (trigram table) and its
    bigram tokens; short values are remembered."""
    return _tokenised(value) if len(value) <= CACHED_LENGTH else _tokenise(value)


def indexed(values: Iterable[object]) -> tuple[str, str]:
    """A record's searchable values (in the order of spec.searchable, empty ones skipped) as
    `reindex` would index their text (record_text): the normalized text and its bigrams.

    The text's parts are joined with line breaks, which neither normalizing nor lower-casing
    joins to anything and no token spans, so each value is tokenised on its own (and cached).
    """
    texts: list[str] = []
    tokens: list[str] = []
    for value in values:
        if value:
            text, pairs = field_tokens(value if type(value) is str else str(value))
            texts.append(text)
            if pairs:
                tokens.append(pairs)
    return "\n".join(texts), " ".join(tokens)


def record_text(spec: EntitySpec, values: Mapping[str, object]) -> str:
    """The searchable text of a record (field name -> value)."""
    return "\n".join(str(values[f.name]) for f in spec.searchable if values.get(f.name))


def reindex(
    conn: Connection,
    spec: EntitySpec,
    entries: Sequence[tuple[int, str]],
    old: Sequence[tuple[int, str]] = (),
) -> None:
    """Index records given as (rowid, searchable text); `old` is what they were indexed with before.

    The bigram table is contentless (it stores no copy of the text), so removing an entry needs the
    text it was indexed with: the caller passes the record's previous searchable text.
    """
    if spec.searchable:
        texts = [(r, normalize(t)) for r, t in entries]
        _write(conn, spec, [(r, text, bigrams(text, normalized=True)) for r, text in texts],
               [(r, bigrams(t)) for r, t in old])


def reindex_values(
    conn: Connection,
    spec: EntitySpec,
    entries: Sequence[tuple[int, Sequence[object]]],
    old: Sequence[tuple[int, Sequence[object]]] = (),
) -> None:
    """`reindex` of records given as (rowid, their searchable values in the order of
    spec.searchable): the same index entries, each value tokenised once (bulk writes)."""
    if spec.searchable:
        _write(conn, spec, [(r, *indexed(values)) for r, values in entries],
               [(r, indexed(values)[1]) for r, values in old])


def _write(conn: Connection, spec: EntitySpec, entries: Sequence[tuple[int, str, str]],
           old: Sequence[tuple[int, str]]) -> None:
    """Index (rowid, normalized text, bigrams) entries, first removing (rowid, old bigrams)."""
    tri, bi = trigram_table(spec.name), bigram_table(spec.name)
    if old:
        conn.exec_driver_sql(f"DELETE FROM {tri} WHERE rowid = ?", [(r,) for r, _ in old])
        conn.exec_driver_sql(f"INSERT INTO {bi} ({bi}, rowid, body) VALUES ('delete', ?, ?)",
                             list(old))
    if entries:
        conn.exec_driver_sql(f"INSERT INTO {tri} (rowid, body) VALUES (?, ?)",
                             [(r, text) for r, text, _pairs in entries])
        conn.exec_driver_sql(f"INSERT INTO {bi} (rowid, body) VALUES (?, ?)",
                             [(r, pairs) for r, _text, pairs in entries])


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_clauses(
    spec: EntitySpec, query: str, *, drive: bool = True
) -> tuple[list[str], dict[str, str]]:
    """SQL conditions on the entity table's rowid (ANDed) selecting records matching every term.

    With `drive` false the rowid is hidden from the planner (unary +), so that a narrower index,
    such as an area's communities, drives the query and the matches are only probed.
    """
    rowid = f"{'' if drive else '+'}{spec.name}.rowid"
    clauses: list[str] = []
    params: dict[str, str] = {}
    for n, term in enumerate(normalize(query).split()):
        key = f"q{n}"
        if len(term) >= 3:
            table, params[key] = trigram_table(spec.name), _quote(term)
        elif _RUN.fullmatch(term):
            table = bigram_table(spec.name)
            params[key] = _quote(term) if len(term) == 2 else _quote(term) + "*"
        else:  # one or two characters with punctuation in them: a plain scan is exact and rare
            # Scan the indexed (normalized) text, not the columns, so that widths and case agree.
            table = trigram_table(spec.name)
            params[key] = (
                "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            clauses.append(
                f"{rowid} IN (SELECT rowid FROM {table} WHERE body LIKE :{key} ESCAPE '\\')"
            )
            continue
        clauses.append(f"{rowid} IN (SELECT rowid FROM {table} WHERE {table} MATCH :{key})")
    return clauses, params


# --- bulk indexing of new records (an import) -------------------------------------------------

_COMMON_WIDE = tuple((chr(ord(narrow) + 0xFEE0), narrow) for narrow in "(),:;!?")
"""Full-width punctuation that Chinese text is full of (，：（）；！？) and its NFKC form."""


def normalize_fast(value: str) -> str:
    """normalize(value), cheaper for the usual ledger text: NFKC only where it changes something.

    Text already in NFKC (most Chinese is, but for its full-width punctuation) is only lowered;
    the common full-width marks are replaced by the NFKC form first. Replacing a character by
    its NFKC form changes nothing NFKC makes of the whole, so the result is normalize's.
    """
    if not unicodedata.is_normalized("NFKC", value):
        for wide, narrow in _COMMON_WIDE:
            if wide in value:
                value = value.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", value):
            return normalize(value)
    return value.lower()


def index_new(conn: Connection, spec: EntitySpec, entries: Sequence[tuple[int, str]]) -> None:
    """Index records written just now, given as (rowid, searchable text): what reindex does
    for records never indexed before, in one statement per table."""
    if spec.searchable:
        texts = [(r, normalize_fast(t)) for r, t in entries]
        _write(conn, spec, [(r, text, bigrams(text, normalized=True)) for r, text in texts], [])
