"""Reading the audit trail, and the change of an event's state that the trail guards: approving
and reopening its minutes (the bin is records': governance/records/bin.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.audit.models import AuditEntry
from governance.core import crud
from governance.core.context import current_actor
from governance.core.errors import Conflict
from governance.core.timing import SHANGHAI
from governance.core.versioned import expect_version
from governance.records.models import Event


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
