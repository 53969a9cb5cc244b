"""Follow-up tasks as feed items. The tasks capability offers them in plain values
(`REGISTRY.provided["tasks_for_feed"]`, see governance/tasks/feed.py); without it feeds carry
no tasks. The feed builder takes FeedTask objects (export.py); this module makes them.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlmodel import Session

from governance.calendar import rules
from governance.calendar.export import FeedTask
from governance.calendar.loading import Selection
from governance.calendar.rules import TodoStatus
from governance.calendar.wording import load_wording
from governance.core.plugin import REGISTRY

# The tasks' workflow states (their stored values) as VTODO statuses.
TODO_STATUS: dict[str, TodoStatus] = {
    "registered": TodoStatus.NEEDS_ACTION,
    "assigned": TodoStatus.NEEDS_ACTION,
    "in_progress": TodoStatus.IN_PROCESS,
    "reported": TodoStatus.IN_PROCESS,
    "closed": TodoStatus.COMPLETED,
    "cancelled": TodoStatus.CANCELLED,
}


class TaskValues(Protocol):
    """What the tasks capability gives for each task (governance/tasks/feed.py)."""

    id: int
    title: str
    status: str
    problem: str
    target: str
    measures: str
    progress: int
    unit_id: int | None
    source_kind: str | None
    responsible_ids: frozenset[int]


def _description(task: TaskValues) -> str:
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
    """Tasks for a feed; the calendar re-checks each one (visibility, filters)."""
    offered = REGISTRY.provided.get("tasks_for_feed")
    if offered is None:
        return []
    person = selection.viewer.person_id if selection.person_only else None
    tasks: list[Any] = offered(session, person, selection.organisation_id)
    return [
        FeedTask(
            id=task.id,
            uid=rules.item_uid("task", task.id, task.created_at),
            title=task.title,
            status=TODO_STATUS[task.status],
            created=task.created_at,
            updated=task.updated_at,
            visibility=task.visibility,
            description=_description(task),
            starts_on=task.starts_on,
            due_on=task.due_on,
            percent=task.progress,
            completed_at=task.closed_at,
            url_path=f"/tasks/{task.id}",
            responsible_ids=task.responsible_ids,
            organisation_id=task.unit_id,
            source_kind=task.source_kind,
        )
        for task in tasks
    ]
