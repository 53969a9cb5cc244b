"""Where a task comes from: an event, a finding of an assessment, an agenda item or a
resolution, given as (kind, id) and stored as the columns that name it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from governance.core.errors import Invalid
from governance.records.models import AgendaItem, Event, EventKind
from governance.tasks.changes import no_such
from governance.tasks.models import SourceKind, Task

FINDING_EVENT_KINDS = frozenset({EventKind.ASSESSMENT, EventKind.INSPECTION})
# Resolutions are recorded by the elections capability; a task may name one once that table
# exists (its name is agreed here; it is looked up in the metadata at run time).
RESOLUTION_TABLE = "resolution"


def resolution_table() -> sa.Table | None:
    return SQLModel.metadata.tables.get(RESOLUTION_TABLE)


def source_id_of(task: Task) -> int | None:
    """The source's id as given on input: the agenda item, the resolution, or the event."""
    if task.source_kind == SourceKind.AGENDA_ITEM:
        return task.agenda_item_id
    if task.source_kind == SourceKind.RESOLUTION:
        return task.resolution_id
    return task.event_id if task.source_kind else None


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
            raise no_such("source_id", "event", source_id)
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
            raise no_such("source_id", "agenda item", source_id)
        columns.update(event_id=item.event_id, agenda_item_id=source_id)
    else:
        table = resolution_table()
        if table is None:
            raise Invalid("source_kind", "task_resolutions_unavailable")
        row = session.execute(sa.select(table).where(table.c.id == source_id)).mappings().first()
        if row is None:
            raise no_such("source_id", "resolution", source_id)
        columns.update(resolution_id=source_id, event_id=row.get("event_id"))
    return columns
