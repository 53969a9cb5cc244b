"""Reading the audit trail, and the changes of an event's state that the trail is about:
approving and reopening its minutes, moving it to the bin and back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from governance.audit.models import AuditEntry
from governance.audit.trail import DELETED_ONLY, INCLUDE_DELETED, LOCKED_WITH_EVENT
from governance.core import crud
from governance.core.context import current_actor
from governance.core.errors import Conflict, NotFound
from governance.core.timing import SHANGHAI
from governance.core.versioned import expect_version
from governance.records.models import Event

EVENT_PARTS = LOCKED_WITH_EVENT  # participants, groups, agenda items, documents


def _record_filter(table: str, record_id: int | str) -> sa.ColumnElement[bool]:
    ident = str(record_id)
    return sa.or_(
        sa.and_(col(AuditEntry.table_name) == table, col(AuditEntry.record_id) == ident),
        sa.and_(col(AuditEntry.parent_table) == table, col(AuditEntry.parent_id) == ident),
    )


def history(session: Session, table: str, record_id: int | str) -> list[AuditEntry]:
    """Every entry of a record, oldest first: its own rows' and those of its lists (an event's
    participants, agenda items, documents and groups)."""
    stmt = select(AuditEntry).where(_record_filter(table, record_id)).order_by(col(AuditEntry.id))
    return list(session.exec(stmt).all())


def list_entries(
    session: Session,
    table: str | None,
    record_id: int | str | None,
    limit: int,
    offset: int,
    with_lists: bool = False,
) -> tuple[list[AuditEntry], int]:
    """Entries newest first, filtered by table and record (its lists too if `with_lists`)."""
    stmt = select(AuditEntry)
    if table is not None and record_id is not None and with_lists:
        stmt = stmt.where(_record_filter(table, record_id))
    else:
        if table is not None:
            stmt = stmt.where(col(AuditEntry.table_name) == table)
        if record_id is not None:
            stmt = stmt.where(col(AuditEntry.record_id) == str(record_id))
    return crud.paginate(session, stmt.order_by(col(AuditEntry.id).desc()), limit, offset)


def _event_any_state(session: Session, event_id: int) -> Event:
    stmt = select(Event).where(Event.id == event_id).execution_options(**{INCLUDE_DELETED: True})
    event = session.exec(stmt).first()
    if event is None:
        raise NotFound("event", event_id)
    return event


def show_bin(session: Session) -> None:
    """From now on this session's queries see only deleted events (GET /events?deleted=true)."""
    session.info[DELETED_ONLY] = True


def _who() -> str:
    return current_actor.get().username


def approve_minutes(session: Session, event_id: int, now: datetime | None = None) -> Event:
    event = crud.get_or_404(session, Event, event_id, "event")
    expect_version(event, "event")
    if event.minutes_approved_at is not None:
        raise Conflict(
            "minutes_already_approved",
            id=event_id,
            by=event.minutes_approved_by,
            at=event.minutes_approved_at.isoformat(),
        )
    event.minutes_approved_at = now or datetime.now(UTC)
    event.minutes_approved_by = _who()
    session.add(event)
    crud.commit(session, "event")
    return event


def reopen_minutes(session: Session, event_id: int) -> Event:
    event = crud.get_or_404(session, Event, event_id, "event")
    expect_version(event, "event")
    if event.minutes_approved_at is None:
        raise Conflict("minutes_not_approved", id=event_id)
    event.minutes_approved_at = None
    event.minutes_approved_by = None
    session.add(event)
    crud.commit(session, "event")
    return event


def delete_event(session: Session, event_id: int, now: datetime | None = None) -> Event:
    """Moves the event to the bin: it disappears from lists, search, feeds and briefs, and can
    be restored with its participants, agenda and documents as they were."""
    event = crud.get_or_404(session, Event, event_id, "event")
    expect_version(event, "event")
    if users := _referring(session, event_id):
        raise Conflict("bin_event_still_referred_to", id=event_id, records=", ".join(users))
    event.deleted_at = now or datetime.now(UTC)
    event.deleted_by = _who()
    session.add(event)
    crud.commit(session, "event")
    return event


def _referring(session: Session, event_id: int) -> list[str]:
    """Rows of other records that point at the event (sub-events, tasks, elections,
    resolutions…), as "table 3": the event's own lists go to the bin with it and are not listed.
    The same rule as a hard delete had, found from the foreign keys, so new tables count too."""
    found: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in EVENT_PARTS:
            continue
        for column in table.columns:
            if not any(fk.column.table.name == "event" for fk in column.foreign_keys):
                continue
            stmt = sa.select(table.c.id).where(column == event_id).limit(3)
            if table.name == "event":
                stmt = stmt.where(table.c.deleted_at.is_(None))
            found += [f"{table.name} {row}" for row in session.connection().execute(stmt).scalars()]
    return found


def restore_event(session: Session, event_id: int) -> Event:
    event = _event_any_state(session, event_id)
    expect_version(event, "event")
    if event.deleted_at is None:
        raise Conflict("bin_event_not_deleted", id=event_id)
    event.deleted_at = None
    event.deleted_by = None
    session.add(event)
    crud.commit(session, "event")
    return event


@dataclass(frozen=True)
class HistoryChange:
    column: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    """One entry as the history section of a page shows it (time in Asia/Shanghai)."""

    when: str
    actor: str
    action: str
    table: str
    record_id: str
    request_id: str
    changes: list[HistoryChange]


def _shown(value: object) -> str:
    return (
        "—"
        if value is None
        else value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False)
    )


def history_rows(session: Session, table: str, record_id: int | str) -> list[HistoryRow]:
    """The record's history, newest first, ready for templates/audit/history.html."""
    return [
        HistoryRow(
            when=entry.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            actor=entry.actor,
            action=entry.action,
            table=entry.table_name,
            record_id=entry.record_id,
            request_id=entry.request_id,
            changes=[
                HistoryChange(column, _shown(c.get("before")), _shown(c.get("after")))
                for column, c in entry.changes.items()
            ],
        )
        for entry in reversed(history(session, table, record_id))
    ]
