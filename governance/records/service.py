"""Events: writing one with its participants, groups, agenda and documents, and reading them
back as lists and as the whole record with titles as printed on its date.

Knows nothing of HTTP: raises domain errors, returns rows and read models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import crud, timing
from governance.core.columns import utcnow
from governance.core.crud import check_refs, get_or_404
from governance.core.errors import Conflict, Invalid
from governance.core.types import Position
from governance.core.versioned import expect_version
from governance.records import rules
from governance.records.models import (
    AgendaItem,
    AttendanceGroup,
    Document,
    Event,
    Organisation,
    Participation,
    Person,
    StandingBody,
)
from governance.records.resources import ORGANISATION, check_not_own_ancestor, flatten_guest
from governance.records.schemas import (
    EVENT_COLUMNS,
    AgendaItemIn,
    AgendaItemRead,
    DocumentRead,
    EventCreate,
    EventRead,
    EventSummary,
    EventUpdate,
    GroupRead,
    ParticipantIn,
    ParticipantRead,
)
from governance.records.titles import held_posts


@dataclass(frozen=True)
class EventFilter:
    start: date | None = None  # events that end on or after this day
    end: date | None = None  # events that start on or before this day
    kind: str | None = None
    organisation_id: int | None = None
    person_id: int | None = None
    body_id: int | None = None
    status: str | None = None
    visibility: str | None = None
    q: str | None = None


def _event_values(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    """Checks the event's own fields (merged with what is stored) and returns column values."""
    check_refs(
        session,
        values,
        {
            "body_id": (StandingBody, "standing body"),
            "organiser_id": (Organisation, ORGANISATION),
            "parent_id": (Event, "event"),
        },
    )
    starts_at, ends_at, all_day = timing.to_instants(values["start"], values.get("end"))
    due, present = values.get("delegates_due"), values.get("delegates_present")
    if due is not None and present is not None and present > due:
        raise Invalid("delegates_present", "delegates_present_over_due", present=present, due=due)
    if values.get("body_id") is None and (values.get("term") or values.get("session")):
        raise Invalid("term", "term_needs_body")
    if not values.get("title"):
        body = session.get(StandingBody, values["body_id"]) if values.get("body_id") else None
        label = (
            rules.session_label(body.numbering, values.get("term"), values.get("session"))
            if body
            else ""
        )
        if not label or body is None:
            raise Invalid("title", "event_title_required")
        values["title"] = label + body.name
    check_not_own_ancestor(session, Event, values.get("parent_id"), own_id, "event_own_ancestor")
    if values.get("key"):
        stmt = select(Event.id).where(Event.key == values["key"])
        if own_id:
            stmt = stmt.where(Event.id != own_id)
        if (other := session.exec(stmt).first()) is not None:
            raise Conflict("event_key_taken", "key", other=other, key=values["key"])
    columns = {name: values.get(name) for name in EVENT_COLUMNS}
    columns.update(starts_at=starts_at, ends_at=ends_at, all_day=all_day)
    for text_field in ("location", "summary", "notes"):
        columns[text_field] = columns[text_field] or ""
    return columns


def _check_participants(session: Session, participants: Sequence[ParticipantIn]) -> None:
    ids = {p.person_id for p in participants if p.person_id is not None}
    known = (
        set(session.exec(select(Person.id).where(col(Person.id).in_(ids))).all()) if ids else set()
    )
    seen: dict[tuple[Any, str], int] = {}
    for index, p in enumerate(participants):
        if p.person_id is not None and p.person_id not in known:
            raise Invalid(
                f"participants[{index}].person_id",
                "reference_not_found",
                what="person",
                id=p.person_id,
            )
        who = p.person_id if p.person_id is not None else ("guest", p.guest.name if p.guest else "")
        key = (who, str(p.role))
        if key in seen:
            raise Invalid(
                f"participants[{index}]",
                "duplicate_participant",
                role=str(p.role),
                first=Position(seen[key]),
            )
        seen[key] = index


