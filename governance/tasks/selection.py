"""Which tasks a filter picks (TaskFilter): its SQL, and the warning colour decided on light rows
so that only the tasks shown are loaded in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.tasks import rules
from governance.tasks.models import SourceKind, Task, TaskCoOwner, TaskPriority, TaskStatus
from governance.tasks.rules import Colour
from governance.tasks.summaries import Context, chunks


@dataclass(frozen=True)
class TaskFilter:
    status: TaskStatus | None = None
    open: bool | None = None  # True: not closed or cancelled; False: closed or cancelled
    warning: Colour | None = None
    unit_id: int | None = None  # responsible unit or co-owning unit
    person_id: int | None = None  # responsible leader, responsible person or co-owner
    source_kind: SourceKind | None = None
    event_id: int | None = None  # from this event (as a whole, an agenda item, or a finding)
    resolution_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    parent_id: int | None = None
    top_level: bool | None = None
    ongoing: bool | None = None
    priority: TaskPriority | None = None
    q: str | None = None


def filtered(f: TaskFilter) -> Any:
    stmt = select(Task)
    if f.status is not None:
        stmt = stmt.where(Task.status == f.status)
    if f.open is not None:
        wanted = rules.OPEN if f.open else rules.FINAL
        stmt = stmt.where(col(Task.status).in_(sorted(wanted)))
    if f.unit_id is not None:
        co = select(TaskCoOwner.task_id).where(TaskCoOwner.organisation_id == f.unit_id)
        stmt = stmt.where(
            sa.or_(
                col(Task.responsible_unit_id) == f.unit_id, col(Task.id).in_(co.scalar_subquery())
            )
        )
    if f.person_id is not None:
        co = select(TaskCoOwner.task_id).where(TaskCoOwner.person_id == f.person_id)
        stmt = stmt.where(
            sa.or_(
                col(Task.responsible_person_id) == f.person_id,
                col(Task.responsible_leader_id) == f.person_id,
                col(Task.id).in_(co.scalar_subquery()),
            )
        )
    for name in ("source_kind", "event_id", "resolution_id", "parent_id", "ongoing", "priority"):
        value = getattr(f, name)
        if value is not None:
            stmt = stmt.where(getattr(Task, name) == value)
    if f.due_from is not None:
        stmt = stmt.where(col(Task.due_on) >= f.due_from)
    if f.due_to is not None:
        stmt = stmt.where(col(Task.due_on) <= f.due_to)
    if f.top_level is not None:
        parent = col(Task.parent_id)
        stmt = stmt.where(parent.is_(None) if f.top_level else parent.is_not(None))
    if f.q:
        pattern = f"%{f.q}%"
        stmt = stmt.where(sa.or_(col(Task.title).like(pattern), col(Task.problem).like(pattern)))
    # Nearest deadline first, tasks without one last, then in order of registration.
    return stmt.order_by(col(Task.due_on).is_(None), col(Task.due_on), col(Task.id))


def last_day(start: date, days: int) -> date:
    """`days` after `start`, or the last day there is."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max


def select_tasks(
    session: Session, f: TaskFilter, ctx: Context, limit: int | None, offset: int
) -> tuple[list[Task], int]:
    """The tasks matching `f`. A warning colour is computed, not stored: SQL narrows the
    candidates by what the colour needs, the rules decide on light rows, and only the page's
    tasks are loaded in full."""
    stmt = filtered(f)
    if f.warning is None:
        total = session.exec(select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        elif offset:
            stmt = stmt.offset(offset)
        return list(session.exec(stmt).all()), int(total.one())
    due = col(Task.due_on)
    stmt = stmt.where(
        col(Task.status).in_(sorted(rules.OPEN)), col(Task.ongoing).is_(False), due.is_not(None)
    )
    if f.warning == Colour.RED:
        stmt = stmt.where(due < ctx.today)
    else:
        stmt = stmt.where(due >= ctx.today)
        if f.warning == Colour.BLUE:
            stmt = stmt.where(due <= last_day(ctx.today, ctx.warn_days))
    light = stmt.with_only_columns(
        col(Task.id),
        col(Task.status),
        col(Task.starts_on),
        col(Task.due_on),
        col(Task.ongoing),
        col(Task.progress),
    )
    ids = []
    for ident, status, starts_on, due_on, ongoing, progress in session.execute(light).all():
        progress = ctx.effective_progress(ident, status, progress)
        sched = rules.Schedule(status, starts_on, due_on, ongoing, progress)
        if rules.warning(sched, ctx.today, ctx.warn_days) == f.warning:
            ids.append(ident)
    page = ids[offset : None if limit is None else offset + limit]
    rows: dict[int, Task] = {}
    for chunk in chunks(page):
        rows.update(
            (t.id or 0, t) for t in session.exec(select(Task).where(col(Task.id).in_(chunk)))
        )
    return [rows[i] for i in page], len(ids)
