"""The one declaration of a field: label, type, unit, choices, bounds and flags for every view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any

from app.domain import validate
from app.domain.enums import LabeledEnum, normalize_text
from app.domain.validate import Invalid


class Kind(StrEnum):
    """Value types a field can hold."""

    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"
    YEAR = "year"
    ENUM = "enum"
    ENUMS = "enums"  # several choices, stored as a JSON list of identifiers
    REF = "ref"  # another record, given by id, code or unique name
    DIVISION_CODE = "division_code"
    CREDIT_CODE = "credit_code"
    PHONE = "phone"


PEOPLE_MAX = 1_000_000
AREA_MAX = 1_000_000
MONEY_MAX = 1_000_000


@dataclass(frozen=True)
class FieldSpec:
    """One field of one entity, declared once."""

    name: str
    label: str
    kind: Kind
    unit: str | None = None
    unit_in_header: bool = True  # False for measure words (人, 户, 分) the contract leaves out
    enum: type[LabeledEnum] | None = None
    choices: tuple[LabeledEnum, ...] | None = None
    ref: str | None = None
    required: bool = False
    default: Any = None
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    max_length: int = 500
    personal: bool = False
    searchable: bool = False
    pinyin: bool = False  # sorted by a pinyin key stored beside it (app/domain/pinyin.py)
    synonyms: tuple[str, ...] = ()
    help: str = ""

    @property
    def column(self) -> str:
        """The column that stores it: references keep the referenced id in `<name>_id`."""
        return f"{self.name}_id" if self.kind is Kind.REF else self.name

    @property
    def header(self) -> str:
        """The canonical Excel header: the label, with its unit in full-width brackets."""
        return f"{self.label}（{self.unit}）" if self.unit and self.unit_in_header else self.label

    @property
    def allowed(self) -> tuple[LabeledEnum, ...]:
        """The choices an enumerated field accepts."""
        if self.choices is not None:
            return self.choices
        return tuple(self.enum) if self.enum else ()

    def default_value(self) -> Any:
        """The default for a new record (a callable default is called)."""
        return self.default() if callable(self.default) else self.default

    def names(self) -> tuple[str, ...]:
        """Every spelling that names this field: identifier, label, header, synonyms (normalized).

        The label with its unit in brackets may spell the unit any way (建筑面积（平方米）).
        """
        spellings = validate.unit_spellings(self.unit) if self.unit else ()
        with_unit = tuple(f"{self.label}（{u}）" for u in spellings)
        return tuple(
            dict.fromkeys(
                normalize_text(n)
                for n in (self.name, self.label, self.header, *with_unit, *self.synonyms)
            )
        )

    def parse(self, raw: Any) -> Any:
        """The stored value for what a user, a ledger or the CLI gave; raises Invalid in Chinese.

        Empty text means "no value"; references are returned as given (resolved by the store).
        """
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        value = _PARSERS[self.kind](self, raw)
        self._check_bounds(value)
        return value

    def parse_stored(self, raw: Any) -> Any:
        """A value in the form ledgers store and bundles carry it; anything else goes to parse().

        A bundle's every value is checked: the stored form of the common kinds is recognized
        cheaply, the rest is parsed (and refused) as a typed value would be.
        """
        kind = self.kind
        if type(raw) is str and raw and raw[0] != " " and raw[-1] != " ":
            if (kind is Kind.TEXT and len(raw) <= self.max_length) or kind is Kind.REF:
                return raw
            if kind is Kind.ENUM and raw in self._values:
                return raw
            if kind is Kind.DATE and len(raw) == 10 and "2000" <= raw[:4] <= "2100":
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
        elif kind is Kind.ENUMS and type(raw) is list and all(v in self._values for v in raw):
            if [v for v in self._values if v in raw] == raw:
                return raw
        elif kind is Kind.BOOL and type(raw) is bool:
            return raw
        elif kind is Kind.REF and raw is not None and type(raw) is not str:
            raise Invalid("应为记录ID（文字）")  # a list or a dict: never an id, never hashed
        return self.parse(raw)

    @cached_property
    def _values(self) -> dict[str, int]:
        return {m.value: n for n, m in enumerate(self.allowed)}

    def _check_bounds(self, value: Any) -> None:
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"不能小于 {self.minimum}{self.unit or ''}，这里是 {value}")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"不能大于 {self.maximum}{self.unit or ''}，这里是 {value}")

    def display(self, value: Any) -> str:
        """The value as a person reads it (Chinese labels for enums, 是/否, ISO dates)."""
        if value is None or value == "":
            return ""
        if self.kind is Kind.ENUM and self.enum:
            member = self.enum.parse(value)
            return member.label if member else str(value)
        if self.kind is Kind.ENUMS and self.enum:
            return "、".join(m.label for v in value if (m := self.enum.parse(v)))
        if self.kind is Kind.BOOL:
            return "是" if value else "否"
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal | float):
            return f"{Decimal(str(value)).normalize():f}"
        return str(value)


def _text(spec: FieldSpec, raw: Any) -> str:
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if len(text) > spec.max_length:
        raise Invalid(f"内容过长：最多 {spec.max_length} 个字，这里有 {len(text)} 个")
    return text


def _enum(spec: FieldSpec, raw: Any) -> str:
    assert spec.enum is not None
    member = spec.enum.parse(raw)
    if member is None or member not in spec.allowed:
        options = "、".join(m.label for m in spec.allowed)
        raise Invalid(f"“{raw}”不是可选的{spec.label}，可选：{options}")
    return member.value


def _enums(spec: FieldSpec, raw: Any) -> list[str]:
    """Several choices: 养老、托育 (or split by , ; /), or a list; any other value is one choice."""
    items: Iterable[Any]
    if isinstance(raw, str):
        items = [p for p in normalize_text(raw).replace("，", "、").replace(",", "、")
                 .replace(";", "、").replace("；", "、").replace("/", "、").split("、") if p]
    elif isinstance(raw, list | tuple | set | frozenset):
        items = raw
    else:
        items = [raw]
    values = [_enum(spec, item) for item in items]
    order = [m.value for m in spec.allowed]
    return sorted(set(values), key=order.index)


def _decimal(spec: FieldSpec, raw: Any) -> Decimal:
    value = validate.parse_number(raw, integer=False, unit=spec.unit)
    assert isinstance(value, Decimal)
    return value.quantize(Decimal("0.01")).normalize() if value.as_tuple().exponent != 0 else value


_PARSERS: dict[Kind, Callable[[FieldSpec, Any], Any]] = {
    Kind.TEXT: _text,
    Kind.INT: lambda spec, raw: validate.parse_number(raw, integer=True, unit=spec.unit),
    Kind.DECIMAL: _decimal,
    Kind.DATE: lambda spec, raw: validate.parse_date(raw),
    Kind.BOOL: lambda spec, raw: validate.parse_bool(raw),
    Kind.YEAR: lambda spec, raw: validate.parse_year(raw),
    Kind.ENUM: _enum,
    Kind.ENUMS: _enums,
    Kind.REF: lambda spec, raw: raw.strip() if isinstance(raw, str) else raw,
    Kind.DIVISION_CODE: lambda spec, raw: validate.parse_division_code(raw),
    Kind.CREDIT_CODE: lambda spec, raw: validate.parse_credit_code(str(raw)),
    Kind.PHONE: lambda spec, raw: validate.parse_phone(str(raw)),
}


@dataclass(frozen=True)
class EntitySpec:
    """An entity: its fields in display order, how records are named and keyed, and its scope."""

    name: str
    plural: str
    label: str
    fields: tuple[FieldSpec, ...]
    natural_keys: tuple[tuple[str, ...], ...] = ()
    title_field: str = "name"
    scope_field: str | None = None  # the reference that places a record in an area
    extra_names: tuple[str, ...] = ()
    by_name: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> FieldSpec:
        """The field with this identifier."""
        return self.by_name[name]

    @cached_property
    def _spellings(self) -> dict[str, FieldSpec]:
        """Every normalized spelling of every field (the first field that claims one keeps it)."""
        found: dict[str, FieldSpec] = {}
        for spec in self.fields:
            for spelling in spec.names():
                found.setdefault(spelling, spec)
        return found

    def resolve_field(self, name: str) -> FieldSpec | None:
        """The field named by identifier, Chinese label, header or synonym."""
        if name in self.by_name:
            return self.by_name[name]
        return self._spellings.get(normalize_text(name))

    @cached_property
    def searchable(self) -> tuple[FieldSpec, ...]:
        """Fields covered by full-text search."""
        return tuple(f for f in self.fields if f.searchable)

    @cached_property
    def pinyin_sorted(self) -> tuple[FieldSpec, ...]:
        """Fields sorted by their pinyin key (names: never a personal field)."""
        return tuple(f for f in self.fields if f.pinyin and not f.personal)

    @cached_property
    def required(self) -> tuple[FieldSpec, ...]:
        """Fields a record must have."""
        return tuple(f for f in self.fields if f.required)