def _replace_children(session: Session, event: Event, data: EventCreate | EventUpdate) -> None:
    event_id = event.id
    assert event_id is not None
    if data.participants is not None:
        _check_participants(session, data.participants)
        session.execute(sa.delete(Participation).where(col(Participation.event_id) == event_id))
        for index, p in enumerate(data.participants):
            values = flatten_guest(p.model_dump())
            values["position"] = index if p.position is None else p.position
            session.add(Participation(event_id=event_id, **values))
    if data.groups is not None:
        for index, g in enumerate(data.groups):
            check_refs(
                session,
                g.model_dump(),
                {"organisation_id": (Organisation, ORGANISATION)},
                f"groups[{index}].",
            )
        session.execute(sa.delete(AttendanceGroup).where(col(AttendanceGroup.event_id) == event_id))
        for index, g in enumerate(data.groups):
            values = g.model_dump()
            values["position"] = index if g.position is None else g.position
            session.add(AttendanceGroup(event_id=event_id, **values))
    if data.documents is not None:
        session.execute(sa.delete(Document).where(col(Document.event_id) == event_id))
        for d in data.documents:
            session.add(Document(event_id=event_id, **d.model_dump()))
    if data.agenda is not None:
        _replace_agenda(session, event_id, data.agenda)
    session.flush()


def _replace_agenda(session: Session, event_id: int, agenda: Sequence[AgendaItemIn]) -> None:
    session.flush()
    own_docs = set(session.exec(select(Document.id).where(Document.event_id == event_id)).all())
    for index, item in enumerate(agenda):
        check_refs(
            session, item.model_dump(), {"presenter_id": (Person, "person")}, f"agenda[{index}]."
        )
        if item.document_id is not None and item.document_id not in own_docs:
            raise Invalid(
                f"agenda[{index}].document_id",
                "agenda_document_not_at_this_event",
                document_id=item.document_id,
            )
    session.execute(sa.delete(AgendaItem).where(col(AgendaItem.event_id) == event_id))
    for index, item in enumerate(agenda):
        values = item.model_dump(exclude={"document"})
        if item.document is not None:
            doc = Document(event_id=event_id, **item.document.model_dump())
            session.add(doc)
            session.flush()
            values["document_id"] = doc.id
        values["position"] = index if item.position is None else item.position
        session.add(AgendaItem(event_id=event_id, **values))


def create_event(session: Session, data: EventCreate, commit: bool = True) -> Event:
    event = Event(**_event_values(session, data.model_dump(), None))
    return _save(session, event, data, commit)


def update_event(session: Session, event_id: int, data: EventUpdate, commit: bool = True) -> Event:
    event = get_or_404(session, Event, event_id, "event")
    expect_version(event, "event", data.version)
    start, end = timing.from_instants(event.starts_at, event.ends_at, event.all_day)
    stored = {**event.model_dump(), "start": start, "end": end}
    changes = data.model_dump(
        exclude_unset=True, exclude={"participants", "groups", "agenda", "documents", "version"}
    )
    for name in ("kind", "start", "location", "status", "visibility", "summary", "notes"):
        if name in changes and changes[name] is None:
            raise Invalid(name, "must_not_be_null")
    if "start" in changes and "end" not in changes:
        changes["end"] = None  # a new start with the old end could invert the span
    merged = {**stored, **changes}
    if changes.get("title", "") is None:
        merged["title"] = None
    columns = _event_values(session, merged, event_id)
    for name, value in columns.items():
        setattr(event, name, value)
    event.updated_at = utcnow()
    return _save(session, event, data, commit)


def _save(session: Session, event: Event, data: EventCreate | EventUpdate, commit: bool) -> Event:
    """Writes the event, then the lists `data` gives; `commit=False` leaves the transaction open
    (the fixtures load all or nothing)."""
    session.add(event)
    session.flush()
    _replace_children(session, event, data)
    if commit:
        crud.commit(session, "event")
    return event


def _summary(event: Event, body: StandingBody | None) -> dict[str, Any]:
    start, end = timing.from_instants(event.starts_at, event.ends_at, event.all_day)
    first = timing.local_day(event.starts_at)
    last = timing.local_last_day(event.starts_at, event.ends_at, event.all_day)
    label = rules.session_label(body.numbering, event.term, event.session) if body else ""
    return {
        **event.model_dump(exclude={"starts_at", "ends_at", "notes"}),
        "start": start,
        "end": end,
        "session_label": label,
        "date_label": rules.date_span(first, last if last != first else None),
    }


def event_summaries(session: Session, events: Sequence[Event]) -> list[EventSummary]:
    body_ids = {e.body_id for e in events if e.body_id is not None}
    bodies = (
        {
            b.id: b
            for b in session.exec(select(StandingBody).where(col(StandingBody.id).in_(body_ids)))
        }
        if body_ids
        else {}
    )
    return [EventSummary(**_summary(e, bodies.get(e.body_id))) for e in events]


