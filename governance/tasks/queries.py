"""Reading follow-up tasks: lists with filters, one task in full, ledger rows, reminders.

Warning colours and rolled-up progress are computed here on every read, from `today`, never
stored, so they are never stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from governance.core import timing
from governance.records.models import AgendaItem, Event, Organisation, Person
from governance.tasks import rules
from governance.tasks.labels import Labels, chinese_date, load_labels
from governance.tasks.models import (
    EvidenceKind,
    SourceKind,
    Task,
    TaskContact,
    TaskCoOwner,
    TaskEvidence,
    TaskPriority,
    TaskProgress,
    TaskStatus,
    TaskTransition,
)
from governance.tasks.rules import Colour
from governance.tasks.schemas import (
    AllowedRead,
    CoOwnerRead,
    EvidenceRead,
    ProgressRead,
    Ref,
    ReminderGroup,
    SourceRead,
    TaskRead,
    TaskSummary,
    TransitionRead,
)

CHUNK = 500  # ids per IN (...) query


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


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


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


def schedule(task: Task, progress: int) -> rules.Schedule:
    return rules.Schedule(task.status, task.starts_on, task.due_on, task.ongoing, progress)


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
        for chunk in _chunks(events - set(self.events)):
            for event in self.session.exec(select(Event).where(col(Event.id).in_(chunk))):
                self.events[event.id or 0] = event
        wanted = {t.resolution_id for t in tasks if t.resolution_id is not None}
        table = resolution_table()
        if table is not None and "title" in table.c:
            for chunk in _chunks(wanted - set(self.resolutions)):
                rows = self.session.execute(
                    sa.select(table.c.id, table.c.title).where(table.c.id.in_(chunk))
                )
                self.resolutions.update((i, str(title)) for i, title in rows.all())
        for chunk in _chunks(agenda - set(self.agenda)):
            rows = self.session.execute(
                sa.select(col(AgendaItem.id), col(AgendaItem.title)).where(
                    col(AgendaItem.id).in_(chunk)
                )
            )
            self.agenda.update(rows.all())

    def load_names(self, people: Iterable[int], units: Iterable[int]) -> None:
        for chunk in _chunks(people):
            rows = self.session.execute(
                sa.select(col(Person.id), col(Person.name)).where(col(Person.id).in_(chunk))
            )
            self.people.update(rows.all())
        for chunk in _chunks(units):
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

    def colour(self, task: Task) -> Colour | None:
        return rules.warning(self.schedule(task), self.today, self.warn_days)

    def schedule(self, task: Task) -> rules.Schedule:
        return schedule(task, self.effective_progress(task.id or 0, task.status, task.progress))

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


def _last_day(start: date, days: int) -> date:
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
            stmt = stmt.where(due <= _last_day(ctx.today, ctx.warn_days))
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
    for chunk in _chunks(page):
        rows.update(
            (t.id or 0, t) for t in session.exec(select(Task).where(col(Task.id).in_(chunk)))
        )
    return [rows[i] for i in page], len(ids)


def list_tasks(
    session: Session, f: TaskFilter, today: date, warn_days: int, limit: int, offset: int
) -> tuple[list[TaskSummary], int]:
    ctx = Context(session, today, warn_days)
    rows, total = select_tasks(session, f, ctx, limit, offset)
    ctx.load(rows)
    return [ctx.summary(t) for t in rows], total


def task_read(session: Session, task: Task, today: date, warn_days: int) -> TaskRead:
    task_id = task.id or 0
    ctx = Context(session, today, warn_days)
    subtasks = list(
        session.exec(select(Task).where(Task.parent_id == task_id).order_by(col(Task.id)))
    )
    co_owners = list(
        session.exec(
            select(TaskCoOwner)
            .where(TaskCoOwner.task_id == task_id)
            .order_by(col(TaskCoOwner.position), col(TaskCoOwner.id))
        )
    )
    history = list(
        session.exec(
            select(TaskTransition)
            .where(TaskTransition.task_id == task_id)
            .order_by(col(TaskTransition.at), col(TaskTransition.id))
        )
    )
    reports = list(
        session.exec(
            select(TaskProgress)
            .where(TaskProgress.task_id == task_id)
            .order_by(col(TaskProgress.at), col(TaskProgress.id))
        )
    )
    evidence = list(
        session.exec(
            select(TaskEvidence)
            .where(TaskEvidence.task_id == task_id)
            .order_by(col(TaskEvidence.at), col(TaskEvidence.id))
        )
    )
    actors = [h.actor_id for h in history if h.actor_id is not None]
    actors += [r.actor_id for r in reports] + [e.actor_id for e in evidence]
    actors += [c.person_id for c in co_owners if c.person_id is not None]
    ctx.load([task, *subtasks], actors)
    ctx.load_names((), [c.organisation_id for c in co_owners if c.organisation_id is not None])
    summary = ctx.summary(task)
    labels = ctx.labels

    def actor(ident: int) -> Ref:
        return Ref(id=ident, name=ctx.people.get(ident, ""))

    return TaskRead(
        **summary.model_dump(),
        problem=task.problem,
        target=task.target,
        measures=task.measures,
        notes=task.notes,
        weight=task.weight,
        co_owners=[
            CoOwnerRead(
                person_id=c.person_id,
                organisation_id=c.organisation_id,
                name=ctx.people.get(c.person_id, "")
                if c.person_id is not None
                else ctx.units.get(c.organisation_id or 0, ""),
            )
            for c in co_owners
        ],
        allowed_transitions=[
            AllowedRead(to=to, action=name, label=labels.action[name])
            for to, name in rules.WORKFLOW[task.status].items()
        ],
        subtasks=[ctx.summary(s) for s in subtasks],
        history=[
            TransitionRead(
                id=h.id or 0,
                from_status=h.from_status,
                to_status=h.to_status,
                action=rules.action(h.from_status, h.to_status) if h.from_status else None,
                actor=actor(h.actor_id) if h.actor_id is not None else None,
                at=h.at,
                comment=h.comment,
            )
            for h in history
        ],
        progress_reports=[
            ProgressRead(
                id=r.id or 0, actor=actor(r.actor_id), at=r.at, progress=r.progress, note=r.note
            )
            for r in reports
        ],
        evidence=[
            EvidenceRead(
                id=e.id or 0,
                kind=e.kind,
                text=e.text,
                filename=e.filename,
                content_type=e.content_type,
                size=e.size,
                sha256=e.sha256,
                actor=actor(e.actor_id),
                at=e.at,
                download=f"/api/v1/tasks/{task_id}/evidence/{e.id}/file"
                if e.kind == EvidenceKind.FILE
                else None,
            )
            for e in evidence
        ],
        created_at=task.created_at,
        updated_at=task.updated_at,
    )


# --- reminders -----------------------------------------------------------------------------------
def reminders(session: Session, today: date, days: int, warn_days: int) -> list[ReminderGroup]:
    """Open tasks due within `days` days or overdue, grouped by responsible person (by unit for
    tasks without one); people in order of id, tasks by deadline."""
    ctx = Context(session, today, warn_days)
    stmt = select(Task).where(
        col(Task.status).in_(sorted(rules.OPEN)),
        col(Task.due_on).is_not(None),
        col(Task.due_on) <= _last_day(today, days),
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
    for chunk in _chunks(people):
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


# --- the ledger (整改台账) -------------------------------------------------------------------------
Cell = str | int


def _ledger_order(tasks: Sequence[Task]) -> list[tuple[str, Task]]:
    """Tasks with their numbers: 1, 2, … for top-level rows, 2.1, 2.2 for sub-tasks listed under
    their parent (when the parent is in the ledger too)."""
    ids = {t.id for t in tasks}
    children: dict[int | None, list[Task]] = {}
    for t in sorted(tasks, key=lambda t: t.id or 0):
        parent = t.parent_id if t.parent_id in ids else None
        children.setdefault(parent, []).append(t)
    ordered: list[tuple[str, Task]] = []
    stack = [(str(i), t) for i, t in enumerate(children.get(None, []), 1)][::-1]
    seen: set[int] = set()
    while stack:
        number, task = stack.pop()
        if (task.id or 0) in seen:
            continue
        seen.add(task.id or 0)
        ordered.append((number, task))
        kids = children.get(task.id, [])
        stack.extend((f"{number}.{i}", k) for i, k in reversed(list(enumerate(kids, 1))))
    return ordered


def ledger(
    session: Session, f: TaskFilter, today: date, warn_days: int
) -> tuple[list[str], list[list[Cell]]]:
    """The ledger's headings and rows for the tasks matching `f`, warnings as of `today`."""
    ctx = Context(session, today, warn_days)
    tasks, _ = select_tasks(session, f, ctx, None, 0)
    ids = [t.id or 0 for t in tasks]
    co_owners: dict[int, list[TaskCoOwner]] = {}
    latest: dict[int, TaskProgress] = {}
    evidence: dict[int, list[TaskEvidence]] = {}
    closing: dict[int, TaskTransition] = {}
    for chunk in _chunks(ids):
        for c in session.exec(
            select(TaskCoOwner)
            .where(col(TaskCoOwner.task_id).in_(chunk))
            .order_by(col(TaskCoOwner.position), col(TaskCoOwner.id))
        ):
            co_owners.setdefault(c.task_id, []).append(c)
        for p in session.exec(
            select(TaskProgress)
            .where(col(TaskProgress.task_id).in_(chunk))
            .order_by(col(TaskProgress.at), col(TaskProgress.id))
        ):
            latest[p.task_id] = p
        for e in session.exec(
            select(TaskEvidence)
            .where(col(TaskEvidence.task_id).in_(chunk))
            .order_by(col(TaskEvidence.at), col(TaskEvidence.id))
        ):
            evidence.setdefault(e.task_id, []).append(e)
        for h in session.exec(
            select(TaskTransition)
            .where(
                col(TaskTransition.task_id).in_(chunk),
                TaskTransition.to_status == TaskStatus.CLOSED,
            )
            .order_by(col(TaskTransition.at), col(TaskTransition.id))
        ):
            closing[h.task_id] = h
    people = [c.person_id for cs in co_owners.values() for c in cs if c.person_id is not None]
    people += [h.actor_id for h in closing.values() if h.actor_id is not None]
    ctx.load(tasks, people)
    ctx.load_names(
        (), [c.organisation_id for cs in co_owners.values() for c in cs if c.organisation_id]
    )
    labels = ctx.labels
    rows: list[list[Cell]] = []
    for number, task in _ledger_order(tasks):
        ident = task.id or 0
        sched = ctx.schedule(task)
        colour = rules.warning(sched, ctx.today, ctx.warn_days)
        progress = latest.get(ident)
        closed = closing.get(ident) if task.status == TaskStatus.CLOSED else None
        texts = [e.text for e in evidence.get(ident, []) if e.kind == EvidenceKind.TEXT]
        names = [e.filename for e in evidence.get(ident, []) if e.kind == EvidenceKind.FILE]
        values: dict[str, Cell] = {
            "number": number,
            "source": ctx.source_label(task),
            "title": task.title,
            "problem": task.problem,
            "target": task.target,
            "measures": task.measures,
            "leader": ctx.people.get(task.responsible_leader_id or 0, ""),
            "unit": ctx.units.get(task.responsible_unit_id or 0, ""),
            "person": ctx.people.get(task.responsible_person_id or 0, ""),
            "co_owners": "、".join(
                ctx.people.get(c.person_id, "")
                if c.person_id is not None
                else ctx.units.get(c.organisation_id or 0, "")
                for c in co_owners.get(ident, [])
            ),
            "deadline": labels.deadline(task.due_on, task.ongoing),
            "priority": labels.priority[task.priority],
            "progress": sched.progress,
            "status": labels.status[task.status],
            "warning": labels.colour_short[colour] if colour else "",
            "latest": _latest(progress),
            "evidence": "；".join(texts + names),
            "reviewer": ctx.people.get(closed.actor_id, "") if closed and closed.actor_id else "",
            "closed_on": chinese_date(timing.local_day(closed.at)) if closed else "",
            "notes": task.notes,
        }
        rows.append([values[code] for code, _ in labels.ledger])
    return [heading for _, heading in labels.ledger], rows


def _latest(progress: TaskProgress | None) -> str:
    if progress is None:
        return ""
    day = chinese_date(timing.local_day(progress.at))
    note = (
        f"{progress.note}（进度{progress.progress}%）"
        if progress.note
        else f"进度{progress.progress}%"
    )
    return f"{day}：{note}"
