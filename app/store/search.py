"""Chinese full-text search: FTS5 trigrams for three characters or more, a bigram index for fewer.

FTS5's trigram tokenizer finds nothing for a query shorter than three characters, yet 养老 and 托育
are what people type. So each searchable entity has two FTS5 tables keyed by the record's rowid:
`<entity>_fts` (trigram) and `<entity>_fts2` (unicode61 over the text's character bigrams, plus the
last character of every run, so that a one-character query is a prefix query over bigrams;
contentless and without positions, since every query on it is a single token).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from sqlalchemy import Connection

from app.domain.fields import EntitySpec

_RUN = re.compile(r"[^\W_]+")
"""Runs of letters and digits, as unicode61 splits them (at "_" too, unlike Python's \\w)."""


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
    tokens: list[str] = []
    for run in _RUN.findall(value if normalized else normalize(value)):
        tokens += map(str.__add__, run, run[1:])  # each pair of neighbours
        tokens.append(run[-1])
    return " ".join(tokens)


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
    if not spec.searchable:
        return
    tri, bi = trigram_table(spec.name), bigram_table(spec.name)
    if old:
        conn.exec_driver_sql(f"DELETE FROM {tri} WHERE rowid = ?", [(r,) for r, _ in old])
        conn.exec_driver_sql(
            f"INSERT INTO {bi} ({bi}, rowid, body) VALUES ('delete', ?, ?)",
            [(r, bigrams(t)) for r, t in old],
        )
    if entries:
        texts = [(r, normalize(t)) for r, t in entries]
        conn.exec_driver_sql(f"INSERT INTO {tri} (rowid, body) VALUES (?, ?)", texts)
        conn.exec_driver_sql(
            f"INSERT INTO {bi} (rowid, body) VALUES (?, ?)",
            [(r, bigrams(t, normalized=True)) for r, t in texts],
        )


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
    if not spec.searchable or not entries:
        return
    texts = [(r, normalize_fast(t)) for r, t in entries]
    conn.exec_driver_sql(f"INSERT INTO {trigram_table(spec.name)} (rowid, body) VALUES (?, ?)",
                         texts)
    conn.exec_driver_sql(f"INSERT INTO {bigram_table(spec.name)} (rowid, body) VALUES (?, ?)",
                         [(r, bigrams(t, normalized=True)) for r, t in texts])
