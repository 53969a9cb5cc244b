"""Session listeners that make every change of every table leave an audit entry, keep deleted
events out of every ORM query, and refuse changes to an event whose minutes are approved.

Registered once on sqlmodel's Session class (every session of the program is one): no service
has to remember anything. Rows written with plain connections (restore of a backup, migrations)
are not sessions and leave no entries, which is intended.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlalchemy.orm.attributes import NO_VALUE
from sqlmodel import Session, SQLModel

from governance.audit import rules
from governance.audit.models import AuditEntry
from governance.core.context import current_actor, current_request_id
from governance.core.errors import Conflict
from governance.core.plugin import REGISTRY
from governance.records.bin import DELETED_ONLY, EVENT_PARTS, INCLUDE_DELETED
from governance.records.models import AgendaItem, AttendanceGroup, Document, Event, Participation

# The trail's own table and Alembic's; capabilities add their caches (`unaudited_tables`).
UNAUDITED = frozenset({"audit_entry", "alembic_version"})
# Rows that belong to a record (`table: (parent table, column)`), so their changes show in that
# record's history too: each capability declares its own (`audit_parents`, REGISTRY).


def _unaudited(name: str) -> bool:
    return name in UNAUDITED or name in REGISTRY.unaudited_tables


# An event's record, locked once its minutes are approved: the event row and these lists.
LOCKED_WITH_EVENT = EVENT_PARTS
# Columns of an approved event that may still change (approving and reopening the minutes).
MINUTES_COLUMNS = frozenset({"minutes_approved_at", "minutes_approved_by", "version"})


def _table(obj: Any) -> sa.Table | None:
    table = getattr(type(obj), "__table__", None)
    return table if isinstance(table, sa.Table) else None


def _record_id(table: sa.Table, values: dict[str, Any]) -> str:
    return "/".join(str(values.get(c.name)) for c in table.primary_key.columns)


def _entry(
    table: sa.Table, kind: str, before: dict[str, Any], after: dict[str, Any]
) -> dict[str, Any] | None:
    changes = rules.diff(before, after)
    if kind == "update" and not changes:
        return None
    if kind != "update":  # a created or removed row: keep its whole content
        changes = rules.diff(before, after, ignore={"version"})
    values = after or before
    parent_table, parent_id = None, None
    if table.name in REGISTRY.audit_parents:
        parent_table, column = REGISTRY.audit_parents[table.name]
        owner = values.get(column)
        parent_id = None if owner is None else str(owner)
        parent_table = parent_table if parent_id is not None else None
    actor = current_actor.get()
    return {
        "at": datetime.now(UTC),
        "actor_id": actor.user_id,
        "actor": actor.username[:100],
        "request_id": current_request_id.get()[:64],
        "table_name": table.name,
        "record_id": _record_id(table, values)[:64],
        "parent_table": parent_table,
        "parent_id": parent_id,
        "action": rules.classify(kind, changes),
        "changes": changes,
    }


def _write(session: Session, entries: list[dict[str, Any] | None]) -> None:
    rows = [e for e in entries if e is not None]
    if rows:
        session.connection().execute(sa.insert(AuditEntry.__table__), rows)  # type: ignore[attr-defined]


def _values(obj: Any, table: sa.Table) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for column in table.columns:
        prop = state.mapper.get_property_by_column(column)
        value = state.attrs[prop.key].loaded_value
        out[column.name] = None if value is NO_VALUE else value
    return out


def _before(obj: Any, table: sa.Table) -> dict[str, Any]:
    """Column values as they were before this flush (unloaded ones count as unchanged)."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for column in table.columns:
        prop = state.mapper.get_property_by_column(column)
        history = state.attrs[prop.key].history
        if history.deleted:
            out[column.name] = history.deleted[0]
        elif history.unchanged:
            out[column.name] = history.unchanged[0]
        elif history.added:  # set without the old value loaded: unknown before
            out[column.name] = None
    return out