def list_events(
    session: Session, filters: EventFilter, limit: int, offset: int
) -> tuple[list[EventSummary], int]:
    stmt = select(Event)
    for name, day in (("from", filters.start), ("to", filters.end)):
        if day is not None:
            timing.check_year(name, day)
    if filters.start is not None:
        # An event that started before the range but is still running counts.
        since = timing.local_midnight(filters.start)
        stmt = stmt.where(sa.or_(col(Event.starts_at) >= since, col(Event.ends_at) > since))
    if filters.end is not None:
        stmt = stmt.where(
            col(Event.starts_at) < timing.local_midnight(filters.end) + timing.ONE_DAY
        )
    for name in ("kind", "status", "visibility", "body_id"):
        value = getattr(filters, name)
        if value is not None:
            stmt = stmt.where(getattr(Event, name) == value)
    if filters.organisation_id is not None:
        stmt = stmt.where(Event.organiser_id == filters.organisation_id)
    if filters.person_id is not None:
        stmt = stmt.where(
            col(Event.id).in_(
                select(Participation.event_id).where(Participation.person_id == filters.person_id)
            )
        )
    if filters.q:
        pattern = f"%{filters.q}%"
        stmt = stmt.where(sa.or_(col(Event.title).like(pattern), col(Event.summary).like(pattern)))
    stmt = stmt.order_by(col(Event.starts_at).desc(), col(Event.id).desc())
    rows, total = crud.paginate(session, stmt, limit, offset)
    return event_summaries(session, rows), total


_PARTICIPANTS: Any = (
    sa.select(Participation.__table__, col(Person.name).label("person_name"))  # type: ignore[attr-defined]
    .outerjoin(Person, col(Person.id) == Participation.person_id)
    .where(col(Participation.event_id) == sa.bindparam("event_id"))
    .order_by(col(Participation.position), col(Participation.id))
)


def _children(table: Any, event_id: int | None) -> Any:
    stmt = sa.select(table).where(table.c.event_id == event_id)
    order = [table.c.position, table.c.id] if "position" in table.c else [table.c.id]
    return stmt.order_by(*order)


def event_read(session: Session, event: Event) -> EventRead:
    event_id = event.id
    body = session.get(StandingBody, event.body_id) if event.body_id else None
    rows = session.execute(_PARTICIPANTS, {"event_id": event_id}).mappings().all()
    posts = held_posts(
        session,
        (r["person_id"] for r in rows if r["person_id"] is not None),
        timing.local_day(event.starts_at),
    )
    # One chain per person, however many roles they hold at the event.
    chains = {
        person_id: (rules.chain_segments(held), rules.title_chain(held), rules.rank_key(held))
        for person_id, held in posts.items()
    }
    no_chain: tuple[tuple[rules.ChainSegment, ...], str, tuple[int, int]] = (
        (),
        "",
        rules.rank_key([]),
    )
    participants = []
    printed: dict[str, list[tuple[tuple[int, int], rules.PrintedPerson]]] = defaultdict(list)
    for row in rows:
        values = dict(row)
        person_name = values.pop("person_name")
        if row["person_id"] is not None:
            name = person_name
            segments, chain, rank = chains.get(row["person_id"], no_chain)
        else:
            name, rank = row["guest_name"], no_chain[2]
            chain = row["guest_organisation"] + row["guest_title"]
            segments = (
                (rules.ChainSegment(row["guest_organisation"], (row["guest_title"],)),)
                if row["guest_title"]
                else ()
            )
        title = row["printed_title"] if row["printed_title"] is not None else chain
        participants.append(ParticipantRead(**values, name=name, title=title))
        printed[row["role"]].append(
            (rank, rules.PrintedPerson(name, segments, row["printed_title"]))
        )
    # Each role's people by rank, as an article prints them (the recorded order breaks ties).
    people_by_role = {
        role: rules.render_people([person for _, person in sorted(entries, key=lambda e: e[0])])
        for role, entries in printed.items()
    }

    def children(model: Any, read: Any) -> list[Any]:
        stmt = _children(model.__table__, event_id)
        return [read(**r) for r in session.execute(stmt).mappings()]

    return EventRead(
        **_summary(event, body),
        notes=event.notes,
        participants=participants,
        people_by_role=people_by_role,
        groups=children(AttendanceGroup, GroupRead),
        agenda=children(AgendaItem, AgendaItemRead),
        documents=children(Document, DocumentRead),
    )
