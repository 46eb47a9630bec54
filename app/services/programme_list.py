"""The city's programme list as a workbook: every row one entry (列入), all written or none.

A sheet with the headers 项目名称, 项目类型, 社区 (code or name) or 街道, 批次年度, 列入日期 and
原因 (in any order, under any title rows) is read through the importer's bounded reader
(app/io/workbook.py: size, parts, cells and a cell's length are refused before reading), checked
whole, and written as one version of the directory in one transaction. Every bad row is named
with its row number and column, in Chinese.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, Directory, DirectoryError, TierChange, check_change
from app.domain.validate import Invalid, parse_date
from app.errors import UsageError
from app.io.read_limits import column_letters
from app.io.workbook import RawSheet, read_workbook
from app.services.programme import require_city
from app.store import programme as store
from app.store.db import Ledger

MAX_ROWS = 5000
"""More rows than any city's list (110 pilots and about 90 city projects): refused unread."""
MAX_ERRORS_SHOWN = 50
HEADER_ROWS = 20
"""How far down a header row is looked for (under title rows)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称", "项目", "名称"),
    "tier": ("项目类型", "类型", "项目类别"),
    "community": ("社区", "所在社区", "社区代码", "社区名称", "试点社区"),
    "street": ("街道", "所在街道", "街道代码", "街道名称"),
    "year": ("批次年度", "批次", "年度", "计划年度"),
    "on": ("列入日期", "日期", "调入日期", "变更日期"),
    "reason": ("原因", "变更原因", "说明"),
}
"""The list's columns and the headers each is known by."""
REQUIRED = ("project", "tier", "on")


@dataclass(frozen=True)
class ListResult:
    """What an import of the list wrote: how many changes, the directory's new version."""

    changes: int
    version: int


class ListRefused(UsageError):
    """The list has errors and nothing was written; each names its row and column."""

    def __init__(self, path: Path, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_ERRORS_SHOWN]
        hidden = len(errors) - len(shown)
        more = f"\n（另有 {hidden} 处错误未列出）" if hidden else ""
        super().__init__(f"名单“{path.name}”有 {len(errors)} 处错误，没有导入任何内容：\n"
                         + "\n".join(shown) + more)


def import_list(ledger: Ledger, path: Path) -> ListResult:
    """Read, check and record the city's list (ListRefused, exit 2, writes nothing)."""
    require_city(ledger)
    sheet, header, columns = _find_sheet(path, read_workbook(path))
    rows = [r for r in range(header + 1, len(sheet.rows))
            if any(str(v).strip() for v in sheet.rows[r])]
    if len(rows) > MAX_ROWS:
        raise UsageError(f"名单“{path.name}”有 {len(rows)} 行，超过 {MAX_ROWS} 行，不像项目名单")
    places = _Places(ledger)
    current = store.directory(ledger)
    errors: list[str] = []
    changes: list[TierChange] = []
    seen: dict[str, int] = {}
    for r in rows:
        change = _change(sheet, r, columns, places, errors)
        if change is None:
            continue
        first = seen.setdefault(change.project, r + 1)
        if first != r + 1:
            errors.append(f"第 {r + 1} 行：项目“{change.project}”与第 {first} 行重复")
            continue
        try:
            check_change(current, change)
        except DirectoryError as exc:
            errors.append(f"第 {r + 1} 行：{exc}")
            continue
        current = Directory(current.version, (*current.changes, change))
        changes.append(change)
    if errors:
        raise ListRefused(path, errors)
    if not changes:
        raise UsageError(f"名单“{path.name}”中没有项目")
    try:
        written = store.add_changes(ledger, changes)
    except DirectoryError as exc:  # the directory changed meanwhile
        raise UsageError(str(exc)) from None
    return ListResult(len(changes), written.version)


