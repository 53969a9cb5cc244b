"""Pure rules of follow-up tasks: the workflow as data, what a transition needs, warning colours
and the roll-up of progress. No database, no HTTP, no clock: `today` is always an argument."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from governance.tasks.models import TaskStatus

S = TaskStatus

# The workflow: from each state, the states a task may move to and the action's name.
WORKFLOW: dict[TaskStatus, dict[TaskStatus, str]] = {
    S.REGISTERED: {S.ASSIGNED: "assign", S.CANCELLED: "cancel"},
    S.ASSIGNED: {S.IN_PROGRESS: "start", S.CANCELLED: "cancel"},
    S.IN_PROGRESS: {S.REPORTED: "report", S.CANCELLED: "cancel"},
    S.REPORTED: {S.CLOSED: "close", S.IN_PROGRESS: "send_back", S.CANCELLED: "cancel"},
    S.CLOSED: {},
    S.CANCELLED: {},
}
FINAL = frozenset({S.CLOSED, S.CANCELLED})
OPEN = frozenset(set(S) - FINAL)
# Review decisions: the responsible person may not take them on their own task.
REVIEW_ACTIONS = frozenset({"close", "send_back"})
# Actions that must say why.
NEEDS_COMMENT = frozenset({"send_back", "cancel"})


def allowed(current: TaskStatus) -> list[TaskStatus]:
    return list(WORKFLOW[current])


def action(current: TaskStatus, target: TaskStatus) -> str | None:
    """The action that moves `current` to `target`, or None when the workflow has no such step."""
    return WORKFLOW[current].get(target)


@dataclass(frozen=True)
class TransitionFacts:
    """What a transition's checks need to know about the task and the request."""

    current: TaskStatus
    target: TaskStatus
    actor_id: int
    comment: str
    responsible_person_id: int | None
    has_owner: bool  # a responsible unit or person is set
    has_deadline: bool  # a deadline, or marked ongoing (长期坚持)
    evidence_count: int
    open_subtasks: tuple[int, ...] = ()


class Problem(NamedTuple):
    """A rule a step breaks: the field at fault and the message code (templates/messages/)."""

    field: str
    code: str
    params: dict[str, Any]


def problem(field: str, code: str, **params: Any) -> Problem:
    return Problem(field, code, params)


def transition_problems(facts: TransitionFacts) -> list[Problem]:
    """Each rule a legal step breaks; empty when it may go ahead.
    Call only for a step the workflow has (see `action`)."""
    name = action(facts.current, facts.target)
    assert name is not None, "not a step of the workflow"
    problems: list[Problem] = []
    if name == "assign":
        if not facts.has_owner:
            problems.append(problem("responsible_person_id", "task_assign_needs_owner"))
        if not facts.has_deadline:
            problems.append(problem("due_on", "task_assign_needs_deadline"))
    if name in REVIEW_ACTIONS and facts.actor_id == facts.responsible_person_id:
        problems.append(problem("actor_id", "task_reviewer_is_owner", action=name))
    if name in NEEDS_COMMENT and not facts.comment.strip():
        problems.append(problem("comment", "task_needs_comment", action=name))
    if name == "close":
        if facts.evidence_count == 0:
            problems.append(problem("evidence", "task_close_needs_evidence"))
        if facts.open_subtasks:
            shown = ", ".join(str(i) for i in facts.open_subtasks)
            problems.append(problem("subtasks", "task_close_needs_subtasks_closed", open=shown))
    return problems


# --- warnings ------------------------------------------------------------------------------------
class Colour(StrEnum):
    BLUE = "blue"  # 蓝色预警: the deadline is within N days
    YELLOW = "yellow"  # 黄色预警: progress lags the share of time elapsed
    RED = "red"  # 红色预警: overdue


SEVERITY = {Colour.BLUE: 1, Colour.YELLOW: 2, Colour.RED: 3}


@dataclass(frozen=True)
class Schedule:
    status: TaskStatus
    starts_on: date
    due_on: date | None
    ongoing: bool
    progress: int  # 0-100, rolled up for parents


