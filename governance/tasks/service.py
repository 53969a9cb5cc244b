"""Writing follow-up tasks: register, change, move through the workflow, report progress, add
evidence. Knows nothing of HTTP; raises NotFound / Invalid / Conflict."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import crud, messages
from governance.core.columns import utcnow
from governance.core.errors import Conflict, DomainError, Invalid, NotFound
from governance.core.versioned import expect_version
from governance.records.models import AgendaItem, Event, EventKind, Organisation, Person
from governance.tasks import files, queries, rules
from governance.tasks.labels import load_labels
from governance.tasks.models import (
    EvidenceKind,
    SourceKind,
    Task,
    TaskContact,
    TaskCoOwner,
    TaskEvidence,
    TaskProgress,
    TaskStatus,
    TaskTransition,
)
from governance.tasks.queries import source_id_of
from governance.tasks.schemas import (
    CoOwnerIn,
    FileEvidenceIn,
    ProgressIn,
    TaskCreate,
    TaskUpdate,
    TextEvidenceIn,
    TransitionIn,
)

FINDING_EVENT_KINDS = frozenset({EventKind.ASSESSMENT, EventKind.INSPECTION})
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


class TooLarge(DomainError):
    status_code = 413


class UnsupportedType(DomainError):
    status_code = 415


class EvidenceNotFound(NotFound):
    """Evidence not found under a task: a 404 naming both."""

    def __init__(self, code: str, task_id: int, evidence_id: int) -> None:
        DomainError.__init__(self, code, None, task_id=task_id, id=evidence_id)


def resolution_table() -> sa.Table | None:
    return queries.resolution_table()


def get_task(session: Session, task_id: int, lock: bool = False) -> Task:
    task = session.get(Task, task_id, with_for_update=lock)
    if task is None:
        raise NotFound("task", task_id)
    return task


def _state(task: Task) -> dict[str, Any]:
    """The parameters of a message naming the task's state."""
    labels = load_labels().status
    return {"task_id": task.id, "status": task.status.value, "status_label": labels[task.status]}


def _no_such(field: str, what: str, ident: int) -> Invalid:
    return Invalid(field, "task_no_such_record", what=what, id=ident)


def _require_person(session: Session, person_id: int | None, field: str) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise _no_such(field, "person", person_id)


# --- sources ---------------------------------------------------------------------------------
def source_columns(
    session: Session, kind: SourceKind | None, source_id: int | None
) -> dict[str, int | None]:
    """The stored columns for a source given as (kind, id), checked against the records."""
    columns: dict[str, int | None] = {
        "event_id": None,
        "agenda_item_id": None,
        "resolution_id": None,
    }
    if kind is None and source_id is None:
        return columns
    if kind is None:
        raise Invalid("source_kind", "task_source_kind_missing")
    if source_id is None:
        raise Invalid("source_id", "task_source_id_missing", kind=kind.value)
    if kind in (SourceKind.EVENT, SourceKind.FINDING):
        event = session.get(Event, source_id)
        if event is None:
            raise _no_such("source_id", "event", source_id)
        if kind == SourceKind.FINDING and event.kind not in FINDING_EVENT_KINDS:
            raise Invalid(
                "source_id",
                "task_finding_not_from_assessment",
                id=source_id,
                kind=event.kind.value,
            )
        columns["event_id"] = source_id
    elif kind == SourceKind.AGENDA_ITEM:
        item = session.get(AgendaItem, source_id)
        if item is None:
            raise _no_such("source_id", "agenda item", source_id)
        columns.update(event_id=item.event_id, agenda_item_id=source_id)
    else:
        table = resolution_table()
        if table is None:
            raise Invalid("source_kind", "task_resolutions_unavailable")
        row = session.execute(sa.select(table).where(table.c.id == source_id)).mappings().first()
        if row is None:
            raise _no_such("source_id", "resolution", source_id)
        columns.update(resolution_id=source_id, event_id=row.get("event_id"))
    return columns


# --- checks on the merged fields -------------------------------------------------------------
def check_fields(session: Session, values: dict[str, Any], own: Task | None) -> None:
    for field in ("responsible_leader_id", "responsible_person_id"):
        _require_person(session, values.get(field), field)
    unit = values.get("responsible_unit_id")
    if unit is not None and session.get(Organisation, unit) is None:
        raise _no_such("responsible_unit_id", "organisation", unit)
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
            raise _no_such("parent_id", "task", parent_id)
        if own is not None and own.id is not None:
            parents: dict[int, int | None] = dict(
                session.execute(sa.select(col(Task.id), col(Task.parent_id))).all()
            )
            if rules.would_cycle(parents, own.id, parent_id):
                raise Invalid("parent_id", "task_parent_is_descendant", parent_id=parent_id)
        if parent.status in rules.FINAL and (own is None or own.parent_id != parent_id):
            raise Conflict("task_parent_closed", field="parent_id", **_state(parent))


