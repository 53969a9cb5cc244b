"""HTML pages of follow-up tasks (整改 / 督办): the list with filters and warning colours, one task
with its workflow buttons, progress and evidence (pages_actions.py), and the create / edit form.

Forms are read into the API's schemas (TaskCreate / TaskUpdate) and stored by the same service;
a refusal shows the form again, 422, with the Chinese message next to the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from governance.core import messages
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    attempt,
    clean_form,
    current_person_id,
    may_choose_person,
    picked_id,
    refused,
    see_other,
    text,
)
from governance.core.timing import SHANGHAI
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId, Query
from governance.records.models import Event, Organisation, Person
from governance.tasks import queries, service
from governance.tasks.labels import load_labels
from governance.tasks.models import SourceKind, Task, TaskPriority, TaskStatus
from governance.tasks.rules import Colour
from governance.tasks.schemas import TaskCreate, TaskRead, TaskUpdate
from governance.tasks.web import Settings, clean_query, local_today

TEXT_FIELDS = ("title", "problem", "target", "measures", "source_note", "notes")
ID_FIELDS = ("responsible_leader_id", "responsible_unit_id", "responsible_person_id", "source_id")
SOURCE_KINDS = (SourceKind.EVENT, SourceKind.FINDING)  # chosen on the form by an event


def choices(session: Session) -> dict[str, Any]:
    """People, organisations and recent events for the selects of the task forms."""
    people = session.exec(select(Person).order_by(col(Person.name), col(Person.id))).all()
    orgs = session.exec(select(Organisation).order_by(col(Organisation.name))).all()
    events = session.exec(select(Event).order_by(col(Event.starts_at).desc()).limit(300)).all()
    return {
        "people": [(p.id, p.name) for p in people],
        "organisations": [(o.id, o.name) for o in orgs],
        "events": [
            (e.id, f"{e.starts_at.astimezone(SHANGHAI):%Y-%m-%d} {e.title}") for e in events
        ],
    }


@get("/tasks", **PAGE)
def tasks_page(
    db_session: DbSession,
    task_settings: Settings,
    q: Query = None,
    status: FromQuery[TaskStatus | None] = None,
    warning: FromQuery[Colour | None] = None,
    unit_id: OptionalId = None,
    person_id: OptionalId = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> Template:
    today = local_today()
    f = queries.TaskFilter(
        q=clean_query(q), status=status, warning=warning, unit_id=unit_id, person_id=person_id
    )
    items, total = queries.list_tasks(db_session, f, today, task_settings.warn_days, limit, offset)
    given = {
        "q": q,
        "status": status,
        "warning": warning,
        "unit_id": unit_id,
        "person_id": person_id,
    }
    query = urlencode({k: str(v) for k, v in given.items() if v})
    return Template(
        "tasks/tasks.html",
        context={
            **choices(db_session),
            "tasks": items,
            "total": total,
            "labels": load_labels(),
            "q": q or "",
            "status": status or "",
            "warning": warning or "",
            "unit_id": unit_id or "",
            "person_id": person_id or "",
            "today": today.isoformat(),
            "query": f"?{query}" if query else "",
        },
    )


def task_context(
    request: Request[Any, Any, Any],
    session: Session,
    task: TaskRead,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    me = current_person_id(request, None)
    return {
        "task": task,
        "labels": load_labels(),
        "tz": SHANGHAI,
        "form": form or {},
        "errors": errors or {},
        "me": me,
        "people": choices(session)["people"] if me is None and may_choose_person(request) else [],
    }


@get("/tasks/{item_id:int}", **PAGE)
def task_page(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    task_settings: Settings,
    item_id: ItemId,
    actor_id: OptionalId = None,
) -> Template:
    """`actor_id` keeps the person picked for the last step (the buttons redirect with it)."""
    task = queries.task_read(
        db_session, service.get_task(db_session, item_id), local_today(), task_settings.warn_days
    )
    form = {"actor_id": str(actor_id)} if actor_id else {}
    return Template("tasks/task.html", context=task_context(request, db_session, task, form))


# --- create and edit -------------------------------------------------------------------------
def _form_context(
    session: Session, form: dict[str, Any], errors: dict[str, str], task_id: int | None
) -> dict[str, Any]:
    return {
        **choices(session),
        "form": form,
        "errors": errors,
        "task_id": task_id,
        "labels": load_labels(),
        "priorities": [(p.value, load_labels().priority[p.value]) for p in TaskPriority],
        "source_kinds": [(k.value, load_labels().source_kind[k.value]) for k in SOURCE_KINDS],
    }


def _values(form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The form as the schema's fields (dates and ids as typed; pydantic checks them)."""
    body: dict[str, Any] = {name: text(form, name) for name in TEXT_FIELDS}
    for name in ID_FIELDS:
        body[name] = picked_id(form, name)
    body["source_kind"] = text(form, "source_kind") or None if body["source_id"] else None
    body["priority"] = text(form, "priority") or TaskPriority.NORMAL.value
    body["ongoing"] = bool(text(form, "ongoing"))
    for name in ("due_on", "starts_on"):
        body[name] = text(form, name) or None
    if body["ongoing"] and body["due_on"]:
        errors["due_on"] = messages.render("task_ongoing_has_deadline", {}, "zh")
    co_owners = [{"person_id": int(v)} for v in _ids(form, "co_owner_people")]
    co_owners += [{"organisation_id": int(v)} for v in _ids(form, "co_owner_units")]
    body["co_owners"] = co_owners
    return body


