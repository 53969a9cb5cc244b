"""Records: queries and rules for organisations, people, posts, bodies and events.

Knows nothing of HTTP: raises domain errors, returns rows and read models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import crud, timing
from governance.core.columns import utcnow
from governance.core.crud import Resource, check_refs, get_or_404
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
    Post,
    Role,
    StandingBody,
    Tenure,
)
from governance.records.schemas import (
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
    PersonDetail,
    PersonEventRead,
    PersonTenureRead,
)

ORGANISATION = "organisation"


def _touch_event(session: Session, row: Any) -> None:
    event = session.get(Event, row.event_id) if getattr(row, "event_id", None) else None
    if event is not None:
        event.updated_at = utcnow()
        session.add(event)


def _check_not_own_parent(
    session: Session, values: dict[str, Any], row: Organisation | None
) -> None:
    parent_id = values.get("parent_id")
    seen = {row.id} if row is not None else set()
    while parent_id is not None:
        if parent_id in seen:
            raise Invalid("parent_id", "organisation_own_ancestor")
        seen.add(parent_id)
        parent = session.get(Organisation, parent_id)
        parent_id = parent.parent_id if parent else None


def _flatten_guest(values: dict[str, Any]) -> dict[str, Any]:
    if "guest" in values:
        guest = values.pop("guest") or {}
        values["guest_name"] = guest.get("name", "")
        values["guest_title"] = guest.get("title", "")
        values["guest_organisation"] = guest.get("organisation", "")
    return values


def _check_participation(session: Session, values: dict[str, Any], row: Any) -> None:
    has_person = values.get("person_id") is not None
    if has_person == bool(values.get("guest_name")):
        raise Invalid("person_id", "participant_person_or_guest")
    stmt = select(Participation.id).where(
        Participation.event_id == values["event_id"], Participation.role == values["role"]
    )
    stmt = stmt.where(
        Participation.person_id == values["person_id"]
        if has_person
        else Participation.guest_name == values["guest_name"]
    )
    if row is not None:
        stmt = stmt.where(Participation.id != row.id)
    if session.exec(stmt).first() is not None:
        raise Conflict(
            "participant_already_listed",
            "person_id",
            event_id=values["event_id"],
            role=str(values["role"]),
        )


def _check_agenda_document(session: Session, values: dict[str, Any], _row: Any) -> None:
    doc_id = values.get("document_id")
    if doc_id is not None:
        doc = session.get(Document, doc_id)
        if doc is None or doc.event_id != values["event_id"]:
            raise Invalid(
                "document_id",
                "agenda_document_not_at_event",
                document_id=doc_id,
                event_id=values["event_id"],
            )


def _check_tenure(_session: Session, values: dict[str, Any], _row: Any) -> None:
    if (
        values.get("starts_on")
        and values.get("ends_on")
        and values["ends_on"] < values["starts_on"]
    ):
        raise Invalid("ends_on", "tenure_ends_before_start")


ORGANISATIONS = Resource(
    Organisation,
    ORGANISATION,
    refs={"parent_id": (Organisation, ORGANISATION)},
    unique=(("name",),),
    check=_check_not_own_parent,
)
PEOPLE = Resource(Person, "person", refs={"organisation_id": (Organisation, ORGANISATION)})
POSTS = Resource(
    Post,
    "post",
    refs={"organisation_id": (Organisation, ORGANISATION)},
    unique=(("organisation_id", "title"),),
)
TENURES = Resource(
    Tenure,
    "tenure",
    refs={"person_id": (Person, "person"), "post_id": (Post, "post")},
    check=_check_tenure,
)
BODIES = Resource(
    StandingBody,
    "standing body",
    refs={"organisation_id": (Organisation, ORGANISATION)},
    unique=(("organisation_id", "name"),),
)
PARTICIPATIONS = Resource(
    Participation,
    "participation",
    refs={"event_id": (Event, "event"), "person_id": (Person, "person")},
    to_columns=_flatten_guest,
    check=_check_participation,
    touched=_touch_event,
)
GROUPS = Resource(
    AttendanceGroup,
    "group",
    refs={"event_id": (Event, "event"), "organisation_id": (Organisation, ORGANISATION)},
    touched=_touch_event,
)
DOCUMENTS = Resource(
    Document, "document", refs={"event_id": (Event, "event")}, touched=_touch_event
)
AGENDA_ITEMS = Resource(
    AgendaItem,
    "agenda item",
    refs={"event_id": (Event, "event"), "presenter_id": (Person, "person")},
    check=_check_agenda_document,
    touched=_touch_event,
)


# --- title chains ----------------------------------------------------------------------------
def printed_organisation(org: Organisation) -> str:
    return org.prefix or org.short_name or org.name


# Statements built once: reads are the hot path, and building expressions costs more than
# running them on SQLite.
_HELD_POSTS: Any = (
    sa.select(  # type: ignore[call-overload]  # seven columns: past the typed overloads
        Tenure.person_id,
        Post.title,
        Post.precedence,
        Organisation.prefix,
        Organisation.short_name,
        Organisation.name,
        Organisation.rank,
    )
    .join(Post, col(Post.id) == Tenure.post_id)
    .join(Organisation, col(Organisation.id) == Post.organisation_id)
    .where(col(Tenure.person_id).in_(sa.bindparam("ids", expanding=True)))
    .where(sa.or_(col(Tenure.starts_on).is_(None), col(Tenure.starts_on) <= sa.bindparam("on")))
    .where(sa.or_(col(Tenure.ends_on).is_(None), col(Tenure.ends_on) >= sa.bindparam("on")))
)


def held_posts(
    session: Session, person_ids: Iterable[int], on: date
) -> dict[int, list[rules.HeldPost]]:
    """Posts each person holds on a date, ready for the title-chain rules."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    posts: dict[int, list[rules.HeldPost]] = defaultdict(list)
    for person_id, title, precedence, prefix, short, name, rank in session.execute(
        _HELD_POSTS, {"ids": ids, "on": on}
    ):
        posts[person_id].append(rules.HeldPost(prefix or short or name, title, precedence, rank))
    return posts