def _check_co_owners(session: Session, co_owners: list[CoOwnerIn]) -> None:
    seen: dict[tuple[str, int], int] = {}
    for index, owner in enumerate(co_owners):
        if owner.person_id is not None:
            key = ("person", owner.person_id)
            _require_person(session, owner.person_id, f"co_owners[{index}].person_id")
        else:
            assert owner.organisation_id is not None
            key = ("organisation", owner.organisation_id)
            if session.get(Organisation, owner.organisation_id) is None:
                raise _no_such(
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
    _require_person(session, data.actor_id, "actor_id")
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
        raise Conflict("task_closed_no_change", **_state(task))
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
    task.updated_at = utcnow()
    session.add(task)
    crud.commit(session, "task")
    return task


def delete_task(session: Session, task_id: int) -> None:
    """Only a task still registered, without sub-tasks or evidence, may be deleted (a mistake);
    any other is cancelled, so its history stays."""
    task = get_task(session, task_id, lock=True)
    expect_version(task, "task")
    if task.status != TaskStatus.REGISTERED:
        raise Conflict("task_delete_not_registered", **_state(task))
    if session.exec(select(Task.id).where(Task.parent_id == task_id)).first() is not None:
        raise Conflict("task_delete_has_subtasks", task_id=task_id)
    if session.exec(select(TaskEvidence.id).where(TaskEvidence.task_id == task_id)).first():
        raise Conflict("task_delete_has_evidence", task_id=task_id)
    session.delete(task)
    crud.commit(session, "task")


# --- workflow --------------------------------------------------------------------------------
def transition(session: Session, task_id: int, data: TransitionIn) -> Task:
    """Move a task one step along the workflow, recording who, when and why."""
    task = get_task(session, task_id, lock=True)
    expect_version(task, "task")
    _require_person(session, data.actor_id, "actor_id")
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
    task.updated_at = utcnow()
    session.add(task)
    crud.commit(session, "task")
    return task


def add_progress(session: Session, task_id: int, data: ProgressIn) -> Task:
    task = get_task(session, task_id, lock=True)
    if task.status != TaskStatus.IN_PROGRESS:
        raise Conflict("task_progress_not_in_progress", **_state(task))
    _require_person(session, data.actor_id, "actor_id")
    has_subtasks = session.exec(
        select(Task.id).where(Task.parent_id == task_id, Task.status != TaskStatus.CANCELLED)
    ).first()
    if has_subtasks is not None:
        raise Invalid("progress", "task_progress_rolls_up", task_id=task_id)
    session.add(TaskProgress(task_id=task_id, **data.model_dump()))
    task.progress = data.progress
    task.updated_at = utcnow()
    session.add(task)
    crud.commit(session, "task")
    return task


# --- evidence --------------------------------------------------------------------------------
def add_text_evidence(session: Session, task_id: int, data: TextEvidenceIn) -> TaskEvidence:
    task = get_task(session, task_id, lock=True)
    if task.status in rules.FINAL:
        raise Conflict("task_closed_no_evidence", **_state(task))
    _require_person(session, data.actor_id, "actor_id")
    row = TaskEvidence(task_id=task_id, kind=EvidenceKind.TEXT, **data.model_dump())
    session.add(row)
    crud.commit(session, "evidence")
    return row


def add_file_evidence(
    session: Session,
    task_id: int,
    actor_id: int,
    note: str,
    client_name: str | None,
    data: bytes,
    data_dir: Path,
    max_bytes: int,
) -> TaskEvidence:
    """Store an uploaded file: its type is found from its content, its name is only shown."""
    task = get_task(session, task_id, lock=True)
    if task.status in rules.FINAL:
        raise Conflict("task_closed_no_evidence", **_state(task))
    _require_person(session, actor_id, "actor_id")
    if not data:
        raise Invalid("file", "task_file_empty")
    if len(data) > max_bytes:
        raise TooLarge("task_file_too_large", "file", size=len(data), max=max_bytes)
    file_type = files.sniff(data)
    if file_type is None:
        raise UnsupportedType("task_file_type_refused", "file")
    storage_name = files.store(data_dir, data)
    try:
        row = TaskEvidence(
            task_id=task_id,
            kind=EvidenceKind.FILE,
            text=note,
            filename=files.display_name(client_name, file_type),
            content_type=file_type.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_name=storage_name,
            actor_id=actor_id,
        )
        session.add(row)
        crud.commit(session, "evidence")
    except BaseException:
        session.rollback()
        files.remove(data_dir, storage_name)
        raise
    return row


def add_uploaded_evidence(
    session: Session, task_id: int, form: FileEvidenceIn, data: bytes, data_dir: Path, limit: int
) -> TaskEvidence:
    return add_file_evidence(
        session, task_id, form.actor_id, form.note, form.file.filename, data, data_dir, limit
    )


def get_evidence(session: Session, task_id: int, evidence_id: int) -> TaskEvidence:
    row = session.get(TaskEvidence, evidence_id)
    if row is None or row.task_id != task_id:
        raise EvidenceNotFound("task_evidence_not_found", task_id, evidence_id)
    return row


def evidence_file(
    session: Session, task_id: int, evidence_id: int, data_dir: Path
) -> tuple[Path, TaskEvidence]:
    get_task(session, task_id)
    row = get_evidence(session, task_id, evidence_id)
    if row.kind != EvidenceKind.FILE or not row.storage_name:
        raise EvidenceNotFound("task_evidence_no_file", task_id, evidence_id)
    path = files.storage_path(data_dir, row.storage_name)
    if not path.is_file():
        raise EvidenceNotFound("task_evidence_file_missing", task_id, evidence_id)
    return path, row


def delete_evidence(session: Session, task_id: int, evidence_id: int, data_dir: Path) -> None:
    task = get_task(session, task_id, lock=True)
    if task.status in rules.FINAL:
        raise Conflict("task_closed_keeps_evidence", **_state(task))
    row = get_evidence(session, task_id, evidence_id)
    storage_name = row.storage_name
    session.delete(row)
    crud.commit(session, "evidence")
    if storage_name:
        files.remove(data_dir, storage_name)


# --- contacts --------------------------------------------------------------------------------
CONTACTS = crud.Resource(
    TaskContact,
    "task contact",
    refs={"person_id": (Person, "person")},
    unique=(("person_id",),),
)