def _ids(form: dict[str, Any], key: str) -> list[str]:
    raw = form.get(key, [])
    items = raw if isinstance(raw, list) else [raw]
    return [v for v in items if isinstance(v, str) and v.isdigit() and 0 < len(v) < 10]


RENAME = {"co_owners": "co_owner_people"}
Fields = TypeVar("Fields", TaskCreate, TaskUpdate)


def _save(
    session: Session,
    form: dict[str, Any],
    body: dict[str, Any],
    errors: dict[str, str],
    task_id: int | None,
    schema: type[Fields],
    store: Callable[[Fields], Task],
) -> Template | Redirect:
    """`body` read into `schema` and stored, then to the task's page; or the form again with
    every refusal (`errors` holds those found while reading the form)."""
    data_in, problems = attempt(lambda: schema.model_validate(body), rename=RENAME)
    errors = {**problems, **errors}
    if errors or data_in is None:
        return refused("tasks/form.html", _form_context(session, form, errors, task_id))
    task, errors = attempt(lambda: store(data_in), session, RENAME)
    if errors or task is None:
        return refused("tasks/form.html", _form_context(session, form, errors, task_id))
    return see_other(f"/tasks/{task.id}")


@get("/tasks/new", **PAGE)
def new_task_page(db_session: DbSession, event_id: OptionalId = None) -> Template:
    form: dict[str, Any] = {"priority": "normal", "source_kind": "event"}
    if event_id is not None:
        form["source_id"] = str(event_id)
    return Template("tasks/form.html", context=_form_context(db_session, form, {}, None))


@post("/tasks/new", **PAGE)
def create_task(
    request: Request[Any, Any, Any], db_session: DbSession, data: FormBody
) -> Template | Redirect:
    form = clean_form(data)
    errors: dict[str, str] = {}
    body = _values(form, errors)
    body["actor_id"] = current_person_id(request, None)

    def store(data_in: TaskCreate) -> Task:
        return service.create_task(db_session, data_in, local_today())

    return _save(db_session, form, body, errors, None, TaskCreate, store)


def _as_form(task: TaskRead) -> dict[str, Any]:
    form: dict[str, Any] = {
        name: getattr(task, name) or "" for name in TEXT_FIELDS if name != "source_note"
    }
    form["source_note"] = task.source.note
    form["source_kind"] = task.source.kind.value if task.source.kind else ""
    form["source_id"] = str(task.source.event_id or "")
    for name, ref in (
        ("responsible_leader_id", task.responsible_leader),
        ("responsible_unit_id", task.responsible_unit),
        ("responsible_person_id", task.responsible_person),
    ):
        form[name] = str(ref.id) if ref else ""
    form["due_on"] = task.due_on.isoformat() if task.due_on else ""
    form["starts_on"] = task.starts_on.isoformat()
    form["ongoing"] = "on" if task.ongoing else ""
    form["priority"] = task.priority.value
    form["co_owner_people"] = [str(c.person_id) for c in task.co_owners if c.person_id]
    form["co_owner_units"] = [str(c.organisation_id) for c in task.co_owners if c.organisation_id]
    return form


@get("/tasks/{item_id:int}/edit", **PAGE)
def edit_task_page(db_session: DbSession, task_settings: Settings, item_id: ItemId) -> Template:
    task = queries.task_read(
        db_session, service.get_task(db_session, item_id), local_today(), task_settings.warn_days
    )
    return Template(
        "tasks/form.html", context=_form_context(db_session, _as_form(task), {}, item_id)
    )


@post("/tasks/{item_id:int}/edit", **PAGE)
def update_task(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    service.get_task(db_session, item_id)
    form = clean_form(data)
    errors: dict[str, str] = {}
    body = _values(form, errors)
    if body["source_id"] is None:  # no source chosen: clearing the kind clears the source
        body.pop("source_id")
        body["source_kind"] = None
    if body["starts_on"] is None:  # left empty: keep the stored start
        body.pop("starts_on")

    def store(data_in: TaskUpdate) -> Task:
        return service.update_task(db_session, item_id, data_in)

    return _save(db_session, form, body, errors, item_id, TaskUpdate, store)
