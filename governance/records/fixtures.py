"""Loading the human-edited YAML fixtures (format: fixtures/README.md).

Records are matched by natural key, so loading twice changes nothing and an edited file updates
in place. Every error names the file and the field.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import Session, col, select

from governance.core.errors import DomainError
from governance.core.yamltext import load_yaml
from governance.records import service
from governance.records.models import (
    AgendaItem,
    AgendaKind,
    AttendanceGroup,
    Document,
    DocumentKind,
    DocumentStatus,
    Event,
    EventKind,
    EventStatus,
    Numbering,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    Post,
    Role,
    StandingBody,
    Tenure,
    Visibility,
)
from governance.records.schemas import (
    AgendaItemIn,
    DocumentIn,
    EventCreate,
    EventUpdate,
    GroupIn,
    Guest,
    ParticipantIn,
)


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message names file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganisationFixture(_Strict):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(default="", max_length=100)
    prefix: str = Field(default="", max_length=100)
    kind: OrganisationKind
    parent: str | None = None
    rank: int = 0


class PostFixture(_Strict):
    organisation: str
    title: str = Field(min_length=1, max_length=100)
    precedence: int = 100


class TenureFixture(_Strict):
    post: str
    organisation: str | None = None
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class PersonFixture(_Strict):
    name: str = Field(min_length=1, max_length=50)
    organisation: str | None = None
    internal: bool = True
    notes: str = ""
    tenures: list[TenureFixture] = Field(default_factory=list)


class BodyFixture(_Strict):
    organisation: str
    name: str = Field(min_length=1, max_length=100)
    numbering: Numbering


class ParticipantFixture(_Strict):
    person: str | None = None
    guest: Guest | None = None
    role: Role
    printed_title: str | None = Field(default=None, max_length=200)
    delegation: str = Field(default="", max_length=200)
    delegation_size: int | None = Field(default=None, ge=0)
    remarks: str = ""

    @model_validator(mode="after")
    def _one(self) -> ParticipantFixture:
        if (self.person is None) == (self.guest is None):
            raise ValueError("give exactly one of person and guest")
        return self


class GroupFixture(_Strict):
    label: str = Field(min_length=1, max_length=200)
    organisation: str | None = None
    count: int | None = Field(default=None, ge=0)
    approximate: bool = False
    role: Role = Role.PARTICIPATE


class DocumentFixture(_Strict):
    title: str = Field(min_length=1, max_length=300)
    kind: DocumentKind = DocumentKind.OTHER
    status: DocumentStatus = DocumentStatus.DRAFT


class AgendaFixture(_Strict):
    title: str = Field(min_length=1, max_length=300)
    kind: AgendaKind = AgendaKind.OTHER
    presenter: str | None = None
    outcome: str = ""
    document: DocumentFixture | None = None


class EventFixture(_Strict):
    key: str = Field(min_length=1, max_length=100)
    kind: EventKind
    title: str | None = None
    body: str | None = None
    term: int | None = None
    session: int | None = None
    organiser: str | None = None
    start: date | datetime
    end: date | datetime | None = None
    location: str = ""
    status: EventStatus = EventStatus.HELD
    visibility: Visibility = Visibility.INTERNAL
    parent: str | None = None
    summary: str = ""
    notes: str = ""
    delegates_due: int | None = None
    delegates_present: int | None = None
    participants: list[ParticipantFixture] = Field(default_factory=list)
    groups: list[GroupFixture] = Field(default_factory=list)
    agenda: list[AgendaFixture] = Field(default_factory=list)
    documents: list[DocumentFixture] = Field(default_factory=list)


class FixtureFile(_Strict):
    organisations: list[OrganisationFixture] = Field(default_factory=list)
    posts: list[PostFixture] = Field(default_factory=list)
    people: list[PersonFixture] = Field(default_factory=list)
    bodies: list[BodyFixture] = Field(default_factory=list)
    events: list[EventFixture] = Field(default_factory=list)
    # Sections of other capabilities (see EXTRA_SECTIONS), kept raw for their own loaders.
    extra: dict[str, list[Any]] = Field(default_factory=dict, exclude=True)


# Top-level sections that other capabilities load after the records, in this order:
# section name -> "module:function". The function is called as
# fn(session, items, report) with items = [(where, raw_item), ...] ("file: section[i]"), validates
# each item itself, counts in report.created/updated/unchanged[kind], and raises FixtureError
# naming `where` and the field.
EXTRA_SECTIONS: dict[str, str] = {
    "elections": "governance.elections.fixtures:load_elections",
    "tasks": "governance.tasks.fixtures:load_tasks",
}


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def rows(self) -> list[tuple[str, int, int, int]]:
        kinds = ["organisation", "post", "person", "tenure", "body", "event"]
        seen = set(self.created) | set(self.updated) | set(self.unchanged)
        kinds += sorted(seen - set(kinds))
        return [(k, self.created[k], self.updated[k], self.unchanged[k]) for k in kinds]

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def fixture_paths(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named or found in the folders named, each once."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix in {".yaml", ".yml"}:
                    found.setdefault(p.resolve(), p)
        elif path.exists():
            found.setdefault(path.resolve(), path)
        else:
            raise FixtureError(f"{path}: no such file or folder")
    return list(found.values())


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_fixture(path: Path) -> FixtureFile:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FixtureError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise FixtureError(f"{path}: the top level must be a mapping of lists (organisations, …)")
    extra = {}
    for name in [k for k in raw if k in EXTRA_SECTIONS]:
        items = raw.pop(name) or []
        if not isinstance(items, list):
            raise FixtureError(f"{path}: {name}: must be a list")
        extra[name] = items
    try:
        fixture = FixtureFile.model_validate(raw)
        fixture.extra = extra
        return fixture
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise FixtureError(f"{path}: {_loc(tuple(first['loc']))}: {first['msg']}{more}") from exc


class _Loader:
    def __init__(self, session: Session, report: LoadReport) -> None:
        self.session = session
        self.report = report

    def _set(self, kind: str, row: Any, values: dict[str, Any]) -> None:
        if row.id is None:
            self.report.created[kind] += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            self.report.updated[kind] += 1
        else:
            self.report.unchanged[kind] += 1
            return
        for k, v in values.items():
            setattr(row, k, v)
        self.session.add(row)
        self.session.flush()

    def organisation(self, name: str | None, where: str) -> int | None:
        if name is None:
            return None
        org = self.session.exec(
            select(Organisation).where(
                (Organisation.name == name) | (Organisation.short_name == name)
            )
        ).first()
        if org is None:
            raise FixtureError(f"{where}: no organisation named {name!r}")
        return org.id

    def person(self, name: str, where: str) -> int:
        ids = self.session.exec(select(Person.id).where(Person.name == name)).all()
        if len(ids) != 1:
            problem = "no person" if not ids else f"{len(ids)} people"
            raise FixtureError(f"{where}: {problem} named {name!r}")
        return ids[0]  # type: ignore[return-value]

    def load_organisations(self, items: list[tuple[str, OrganisationFixture]]) -> None:
        # Two passes: parents may be listed after their children.
        unchanged: set[str] = set()
        for _where, o in items:
            row = self.session.exec(select(Organisation).where(Organisation.name == o.name)).first()
            values: dict[str, Any] = {
                "short_name": o.short_name,
                "prefix": o.prefix,
                "kind": o.kind,
                "rank": o.rank,
            }
            before = self.report.unchanged["organisation"]
            self._set("organisation", row or Organisation(name=o.name, kind=o.kind), values)
            if self.report.unchanged["organisation"] > before:
                unchanged.add(o.name)
        for where, o in items:
            row = self.session.exec(select(Organisation).where(Organisation.name == o.name)).one()
            parent_id = self.organisation(o.parent, f"{where}.parent")
            if row.parent_id != parent_id:
                row.parent_id = parent_id
                self.session.add(row)
                if o.name in unchanged:
                    self.report.unchanged["organisation"] -= 1
                    self.report.updated["organisation"] += 1

    def load_post(self, where: str, p: PostFixture) -> None:
        org_id = self.organisation(p.organisation, f"{where}.organisation")
        row = self.session.exec(
            select(Post).where(Post.organisation_id == org_id, Post.title == p.title)
        ).first()
        self._set(
            "post",
            row or Post(organisation_id=org_id or 0, title=p.title),
            {"precedence": p.precedence},
        )

    def load_person(self, where: str, p: PersonFixture) -> None:
        org_id = self.organisation(p.organisation, f"{where}.organisation")
        rows = self.session.exec(select(Person).where(Person.name == p.name)).all()
        if len(rows) > 1:
            rows = [r for r in rows if r.organisation_id == org_id]
        if len(rows) > 1:
            raise FixtureError(f"{where}.name: {len(rows)} people named {p.name!r} in the database")
        row = rows[0] if rows else Person(name=p.name)
        self._set(
            "person", row, {"organisation_id": org_id, "internal": p.internal, "notes": p.notes}
        )
        wanted: list[tuple[int, date | None, date | None]] = []
        for i, t in enumerate(p.tenures):
            t_where = f"{where}.tenures[{i}]"
            post_org = self.organisation(
                t.organisation or p.organisation, f"{t_where}.organisation"
            )
            post_id = self.session.exec(
                select(Post.id).where(Post.organisation_id == post_org, Post.title == t.post)
            ).first()
            if post_id is None:
                raise FixtureError(f"{t_where}.post: no post {t.post!r} in that organisation")
            if t.from_ and t.to and t.to < t.from_:
                raise FixtureError(f"{t_where}.to: is before from")
            wanted.append((post_id, t.from_, t.to))
        existing = self.session.exec(select(Tenure).where(Tenure.person_id == row.id)).all()
        by_key = {(t.post_id, t.starts_on): t for t in existing}
        for post_id, starts_on, ends_on in wanted:
            tenure = by_key.pop((post_id, starts_on), None)
            self._set(
                "tenure",
                tenure or Tenure(person_id=row.id or 0, post_id=post_id, starts_on=starts_on),
                {"ends_on": ends_on},
            )
        for stale in by_key.values():  # the fixture's list of tenures is authoritative
            self.session.delete(stale)
            self.report.updated["tenure"] += 1

    def load_body(self, where: str, b: BodyFixture) -> None:
        org_id = self.organisation(b.organisation, f"{where}.organisation")
        row = self.session.exec(
            select(StandingBody).where(
                StandingBody.organisation_id == org_id, StandingBody.name == b.name
            )
        ).first()
        self._set(
            "body",
            row or StandingBody(organisation_id=org_id or 0, name=b.name, numbering=b.numbering),
            {"numbering": b.numbering},
        )

    def body(self, name: str | None, organiser_id: int | None, where: str) -> int | None:
        if name is None:
            return None
        rows = self.session.exec(select(StandingBody).where(StandingBody.name == name)).all()
        own = [b for b in rows if b.organisation_id == organiser_id]
        chosen = own or rows
        if len(chosen) != 1:
            problem = "no body" if not chosen else f"{len(chosen)} bodies"
            raise FixtureError(f"{where}: {problem} named {name!r}")
        return chosen[0].id

    def event_input(self, where: str, e: EventFixture) -> EventCreate:
        organiser_id = self.organisation(e.organiser, f"{where}.organiser")
        parent_id = None
        if e.parent is not None:
            parent_id = self.session.exec(select(Event.id).where(Event.key == e.parent)).first()
            if parent_id is None:
                raise FixtureError(f"{where}.parent: no event with key {e.parent!r}")
        participants = [
            ParticipantIn(
                person_id=self.person(p.person, f"{where}.participants[{i}].person")
                if p.person
                else None,
                guest=p.guest,
                role=p.role,
                printed_title=p.printed_title,
                delegation=p.delegation,
                delegation_size=p.delegation_size,
                remarks=p.remarks,
                position=i,
            )
            for i, p in enumerate(e.participants)
        ]
        groups = [
            GroupIn(
                label=g.label,
                organisation_id=self.organisation(
                    g.organisation, f"{where}.groups[{i}].organisation"
                ),
                count=g.count,
                approximate=g.approximate,
                role=g.role,
                position=i,
            )
            for i, g in enumerate(e.groups)
        ]
        agenda = [
            AgendaItemIn(
                title=a.title,
                kind=a.kind,
                outcome=a.outcome,
                position=i,
                presenter_id=self.person(a.presenter, f"{where}.agenda[{i}].presenter")
                if a.presenter
                else None,
                document=DocumentIn(**a.document.model_dump()) if a.document else None,
            )
            for i, a in enumerate(e.agenda)
        ]
        return EventCreate(
            key=e.key,
            kind=e.kind,
            title=e.title,
            body_id=self.body(e.body, organiser_id, f"{where}.body"),
            term=e.term,
            session=e.session,
            organiser_id=organiser_id,
            start=e.start,
            end=e.end,
            location=e.location,
            status=e.status,
            visibility=e.visibility,
            summary=e.summary,
            notes=e.notes,
            parent_id=parent_id,
            delegates_due=e.delegates_due,
            delegates_present=e.delegates_present,
            participants=participants,
            groups=groups,
            agenda=agenda,
            documents=[DocumentIn(**d.model_dump()) for d in e.documents],
        )

    def load_event(self, where: str, e: EventFixture) -> None:
        try:
            data = self.event_input(where, e)
            existing = self.session.exec(select(Event).where(Event.key == e.key)).first()
            if existing is None:
                service.create_event(self.session, data, commit=False)
                self.report.created["event"] += 1
            elif stored_event_input(self.session, existing) == _normalised(data):
                self.report.unchanged["event"] += 1
            else:
                service.update_event(
                    self.session, existing.id or 0, EventUpdate(**data.model_dump()), commit=False
                )
                self.report.updated["event"] += 1
        except DomainError as exc:
            raise FixtureError(f"{where}: {exc.detail}") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            raise FixtureError(f"{where}.{_loc(tuple(first['loc']))}: {first['msg']}") from exc


def _normalised(data: EventCreate) -> dict[str, Any]:
    dumped = data.model_dump()
    start, end = dumped["start"], dumped["end"]
    if isinstance(start, date) and not isinstance(start, datetime) and end is None:
        dumped["end"] = start
    return dumped


def stored_event_input(session: Session, event: Event) -> dict[str, Any]:
    """The stored event in the shape of EventCreate, to tell whether a fixture changes it."""
    read = service.event_read(session, event)
    docs_on_agenda = {a.document_id for a in read.agenda if a.document_id is not None}
    documents = {
        d.id: DocumentIn(title=d.title, kind=d.kind, status=d.status) for d in read.documents
    }
    data = EventCreate(
        key=event.key,
        kind=event.kind,
        title=event.title,
        body_id=event.body_id,
        term=event.term,
        session=event.session,
        organiser_id=event.organiser_id,
        start=read.start,
        end=read.end,
        location=event.location,
        status=event.status,
        visibility=event.visibility,
        summary=event.summary,
        notes=event.notes,
        parent_id=event.parent_id,
        delegates_due=event.delegates_due,
        delegates_present=event.delegates_present,
        participants=[
            ParticipantIn(
                person_id=p.person_id,
                guest=Guest(
                    name=p.guest_name, title=p.guest_title, organisation=p.guest_organisation
                )
                if p.person_id is None
                else None,
                role=p.role,
                printed_title=p.printed_title,
                delegation=p.delegation,
                delegation_size=p.delegation_size,
                remarks=p.remarks,
                position=p.position,
            )
            for p in read.participants
        ],
        groups=[
            GroupIn(**g.model_dump(exclude={"id", "event_id", "version"})) for g in read.groups
        ],
        agenda=[
            AgendaItemIn(
                title=a.title,
                kind=a.kind,
                presenter_id=a.presenter_id,
                presenter_name=a.presenter_name,
                document=documents.get(a.document_id) if a.document_id else None,
                outcome=a.outcome,
                position=a.position,
            )
            for a in read.agenda
        ],
        documents=[doc for doc_id, doc in documents.items() if doc_id not in docs_on_agenda],
    )
    return _normalised(data)


def load_fixtures(session: Session, paths: Iterable[Path], dry_run: bool = False) -> LoadReport:
    """Load every file, all or nothing: one bad record leaves the database as it was."""
    files = [(path, read_fixture(path)) for path in fixture_paths(paths)]
    report = LoadReport()
    loader = _Loader(session, report)

    def items(attr: str) -> list[tuple[str, Any]]:
        return [
            (f"{path}: {attr}[{i}]", item)
            for path, f in files
            for i, item in enumerate(getattr(f, attr))
        ]

    try:
        loader.load_organisations(items("organisations"))
        for where, post in items("posts"):
            loader.load_post(where, post)
        names = Counter(p.name for _, p in items("people"))
        for where, person in items("people"):
            if names[person.name] > 1:
                raise FixtureError(f"{where}.name: {person.name!r} is listed more than once")
            loader.load_person(where, person)
        for where, body in items("bodies"):
            loader.load_body(where, body)
        events = items("events")
        keys = Counter(e.key for _, e in events)
        for where, e in events:
            if keys[e.key] > 1:
                raise FixtureError(f"{where}.key: {e.key!r} is used by more than one event")
        # Parents before children, whatever the file order.
        pending = list(events)
        while pending:
            known = {e.key for _, e in events} - {e.key for _, e in pending}
            ready = [
                (w, e)
                for w, e in pending
                if e.parent is None or e.parent in known or e.parent not in keys
            ]
            if not ready:
                where, e = pending[0]
                raise FixtureError(f"{where}.parent: events form a cycle through {e.key!r}")
            for where, e in ready:
                loader.load_event(where, e)
            pending = [item for item in pending if item not in ready]
        session.flush()
        for name, target in EXTRA_SECTIONS.items():
            module_name, function_name = target.split(":")
            load_section = getattr(importlib.import_module(module_name), function_name)
            section = [
                (f"{path}: {name}[{i}]", item)
                for path, f in files
                for i, item in enumerate(f.extra.get(name, []))
            ]
            load_section(session, section, report)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return report


def is_empty(session: Session) -> bool:
    return (
        session.exec(select(col(Organisation.id)).limit(1)).first() is None
        and session.exec(select(col(Event.id)).limit(1)).first() is None
    )


# Re-exported for tests that look at what a fixture produced.
__all__ = [
    "AgendaItem",
    "AttendanceGroup",
    "Document",
    "FixtureError",
    "LoadReport",
    "Participation",
    "is_empty",
    "load_fixtures",
    "read_fixture",
]
