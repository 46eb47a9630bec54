"""The field visit's steps without Qt: which comes next or back, what each needs, how far along.

The window (flow.py) shows the step the navigator is on and asks it where Back and Next lead;
the navigator holds the visit (community, task, record, what was typed) the steps fill in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ui.fieldvisit.state import FIELD_PAGES, Task, Visit

RESUME, COMMUNITY, TASK, PICK_SPACE, PHOTOS, DONE = (
    "resume", "community", "task", "pick_space", "photos", "done")


def field_step(entity: str, page: int) -> str:
    """The name of an entity's n-th page of fields ("space.0")."""
    return f"{entity}.{page}"


def page_of(step: str) -> int:
    """The page number of a field step ("space.2" -> 2)."""
    return int(step.rsplit(".", 1)[1])


@dataclass(frozen=True)
class Controls:
    """What the bars show on a step."""

    names_community: bool
    """The top bar names the chosen community."""
    names_task: Task | None
    """The task the top bar names (None: none)."""
    names_record: bool
    """The top bar also names the record being updated (if there is one)."""
    bars: bool
    """The bottom bar shows (the resume and done steps have their own big buttons)."""
    back: bool
    save: bool
    next: bool
    save_is_primary: bool
    """Save is the way on (the last step of the entry)."""
    position: tuple[int, int] | None
    """Step n of total, on a step of the chosen task."""


class Navigator:
    """Where the worker is in the visit, and where the buttons lead from there."""

    def __init__(self, visit: Visit | None = None) -> None:
        self.visit = visit or Visit()
        self.step = RESUME
        """The step on screen (the flow opens on the resume step until it has chosen)."""

    def sequence(self) -> list[str]:
        """The steps of the chosen task, in order (only the first two before one is chosen)."""
        steps = [COMMUNITY, TASK]
        task = self.visit.task
        if task is None:
            return steps
        if task is Task.UPDATE_SPACE:
            steps.append(PICK_SPACE)
        steps += [field_step(task.entity, n) for n in range(len(FIELD_PAGES[task.entity]))]
        if task.has_photos:
            steps.append(PHOTOS)
        return steps

    def form_steps(self) -> list[str]:
        """The steps of the entry itself: its pages of fields, then its photos."""
        return [s for s in self.sequence() if s not in (COMMUNITY, TASK, PICK_SPACE)]

    def first_form_step(self) -> str:
        """Where the entry starts."""
        return self.form_steps()[0]

    def in_entry(self) -> bool:
        """Whether the step on screen is one of the entry's (where it can be saved)."""
        return self.step in self.form_steps()

    def go(self, step: str) -> bool:
        """Move to `step`; True if it is a step of the entry (the visit remembers it)."""
        self.step = step
        if step in self.form_steps():
            self.visit.step = step
            return True
        return False

    def resume_step(self) -> str:
        """Where a visit brought back from its draft goes on: the step it was left on."""
        steps = self.form_steps()
        return self.visit.step if self.visit.step in steps else steps[0]

    def next_step(self) -> str | None:
        """Where Next leads from the step on screen (None: nowhere, it is the last)."""
        sequence = self.sequence()
        step = self.step
        if step in sequence and sequence.index(step) + 1 < len(sequence):
            return sequence[sequence.index(step) + 1]
        return None

    def looking_aside(self) -> bool:
        """On the list of spaces while an entry of another task waits (not a step of it)."""
        return self.step == PICK_SPACE and self.step not in self.sequence()

    def back_step(self) -> str | None:
        """Where Back leads from the step on screen (None: nowhere, it is the first)."""
        step = self.step
        sequence = self.sequence()
        if self.looking_aside():
            return TASK
        if step in sequence and sequence.index(step) > 0:
            return sequence[sequence.index(step) - 1]
        return None

    def can_go_on(self, listed: Collection[str]) -> bool:
        """Whether the step has what it needs for Next: a community or space chosen among
        `listed` (the ids its list shows), or a task."""
        step = self.step
        if step == COMMUNITY:
            return self.visit.community_id in listed
        if step == TASK:
            return self.visit.task is not None
        if step == PICK_SPACE:
            chosen = self.visit.task is Task.UPDATE_SPACE and self.visit.record_id
            return bool(chosen) and chosen in listed
        return True

    def controls(self) -> Controls:
        """What the bars show on the step on screen."""
        step = self.step
        sequence = self.sequence()
        form_steps = self.form_steps()
        task: Task | None = None
        if step == PICK_SPACE:
            task = Task.UPDATE_SPACE
        elif self.visit.task is not None and step not in (RESUME, COMMUNITY, TASK, DONE):
            task = self.visit.task
        flow = step not in (RESUME, DONE)
        in_form = step in form_steps
        last = in_form and step == form_steps[-1]
        known = self.visit.task is not None and step in sequence
        return Controls(
            names_community=step not in (RESUME, COMMUNITY),
            names_task=task,
            names_record=task is not None and step != PICK_SPACE,
            bars=flow,
            back=flow and step != COMMUNITY,
            save=in_form,
            next=flow and not last,
            save_is_primary=last,
            position=(sequence.index(step) + 1, len(sequence)) if known else None,
        )
