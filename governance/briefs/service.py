"""Briefs and minutes from recorded events: gathers what the composer needs, knows no HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from governance.briefs import docx_brief, docx_minutes
from governance.briefs.compose import compose_brief, compose_minutes, environment
from governance.briefs.docx_common import xml_safe
from governance.briefs.model import Brief, ChildEvent, Minutes, Source
from governance.core import timing
from governance.core.crud import get_or_404
from governance.core.errors import Invalid
from governance.core.plugin import REGISTRY
from governance.core.types import MAX_ID
from governance.records import rules as record_rules
from governance.records import service as records
from governance.records.models import (
    Event,
    Organisation,
    OrganisationKind,
    Person,
    Role,
    StandingBody,
)
from governance.records.schemas import EventRead

MAX_ALSO = 5
MAX_AUTHORS = 10
MAX_AUTHOR = 50  # characters of one author's name


def _forms(org: Organisation) -> list[str]:
    forms = [org.name, org.short_name, org.prefix]
    return [f for f in forms if f]


def _ancestors(session: Session, org: Organisation | None) -> list[Organisation]:
    found: list[Organisation] = []
    seen: set[int] = set()
    while org is not None and org.parent_id is not None and org.parent_id not in seen:
        seen.add(org.parent_id)
        org = session.get(Organisation, org.parent_id)
        if org is not None:
            found.append(org)
    return found


def _superiors(
    session: Session, read: EventRead, organiser: Organisation | None
) -> dict[int, bool | None]:
    """For each 莅临指导 participation: is the guest's organisation above the organiser?"""
    above = {o.id for o in _ancestors(session, organiser)}
    out: dict[int, bool | None] = {}
    for p in read.participants:
        if p.role != Role.GUIDE:
            continue
        org: Organisation | None = None
        if p.person_id is not None:
            person = session.get(Person, p.person_id)
            if person is not None and person.organisation_id is not None:
                org = session.get(Organisation, person.organisation_id)
        elif p.guest_organisation:
            org = session.exec(
                select(Organisation).where(Organisation.name == p.guest_organisation)
            ).first()
        if org is None:
            out[p.id] = None
        else:
            out[p.id] = org.kind == OrganisationKind.AUTHORITY or org.id in above
    return out


def _election_results(session: Session, event_id: int) -> tuple[str, ...]:
    """The sentences the installed capabilities add (elections: their results, as the
    newsletter prints them); none where no capability declares any."""
    return tuple(s for section in REGISTRY.brief_sections for s in section(session, event_id))


def gather(session: Session, event: Event) -> Source:
    """Everything about one event that a brief or minutes may print."""
    read = records.event_read(session, event)
    day = timing.local_day(event.starts_at)
    organiser = session.get(Organisation, event.organiser_id) if event.organiser_id else None
    forms: list[str] = []
    if organiser is not None:
        forms = _forms(organiser)
        for parent in _ancestors(session, organiser):
            forms.extend(_forms(parent))
    body = session.get(StandingBody, event.body_id) if event.body_id else None
    group_orgs = {g.organisation_id for g in read.groups if g.organisation_id is not None}
    prefixes = (
        {
            o.id or 0: o.prefix
            for o in session.exec(select(Organisation).where(col(Organisation.id).in_(group_orgs)))
        }
        if group_orgs
        else {}
    )
    person_ids = [p.person_id for p in read.participants if p.person_id is not None]
    held = records.held_posts(session, person_ids, day)
    ranks = {pid: record_rules.rank_key(held.get(pid, [])) for pid in person_ids}
    children = session.exec(
        select(Event)
        .where(Event.parent_id == event.id)
        .order_by(col(Event.starts_at), col(Event.id))
    ).all()
    child_events = tuple(
        ChildEvent(
            title=c.title,
            day=timing.local_day(c.starts_at),
            date_label=record_rules.month_day(timing.local_day(c.starts_at)),
        )
        for c in children
    )
    return Source(
        event=read,
        day=day,
        organiser=(organiser.short_name or organiser.name) if organiser else "",
        organiser_forms=tuple(sorted(set(forms), key=len, reverse=True)),
        body_name=body.name if body else "",
        group_prefixes=prefixes,
        superior=_superiors(session, read, organiser),
        ranks=ranks,
        children=child_events,
        election_results=_election_results(session, event.id or 0),
    )


def brief(
    session: Session,
    event_id: int,
    template: str | None = None,
    also: Sequence[int] = (),
    authors: Sequence[str] = (),
) -> Brief:
    event = get_or_404(session, Event, event_id, "event")
    if len(also) > MAX_ALSO:
        raise Invalid("also", "brief_too_many_also", max=MAX_ALSO)
    if len(authors) > MAX_AUTHORS:
        raise Invalid("author", "brief_too_many_authors", max=MAX_AUTHORS)
    for index, name in enumerate(authors):
        if not name.strip() or len(name) > MAX_AUTHOR:
            raise Invalid(f"author[{index}]", "brief_author_length", max=MAX_AUTHOR)
        if any(ord(c) < 32 for c in name) or xml_safe(name) != name:
            raise Invalid(f"author[{index}]", "brief_author_control_characters")
    others = []
    for index, other_id in enumerate(also):
        if not 1 <= other_id <= MAX_ID:
            raise Invalid(f"also[{index}]", "brief_also_out_of_range", max=MAX_ID)
        if other_id == event_id:
            raise Invalid(f"also[{index}]", "brief_also_itself")
        other = session.get(Event, other_id)
        if other is None:
            raise Invalid(f"also[{index}]", "brief_also_missing", id=other_id)
        others.append(gather(session, other))
    return compose_brief(gather(session, event), template, others, authors)


def minutes(session: Session, event_id: int, template: str | None = None) -> Minutes:
    event = get_or_404(session, Event, event_id, "event")
    return compose_minutes(gather(session, event), template)


@dataclass(frozen=True)
class Drafted:
    event: Event
    name: str  # a file name stem: 2021-01-20-union-congress
    brief: bytes | None
    minutes: bytes | None


def events_between(session: Session, start: date, end: date) -> list[Event]:
    """Events starting on a day from `start` to `end` (Asia/Shanghai), oldest first."""
    since = timing.local_midnight(start)
    until = timing.local_midnight(end) + timing.ONE_DAY
    stmt = select(Event).where(col(Event.starts_at) >= since, col(Event.starts_at) < until)
    return list(session.exec(stmt.order_by(col(Event.starts_at), col(Event.id))).all())


def file_stem(event: Event, day: date) -> str:
    """2021-01-20-union-congress: the key when it is a safe file name, else date and id."""
    key = event.key or ""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", key):
        return key if key.startswith(day.isoformat()) else f"{day.isoformat()}-{key}"
    return f"{day.isoformat()}-event-{event.id}"


def draft_all(
    session: Session, events: Sequence[Event], briefs: bool = True, with_minutes: bool = True
) -> Iterator[Drafted]:
    """Word drafts for many events, one at a time (the caller shows progress)."""
    env = environment()
    for event in events:
        source = gather(session, event)
        yield Drafted(
            event=event,
            name=file_stem(event, source.day),
            brief=docx_brief.render(compose_brief(source, env=env)) if briefs else None,
            minutes=docx_minutes.render(compose_minutes(source, env=env)) if with_minutes else None,
        )
