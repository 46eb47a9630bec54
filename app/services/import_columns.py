"""Reading an imported sheet column by column: each distinct value of a column is parsed once."""

from __future__ import annotations

from typing import Any

from app.domain.fields import FieldSpec, Kind
from app.domain.validate import Invalid

TEXT_KINDS = (Kind.TEXT, Kind.REF, Kind.PHONE, Kind.CREDIT_CODE, Kind.DIVISION_CODE, Kind.YEAR)
"""Kinds whose cells typed as numbers (a code, a phone, a year) are read as their digits."""
_MISSING = object()


def raw(spec_field: FieldSpec, value: Any) -> Any:
    """A cell as the field's parser wants it: codes typed as numbers become their digits."""
    if spec_field.kind in TEXT_KINDS:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return value


def blank(value: Any) -> bool:
    """An empty cell: nothing, "", or only spaces."""
    return value is None or value == "" or (type(value) is str and not value.strip())


class ColumnParser:
    """The cells of one column parsed as one field; the parsed value or its Invalid, per value.

    A ledger's columns repeat their values (statuses, communities, dates), so each distinct one
    is parsed once. The cache is the column's own: the same cell means different things in two
    columns (“2024” a year in one, a text in another), and the value's type is part of the key,
    since 1, 1.0 and True are one key in a dict. Plain text, mostly unique, is not cached.
    """

    def __init__(self, spec_field: FieldSpec) -> None:
        self.field = spec_field
        self._plain_text = spec_field.kind is Kind.TEXT
        self._max_length = spec_field.max_length
        self._parsed: dict[tuple[type, Any], Any] = {}

    def parse(self, value: Any) -> Any:
        """The stored value of a cell that is not blank, or the Invalid saying why not."""
        if self._plain_text and type(value) is str:
            text = value.strip()
            if len(text) <= self._max_length:
                return text
        key = (type(value), value)
        found = self._parsed.get(key, _MISSING)
        if found is _MISSING:
            try:
                found = self.field.parse(raw(self.field, value))
            except Invalid as exc:
                found = exc
            self._parsed[key] = found
        return found

    def parse_all(self, cells: list[Any]) -> list[Any]:
        """Each cell's stored value, the Invalid saying why it has none, or None when blank."""
        if not self._plain_text:  # the cache looked up here, not in a call a cell
            known, parse = self._parsed.get, self.parse
            return [None if v is None or v == "" or (type(v) is str and not v.strip())
                    else hit if (hit := known((type(v), v), _MISSING)) is not _MISSING
                    else parse(v) for v in cells]
        found: list[Any] = []
        limit = self._max_length
        for value in cells:  # plain text: most cells are text within bounds, taken as they are
            if type(value) is str:
                text = value.strip()
                found.append(text if 0 < len(text) <= limit else self.parse(value) if text
                             else None)
            else:
                found.append(None if value is None else self.parse(value))
        return found

    @property
    def found_invalid(self) -> bool:
        """Whether any cell parsed so far was invalid (plain text within bounds never is)."""
        return any(isinstance(v, Invalid) for v in self._parsed.values())

    def __len__(self) -> int:
        """Distinct values parsed so far (plain text aside)."""
        return len(self._parsed)