def _check_locks(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        deleted = session.deleted
        for obj in [*session.new, *session.dirty, *deleted]:
            table = _table(obj)
            if table is None:
                continue
            if isinstance(obj, Event):
                if obj.id is not None:
                    _check_event_change(obj, obj in deleted)
            elif table.name in LOCKED_WITH_EVENT:
                for event_id in _event_ids(obj):
                    _check_event_unlocked(session, event_id)


def _check_event_change(obj: Event, deleted: bool) -> None:
    state = inspect(obj)
    approved = state.attrs.minutes_approved_at.history
    was_approved = (approved.deleted or approved.unchanged or [None])[0] is not None
    if not was_approved:
        return
    if deleted:
        raise Conflict("minutes_locked", id=obj.id)
    for attr in state.attrs:
        if attr.key not in MINUTES_COLUMNS and attr.history.has_changes():
            raise Conflict("minutes_locked", attr.key, id=obj.id)


def _event_ids(obj: Any) -> set[int]:
    history = inspect(obj).attrs.event_id.history
    return {v for v in [*history.added, *history.deleted, *history.unchanged] if v is not None}


def _check_event_unlocked(session: Session, event_id: int) -> None:
    table: Any = Event.__table__  # type: ignore[attr-defined]
    stmt = sa.select(table.c.minutes_approved_at).where(table.c.id == event_id)
    if session.connection().execute(stmt).scalar() is not None:
        raise Conflict("minutes_locked", id=event_id)


def _record_flush(session: Session, _context: Any) -> None:
    entries: list[dict[str, Any] | None] = []
    for obj in session.new:
        table = _table(obj)
        if table is not None and not _unaudited(table.name):
            entries.append(_entry(table, "create", {}, _values(obj, table)))
    for obj in session.dirty:
        table = _table(obj)
        if table is not None and not _unaudited(table.name) and session.is_modified(obj):
            entries.append(_entry(table, "update", _before(obj, table), _values(obj, table)))
    for obj in session.deleted:
        table = _table(obj)
        if table is not None and not _unaudited(table.name):
            entries.append(_entry(table, "delete", _before(obj, table), {}))
    _write(session, entries)


def _on_execute(state: ORMExecuteState) -> Any:
    if state.is_select:
        _hide_deleted_events(state)
        return None
    if state.is_update or state.is_delete:
        return _record_bulk(state)
    return None


def _hide_deleted_events(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return
    info = state.session.info
    if state.execution_options.get(INCLUDE_DELETED) or info.get(INCLUDE_DELETED):
        return
    deleted_column: Any = Event.deleted_at
    if info.get(DELETED_ONLY):
        state.statement = state.statement.options(
            with_loader_criteria(Event, deleted_column.is_not(None), include_aliases=True)
        )
        return
    binned = sa.select(Event.__table__.c.id).where(  # type: ignore[attr-defined]
        Event.__table__.c.deleted_at.is_not(None)  # type: ignore[attr-defined]
    )
    options = [with_loader_criteria(Event, deleted_column.is_(None), include_aliases=True)]
    for part in (Participation, AttendanceGroup, Document, AgendaItem):
        event_id: Any = part.event_id
        options.append(
            with_loader_criteria(
                part, sa.or_(event_id.is_(None), event_id.not_in(binned)), include_aliases=True
            )
        )
    state.statement = state.statement.options(*options)


def _record_bulk(state: ORMExecuteState) -> Any:
    """UPDATE/DELETE statements run through the session (replacing an event's participants,
    revoking a feed's tokens): read the rows they touch before and after, record each row."""
    statement: Any = state.statement
    table = statement.table
    if not isinstance(table, sa.Table) or _unaudited(table.name):
        return None
    where = statement.whereclause
    select = sa.select(table) if where is None else sa.select(table).where(where)
    connection = state.session.connection()
    before = [dict(row) for row in connection.execute(select).mappings()]
    if table.name in LOCKED_WITH_EVENT:
        for event_id in {row.get("event_id") for row in before} - {None}:
            _check_event_unlocked(state.session, event_id)  # type: ignore[arg-type]
    if table.name == "event" and state.is_update:
        for row in before:
            if row.get("minutes_approved_at") is not None:
                raise Conflict("minutes_locked", id=row["id"])
    result = state.invoke_statement()
    entries: list[dict[str, Any] | None] = []
    if state.is_delete:
        entries = [_entry(table, "delete", row, {}) for row in before]
    else:
        keys = list(table.primary_key.columns)
        for row in before:
            again = connection.execute(
                sa.select(table).where(*(k == row[k.name] for k in keys))
            ).mappings()
            after = next(iter(again), None)
            entries.append(_entry(table, "update", row, dict(after) if after else {}))
    _write(state.session, entries)  # type: ignore[arg-type]
    return result


def audited_tables() -> list[str]:
    return sorted(t.name for t in SQLModel.metadata.sorted_tables if not _unaudited(t.name))


_installed = False


def install() -> None:
    """The trail's listeners on every Session, once per process."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _check_locks)
        event.listen(Session, "after_flush", _record_flush)
        event.listen(Session, "do_orm_execute", _on_execute)
        _installed = True
