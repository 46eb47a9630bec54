"""Checking an import before it writes (each updated record, field by field) and taking it back
afterwards by compensating writes, with later edits kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from app.errors import UsageError
from app.services import import_undo, imports, records
from app.store.db import Ledger

STREET = "解放门街道"


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _ledger_with_a_space(ledger: Ledger) -> tuple[str, str]:
    community = records.create(ledger, "communities", {"name": "东七路社区", "street": STREET,
                                                       "code": "610102005001",
                                                       "population": 4000})
    space = records.create(ledger, "spaces", {"community": community, "name": "活动室",
                                              "kind": "社区用房", "floor_area": 120,
                                              "usage": "闲置"})
    return community, space


def _file(tmp_path: Path) -> Path:
    return _book(tmp_path / "报送.xlsx", {
        "社区": [["社区代码", "社区名称", "街道", "常住人口"],
                 ["610102005001", "东七路社区", STREET, 4200],
                 ["610102005004", "幸福里社区", STREET, 2600]],
        "空间资源": [["所属社区", "资源名称", "资源类型", "建筑面积", "使用状态"],
                     ["东七路社区", "活动室", "社区用房", 150, "在用"],
                     ["幸福里社区", "会议室", "社区用房", 60, "闲置"]],
    })


def _rows(ledger: Ledger, table: str) -> list[tuple[Any, ...]]:
    """The records' own fields (not their clocks, times or the search index)."""
    with ledger.engine.connect() as conn:
        names = [c[1] for c in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
        kept = [n for n in names if n not in ("clocks", "updated_at")]
        return [tuple(r) for r in conn.execute(
            text(f"SELECT {', '.join(kept)} FROM {table} ORDER BY id"))]


def test_the_plan_lists_each_updated_record_field_by_field(ledger: Ledger,
                                                          tmp_path: Path) -> None:
    _ledger_with_a_space(ledger)
    plan = imports.plan_import(ledger, _file(tmp_path))
    assert plan.summary().startswith("新增 2 条，更新 2 条")
    assert [(d.heading(), [str(f) for f in d.fields]) for d in plan.updates] == [
        ("社区 东七路社区（工作表“社区”第 2 行）", ["常住人口：4000 人 → 4200 人"]),
        ("空间资源 活动室（工作表“空间资源”第 2 行）",
         ["建筑面积：120 ㎡ → 150 ㎡", "使用状态：闲置 → 在用"]),
    ]


def test_undoing_an_import_puts_the_ledger_back_by_new_changes(ledger: Ledger,
                                                               tmp_path: Path) -> None:
    community, space = _ledger_with_a_space(ledger)
    before = {t: _rows(ledger, t) for t in ("community", "space")}
    history = len(records.history(ledger, "spaces", space))

    result = imports.import_file(ledger, _file(tmp_path))
    assert result.mark is not None and result.mark.written == {"社区": 2, "空间资源": 2}
    assert import_undo.last_import(ledger) == result.mark
    assert records.get(ledger, "spaces", space)["floor_area"] == 150

    plan = import_undo.plan_undo(ledger, result.mark)
    assert plan.summary() == "删除导入新增的 2 条，把导入更新的 2 条改回导入前"
    undone = import_undo.undo_import(ledger, result.mark)
    assert (undone.deleted, undone.reverted, undone.kept) == (2, 2, [])
    assert undone.message() == "已撤销导入“报送.xlsx”：删除 2 条新增的记录，2 条改回导入前"
    after = {t: _rows(ledger, t) for t in ("community", "space")}
    # the two it made are tombstones; the rest is as it was
    live = {t: [r for r in rows if not r[3]] for t, rows in after.items()}  # deleted column
    assert live == {t: [r for r in rows if not r[3]] for t, rows in before.items()}
    assert len(after["community"]) == len(before["community"]) + 1
    actions = [h["action"] for h in records.history(ledger, "spaces", space)]
    assert actions[history:] == ["update", "undo"]  # nothing erased
    assert records.get(ledger, "communities", community)["population"] == 4000
    assert import_undo.last_import(ledger) is None

    with pytest.raises(UsageError, match="已经撤销过了"):
        import_undo.undo_import(ledger, result.mark)


def test_a_record_edited_after_the_import_is_kept_and_named(ledger: Ledger,
                                                            tmp_path: Path) -> None:
    community, space = _ledger_with_a_space(ledger)
    result = imports.import_file(ledger, _file(tmp_path))
    assert result.mark is not None
    records.update(ledger, "spaces", space, {"owner": "市房管局"})  # a clerk's edit since
    new = records.get(ledger, "communities", "幸福里社区")
    records.create(ledger, "spaces", {"community": new["id"], "name": "活动中心",
                                      "kind": "社区用房"})  # added to a community it made

    plan = import_undo.plan_undo(ledger, result.mark)
    assert [str(k) for k in plan.kept] == [
        "社区 幸福里社区：导入后有其他记录引用它，保持现状",
        "空间资源 活动室：导入后又修改过，保持现状",
    ]
    undone = import_undo.undo_import(ledger, result.mark)
    assert (undone.deleted, undone.reverted) == (1, 1)
    assert "2 条导入后又修改过，保持现状" in undone.message()
    kept = records.get(ledger, "spaces", space)
    assert (kept["floor_area"], kept["owner"]) == (150, "市房管局")  # the later edit stands
    assert records.get(ledger, "communities", community)["population"] == 4000
    assert not records.get(ledger, "communities", "幸福里社区")["deleted"]


def test_a_cancelled_undo_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    from app.task import TaskState

    _ledger_with_a_space(ledger)
    result = imports.import_file(ledger, _file(tmp_path))
    assert result.mark is not None
    state = TaskState()
    state.cancel()
    before = {t: _rows(ledger, t) for t in ("community", "space", "history")}
    with pytest.raises(Exception, match="已取消撤销导入"):
        import_undo.undo_import(ledger, result.mark, task=state)
    assert {t: _rows(ledger, t) for t in ("community", "space", "history")} == before
    assert import_undo.last_import(ledger) == result.mark


def test_the_command_line_shows_the_changes_and_undoes_the_last_import(
        ledger: Ledger, tmp_path: Path) -> None:
    from tests.helpers.cli import run

    community, space = _ledger_with_a_space(ledger)
    path = _file(tmp_path)
    db = str(ledger.path)
    checked = run("--db", db, "import", path, "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "  将更新：空间资源 活动室（工作表“空间资源”第 2 行）\n    建筑面积：120 ㎡ → 150 ㎡\n" \
        in checked.stdout
    nothing = run("--db", db, "undo-import")  # nothing imported yet: nothing to do
    assert nothing.returncode == 0 and "没有可以撤销的导入" in nothing.stdout
    assert run("--db", db, "import", path).returncode == 0
    records.update(ledger, "spaces", space, {"owner": "市房管局"})

    dry = run("--db", db, "undo-import", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "删除导入新增的 2 条，把导入更新的 1 条改回导入前，1 条导入后又修改过，保持现状" \
        in dry.stdout and "空间资源 活动室：导入后又修改过，保持现状" in dry.stdout
    assert records.get(ledger, "communities", "幸福里社区")["deleted"] is False

    done = run("--db", db, "undo-import")
    assert done.returncode == 0, done.stderr
    assert "已撤销导入“报送.xlsx”" in done.stdout
    assert records.get(ledger, "communities", community)["population"] == 4000
    again = run("--db", db, "undo-import")
    assert again.returncode == 0 and "没有可以撤销的导入" in again.stdout


def test_two_imports_undone_newest_first_both_go(ledger: Ledger, tmp_path: Path) -> None:
    community, space = _ledger_with_a_space(ledger)
    first = imports.import_file(ledger, _file(tmp_path))
    again = _book(tmp_path / "再次报送.xlsx", {
        "空间资源": [["所属社区", "资源名称", "资源类型", "建筑面积"],
                     ["幸福里社区", "会议室", "社区用房", 80],
                     ["东七路社区", "活动室", "社区用房", 160]]})
    second = imports.import_file(ledger, again)
    assert first.mark is not None and second.mark is not None
    assert import_undo.undo_import(ledger, second.mark).kept == []
    # the second import and its undo cancel out: nothing was changed since the first
    undone = import_undo.undo_import(ledger, first.mark)
    assert (undone.deleted, undone.reverted, undone.kept) == (2, 2, [])
    assert records.get(ledger, "spaces", space)["floor_area"] == 120
    assert records.get(ledger, "communities", community)["population"] == 4000
