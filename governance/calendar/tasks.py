"""Follow-up tasks (governance.tasks) as feed items: the one place that knows their tables.

The feed builder takes plain FeedTask objects (export.py); this module makes them from Task rows.
Visibility comes from the task's source event (a task from a confidential inspection is as
confidential as the inspection); a task without one is internal. Those responsible (leader,
person, co-owners) always see their task.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.calendar import rules
from governance.calendar.export import FeedTask
from governance.calendar.loading import Selection
from governance.calendar.rules import TodoStatus
from governance.calendar.wording import load_wording
from governance.records.models import Event, Visibility
from governance.tasks.models import Task, TaskCoOwner, TaskStatus, TaskTransition

TODO_STATUS: dict[TaskStatus, TodoStatus] = {
    TaskStatus.REGISTERED: TodoStatus.NEEDS_ACTION,
    TaskStatus.ASSIGNED: TodoStatus.NEEDS_ACTION,
    TaskStatus.IN_PROGRESS: TodoStatus.IN_PROCESS,
    TaskStatus.REPORTED: TodoStatus.IN_PROCESS,
    TaskStatus.CLOSED: TodoStatus.COMPLETED,
    TaskStatus.CANCELLED: TodoStatus.CANCELLED,
}


def _description(task: Task) -> str:
    labels = load_wording().task_fields
    parts = [
        f"{labels.get(name, '')}{text.strip()}"
        for name, text in (
            ("problem", task.problem),
            ("target", task.target),
            ("measures", task.measures),
        )
        if text.strip()
    ]
    return "\n".join(parts)


def feed_tasks(session: Session, selection: Selection) -> list[FeedTask]:
    """Tasks for a feed, narrowed in SQL where it is cheap; the calendar re-checks each one."""
    stmt = select(Task)
    owner = selection.viewer.person_id
    if selection.person_only:
        co_owned = select(TaskCoOwner.task_id).where(TaskCoOwner.person_id == owner)
        stmt = stmt.where(
            sa.or_(
                col(Task.responsible_leader_id) == owner,
                col(Task.responsible_person_id) == owner,
                col(Task.id).in_(co_owned),
            )
        )
    if selection.organisation_id is not None:
        stmt = stmt.where(col(Task.responsible_unit_id) == selection.organisation_id)
    tasks = list(session.exec(stmt.order_by(col(Task.id))))
    if not tasks:
        return []
    ids = [t.id for t in tasks]
    co_owners: dict[int, set[int]] = defaultdict(set)
    for task_id, person_id in session.execute(
        sa.select(col(TaskCoOwner.task_id), col(TaskCoOwner.person_id)).where(
            col(TaskCoOwner.task_id).in_(ids), col(TaskCoOwner.person_id).is_not(None)
        )
    ):
        co_owners[task_id].add(person_id)
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
    feed = []
    for task in tasks:
        assert task.id is not None
        visibility, kind = sources.get(task.event_id or 0, (Visibility.INTERNAL, None))
        responsible = {task.responsible_leader_id, task.responsible_person_id} | co_owners[task.id]
        status = TODO_STATUS[TaskStatus(task.status)]
        feed.append(
            FeedTask(
                id=task.id,
                uid=rules.item_uid("task", task.id, task.created_at),
                title=task.title,
                status=status,
                created=task.created_at,
                updated=task.updated_at,
                visibility=visibility,
                description=_description(task),
                starts_on=task.starts_on,
                due_on=None if task.ongoing else task.due_on,
                percent=task.progress,
                completed_at=closed.get(task.id),
                url_path=f"/tasks/{task.id}",
                responsible_ids=frozenset(p for p in responsible if p is not None),
                organisation_id=task.responsible_unit_id,
                source_kind=kind,
            )
        )
    return feed
