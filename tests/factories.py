"""Readable record factories for tests: make_event(session, kind="congress")."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from governance.records import service
from governance.records.models import (
    Event,
    Organisation,
    OrganisationKind,
    Person,
    Post,
    StandingBody,
    Tenure,
)
from governance.records.rules import Numbering
from governance.records.schemas import EventCreate


def make_org(
    session: Session, name: str = "聊城市城市水务集团有限公司", **fields: Any
) -> Organisation:
    fields.setdefault("short_name", "聊城水务集团")
    fields.setdefault("prefix", "集团")
    fields.setdefault("kind", OrganisationKind.GROUP)
    org = Organisation(name=name, **fields)
    session.add(org)
    session.commit()
    return org


def make_post(session: Session, org: Organisation, title: str, precedence: int) -> Post:
    post = Post(organisation_id=org.id or 0, title=title, precedence=precedence)
    session.add(post)
    session.commit()
    return post


def make_person(
    session: Session,
    name: str,
    org: Organisation | None = None,
    posts: tuple[Post, ...] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
    internal: bool = True,
) -> Person:
    person = Person(name=name, organisation_id=org.id if org else None, internal=internal)
    session.add(person)
    session.commit()
    for post in posts:
        session.add(
            Tenure(
                person_id=person.id or 0, post_id=post.id or 0, starts_on=starts_on, ends_on=ends_on
            )
        )
    session.commit()
    return person


def make_body(
    session: Session,
    org: Organisation,
    name: str = "职工代表大会",
    numbering: Numbering = Numbering.TERM_SESSION,
) -> StandingBody:
    body = StandingBody(organisation_id=org.id or 0, name=name, numbering=numbering)
    session.add(body)
    session.commit()
    return body


def make_event(session: Session, **fields: Any) -> Event:
    fields.setdefault("kind", "congress")
    fields.setdefault("title", "集团召开三届一次职工代表大会")
    fields.setdefault("start", "2021-01-22")
    return service.create_event(session, EventCreate.model_validate(fields))


def group_leaders(session: Session) -> dict[str, Any]:
    """The group with its three leaders as the newsletter of January 2021 prints them."""
    group = make_org(session)
    secretary = make_post(session, group, "党委书记", 10)
    chairman = make_post(session, group, "董事长", 20)
    deputy = make_post(session, group, "党委副书记", 30)
    director = make_post(session, group, "董事", 40)
    manager = make_post(session, group, "总经理", 50)
    staff_director = make_post(session, group, "职工董事", 70)
    union_chair = make_post(session, group, "工会主席", 80)
    tan = make_person(session, "谭相彦", group, (secretary, chairman))
    wang = make_person(session, "王吾雪", group, (deputy, director, manager))
    zhang = make_person(session, "张永正", group, (staff_director, union_chair))
    return {"group": group, "tan": tan, "wang": wang, "zhang": zhang, "secretary": secretary}
