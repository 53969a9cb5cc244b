"""The bin (回收站): moving an event there, bringing it back, and looking only at what it holds.

Deleting is soft: `deleted_at` is set, and every ORM query leaves the event and its parts out
(the audit trail's query listener reads the session keys below), so it comes back as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from governance.core import crud
from governance.core.context import current_actor
from governance.core.errors import Conflict, NotFound
from governance.core.versioned import expect_version
from governance.records.models import Event

# session.info keys (and execution options) that the query listener of the trail reads.
INCLUDE_DELETED = "include_deleted"  # also see events in the bin
DELETED_ONLY = "deleted_only"  # see only events in the bin
# An event's own lists: they go to the bin with it.
EVENT_PARTS = frozenset({"participation", "attendance_group", "document", "agenda_item"})


def show_bin(session: Session) -> None:
    """From now on this session's queries see only deleted events (GET /events?deleted=true)."""
    session.info[DELETED_ONLY] = True


def _event_any_state(session: Session, event_id: int) -> Event:
    """The event, in the bin or not."""
    stmt = select(Event).where(Event.id == event_id).execution_options(**{INCLUDE_DELETED: True})
    event = session.exec(stmt).first()
    if event is None:
        raise NotFound("event", event_id)
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


def delete_event(session: Session, event_id: int, now: datetime | None = None) -> Event:
    """Moves the event to the bin: it disappears from lists, search, feeds and briefs, and can
    be restored with its participants, agenda and documents as they were."""
    event = crud.get_or_404(session, Event, event_id, "event")
    expect_version(event, "event")
    if users := _referring(session, event_id):
        raise Conflict("bin_event_still_referred_to", id=event_id, records=", ".join(users))
    _set_deleted(session, event, now or datetime.now(UTC), current_actor.get().username)
    return event


def restore_event(session: Session, event_id: int) -> Event:
    event = _event_any_state(session, event_id)
    expect_version(event, "event")
    if event.deleted_at is None:
        raise Conflict("bin_event_not_deleted", id=event_id)
    _set_deleted(session, event, None, None)
    return event


def _set_deleted(session: Session, event: Event, at: datetime | None, by: str | None) -> None:
    event.deleted_at = at
    event.deleted_by = by
    session.add(event)
    crud.commit(session, "event")