def days_left(schedule: Schedule, today: date) -> int | None:
    """Days until the deadline (0 on the day, negative when overdue); None without a deadline."""
    if schedule.ongoing or schedule.due_on is None:
        return None
    return (schedule.due_on - today).days


def expected_progress(schedule: Schedule, today: date) -> int | None:
    """The share of the time from start to deadline elapsed by `today`, in whole percent."""
    if schedule.ongoing or schedule.due_on is None:
        return None
    if today >= schedule.due_on:
        return 100
    elapsed = (today - schedule.starts_on).days
    if elapsed <= 0:
        return 0
    return 100 * elapsed // (schedule.due_on - schedule.starts_on).days


def behind_schedule(schedule: Schedule, today: date) -> bool:
    """Progress lags the share of time elapsed (compared exactly, in integers)."""
    if schedule.ongoing or schedule.due_on is None:
        return False
    if today >= schedule.due_on:
        return schedule.progress < 100
    elapsed = (today - schedule.starts_on).days
    if elapsed <= 0:
        return False
    return schedule.progress * (schedule.due_on - schedule.starts_on).days < 100 * elapsed


def warning(schedule: Schedule, today: date, warn_days: int) -> Colour | None:
    """The warning colour of a task on `today`, the most severe that applies.

    Closed and cancelled tasks, ongoing tasks (长期坚持) and tasks without a deadline have none.
    Red when the deadline has passed (the task stays open: nothing closes by itself); yellow when
    progress lags the time elapsed (not for reported tasks, whose work is declared done); blue
    when the deadline is at most `warn_days` days away.
    """
    if schedule.status in FINAL:
        return None
    left = days_left(schedule, today)
    if left is None:
        return None
    if left < 0:
        return Colour.RED
    if schedule.status != S.REPORTED and behind_schedule(schedule, today):
        return Colour.YELLOW
    if left <= warn_days:
        return Colour.BLUE
    return None


def due_for_reminder(schedule: Schedule, today: date, days: int) -> bool:
    """Open, with a deadline at most `days` days away or already passed."""
    left = days_left(schedule, today)
    return schedule.status in OPEN and left is not None and left <= days


# --- progress roll-up ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    status: TaskStatus
    progress: int
    weight: int = 1


def rolled_up(nodes: Iterable[Node]) -> dict[int, int]:
    """Each task's progress: 100 when closed; else the weighted mean of its sub-tasks (cancelled
    ones left out, rounded down) when it has any; else its own reported progress."""
    by_id = {n.id: n for n in nodes}
    children: dict[int, list[int]] = {}
    for n in by_id.values():
        parent = n.parent_id
        if parent is not None and parent in by_id and parent != n.id and n.status != S.CANCELLED:
            children.setdefault(parent, []).append(n.id)
    result: dict[int, int] = {}
    seen: set[int] = set()
    for root in by_id:
        if root in seen:
            continue
        # Iterative post-order, so deep trees do not exhaust the stack; a cycle (which the
        # service prevents) is cut where it closes.
        seen.add(root)
        stack = [(root, iter(children.get(root, ())))]
        while stack:
            ident, pending = stack[-1]
            for child in pending:
                if child not in seen:
                    seen.add(child)
                    stack.append((child, iter(children.get(child, ()))))
                    break
            else:
                stack.pop()
                node = by_id[ident]
                if node.status == S.CLOSED:
                    result[ident] = 100
                    continue
                done = [
                    (max(by_id[c].weight, 0), result[c])
                    for c in children.get(ident, ())
                    if c in result
                ]
                weight = sum(w for w, _ in done)
                result[ident] = (
                    sum(w * p for w, p in done) // weight if weight else clamp(node.progress)
                )
    return result


def clamp(progress: int) -> int:
    return max(0, min(100, progress))


def would_cycle(parents: dict[int, int | None], task_id: int, new_parent: int) -> bool:
    """Whether making `new_parent` the parent of `task_id` closes a loop."""
    seen: set[int] = set()
    current: int | None = new_parent
    while current is not None and current not in seen:
        if current == task_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False
