"""Chinese full-text search: FTS5 trigram for three characters or more, a bigram index for one or two.

FTS5's trigram tokenizer finds nothing for a query shorter than three characters, yet 养老 and 托育 are
what people type. So each searchable entity has two FTS5 tables keyed by the record's rowid:
`<entity>_fts` (trigram) and `<entity>_fts2` (unicode61 over the text's character bigrams, plus the last
character of every run, so that a one-character query is a prefix query over bigrams).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

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


def bigrams(value: str) -> str:
    """The bigram tokens of a text, space-separated: 养老服务 → "养老 老服 服务 务"."""
    tokens: list[str] = []
    for run in _RUN.findall(normalize(value)):
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return " ".join(tokens)


def record_text(spec: EntitySpec, values: dict[str, object]) -> str:
    """The searchable text of a record."""
    return "\n".join(str(values[f.column]) for f in spec.searchable if values.get(f.column))


def reindex(conn: Connection, spec: EntitySpec, records: Iterable[tuple[int, str]]) -> None:
    """Replace the index entries of records given as (rowid, searchable text)."""
    rows = [{"r": rowid, "t": normalize(t), "b": bigrams(t)} for rowid, t in records]
    if not rows or not spec.searchable:
        return
    tri, bi = trigram_table(spec.name), bigram_table(spec.name)
    conn.execute(text(f"DELETE FROM {tri} WHERE rowid = :r"), rows)
    conn.execute(text(f"DELETE FROM {bi} WHERE rowid = :r"), rows)
    conn.execute(text(f"INSERT INTO {tri} (rowid, body) VALUES (:r, :t)"), rows)
    conn.execute(text(f"INSERT INTO {bi} (rowid, body) VALUES (:r, :b)"), rows)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_clauses(spec: EntitySpec, query: str) -> tuple[list[str], dict[str, str]]:
    """SQL conditions on the entity table's rowid (ANDed) that select records matching every term."""
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
            params[key] = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                f"{spec.name}.rowid IN "
                f"(SELECT rowid FROM {table} WHERE body LIKE :{key} ESCAPE '\\')"
            )
            continue
        clauses.append(f"{spec.name}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH :{key})")
    return clauses, params


def create_statements(entities: Sequence[str]) -> list[str]:
    """DDL of the FTS tables of these entities (used by the migrations)."""
    ddl = []
    for name in entities:
        ddl.append(f"CREATE VIRTUAL TABLE {trigram_table(name)} USING fts5(body, tokenize='trigram')")
        ddl.append(f"CREATE VIRTUAL TABLE {bigram_table(name)} USING fts5(body, tokenize='unicode61')")
    return ddl