def _find_sheet(path: Path, sheets: list[RawSheet]) -> tuple[RawSheet, int, dict[str, int]]:
    """The first visible sheet with the list's headers: it, its header row, column per field."""
    for sheet in sheets:
        if sheet.hidden:
            continue
        for r in range(min(HEADER_ROWS, len(sheet.rows))):
            columns: dict[str, int] = {}
            for c, value in enumerate(sheet.rows[r]):
                header = str(value).strip().replace(" ", "").rstrip("*＊")
                for name, headers in COLUMNS.items():
                    if header in headers and name not in columns:
                        columns[name] = c
            if all(name in columns for name in REQUIRED) and (
                    "community" in columns or "street" in columns):
                return sheet, r, columns
    raise UsageError(f"“{path.name}”中没有找到项目名单的表头：应有 项目名称、项目类型、"
                     "社区（或街道）、批次年度、列入日期、原因")


def _change(sheet: RawSheet, r: int, columns: dict[str, int], places: _Places,
            errors: list[str]) -> TierChange | None:
    """One row as a JOIN, or None with its errors added (row and column named)."""
    found = len(errors)

    def cell(name: str) -> Any:
        return sheet.cell(r, columns[name]) if name in columns else ""

    def bad(name: str, message: str) -> None:
        column = columns.get(name)
        where = f" {column_letters(column + 1)} 列" if column is not None else ""
        header = COLUMNS[name][0]
        errors.append(f"第 {r + 1} 行{where}“{header}”：{message}")

    project = str(cell("project")).strip()
    if not project:
        bad("project", "必填，不能为空")
    elif len(project) > 200:
        bad("project", "太长（不超过 200 字）")
    tier = ProjectTier.parse(str(cell("tier")).strip())
    if tier is None or tier is ProjectTier.OTHER:
        bad("tier", f"“{cell('tier')}”不对，应为 国家试点项目 或 市级项目")
    community_ref, street_ref = str(cell("community")).strip(), str(cell("street")).strip()
    community = street = None
    try:
        if community_ref:
            community, street = places.community(community_ref)
        elif street_ref:
            street = places.street(street_ref)
        else:
            bad("community" if "community" in columns else "street",
                "须写明所在社区（以街道为单元的项目写街道）")
    except UsageError as exc:
        bad("community" if community_ref else "street", str(exc))
    year = _year(cell("year"), bad)
    on: dt.date | None = None
    raw_on = cell("on")
    if raw_on in ("", None):
        bad("on", "必填，不能为空")
    else:
        try:
            on = parse_date(raw_on)
        except Invalid as exc:
            bad("on", str(exc))
    reason = str(cell("reason")).strip()
    if len(errors) > found or tier is None or on is None:
        return None
    return TierChange(on, ChangeKind.JOIN, project, tier, community, street, year,
                      reason[:200])


def _year(value: Any, bad: Any) -> int | None:
    if value in ("", None):
        return None
    raw = str(value).strip().removesuffix("年")
    try:
        year = int(float(raw))
    except ValueError:
        bad("year", f"“{value}”不是年份")
        return None
    if not 2000 <= year <= 2100:
        bad("year", f"{year} 不在 2000–2100 之间")
        return None
    return year


class _Places:
    """The ledger's communities and streets by code and name, read once."""

    def __init__(self, ledger: Ledger) -> None:
        with ledger.engine.connect() as conn:
            self.communities = conn.execute(text(
                "SELECT c.code, c.name, s.code, s.name FROM community c "
                "JOIN street s ON s.id = c.street_id WHERE c.deleted = 0")).all()
            self.streets = conn.execute(text(
                "SELECT code, name FROM street WHERE deleted = 0")).all()

    def community(self, ref: str) -> tuple[str, str]:
        """(community code or name, street code or name) of a known community."""
        found = [row for row in self.communities if ref in (row[0], row[1])]
        if not found:
            raise UsageError(f"找不到社区“{ref}”")
        if len(found) > 1:
            raise UsageError(f"名为“{ref}”的社区有 {len(found)} 个，请改用社区代码")
        code, name, street_code, street_name = found[0]
        return code or name, street_code or street_name

    def street(self, ref: str) -> str:
        """The code (or name) of a known street."""
        found = [row for row in self.streets if ref in (row[0], row[1])]
        if not found:
            raise UsageError(f"找不到街道“{ref}”")
        if len(found) > 1:
            raise UsageError(f"名为“{ref}”的街道有 {len(found)} 个，请改用街道代码")
        return str(found[0][0] or found[0][1])
