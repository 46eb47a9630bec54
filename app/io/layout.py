"""The workbook layout of the ledgers: which sheets, which columns, how each column is shown."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.domain.entities import ENTITIES
from app.domain.fields import EntitySpec, FieldSpec, Kind

LEDGERS: tuple[str, ...] = (
    "community", "space", "function_status", "demand", "project", "operator", "evaluation",
)
"""The entities that have a sheet, in the order a workbook shows them; a sheet is named by the
entity's label (社区, 空间资源, 功能配置, 需求清单, 建设项目, 运营主体, 评估)."""

IMPORT_ORDER: tuple[str, ...] = (
    "community", "operator", "space", "function_status", "demand", "project", "evaluation",
)
"""The order an import writes them in: each after the records it refers to."""

RECORD_ID = "记录ID"
"""The header of the trailing column that holds each record's id, so that a re-import updates."""

MATRIX_SHEET = "九项功能矩阵"
OPTIONS_SHEET = "选项"
"""A hidden sheet holding the dropdown lists (lists over 255 characters must live in cells)."""

TEXT_PREFIXES = ("=", "+", "-", "@")
"""Text starting with these would run as a formula if Excel or WPS read it as typed."""

_WIDE = 40
_NUMBER_FORMATS = {Kind.INT: "0", Kind.YEAR: "0", Kind.DATE: "yyyy-mm-dd"}


@dataclass(frozen=True)
class Column:
    """One column of a ledger sheet: the field it holds and how it is shown."""

    field: FieldSpec

    @property
    def header(self) -> str:
        """The canonical header: label with its unit in full-width brackets (GLOSSARY)."""
        return self.field.header

    @property
    def choices(self) -> tuple[str, ...]:
        """What the dropdown offers (labels), empty when the column has none."""
        if self.field.kind is Kind.BOOL:
            return ("是", "否")
        if self.field.kind in (Kind.ENUM, Kind.ENUMS):
            return tuple(member.label for member in self.field.allowed)
        return ()

    @property
    def several(self) -> bool:
        """Whether a cell may hold several choices (养老服务、社区助餐)."""
        return self.field.kind is Kind.ENUMS

    @property
    def number_format(self) -> str:
        """The cell format: text "@" for codes and words, thousands and decimals for amounts."""
        if self.field.kind is Kind.DECIMAL:
            return "#,##0.00" if self.field.unit in ("㎡", "万元") else "0.0"
        return _NUMBER_FORMATS.get(self.field.kind, "@")

    @property
    def width(self) -> float:
        """A column width that fits the header and typical values (CJK counts double)."""
        kind = self.field.kind
        if kind is Kind.TEXT:
            typical = _WIDE if self.field.max_length > 100 else 20
        elif kind in (Kind.REF, Kind.ENUMS):
            typical = 18
        elif kind is Kind.CREDIT_CODE:
            typical = 22
        else:
            typical = 13
        return max(typical, display_width(self.header) + 3)


def columns(spec: EntitySpec) -> tuple[Column, ...]:
    """The columns of an entity's sheet, in field order (the 记录ID column follows them)."""
    return tuple(Column(f) for f in spec.fields)


def ledger_specs() -> tuple[EntitySpec, ...]:
    """The entities that have a sheet, in workbook order."""
    return tuple(ENTITIES[name] for name in LEDGERS)


def display_width(text: str) -> int:
    """Width in character cells: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def needs_text_guard(value: str) -> bool:
    """Whether text would be taken for a formula by a spreadsheet."""
    return value.startswith(TEXT_PREFIXES)
