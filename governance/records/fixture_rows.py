"""Writing the records of the fixtures: each matched to its row by natural key (an organisation
by name, an event by key…), so loading twice changes nothing and an edited file updates in place."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from governance.core.errors import DomainError
from governance.records import service
from governance.records.fixture_files import (
    BodyFixture,
    EventFixture,
    FixtureError,
    LoadReport,
    OrganisationFixture,
    PersonFixture,
    PostFixture,
    field_path,
)
from governance.records.models import Event, Organisation, Person, Post, StandingBody, Tenure
from governance.records.schemas import (
    EVENT_COLUMNS,
    AgendaItemIn,
    DocumentIn,
    EventCreate,
    EventUpdate,
    GroupIn,
    Guest,
    ParticipantIn,
)

# What a stored participant and agenda item give back as they are, to compare with a fixture.
STORED_PARTICIPANT = {
    "person_id",
    "role",
    "printed_title",
    "delegation",
    "delegation_size",
    "remarks",
    "position",
}
STORED_AGENDA_ITEM = {"title", "kind", "presenter_id", "presenter_name", "outcome", "position"}


class FixtureLoader:
    """Writes each record of the fixtures to its row, found by natural key, and counts it."""

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
                **p.model_dump(exclude={"person"}),
                person_id=self.person(p.person, f"{where}.participants[{i}].person")
                if p.person
                else None,
                position=i,
            )
            for i, p in enumerate(e.participants)
        ]
        groups = [
            GroupIn(
                **g.model_dump(exclude={"organisation"}),
                organisation_id=self.organisation(
                    g.organisation, f"{where}.groups[{i}].organisation"
                ),
                position=i,
            )
            for i, g in enumerate(e.groups)
        ]
        agenda = [
            AgendaItemIn(
                **a.model_dump(exclude={"presenter", "document"}),
                presenter_id=self.person(a.presenter, f"{where}.agenda[{i}].presenter")
                if a.presenter
                else None,
                document=DocumentIn(**a.document.model_dump()) if a.document else None,
                position=i,
            )
            for i, a in enumerate(e.agenda)
        ]
        return EventCreate(
            **e.model_dump(include={*EVENT_COLUMNS, "start", "end"}),  # the fields of like name
            body_id=self.body(e.body, organiser_id, f"{where}.body"),
            organiser_id=organiser_id,
            parent_id=parent_id,
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
            raise FixtureError(
                f"{where}.{field_path(tuple(first['loc']))}: {first['msg']}"
            ) from exc


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
        **event.model_dump(include=set(EVENT_COLUMNS)),
        start=read.start,
        end=read.end,
        participants=[
            ParticipantIn(
                **p.model_dump(include=STORED_PARTICIPANT),
                guest=Guest(
                    name=p.guest_name, title=p.guest_title, organisation=p.guest_organisation
                )
                if p.person_id is None
                else None,
            )
            for p in read.participants
        ],
        groups=[
            GroupIn(**g.model_dump(exclude={"id", "event_id", "version"})) for g in read.groups
        ],
        agenda=[
            AgendaItemIn(
                **a.model_dump(include=STORED_AGENDA_ITEM),
                document=documents.get(a.document_id) if a.document_id else None,
            )
            for a in read.agenda
        ],
        documents=[doc for doc_id, doc in documents.items() if doc_id not in docs_on_agenda],
    )
    return _normalised(data)
