"""JSON API of the audit trail and of the event state it guards (minutes approval)."""

from typing import Annotated, Any

from litestar import Router, get, post
from litestar.params import QueryParameter

from governance.audit import service
from governance.audit.schemas import AuditEntryRead
from governance.core.types import Page
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId, page
from governance.records import service as records
from governance.records.schemas import EventRead

SYNC: dict[str, Any] = {"sync_to_thread": True}
# Reading the trail shows what changed in every record, confidential ones included: editors only.
EDITORS: dict[str, Any] = {"permission": "edit"}
TableName = Annotated[
    str | None,
    QueryParameter(
        max_length=64, pattern=r"^[a-z_]{1,64}$", description="Table of the records: event, task"
    ),
]


@get("/audit", tags=["audit"], operation_id="list_audit", opt=EDITORS, **SYNC)
def list_audit(
    db_session: DbSession,
    table: TableName = None,
    record_id: OptionalId = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AuditEntryRead]:
    """Audit entries, newest first: who changed which row, when, from what to what."""
    rows, total = service.list_entries(db_session, table, record_id, limit, offset)
    return page(AuditEntryRead, rows, total, limit, offset)


@get(
    "/events/{item_id:int}/history",
    tags=["audit"],
    operation_id="event_history",
    opt=EDITORS,
    **SYNC,
)
def event_history(
    db_session: DbSession, item_id: ItemId, limit: Limit = 500, offset: Offset = 0
) -> Page[AuditEntryRead]:
    """An event's history, newest first: its own changes and those of its participants,
    groups, agenda items and documents (a deleted event's history stays readable)."""
    rows, total = service.list_entries(db_session, "event", item_id, limit, offset, True)
    return page(AuditEntryRead, rows, total, limit, offset)


@post(
    "/events/{item_id:int}/minutes/approve",
    tags=["events"],
    operation_id="approve_event_minutes",
    opt={"permission": "admin"},
    status_code=200,
    **SYNC,
)
def approve_minutes(db_session: DbSession, item_id: ItemId) -> EventRead:
    """Approve the minutes: the event's record (fields, participants, agenda, documents) is
    locked until they are reopened."""
    return records.event_read(db_session, service.approve_minutes(db_session, item_id))


@post(
    "/events/{item_id:int}/minutes/reopen",
    tags=["events"],
    operation_id="reopen_event_minutes",
    opt={"permission": "admin"},
    status_code=200,
    **SYNC,
)
def reopen_minutes(db_session: DbSession, item_id: ItemId) -> EventRead:
    """Reopen approved minutes: the record can be changed again."""
    return records.event_read(db_session, service.reopen_minutes(db_session, item_id))


def audit_router() -> Router:
    return Router(
        path="/api/v1",
        route_handlers=[list_audit, event_history, approve_minutes, reopen_minutes],
    )
