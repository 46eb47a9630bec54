"""The field visit's step navigator on its own: no widgets, no Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui.fieldvisit import navigator as navigator_module
from ui.fieldvisit import state
from ui.fieldvisit.navigator import (
    COMMUNITY,
    DONE,
    PHOTOS,
    PICK_SPACE,
    RESUME,
    TASK,
    Navigator,
    field_step,
    page_of,
)
from ui.fieldvisit.state import Task, Visit

SPACE_FIELDS = ["space.0", "space.1", "space.2"]
DEMAND_FIELDS = ["demand.0", "demand.1", "demand.2"]


def _at(step: str, **visit: object) -> Navigator:
    found = Navigator(Visit(**visit))  # type: ignore[arg-type]
    found.go(step)
    return found


@pytest.mark.parametrize("module", [navigator_module, state])
def test_the_navigator_and_the_visit_import_no_qt(module: object) -> None:
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not [name for name in imported if name.split(".")[0] in ("PySide6", "shiboken6")]


def test_step_names() -> None:
    assert field_step("space", 2) == "space.2"
    assert page_of("demand.1") == 1
    assert Navigator().step == RESUME  # until the flow knows whether a draft waits


def test_before_a_task_only_the_community_and_the_task() -> None:
    nav = Navigator()
    assert nav.sequence() == [COMMUNITY, TASK]
    assert nav.form_steps() == []


@pytest.mark.parametrize(("task", "steps"), [
    (Task.NEW_SPACE, [COMMUNITY, TASK, *SPACE_FIELDS, PHOTOS]),
    (Task.UPDATE_SPACE, [COMMUNITY, TASK, PICK_SPACE, *SPACE_FIELDS, PHOTOS]),
    (Task.NEW_DEMAND, [COMMUNITY, TASK, *DEMAND_FIELDS]),
])
def test_each_task_has_its_steps(task: Task, steps: list[str]) -> None:
    nav = Navigator(Visit(task=task))
    assert nav.sequence() == steps
    assert nav.form_steps() == [s for s in steps if s not in (COMMUNITY, TASK, PICK_SPACE)]
    assert nav.first_form_step() == steps[3 if task is Task.UPDATE_SPACE else 2]


def test_next_and_back_walk_the_sequence() -> None:
    nav = _at(TASK, task=Task.UPDATE_SPACE, record_id="s1")
    walked = [nav.step]
    while (following := nav.next_step()) is not None:
        nav.go(following)
        walked.append(nav.step)
    assert walked == nav.sequence()[1:]  # from the task on
    assert nav.step == PHOTOS and nav.next_step() is None
    back = [nav.step]
    while (previous := nav.back_step()) is not None:
        nav.go(previous)
        back.append(nav.step)
    assert back == [*reversed(walked), COMMUNITY]
    assert nav.back_step() is None  # the first step


def test_going_to_a_step_of_the_entry_is_remembered_for_the_draft() -> None:
    nav = _at(TASK, task=Task.NEW_DEMAND)
    assert nav.visit.step == ""
    assert nav.go("demand.1") and nav.visit.step == "demand.1" and nav.in_entry()
    assert not nav.go(TASK) and nav.visit.step == "demand.1" and not nav.in_entry()
    assert nav.resume_step() == "demand.1"
    nav.visit.step = "space.2"  # a step the task does not have: from the start of the entry
    assert nav.resume_step() == "demand.0"


def test_a_look_at_the_spaces_while_another_entry_waits_goes_back_to_the_task() -> None:
    nav = _at(PICK_SPACE, task=Task.NEW_DEMAND)
    assert nav.looking_aside()
    assert nav.back_step() == TASK
    assert not _at(PICK_SPACE, task=Task.UPDATE_SPACE).looking_aside()


def test_what_each_step_needs_before_next() -> None:
    assert not _at(COMMUNITY).can_go_on(["c1"])
    assert _at(COMMUNITY, community_id="c1").can_go_on(["c1", "c2"])
    assert not _at(COMMUNITY, community_id="gone").can_go_on(["c1"])  # no longer listed
    assert not _at(TASK, community_id="c1").can_go_on([])
    assert _at(TASK, community_id="c1", task=Task.NEW_SPACE).can_go_on([])
    assert not _at(PICK_SPACE, task=Task.UPDATE_SPACE).can_go_on(["s1"])
    assert _at(PICK_SPACE, task=Task.UPDATE_SPACE, record_id="s1").can_go_on(["s1"])
    assert not _at(PICK_SPACE, task=Task.UPDATE_SPACE, record_id="s1").can_go_on(["s2"])
    assert not _at(PICK_SPACE, task=Task.NEW_SPACE, record_id="s1").can_go_on(["s1"])
    assert _at("space.1", task=Task.NEW_SPACE).can_go_on([])  # the fields are checked apart


def test_the_bars_on_each_step() -> None:
    for step in (RESUME, DONE):
        shown = _at(step, task=Task.NEW_SPACE).controls()
        assert not (shown.bars or shown.back or shown.save or shown.next)
        assert shown.position is None and shown.names_task is None
    community = _at(COMMUNITY).controls()
    assert community.bars and not community.back and community.next and not community.save
    assert not community.names_community and community.position is None
    first = _at("space.0", task=Task.NEW_SPACE).controls()
    assert first.back and first.save and first.next and not first.save_is_primary
    assert first.names_community and first.names_task is Task.NEW_SPACE and first.names_record
    assert first.position == (3, 6)
    last = _at(PHOTOS, task=Task.NEW_SPACE).controls()
    assert last.save and not last.next and last.save_is_primary and last.position == (6, 6)
    demand = _at("demand.2", task=Task.NEW_DEMAND).controls()
    assert demand.save_is_primary and not demand.next and demand.position == (5, 5)
    aside = _at(PICK_SPACE, task=Task.NEW_DEMAND).controls()
    assert aside.names_task is Task.UPDATE_SPACE and not aside.names_record
    assert aside.position is None  # not a step of the waiting entry
    pick = _at(PICK_SPACE, task=Task.UPDATE_SPACE).controls()
    assert pick.position == (3, 7) and pick.next and not pick.save
    task = _at(TASK, task=Task.NEW_DEMAND).controls()
    assert task.names_task is None and task.position == (2, 5)
