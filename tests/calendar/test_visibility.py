"""Feeds never show what their owner may not see. Each test tries another way to make one leak."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col

from governance.calendar import rules, service
from governance.calendar.loading import Selection, load_events
from governance.calendar.models import FeedScope
from governance.calendar.schemas import FeedCreate
from governance.records import service as records
from governance.records.models import Event, EventKind, Organisation, OrganisationKind, Person
from governance.records.schemas import EventUpdate
from tests.calendar.parsers import strict_icalendar
from tests.database import empty_database
from tests.factories import make_event, make_org, make_person

NOW = datetime(2021, 2, 1, tzinfo=UTC)


def world(session: Session) -> dict[str, Any]:
    """Four people and six events of every visibility, with and without them."""
    group = make_org(session)
    other = make_org(
        session,
        "聊城市水利局",
        short_name="市水利局",
        prefix="市水利局",
        kind=OrganisationKind.AUTHORITY,
    )
    a = make_person(session, "甲内部", group)
    b = make_person(session, "乙内部", group)
    p = make_person(session, "丙内部", group)
    x = make_person(session, "丁外部", other, internal=False)

    def ev(title: str, visibility: str, people: list[tuple[Person, str]], **kw: Any) -> Event:
        return make_event(
            session,
            title=title,
            visibility=visibility,
            organiser_id=kw.pop("organiser_id", group.id),
            participants=[{"person_id": who.id, "role": role} for who, role in people],
            **kw,
        )

    events = {
        "public": ev("公开活动", "public", []),
        "internal": ev("内部会议", "internal", [], kind="work_conference"),
        "secret_p": ev("机密会议甲", "confidential", [(p, "出席")]),
        "secret_b": ev("机密会议乙", "confidential", [(b, "请假")]),
        "internal_x": ev("内部座谈外宾", "internal", [(x, "邀请")], organiser_id=other.id),
        "secret_x": ev("机密会议丙", "confidential", [(x, "列席")], kind="inspection"),
    }
    return {"group": group, "other": other, "a": a, "b": b, "p": p, "x": x, **events}


def feed_titles(session: Session, owner: Person, **fields: Any) -> set[str]:
    data = FeedCreate(owner_id=owner.id or 0, **fields)
    feed, _ = service.create_feed(session, data, NOW)
    body = service.build_feed(session, feed, "https://gov.example.cn", NOW).body
    calendar = strict_icalendar(body)
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


EVERYTHING = {"公开活动", "内部会议", "机密会议甲", "机密会议乙", "内部座谈外宾", "机密会议丙"}


@pytest.mark.parametrize(
    "who,seen",
    [
        ("a", {"公开活动", "内部会议", "内部座谈外宾"}),
        ("b", {"公开活动", "内部会议", "内部座谈外宾", "机密会议乙"}),
        ("p", {"公开活动", "内部会议", "内部座谈外宾", "机密会议甲"}),
        ("x", {"公开活动", "内部座谈外宾", "机密会议丙"}),
    ],
)
def test_everything_a_person_may_see_and_nothing_more(
    session: Session, who: str, seen: set[str]
) -> None:
    people = world(session)
    assert feed_titles(session, people[who], scope=FeedScope.ALL) == seen


def test_a_confidential_title_appears_nowhere_in_a_non_participants_feed(session: Session) -> None:
    people = world(session)
    feed, _ = service.create_feed(session, FeedCreate(owner_id=people["a"].id, scope="all"), NOW)
    body = service.build_feed(session, feed, "https://x", NOW).body.decode("utf-8")
    for secret in ("机密会议", "丙内部", "乙内部"):
        assert secret not in body.replace("\r\n ", "")


def test_personal_feeds_hold_only_the_owners_meetings(session: Session) -> None:
    people = world(session)
    assert feed_titles(session, people["a"]) == set()
    assert feed_titles(session, people["p"]) == {"机密会议甲"}
    assert feed_titles(session, people["x"]) == {"内部座谈外宾", "机密会议丙"}


def test_filters_narrow_and_never_widen(session: Session) -> None:
    people = world(session)
    every_kind = [k.value for k in EventKind]
    assert feed_titles(session, people["x"], kinds=every_kind) == {
        "公开活动",
        "内部座谈外宾",
        "机密会议丙",
    }
    assert feed_titles(session, people["a"], organisation_id=people["group"].id) == {
        "公开活动",
        "内部会议",
    }
    assert feed_titles(session, people["a"], organisation_id=people["other"].id) == {"内部座谈外宾"}
    assert feed_titles(session, people["x"], kinds=["inspection"]) == {"机密会议丙"}
    assert feed_titles(session, people["a"], kinds=["inspection"]) == set()


def test_losing_internal_status_or_a_place_at_the_meeting_takes_events_away(
    session: Session,
) -> None:
    people = world(session)
    feed, _ = service.create_feed(session, FeedCreate(owner_id=people["p"].id, scope="all"), NOW)
    body = service.build_feed(session, feed, "https://x", NOW).body.decode()
    assert "内部会议" in body and "机密会议甲" in body
    people["p"].internal = False
    session.add(people["p"])
    session.commit()
    records.update_event(session, people["secret_p"].id, EventUpdate(participants=[]))
    body = service.build_feed(session, feed, "https://x", NOW).body.decode()
    assert "内部会议" not in body
    assert "机密会议甲" not in body


def test_a_guest_with_the_owners_name_does_not_open_a_confidential_meeting(
    session: Session,
) -> None:
    people = world(session)
    make_event(
        session,
        title="机密会议丁",
        visibility="confidential",
        participants=[{"guest": {"name": "甲内部"}, "role": "出席"}],
    )
    assert "机密会议丁" not in feed_titles(session, people["a"], scope=FeedScope.ALL)


def test_the_rule_check_stands_even_if_the_sql_filter_let_everything_through(
    session: Session,
) -> None:
    people = world(session)
    viewer = rules.Viewer(people["a"].id, True)
    everything = [col(Event.id).in_(sa.select(col(Event.id)))]  # no visibility condition at all
    shown = {e.title for e in load_events(session, everything, viewer)}
    assert shown == {"公开活动", "内部会议", "内部座谈外宾"}
    assert {e.title for e in load_events(session, everything, None)} == EVERYTHING


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["public", "internal", "confidential"]),
            st.sets(st.integers(0, 3), max_size=3),
            st.sampled_from(["出席", "主持", "列席", "请假"]),
        ),
        min_size=1,
        max_size=8,
    ),
    owner=st.integers(0, 3),
    internal=st.lists(st.booleans(), min_size=4, max_size=4),
    scope=st.sampled_from(FeedScope),
)
def test_feeds_show_exactly_what_the_rule_allows(
    engine: sa.Engine,
    session: Session,
    events: list[tuple[str, set[int], str]],
    owner: int,
    internal: list[bool],
    scope: FeedScope,
) -> None:
    empty_database(engine)
    session.expunge_all()
    org = Organisation(name="聊城市城市水务集团有限公司", kind=OrganisationKind.GROUP)
    session.add(org)
    session.commit()
    people = [make_person(session, f"人{i}", org, internal=internal[i]) for i in range(4)]
    expected = set()
    for n, (visibility, who, role) in enumerate(events):
        title = f"会议{n}"
        make_event(
            session,
            title=title,
            visibility=visibility,
            participants=[{"person_id": people[i].id, "role": role} for i in sorted(who)],
        )
        viewer = rules.Viewer(people[owner].id or 0, internal[owner])
        ids = {people[i].id or 0 for i in who}
        if rules.may_see(viewer, rules.Visibility(visibility), ids) and (
            scope == FeedScope.ALL or viewer.person_id in ids
        ):
            expected.add(title)
    assert feed_titles(session, people[owner], scope=scope) == expected


def test_selection_of_a_feed_is_its_owners_view(session: Session) -> None:
    people = world(session)
    feed, _ = service.create_feed(
        session,
        FeedCreate(owner_id=people["x"].id, organisation_id=people["other"].id, kinds=["visit"]),
        NOW,
    )
    assert service.selection(session, feed) == Selection(
        viewer=rules.Viewer(people["x"].id, False),
        person_only=False,
        organisation_id=people["other"].id,
        kinds=("visit",),
    )
