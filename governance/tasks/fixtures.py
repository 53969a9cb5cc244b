"""The `tasks` section of fixture files (format: README.md, "Follow-up tasks").

Tasks are matched by `key`: loading again changes nothing, an edited item updates its task in
place (its state and history are kept). A new task is registered, as the articles only state
what is to be done; who does it and by when are left empty unless an article prints them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import Session, col, select

from governance.core import timing
from governance.core.columns import utcnow
from governance.core.errors import DomainError
from governance.core.types import Line, Name, Prose, Short, Title
from governance.records.fixture_files import FixtureError, LoadReport
from governance.records.models import AgendaItem, Event, Organisation, Person
from governance.tasks import service, sources
from governance.tasks.models import SourceKind, Task, TaskCoOwner, TaskPriority, TaskTransition
from governance.tasks.schemas import TaskDate, Weight

KIND = "task"
LOADED_COMMENT = "由数据文件载入"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceFixture(_Strict):
    kind: SourceKind
    event: Short | None = None  # the event's key
    agenda: Title | None = None  # the agenda item's title, for kind agenda_item

    @model_validator(mode="after")
    def _complete(self) -> SourceFixture:
        if self.kind == SourceKind.RESOLUTION:
            raise ValueError("resolutions are not loaded from fixtures yet")
        if self.event is None:
            raise ValueError("give the event's key")
        if (self.kind == SourceKind.AGENDA_ITEM) != (self.agenda is not None):
            raise ValueError("give agenda (the item's title) exactly when kind is agenda_item")
        return self


class CoOwnerFixture(_Strict):
    person: Name | None = None
    organisation: Title | None = None

    @model_validator(mode="after")
    def _one(self) -> CoOwnerFixture:
        if (self.person is None) == (self.organisation is None):
            raise ValueError("give exactly one of person and organisation")
        return self


class TaskFixture(_Strict):
    key: Short = Field(min_length=1)
    title: Title
    source: SourceFixture | None = None
    source_note: Line = ""
    problem: Prose = ""
    target: Prose = ""
    measures: Prose = ""
    notes: Prose = ""
    parent: Short | None = None
    responsible_leader: Name | None = None
    responsible_unit: Title | None = None
    responsible_person: Name | None = None
    co_owners: list[CoOwnerFixture] = Field(default_factory=list, max_length=50)
    starts_on: TaskDate | None = None
    due_on: TaskDate | None = None
    ongoing: bool = False
    priority: TaskPriority = TaskPriority.NORMAL
    weight: Weight = 1


def _loc(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


class _TaskLoader:
    def __init__(self, session: Session, report: LoadReport) -> None:
        self.session = session
        self.report = report

    def person(self, name: str | None, where: str) -> int | None:
        if name is None:
            return None
        ids = self.session.exec(select(Person.id).where(Person.name == name)).all()
        if len(ids) != 1:
            problem = "no person" if not ids else f"{len(ids)} people"
            raise FixtureError(f"{where}: {problem} named {name!r}")
        return ids[0]

    def organisation(self, name: str | None, where: str) -> int | None:
        if name is None:
            return None
        ids = self.session.exec(
            select(Organisation.id).where(
                (Organisation.name == name) | (Organisation.short_name == name)
            )
        ).all()
        if len(ids) != 1:
            problem = "no organisation" if not ids else f"{len(ids)} organisations"
            raise FixtureError(f"{where}: {problem} named {name!r}")
        return ids[0]

    def source(self, s: SourceFixture | None, where: str) -> tuple[int | None, date | None]:
        """(source id, the source event's day) for a fixture's source."""
        if s is None:
            return None, None
        event = self.session.exec(select(Event).where(Event.key == s.event)).first()
        if event is None:
            raise FixtureError(f"{where}.event: no event with key {s.event!r}")
        day = timing.local_day(event.starts_at)
        if s.kind != SourceKind.AGENDA_ITEM:
            return event.id, day
        items = self.session.exec(
            select(AgendaItem.id).where(
                AgendaItem.event_id == event.id, AgendaItem.title == s.agenda
            )
        ).all()
        if len(items) != 1:
            problem = "no agenda item" if not items else f"{len(items)} agenda items"
            raise FixtureError(f"{where}.agenda: {problem} titled {s.agenda!r} in {s.event!r}")
        return items[0], day

    def values(self, where: str, t: TaskFixture) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        source_id, day = self.source(t.source, f"{where}.source")
        starts_on = t.starts_on or day
        if starts_on is None:
            raise FixtureError(f"{where}.starts_on: give a date (there is no source event)")
        parent_id = None
        if t.parent is not None:
            parent_id = self.session.exec(select(Task.id).where(Task.key == t.parent)).first()
            if parent_id is None:
                raise FixtureError(f"{where}.parent: no task with key {t.parent!r}")
        co_owners = [
            {
                "person_id": self.person(c.person, f"{where}.co_owners[{i}].person"),
                "organisation_id": self.organisation(
                    c.organisation, f"{where}.co_owners[{i}].organisation"
                ),
            }
            for i, c in enumerate(t.co_owners)
        ]
        values: dict[str, Any] = {
            "key": t.key,
            "title": t.title,
            "problem": t.problem,
            "target": t.target,
            "measures": t.measures,
            "notes": t.notes,
            "source_kind": t.source.kind if t.source else None,
            "source_note": t.source_note,
            "parent_id": parent_id,
            "responsible_leader_id": self.person(
                t.responsible_leader, f"{where}.responsible_leader"
            ),
            "responsible_unit_id": self.organisation(
                t.responsible_unit, f"{where}.responsible_unit"
            ),
            "responsible_person_id": self.person(
                t.responsible_person, f"{where}.responsible_person"
            ),
            "starts_on": starts_on,
            "due_on": t.due_on,
            "ongoing": t.ongoing,
            "priority": t.priority,
            "weight": t.weight,
        }
        try:
            values.update(
                sources.source_columns(self.session, t.source.kind if t.source else None, source_id)
            )
        except DomainError as exc:
            raise FixtureError(f"{where}.source: {exc.detail}") from exc
        return values, co_owners

    def load(self, where: str, t: TaskFixture) -> None:
        values, co_owners = self.values(where, t)
        row = self.session.exec(select(Task).where(Task.key == t.key)).first()
        try:
            service.check_fields(self.session, values, row)
        except DomainError as exc:
            raise FixtureError(f"{where}.{exc.field or 'key'}: {exc.detail}") from exc
        if row is None:
            row = Task(**values)
            self.session.add(row)
            self.session.flush()
            self.session.add(
                TaskTransition(task_id=row.id or 0, to_status=row.status, comment=LOADED_COMMENT)
            )
            self._add_co_owners(row.id or 0, co_owners)
            self.report.created[KIND] += 1
            return
        stored = self.session.exec(
            select(TaskCoOwner)
            .where(TaskCoOwner.task_id == row.id)
            .order_by(col(TaskCoOwner.position), col(TaskCoOwner.id))
        ).all()
        same_owners = [
            {"person_id": c.person_id, "organisation_id": c.organisation_id} for c in stored
        ] == co_owners
        if same_owners and all(getattr(row, k) == v for k, v in values.items()):
            self.report.unchanged[KIND] += 1
            return
        for k, v in values.items():
            setattr(row, k, v)
        row.updated_at = utcnow()
        self.session.add(row)
        if not same_owners:
            for c in stored:
                self.session.delete(c)
            self.session.flush()
            self._add_co_owners(row.id or 0, co_owners)
        self.session.flush()
        self.report.updated[KIND] += 1

    def _add_co_owners(self, task_id: int, co_owners: list[dict[str, Any]]) -> None:
        for position, owner in enumerate(co_owners):
            self.session.add(TaskCoOwner(task_id=task_id, position=position, **owner))
        self.session.flush()


def load_tasks(session: Session, items: list[tuple[str, Any]], report: LoadReport) -> None:
    """Loader of the `tasks` section (declared in governance/tasks/capability.py)."""
    parsed: list[tuple[str, TaskFixture]] = []
    for where, raw in items:
        try:
            parsed.append((where, TaskFixture.model_validate(raw)))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = _loc(tuple(first["loc"]))
            raise FixtureError(f"{where}{'.' + loc if loc else ''}: {first['msg']}") from exc
    seen: set[str] = set()
    for where, t in parsed:
        if t.key in seen:
            raise FixtureError(f"{where}.key: {t.key!r} is used by more than one task")
        seen.add(t.key)
    # Parents before their sub-tasks, whatever the order in the files.
    pending = list(parsed)
    while pending:
        waiting = {t.key for _, t in pending}
        ready = [(w, t) for w, t in pending if t.parent is None or t.parent not in waiting]
        if not ready:
            where, t = pending[0]
            raise FixtureError(f"{where}.parent: tasks form a cycle through {t.key!r}")
        loader = _TaskLoader(session, report)
        for where, t in ready:
            loader.load(where, t)
        pending = [item for item in pending if item not in ready]
