"""Title chains: the posts people hold on a date, and a person with their tenures, their title
chain and the events they took part in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.core import timing
from governance.core.crud import get_or_404
from governance.records import rules
from governance.records.directory_schemas import PersonDetail, PersonEventRead, PersonTenureRead
from governance.records.models import Event, Organisation, Participation, Person, Post, Role, Tenure

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
