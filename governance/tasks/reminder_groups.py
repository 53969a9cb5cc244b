"""Who is reminded of what: open tasks due soon or overdue, grouped by responsible person (the
text and the e-mail are remind.py's)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.tasks import rules
from governance.tasks.models import Task, TaskContact
from governance.tasks.schemas import ReminderGroup
from governance.tasks.selection import last_day
from governance.tasks.summaries import Context, chunks


def reminders(session: Session, today: date, days: int, warn_days: int) -> list[ReminderGroup]:
    """Open tasks due within `days` days or overdue, grouped by responsible person (by unit for
    tasks without one); people in order of id, tasks by deadline."""
    ctx = Context(session, today, warn_days)
    stmt = select(Task).where(
        col(Task.status).in_(sorted(rules.OPEN)),
        col(Task.due_on).is_not(None),
        col(Task.due_on) <= last_day(today, days),
        col(Task.ongoing).is_(False),
    )
    due = [
        t
        for t in session.exec(stmt.order_by(col(Task.due_on), col(Task.id))).all()
        if rules.due_for_reminder(ctx.schedule(t), today, days)
    ]
    ctx.load(due)
    groups: dict[tuple[int, int, int], list[Task]] = {}
    for t in due:
        if t.responsible_person_id is not None:
            key = (0, t.responsible_person_id, 0)
        elif t.responsible_unit_id is not None:
            key = (1, 0, t.responsible_unit_id)
        else:
            key = (2, 0, 0)
        groups.setdefault(key, []).append(t)
    emails: dict[int, str] = {}
    people = [k[1] for k in groups if k[0] == 0]
    for chunk in chunks(people):
        rows = session.execute(
            sa.select(col(TaskContact.person_id), col(TaskContact.email)).where(
                col(TaskContact.person_id).in_(chunk)
            )
        )
        emails.update(rows.all())
    result = []
    for (rank, person_id, unit_id), tasks in sorted(groups.items()):
        person = ctx.person(person_id) if rank == 0 else None
        unit = ctx.unit(unit_id) if rank == 1 else None
        if person is not None:
            label = person.name
        elif unit is not None:
            label = f"{unit.name}（未指定责任人）"
        else:
            label = "未指定责任单位和责任人"
        result.append(
            ReminderGroup(
                person=person,
                unit=unit,
                label=label,
                email=emails.get(person_id) if rank == 0 else None,
                tasks=[ctx.summary(t) for t in tasks],
            )
        )
    return result