def title_chain(session: Session, person_id: int, on: date) -> str:
    return rules.title_chain(held_posts(session, [person_id], on).get(person_id, []))


# --- people ----------------------------------------------------------------------------------
def person_detail(session: Session, person_id: int, on: date) -> PersonDetail:
    person = get_or_404(session, Person, person_id, "person")
    tenure_rows = session.exec(
        select(Tenure, Post, Organisation)
        .join(Post, col(Post.id) == Tenure.post_id)
        .join(Organisation, col(Organisation.id) == Post.organisation_id)
        .where(Tenure.person_id == person_id)
        .order_by(col(Organisation.rank), col(Post.precedence), col(Tenure.id))
    ).all()
    tenures = [
        PersonTenureRead(
            id=t.id or 0,
            person_id=t.person_id,
            post_id=t.post_id,
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            version=t.version,
            post_title=post.title,
            organisation_id=org.id or 0,
            organisation_name=org.name,
        )
        for t, post, org in tenure_rows
    ]
    part_rows = session.exec(
        select(Event.id, Event.title, Event.starts_at, Participation.role)
        .join(Participation, col(Participation.event_id) == Event.id)
        .where(Participation.person_id == person_id)
        .order_by(col(Event.starts_at).desc(), col(Event.id), col(Participation.position))
    ).all()
    events: dict[int, PersonEventRead] = {}
    for event_id, title, starts_at, role in part_rows:
        assert event_id is not None
        entry = events.setdefault(
            event_id,
            PersonEventRead(
                event_id=event_id, title=title, date=timing.local_day(starts_at), roles=[]
            ),
        )
        entry.roles.append(Role(role))
    return PersonDetail(
        **person.model_dump(),
        title_chain=title_chain(session, person_id, on),
        on=on,
        tenures=tenures,
        events=list(events.values()),
    )


# --- events ----------------------------------------------------------------------------------
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
    parent_id = values.get("parent_id")
    seen = {own_id} if own_id else set()
    while parent_id is not None:
        if parent_id in seen:
            raise Invalid("parent_id", "event_own_ancestor")
        seen.add(parent_id)
        parent = session.get(Event, parent_id)
        parent_id = parent.parent_id if parent else None
    if values.get("key"):
        stmt = select(Event.id).where(Event.key == values["key"])
        if own_id:
            stmt = stmt.where(Event.id != own_id)
        if (other := session.exec(stmt).first()) is not None:
            raise Conflict("event_key_taken", "key", other=other, key=values["key"])
    columns = {
        name: values.get(name)
        for name in (
            "key",
            "kind",
            "title",
            "body_id",
            "term",
            "session",
            "organiser_id",
            "location",
            "status",
            "visibility",
            "summary",
            "notes",
            "parent_id",
            "delegates_due",
            "delegates_present",
        )
    }
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
            values = _flatten_guest(p.model_dump())
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
    session.add(event)
    session.flush()
    _replace_children(session, event, data)
    if commit:
        crud.commit(session, "event")
    return event


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
    session.add(event)
    session.flush()
    _replace_children(session, event, data)
    if commit:
        crud.commit(session, "event")
    return event


EVENTS = Resource(Event, "event")


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
