"""Moving a task along the workflow (登记 → 交办 → 整改中 → 报送 → 销号, or 取消) and reporting
its progress while it is worked on. Knows nothing of HTTP."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import messages
from governance.core.errors import Conflict, Invalid
from governance.core.versioned import expect_version
from governance.tasks import rules
from governance.tasks.changes import commit_change, get_task, require_person, state_params
from governance.tasks.labels import load_labels
from governance.tasks.models import Task, TaskEvidence, TaskProgress, TaskStatus, TaskTransition
from governance.tasks.schemas import ProgressIn, TransitionIn


class IllegalTransition(Conflict):
    """A step the workflow does not have; the answer names the current and the allowed states."""

    def __init__(self, task_id: int, current: TaskStatus, target: TaskStatus) -> None:
        labels = load_labels().status
        allowed = rules.allowed(current)
        shown = ", ".join(f"{s.value} ({labels[s]})" for s in allowed) or "none (final state)"
        self.current = current
        self.allowed = allowed
        super().__init__(
            "task_illegal_transition",
            "to",
            task_id=task_id,
            current=current.value,
            current_label=labels[current],
            target=target.value,
            target_label=labels[target],
            allowed=shown,
        )

    def body(self) -> dict[str, Any]:
        return {
            **super().body(),
            "current": self.current.value,
            "allowed": [s.value for s in self.allowed],
        }


class TransitionRefused(Invalid):
    """A step the workflow has, refused by its rules: every problem, each with its field and
    code (the first also as the error's own field and code)."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        self.problems = problems
        field, code, params = problems[0]
        super().__init__(field, code, **params)

    @property
    def message(self) -> str:
        return "；".join(item["message"] for item in self.items())

    @property
    def detail(self) -> str:
        return "; ".join(
            f"{p.field}: {messages.render(p.code, p.params, 'en')}" for p in self.problems
        )

    def items(self) -> list[dict[str, Any]]:
        return [
            {"key": p.field, "code": p.code, "message": messages.render(p.code, p.params, "zh")}
            for p in self.problems
        ]


def transition(session: Session, task_id: int, data: TransitionIn) -> Task:
    """Move a task one step along the workflow, recording who, when and why."""
    task = get_task(session, task_id, lock=True)
    expect_version(task, "task")
    require_person(session, data.actor_id, "actor_id")
    name = rules.action(task.status, data.to)
    if name is None:
        raise IllegalTransition(task_id, task.status, data.to)
    evidence = session.exec(
        select(sa.func.count()).select_from(TaskEvidence).where(TaskEvidence.task_id == task_id)
    ).one()
    open_subtasks = session.exec(
        select(Task.id)
        .where(Task.parent_id == task_id, col(Task.status).in_(list(rules.OPEN)))
        .order_by(col(Task.id))
    ).all()
    facts = rules.TransitionFacts(
        current=task.status,
        target=data.to,
        actor_id=data.actor_id,
        comment=data.comment,
        responsible_person_id=task.responsible_person_id,
        has_owner=task.responsible_unit_id is not None or task.responsible_person_id is not None,
        has_deadline=task.ongoing or task.due_on is not None,
        evidence_count=int(evidence),
        open_subtasks=tuple(i for i in open_subtasks if i is not None),
    )
    problems = rules.transition_problems(facts)
    if problems:
        raise TransitionRefused(problems)
    session.add(
        TaskTransition(
            task_id=task_id,
            from_status=task.status,
            to_status=data.to,
            actor_id=data.actor_id,
            comment=data.comment,
        )
    )
    task.status = data.to
    if data.to == TaskStatus.CLOSED:
        task.progress = 100
    return commit_change(session, task)


def add_progress(session: Session, task_id: int, data: ProgressIn) -> Task:
    task = get_task(session, task_id, lock=True)
    if task.status != TaskStatus.IN_PROGRESS:
        raise Conflict("task_progress_not_in_progress", **state_params(task))
    require_person(session, data.actor_id, "actor_id")
    has_subtasks = session.exec(
        select(Task.id).where(Task.parent_id == task_id, Task.status != TaskStatus.CANCELLED)
    ).first()
    if has_subtasks is not None:
        raise Invalid("progress", "task_progress_rolls_up", task_id=task_id)
    session.add(TaskProgress(task_id=task_id, **data.model_dump()))
    task.progress = data.progress
    return commit_change(session, task)
