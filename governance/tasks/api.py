"""JSON API of follow-up tasks under /api/v1/tasks: thin handlers over the writes and the reads."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from litestar import Response, Router, delete, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, JSONBody, MultipartBody, PathParameter, QueryParameter
from litestar.response import File
from litestar.status_codes import HTTP_204_NO_CONTENT
from sqlmodel import col, select

from governance.core import crud
from governance.core.settings import MAX_UPLOAD_MB_LIMIT, TaskSettings
from governance.core.types import MAX_ID, Page
from governance.core.web import (
    DbSession,
    ItemId,
    Limit,
    Offset,
    OptionalId,
    Query,
    crud_router,
    page,
)
from governance.tasks import (
    evidence,
    ledger_rows,
    queries,
    reminder_groups,
    selection,
    service,
    workflow,
)
from governance.tasks import ledger as ledger_files
from governance.tasks.labels import load_labels
from governance.tasks.models import SourceKind, TaskContact, TaskPriority, TaskStatus
from governance.tasks.rules import Colour
from governance.tasks.schemas import (
    ContactCreate,
    ContactRead,
    ContactUpdate,
    EvidenceRead,
    FileEvidenceIn,
    ProgressIn,
    ReminderGroup,
    TaskCreate,
    TaskRead,
    TaskSummary,
    TaskUpdate,
    TextEvidenceIn,
    TransitionIn,
)
from governance.tasks.web import Settings, clean_query, local_today

SYNC: dict[str, Any] = {"sync_to_thread": True, "tags": ["tasks"]}
Filter = NamedDependency[selection.TaskFilter]
EvidenceId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="Evidence id")]
Today = Annotated[
    date | None,
    QueryParameter(description="The day warnings are computed for (default: today, Shanghai)"),
]
WarnDays = Annotated[
    int | None,
    QueryParameter(ge=0, le=365, description="Blue warning this many days ahead (default: set)"),
]
RAISES = [NotFoundException]


def provide_filter(
    status: FromQuery[TaskStatus | None] = None,
    open_: Annotated[
        bool | None, QueryParameter(name="open", description="Only open (or only final) tasks")
    ] = None,
    warning: FromQuery[Colour | None] = None,
    unit_id: Annotated[
        int | None,
        QueryParameter(ge=1, le=MAX_ID, description="Responsible or co-owning organisation"),
    ] = None,
    person_id: Annotated[
        int | None,
        QueryParameter(ge=1, le=MAX_ID, description="Responsible leader, person or co-owner"),
    ] = None,
    source_kind: FromQuery[SourceKind | None] = None,
    event_id: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_ID, description="Tasks from this event")
    ] = None,
    resolution_id: OptionalId = None,
    due_from: Annotated[date | None, QueryParameter(description="Deadline on or after")] = None,
    due_to: Annotated[date | None, QueryParameter(description="Deadline on or before")] = None,
    parent_id: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_ID, description="Sub-tasks of this task")
    ] = None,
    top_level: FromQuery[bool | None] = None,
    ongoing: FromQuery[bool | None] = None,
    priority: FromQuery[TaskPriority | None] = None,
    q: Query = None,
) -> selection.TaskFilter:
    return selection.TaskFilter(
        status=status,
        open=open_,
        warning=warning,
        unit_id=unit_id,
        person_id=person_id,
        source_kind=source_kind,
        event_id=event_id,
        resolution_id=resolution_id,
        due_from=due_from,
        due_to=due_to,
        parent_id=parent_id,
        top_level=top_level,
        ongoing=ongoing,
        priority=priority,
        q=clean_query(q),
    )


def _read(
    db_session: Any, task: Any, settings: TaskSettings, today: date | None = None
) -> TaskRead:
    return queries.task_read(db_session, task, today or local_today(), settings.warn_days)


def _data_dir(state: State) -> Path:
    return Path(state.settings.data_dir)


@get("/", operation_id="list_tasks", raises=RAISES, **SYNC)
def list_tasks(
    db_session: DbSession,
    task_settings: Settings,
    task_filter: Filter,
    limit: Limit = 50,
    offset: Offset = 0,
    today: Today = None,
    warn_days: WarnDays = None,
) -> Page[TaskSummary]:
    """Tasks, nearest deadline first; filters combine. Warnings are computed for `today`."""
    days = task_settings.warn_days if warn_days is None else warn_days
    items, total = queries.list_tasks(
        db_session, task_filter, today or local_today(), days, limit, offset
    )
    return Page[TaskSummary](items=items, total=total, limit=limit, offset=offset)


@post("/", operation_id="create_tasks", **SYNC)
def create_task(
    db_session: DbSession, task_settings: Settings, data: JSONBody[TaskCreate]
) -> TaskRead:
    """Register a task (state `registered`)."""
    today = local_today()
    return _read(db_session, service.create_task(db_session, data, today), task_settings, today)


@get("/{item_id:int}", operation_id="read_tasks", raises=RAISES, **SYNC)
def read_task(
    db_session: DbSession, task_settings: Settings, item_id: ItemId, today: Today = None
) -> TaskRead:
    """A task with its sub-tasks, history, progress reports, evidence and allowed next steps."""
    return _read(db_session, service.get_task(db_session, item_id), task_settings, today)


@patch("/{item_id:int}", operation_id="update_tasks", raises=RAISES, **SYNC)
def update_task(
    db_session: DbSession, task_settings: Settings, item_id: ItemId, data: JSONBody[TaskUpdate]
) -> TaskRead:
    return _read(db_session, service.update_task(db_session, item_id, data), task_settings)


@delete(
    "/{item_id:int}",
    operation_id="delete_tasks",
    status_code=HTTP_204_NO_CONTENT,
    raises=RAISES,
    **SYNC,
)
def delete_task(db_session: DbSession, item_id: ItemId) -> None:
    """Delete a task entered by mistake (only while registered); cancel any other."""
    service.delete_task(db_session, item_id)


@post("/{item_id:int}/transitions", operation_id="transition_tasks", raises=RAISES, **SYNC)
def transition_task(
    db_session: DbSession, task_settings: Settings, item_id: ItemId, data: JSONBody[TransitionIn]
) -> TaskRead:
    """Move a task one step: 409 names the current state and the allowed ones."""
    return _read(db_session, workflow.transition(db_session, item_id, data), task_settings)


@post("/{item_id:int}/progress", operation_id="report_task_progress", raises=RAISES, **SYNC)
def report_progress(
    db_session: DbSession, task_settings: Settings, item_id: ItemId, data: JSONBody[ProgressIn]
) -> TaskRead:
    """Record a progress report (while the task is in progress)."""
    return _read(db_session, workflow.add_progress(db_session, item_id, data), task_settings)


def _evidence_read(db_session: Any, task_id: int, row: Any) -> EvidenceRead:
    task = service.get_task(db_session, task_id)
    read = queries.task_read(db_session, task, local_today(), 0)
    return next(e for e in read.evidence if e.id == row.id)


@post("/{item_id:int}/evidence", operation_id="add_task_evidence_text", raises=RAISES, **SYNC)
def add_text_evidence(
    db_session: DbSession, item_id: ItemId, data: JSONBody[TextEvidenceIn]
) -> EvidenceRead:
    """Add evidence as text (what was done, where the record is kept)."""
    row = evidence.add_text_evidence(db_session, item_id, data)
    return _evidence_read(db_session, item_id, row)


@post(
    "/{item_id:int}/evidence/files",
    operation_id="add_task_evidence_file",
    raises=RAISES,
    # A hard cap before parsing; the configured limit is checked on the file itself.
    request_max_body_size=(MAX_UPLOAD_MB_LIMIT + 1) * 1024 * 1024,
    **SYNC,
)
def add_file_evidence(
    db_session: DbSession,
    task_settings: Settings,
    state: State,
    item_id: ItemId,
    data: MultipartBody[FileEvidenceIn],
) -> EvidenceRead:
    """Upload a file (PDF, PNG, JPEG, .docx, .xlsx, judged by content) as multipart form data:
    `file`, `actor_id`, optional `note`. Too large: 413; another type: 415."""
    limit = task_settings.max_upload_bytes
    content = data.file.file.read(limit + 1)
    row = evidence.add_file_evidence(
        db_session,
        item_id,
        data.actor_id,
        data.note,
        data.file.filename,
        content,
        _data_dir(state),
        limit,
    )
    return _evidence_read(db_session, item_id, row)


@get(
    "/{item_id:int}/evidence/{evidence_id:int}/file",
    operation_id="download_task_evidence",
    raises=RAISES,
    media_type="application/octet-stream",
    **SYNC,
)
def download_evidence(
    db_session: DbSession, state: State, item_id: ItemId, evidence_id: EvidenceId
) -> File:
    path, row = evidence.evidence_file(db_session, item_id, evidence_id, _data_dir(state))
    return File(
        path=path,
        filename=row.filename,
        media_type=row.content_type,
        headers={"X-Content-Type-Options": "nosniff"},
    )


@delete(
    "/{item_id:int}/evidence/{evidence_id:int}",
    operation_id="delete_task_evidence",
    status_code=HTTP_204_NO_CONTENT,
    raises=RAISES,
    **SYNC,
)
def delete_evidence(
    db_session: DbSession, state: State, item_id: ItemId, evidence_id: EvidenceId
) -> None:
    """Remove evidence while the task is open (after closing it is the record)."""
    evidence.delete_evidence(db_session, item_id, evidence_id, _data_dir(state))


def _ledger(db_session: Any, settings: TaskSettings, f: Any, today: date | None) -> Any:
    return ledger_rows.ledger(db_session, f, today or local_today(), settings.warn_days)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@get("/ledger.xlsx", operation_id="task_ledger_xlsx", media_type=XLSX, **SYNC)
def ledger_xlsx(
    db_session: DbSession, task_settings: Settings, task_filter: Filter, today: Today = None
) -> Response[bytes]:
    """The ledger (整改台账) of the tasks matching the filters, as an Excel workbook."""
    headings, rows = _ledger(db_session, task_settings, task_filter, today)
    title = load_labels().ledger_title
    return Response(
        ledger_files.to_xlsx(title, headings, rows),
        media_type=XLSX,
        headers={"Content-Disposition": "attachment; filename*=utf-8''ledger.xlsx"},
    )


@get("/ledger.csv", operation_id="task_ledger_csv", media_type="text/csv", **SYNC)
def ledger_csv(
    db_session: DbSession, task_settings: Settings, task_filter: Filter, today: Today = None
) -> Response[bytes]:
    """The ledger as CSV (UTF-8 with BOM; cells that look like formulas are kept as text)."""
    headings, rows = _ledger(db_session, task_settings, task_filter, today)
    return Response(
        ledger_files.to_csv(headings, rows),
        media_type="text/csv",
        headers={"Content-Disposition": "attachment; filename*=utf-8''ledger.csv"},
    )


@get("/reminders", operation_id="task_reminders", **SYNC)
def task_reminders(
    db_session: DbSession,
    task_settings: Settings,
    days: Annotated[
        int | None, QueryParameter(ge=0, le=365, description="Due within this many days")
    ] = None,
    today: Today = None,
) -> list[ReminderGroup]:
    """What is due within `days` (default: the warning days) or overdue, per responsible person."""
    ahead = task_settings.warn_days if days is None else days
    return reminder_groups.reminders(
        db_session, today or local_today(), ahead, task_settings.warn_days
    )


@get("/", tags=["task-contacts"], operation_id="list_task-contacts", sync_to_thread=True)
def list_contacts(
    db_session: DbSession, limit: Limit = 50, offset: Offset = 0, person_id: OptionalId = None
) -> Page[ContactRead]:
    stmt = select(TaskContact)
    if person_id is not None:
        stmt = stmt.where(TaskContact.person_id == person_id)
    rows, total = crud.paginate(db_session, stmt.order_by(col(TaskContact.id)), limit, offset)
    return page(ContactRead, rows, total, limit, offset)


def tasks_router() -> Router:
    """The tasks API (its `task_settings` dependency comes from the router that holds it, see
    governance/tasks/capability.py)."""
    tasks = Router(
        path="/tasks",
        route_handlers=[
            list_tasks,
            create_task,
            read_task,
            update_task,
            delete_task,
            transition_task,
            report_progress,
            add_text_evidence,
            add_file_evidence,
            download_evidence,
            delete_evidence,
            ledger_xlsx,
            ledger_csv,
            task_reminders,
        ],
        dependencies={"task_filter": Provide(provide_filter, sync_to_thread=False)},
    )
    contacts = crud_router(
        "/task-contacts",
        service.CONTACTS,
        ContactCreate,
        ContactUpdate,
        ContactRead,
        "task-contacts",
        [list_contacts],
    )
    return Router(path="/api/v1", route_handlers=[tasks, contacts])
