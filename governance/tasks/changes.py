"""What every change to a task shares: finding the task and the people it names, the message
parameters of its state, and committing the change."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from governance.core import crud
from governance.core.columns import utcnow
from governance.core.errors import Invalid, NotFound
from governance.records.models import Person
from governance.tasks.labels import load_labels
from governance.tasks.models import Task


def get_task(session: Session, task_id: int, lock: bool = False) -> Task:
    task = session.get(Task, task_id, with_for_update=lock)
    if task is None:
        raise NotFound("task", task_id)
    return task


def state_params(task: Task) -> dict[str, Any]:
    """The parameters of a message naming the task's state."""
    labels = load_labels().status
    return {"task_id": task.id, "status": task.status.value, "status_label": labels[task.status]}


def no_such(field: str, what: str, ident: int) -> Invalid:
    return Invalid(field, "task_no_such_record", what=what, id=ident)


def require_person(session: Session, person_id: int | None, field: str) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise no_such(field, "person", person_id)


def commit_change(session: Session, task: Task) -> Task:
    """Stamp the task as changed now and commit it with whatever else the change added."""
    task.updated_at = utcnow()
    session.add(task)
    crud.commit(session, "task")
    return task
