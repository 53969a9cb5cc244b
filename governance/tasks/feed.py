"""Follow-up tasks as the calendar feeds need them, in plain values: the tasks capability offers
this (`provides["tasks_for_feed"]` in capability.py) so the calendar never reads tasks' tables.

Visibility comes from the task's source event (a task from a confidential inspection is as
confidential as the inspection); a task without one is internal. Those responsible (leader,
person, co-owners) always see their task.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.records.models import Event, Visibility
from governance.tasks.models import Task, TaskCoOwner, TaskStatus, TaskTransition


@dataclass(frozen=True)
class TaskForFeed:
    id: int
    title: str
    status: (
        str  # TaskStatus's value: registered, assigned, in_progress, reported, closed, cancelled
    )
    created_at: datetime
    updated_at: datetime
    visibility: Visibility
    problem: str
    target: str
    measures: str
    starts_on: date | None
    due_on: date | None  # None for a task kept open by design (长期坚持)
    progress: int
    closed_at: datetime | None
    responsible_ids: frozenset[int]
    unit_id: int | None
    source_kind: str | None


def tasks_for_feed(
    session: Session, person_id: int | None, organisation_id: int | None
) -> list[TaskForFeed]:
    """Tasks for a feed, narrowed in SQL where it is cheap (to those `person_id` is responsible
    for, to a responsible unit); the calendar re-checks each one."""
    stmt = select(Task)
    if person_id is not None:
        co_owned = select(TaskCoOwner.task_id).where(TaskCoOwner.person_id == person_id)
        stmt = stmt.where(
            sa.or_(
                col(Task.responsible_leader_id) == person_id,
                col(Task.responsible_person_id) == person_id,
                col(Task.id).in_(co_owned),
            )
        )
    if organisation_id is not None:
        stmt = stmt.where(col(Task.responsible_unit_id) == organisation_id)
    tasks = list(session.exec(stmt.order_by(col(Task.id))))
    if not tasks:
        return []
    ids = [t.id for t in tasks]
    co_owners: dict[int, set[int]] = defaultdict(set)
    for task_id, co_owner in session.execute(
        sa.select(col(TaskCoOwner.task_id), col(TaskCoOwner.person_id)).where(
            col(TaskCoOwner.task_id).in_(ids), col(TaskCoOwner.person_id).is_not(None)
        )
    ):
        co_owners[task_id].add(co_owner)
    closed: dict[int, datetime] = {}
    for task_id, at in session.execute(
        sa.select(col(TaskTransition.task_id), sa.func.max(col(TaskTransition.at)))
        .where(
            col(TaskTransition.task_id).in_(ids), col(TaskTransition.to_status) == TaskStatus.CLOSED
        )
        .group_by(col(TaskTransition.task_id))
    ):
        closed[task_id] = at
    event_ids = {t.event_id for t in tasks if t.event_id is not None}
    sources = {
        row.id: (Visibility(row.visibility), str(row.kind))
        for row in session.execute(
            sa.select(col(Event.id), col(Event.visibility), col(Event.kind)).where(
                col(Event.id).in_(event_ids)
            )
        )
    }
    found = []
    for task in tasks:
        assert task.id is not None
        visibility, kind = sources.get(task.event_id or 0, (Visibility.INTERNAL, None))
        responsible = {task.responsible_leader_id, task.responsible_person_id} | co_owners[task.id]
        found.append(
            TaskForFeed(
                id=task.id,
                title=task.title,
                status=str(TaskStatus(task.status)),
                created_at=task.created_at,
                updated_at=task.updated_at,
                visibility=visibility,
                problem=task.problem,
                target=task.target,
                measures=task.measures,
                starts_on=task.starts_on,
                due_on=None if task.ongoing else task.due_on,
                progress=task.progress,
                closed_at=closed.get(task.id),
                responsible_ids=frozenset(p for p in responsible if p is not None),
                unit_id=task.responsible_unit_id,
                source_kind=kind,
            )
        )
    return found
