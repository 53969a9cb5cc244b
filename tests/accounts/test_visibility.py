"""Confidential records never leak to a user who may not see them: not through lists, search,
detail, brief, minutes, .ics, elections, tasks, participations or feeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient
from sqlmodel import Session

from governance.accounts import visibility
from governance.records.models import Event, Visibility
from governance.records.visibility import Viewer, may_see
from tests.elections.helpers import election_body
from tests.factories import make_event, make_person

Client = TestClient  # type: ignore[type-arg]


@dataclass
class World:
    public: Event
    internal: Event
    secret: Event
    insider: int  # takes part in the confidential meeting
    staff: int  # internal, not taking part
    guest: int  # external person


@pytest.fixture
def world(session: Session) -> World:
    insider = make_person(session, "谭相彦")
    staff = make_person(session, "王吾雪")
    guest = make_person(session, "外部专家", internal=False)
    public = make_event(session, title="集团召开安全生产工作会议", visibility="public")
    internal = make_event(session, title="集团召开内部工作例会", visibility="internal")
    secret = make_event(
        session,
        kind="committee_meeting",
        title="集团党委召开保密专题会议",
        visibility="confidential",
        participants=[{"person_id": insider.id, "role": "主持"}],
    )
    return World(public, internal, secret, insider.id or 0, staff.id or 0, guest.id or 0)


def titles(client: Client, query: str = "") -> list[str]:
    body = client.get("/api/v1/events" + query).json()
    assert body["total"] == len(body["items"])
    return sorted(item["title"] for item in body["items"])


EVENT_PATHS = [
    "/api/v1/events/{id}",
    "/api/v1/events/{id}/brief.txt",
    "/api/v1/events/{id}/brief.docx",
    "/api/v1/events/{id}/minutes.docx",
    "/api/v1/events/{id}/ics",
    "/api/v1/events/{id}.ics",
    "/events/{id}",
]


@pytest.mark.parametrize("role", ["viewer", "leader", "communications"])
def test_confidential_event_is_absent_for_an_outsider(
    world: World, client_as: Callable[..., Client], role: str
) -> None:
    outsider = client_as(role, world.staff)
    assert titles(outsider) == ["集团召开内部工作例会", "集团召开安全生产工作会议"]
    assert titles(outsider, "?q=保密") == []
    assert titles(outsider, "?visibility=confidential") == []
    for path in EVENT_PATHS:
        response = outsider.get(path.format(id=world.secret.id))
        assert response.status_code == 404, (path, response.status_code)
        assert "保密" not in response.text
    for path in EVENT_PATHS:  # the same user sees the internal one fine
        assert outsider.get(path.format(id=world.internal.id)).status_code == 200, path


def test_person_pages_do_not_list_confidential_events(
    world: World, client_as: Callable[..., Client]
) -> None:
    outsider = client_as("viewer", world.staff)
    detail = outsider.get(f"/api/v1/people/{world.insider}")
    assert detail.status_code == 200
    assert "保密" not in detail.text
    assert "保密" not in outsider.get(f"/people/{world.insider}").text
    assert "保密" not in outsider.get("/calendar?month=2021-01").text
    assert titles(outsider, f"?person_id={world.insider}") == []


def test_participant_sees_the_confidential_event_everywhere(
    world: World, client_as: Callable[..., Client]
) -> None:
    insider = client_as("leader", world.insider)
    assert "集团党委召开保密专题会议" in titles(insider, "?q=保密")
    for path in EVENT_PATHS:
        assert insider.get(path.format(id=world.secret.id)).status_code == 200, path


def test_external_user_sees_public_events_only(
    world: World, client_as: Callable[..., Client]
) -> None:
    guest = client_as("viewer", world.guest)
    assert titles(guest) == ["集团召开安全生产工作会议"]
    assert guest.get(f"/api/v1/events/{world.internal.id}").status_code == 404


def test_user_without_person_is_internal_but_no_participant(
    world: World, client_as: Callable[..., Client]
) -> None:
    assert titles(client_as("communications")) == [
        "集团召开内部工作例会",
        "集团召开安全生产工作会议",
    ]


@pytest.mark.parametrize("role", ["admin", "secretariat"])
def test_admin_and_secretariat_see_everything(
    world: World, client_as: Callable[..., Client], role: str
) -> None:
    assert len(titles(client_as(role))) == 3


def test_records_of_a_confidential_event_are_absent_too(
    world: World, client: Client, client_as: Callable[..., Client]
) -> None:
    election = client.post("/api/v1/elections", json=election_body(world.secret))
    assert election.status_code == 201, election.text
    election_id = election.json()["id"]
    task = client.post(
        "/api/v1/tasks",
        json={
            "title": "落实保密会议部署",
            "starts_on": "2021-01-01",
            "source_kind": "event",
            "source_id": world.secret.id,
        },
    )
    assert task.status_code == 201, task.text
    outsider = client_as("viewer", world.staff)
    assert outsider.get(f"/api/v1/elections/{election_id}").status_code == 404
    assert outsider.get(f"/api/v1/elections/{election_id}/announcement").status_code == 404
    assert outsider.get("/api/v1/elections").json()["total"] == 0
    assert outsider.get(f"/api/v1/tasks/{task.json()['id']}").status_code == 404
    assert outsider.get("/api/v1/tasks").json()["total"] == 0
    participations = outsider.get(f"/api/v1/participations?event_id={world.secret.id}").json()
    assert participations["total"] == 0
    insider = client_as("leader", world.insider)
    assert insider.get(f"/api/v1/elections/{election_id}").status_code == 200
    assert insider.get(f"/api/v1/tasks/{task.json()['id']}").status_code == 200


def test_leader_manages_own_feeds_only(
    world: World, client: Client, client_as: Callable[..., Client]
) -> None:
    leader = client_as("leader", world.insider)
    own = leader.post(
        "/api/v1/feeds", json={"owner_id": world.insider, "name": "我的日历", "scope": "person"}
    )
    assert own.status_code == 201, own.text
    other = leader.post(
        "/api/v1/feeds", json={"owner_id": world.staff, "name": "别人的", "scope": "person"}
    )
    assert other.status_code == 403
    assert other.json()["code"] == "feed_for_own_person_only"
    assert other.json()["message"] == "只能为本人创建日历订阅"
    theirs = client.post(
        "/api/v1/feeds", json={"owner_id": world.staff, "name": "王的日历", "scope": "all"}
    )
    assert theirs.status_code == 201
    their_id = theirs.json()["feed"]["id"]
    assert leader.post(f"/api/v1/feeds/{their_id}/revoke").status_code == 404
    assert leader.post(f"/api/v1/feeds/{their_id}/rotate").status_code == 404
    assert leader.patch(f"/api/v1/feeds/{their_id}", json={"name": "x"}).status_code == 404
    assert [f["owner_id"] for f in leader.get("/api/v1/feeds").json()["items"]] == [world.insider]
    own_id = own.json()["feed"]["id"]
    assert leader.post(f"/api/v1/feeds/{own_id}/rotate").status_code == 200
    assert leader.post(f"/api/v1/feeds/{own_id}/revoke").status_code == 200
    unlinked = client_as("viewer")
    refused = unlinked.post(
        "/api/v1/feeds", json={"owner_id": world.staff, "name": "x", "scope": "all"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "feed_person_unlinked"


def test_feed_url_works_without_login_and_shows_the_owners_view(
    world: World, client: Client, anonymous_client: Client
) -> None:
    issued = client.post(
        "/api/v1/feeds", json={"owner_id": world.staff, "name": "王的日历", "scope": "all"}
    ).json()
    path = issued["url"].split("testserver.local", 1)[-1]
    body = anonymous_client.get(path)
    assert body.status_code == 200, (path, body.text)
    assert "安全生产工作会议" in body.text and "保密" not in body.text


@given(
    visibility_=st.sampled_from(list(Visibility)),
    internal=st.booleans(),
    taking_part=st.booleans(),
)
def test_sql_rule_matches_may_see(
    visibility_: Visibility, internal: bool, taking_part: bool
) -> None:
    """The SQL of visibility.visible_event_ids, evaluated on one row, agrees with may_see."""
    viewer = Viewer(person_id=7, internal=internal)
    expected = may_see(viewer, visibility_, {7} if taking_part else set())
    assert _sql_says(viewer, visibility_, taking_part) is expected


def _sql_says(viewer: Viewer, visibility_: Visibility, taking_part: bool) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine("sqlite://")
    event = visibility._EVENT
    participation = visibility._PARTICIPATION
    meta = sa.MetaData()
    sa.Table(
        "event",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("visibility", sa.String),
    )
    sa.Table(
        "participation",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer),
        sa.Column("person_id", sa.Integer),
    )
    meta.create_all(engine)
    with engine.begin() as db:
        db.execute(
            sa.text("INSERT INTO event (id, visibility) VALUES (1, :v)"), {"v": str(visibility_)}
        )
        if taking_part:
            db.execute(sa.text("INSERT INTO participation (event_id, person_id) VALUES (1, 7)"))
        rows: Any = db.execute(visibility.visible_event_ids(viewer)).all()
    assert event.name == "event" and participation.name == "participation"
    return [r[0] for r in rows] == [1]
