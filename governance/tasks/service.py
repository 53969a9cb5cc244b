"""Writing follow-up tasks: register, change and delete them, and their contacts; the workflow
is in workflow.py, evidence in evidence.py. Knows nothing of HTTP; raises Invalid / Conflict."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import crud
from governance.core.errors import Conflict, Invalid
from governance.core.versioned import expect_version
from governance.records.models import Organisation, Person
from governance.tasks import rules
from governance.tasks.changes import commit_change, get_task, no_such, require_person, state_params
from governance.tasks.models import (
    Task,
    TaskContact,
    TaskCoOwner,
    TaskEvidence,
    TaskStatus,
    TaskTransition,
)
from governance.tasks.schemas import CoOwnerIn, TaskCreate, TaskUpdate
from governance.tasks.sources import source_columns, source_id_of

NOT_NULL = (
    "title",
    "problem",
    "target",
    "measures",
    "source_note",
    "starts_on",
    "ongoing",
    "priority",
    "weight",
    "notes",
    "co_owners",
)


# --- checks on the merged fields -------------------------------------------------------------
def check_fields(session: Session, values: dict[str, Any], own: Task | None) -> None:
    for field in ("responsible_leader_id", "responsible_person_id"):
        require_person(session, values.get(field), field)
    unit = values.get("responsible_unit_id")
    if unit is not None and session.get(Organisation, unit) is None:
        raise no_such("responsible_unit_id", "organisation", unit)
    if values.get("ongoing") and values.get("due_on") is not None:
        raise Invalid("due_on", "task_ongoing_has_deadline")
    due, starts = values.get("due_on"), values["starts_on"]
    if due is not None and due < starts:
        raise Invalid(
            "due_on", "task_due_before_start", due=due.isoformat(), starts=starts.isoformat()
        )
    key = values.get("key")
    if key:
        other = session.exec(select(Task.id).where(Task.key == key)).first()
        if other is not None and (own is None or other != own.id):
            raise Conflict("task_key_taken", field="key", key=key, id=other)
    parent_id = values.get("parent_id")
    if parent_id is not None:
        parent = session.get(Task, parent_id)
        if parent is None:
            raise no_such("parent_id", "task", parent_id)
        if own is not None and own.id is not None:
            parents: dict[int, int | None] = dict(
                session.execute(sa.select(col(Task.id), col(Task.parent_id))).all()
            )
            if rules.would_cycle(parents, own.id, parent_id):
                raise Invalid("parent_id", "task_parent_is_descendant", parent_id=parent_id)
        if parent.status in rules.FINAL and (own is None or own.parent_id != parent_id):
            raise Conflict("task_parent_closed", field="parent_id", **state_params(parent))


def _check_co_owners(session: Session, co_owners: list[CoOwnerIn]) -> None:
    seen: dict[tuple[str, int], int] = {}
    for index, owner in enumerate(co_owners):
        if owner.person_id is not None:
            key = ("person", owner.person_id)
            require_person(session, owner.person_id, f"co_owners[{index}].person_id")
        else:
            assert owner.organisation_id is not None
            key = ("organisation", owner.organisation_id)
            if session.get(Organisation, owner.organisation_id) is None:
                raise no_such(
                    f"co_owners[{index}].organisation_id", "organisation", owner.organisation_id
                )
        if key in seen:
            raise Invalid(f"co_owners[{index}]", "task_co_owner_repeated", other=seen[key])
        seen[key] = index


def _replace_co_owners(session: Session, task_id: int, co_owners: list[CoOwnerIn]) -> None:
    session.execute(sa.delete(TaskCoOwner).where(col(TaskCoOwner.task_id) == task_id))
    for position, owner in enumerate(co_owners):
        session.add(TaskCoOwner(task_id=task_id, position=position, **owner.model_dump()))


# --- create, update, delete ------------------------------------------------------------------
def create_task(session: Session, data: TaskCreate, today: date, comment: str = "") -> Task:
    """Register a task (state registered), with its first history entry."""
    values = data.model_dump(exclude={"co_owners", "actor_id", "source_id"})
    values["starts_on"] = values["starts_on"] or today
    values.update(source_columns(session, data.source_kind, data.source_id))
    check_fields(session, values, None)
    _check_co_owners(session, data.co_owners)
    require_person(session, data.actor_id, "actor_id")
    task = Task(**values)
    session.add(task)
    session.flush()
    assert task.id is not None
    _replace_co_owners(session, task.id, data.co_owners)
    session.add(
        TaskTransition(
            task_id=task.id,
            to_status=TaskStatus.REGISTERED,
            actor_id=data.actor_id,
            comment=comment,
        )
    )
    crud.commit(session, "task")
    return task


def update_task(session: Session, task_id: int, data: TaskUpdate) -> Task:
    task = get_task(session, task_id, lock=True)
    expect_version(task, "task")
    if task.status in rules.FINAL:
        raise Conflict("task_closed_no_change", **state_params(task))
    changes = data.model_dump(exclude_unset=True)
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise Invalid(name, "task_not_null")
    co_owners = data.co_owners if "co_owners" in changes else None
    changes.pop("co_owners", None)
    merged = {**task.model_dump(), **changes}
    if "source_kind" in changes or "source_id" in changes:
        kind = changes.get("source_kind", task.source_kind)
        ident = changes["source_id"] if "source_id" in changes else source_id_of(task)
        if (
            "source_kind" in changes
            and changes["source_kind"] is None
            and "source_id" not in changes
        ):
            ident = None  # clearing the kind clears the source
        merged.update(source_columns(session, kind, ident))
        merged["source_kind"] = kind
    merged.pop("source_id", None)
    check_fields(session, merged, task)
    if co_owners is not None:
        _check_co_owners(session, co_owners)
        _replace_co_owners(session, task_id, co_owners)
    for name in Task.model_fields:
        if name in merged and name not in ("id", "created_at", "updated_at", "status"):
            setattr(task, name, merged[name])
    return commit_change(session, task)


def delete_task(session: Session, task_id: int) -> None:
    """Only a task still registered, without sub-tasks or evidence, may be deleted (a mistake);
    any other is cancelled, so its history stays."""
    task = get_task(session, task_id, lock=True)
    expect_version(task, "task")
    if task.status != TaskStatus.REGISTERED:
        raise Conflict("task_delete_not_registered", **state_params(task))
    if session.exec(select(Task.id).where(Task.parent_id == task_id)).first() is not None:
        raise Conflict("task_delete_has_subtasks", task_id=task_id)
    if session.exec(select(TaskEvidence.id).where(TaskEvidence.task_id == task_id)).first():
        raise Conflict("task_delete_has_evidence", task_id=task_id)
    session.delete(task)
    crud.commit(session, "task")


# --- contacts --------------------------------------------------------------------------------
CONTACTS = crud.Resource(
    TaskContact,
    "task contact",
    refs={"person_id": (Person, "person")},
    unique=(("person_id",),),
)
