"""A task as a row of a list (TaskSummary), and the Context a read fetches once for all its rows:
names, events, rolled-up progress. Warning colours and rolled-up progress are computed here on
every read, from `today`, never stored, so they are never stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import timing
from governance.records.models import AgendaItem, Event, Organisation, Person
from governance.tasks import rules
from governance.tasks.labels import Labels, chinese_date, load_labels
from governance.tasks.models import (
    SourceKind,
    Task,
    TaskCoOwner,
    TaskEvidence,
    TaskProgress,
    TaskStatus,
    TaskTransition,
)
from governance.tasks.schemas import Ref, SourceRead, TaskSummary
from governance.tasks.sources import resolution_table, source_id_of

CHUNK = 500  # ids per IN (...) query
Row = TypeVar("Row", TaskCoOwner, TaskTransition, TaskProgress, TaskEvidence)


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def of_tasks(
    session: Session, model: type[Row], task_ids: Iterable[int], order: Any, *where: Any
) -> list[Row]:
    """The rows of `model` under these tasks, by `order` then as written."""
    rows: list[Row] = []
    for chunk in chunks(task_ids):
        stmt = select(model).where(col(model.task_id).in_(chunk), *where)
        rows += session.exec(stmt.order_by(col(order), col(model.id))).all()
    return rows


@dataclass
class Context:
    """What summaries need beyond the task rows, fetched once per request."""

    session: Session
    today: date
    warn_days: int
    labels: Labels = field(default_factory=load_labels)
    progress: dict[int, int] = field(default_factory=dict)
    children: dict[int, int] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    events: dict[int, Event] = field(default_factory=dict)
    agenda: dict[int, str] = field(default_factory=dict)
    resolutions: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Only tasks in a tree need the roll-up: sub-tasks and the tasks that have some.
        parents = sa.select(col(Task.parent_id)).where(col(Task.parent_id).is_not(None))
        rows = self.session.execute(
            sa.select(
                col(Task.id),
                col(Task.parent_id),
                col(Task.status),
                col(Task.progress),
                col(Task.weight),
            ).where(sa.or_(col(Task.parent_id).is_not(None), col(Task.id).in_(parents)))
        ).all()
        nodes = [rules.Node(*row) for row in rows]
        self.progress = rules.rolled_up(nodes)
        for node in nodes:
            if node.parent_id is not None:
                self.children[node.parent_id] = self.children.get(node.parent_id, 0) + 1

    def effective_progress(self, ident: int, status: TaskStatus, own: int) -> int:
        if ident in self.progress:
            return self.progress[ident]
        return 100 if status == TaskStatus.CLOSED else rules.clamp(own)

    def load(self, tasks: Sequence[Task], person_ids: Iterable[int] = ()) -> None:
        people = set(person_ids)
        units: set[int] = set()
        events: set[int] = set()
        agenda: set[int] = set()
        for t in tasks:
            people.update(
                i for i in (t.responsible_leader_id, t.responsible_person_id) if i is not None
            )
            if t.responsible_unit_id is not None:
                units.add(t.responsible_unit_id)
            if t.event_id is not None:
                events.add(t.event_id)
            if t.agenda_item_id is not None:
                agenda.add(t.agenda_item_id)
        self.load_names(people - set(self.people), units - set(self.units))
        for chunk in chunks(events - set(self.events)):
            for event in self.session.exec(select(Event).where(col(Event.id).in_(chunk))):
                self.events[event.id or 0] = event
        wanted = {t.resolution_id for t in tasks if t.resolution_id is not None}
        table = resolution_table()
        if table is not None and "title" in table.c:
            for chunk in chunks(wanted - set(self.resolutions)):
                rows = self.session.execute(
                    sa.select(table.c.id, table.c.title).where(table.c.id.in_(chunk))
                )
                self.resolutions.update((i, str(title)) for i, title in rows.all())
        for chunk in chunks(agenda - set(self.agenda)):
            rows = self.session.execute(
                sa.select(col(AgendaItem.id), col(AgendaItem.title)).where(
                    col(AgendaItem.id).in_(chunk)
                )
            )
            self.agenda.update(rows.all())

    def load_names(self, people: Iterable[int], units: Iterable[int]) -> None:
        for chunk in chunks(people):
            rows = self.session.execute(
                sa.select(col(Person.id), col(Person.name)).where(col(Person.id).in_(chunk))
            )
            self.people.update(rows.all())
        for chunk in chunks(units):
            rows = self.session.execute(
                sa.select(
                    col(Organisation.id), col(Organisation.short_name), col(Organisation.name)
                ).where(col(Organisation.id).in_(chunk))
            )
            self.units.update((i, short or name) for i, short, name in rows.all())

    def person(self, ident: int | None) -> Ref | None:
        return None if ident is None else Ref(id=ident, name=self.people.get(ident, ""))

    def unit(self, ident: int | None) -> Ref | None:
        return None if ident is None else Ref(id=ident, name=self.units.get(ident, ""))

    def co_owner_name(self, owner: TaskCoOwner) -> str:
        if owner.person_id is not None:
            return self.people.get(owner.person_id, "")
        return self.units.get(owner.organisation_id or 0, "")

    def schedule(self, task: Task) -> rules.Schedule:
        progress = self.effective_progress(task.id or 0, task.status, task.progress)
        return rules.Schedule(task.status, task.starts_on, task.due_on, task.ongoing, progress)

    def source_label(self, task: Task) -> str:
        kind = task.source_kind
        event = self.events.get(task.event_id) if task.event_id is not None else None
        label = ""
        if event is not None:
            day = chinese_date(timing.local_day(event.starts_at))
            label = f"{event.title}（{day}）"
        if kind == SourceKind.AGENDA_ITEM and task.agenda_item_id in self.agenda:
            label += f"：{self.agenda[task.agenda_item_id or 0]}"
        elif kind == SourceKind.FINDING and label:
            label += "反馈问题"
        elif kind == SourceKind.RESOLUTION and task.resolution_id is not None:
            title = self.resolutions.get(task.resolution_id) or f"决议{task.resolution_id}"
            label = (label + "：" if label else "") + title
        if task.source_note:
            label = f"{label}；{task.source_note}" if label else task.source_note
        return label

    def summary(self, task: Task) -> TaskSummary:
        sched = self.schedule(task)
        colour = rules.warning(sched, self.today, self.warn_days)
        return TaskSummary(
            id=task.id or 0,
            key=task.key,
            parent_id=task.parent_id,
            title=task.title,
            status=task.status,
            status_label=self.labels.status[task.status],
            priority=task.priority,
            source=SourceRead(
                kind=task.source_kind,
                id=source_id_of(task),
                event_id=task.event_id,
                agenda_item_id=task.agenda_item_id,
                resolution_id=task.resolution_id,
                note=task.source_note,
                label=self.source_label(task),
            ),
            responsible_leader=self.person(task.responsible_leader_id),
            responsible_unit=self.unit(task.responsible_unit_id),
            responsible_person=self.person(task.responsible_person_id),
            starts_on=task.starts_on,
            due_on=task.due_on,
            ongoing=task.ongoing,
            deadline_label=self.labels.deadline(task.due_on, task.ongoing),
            progress=sched.progress,
            own_progress=task.progress,
            warning=colour,
            warning_label=self.labels.colour[colour] if colour else "",
            days_left=rules.days_left(sched, self.today),
            expected_progress=rules.expected_progress(sched, self.today),
            subtask_count=self.children.get(task.id or 0, 0),
        )
