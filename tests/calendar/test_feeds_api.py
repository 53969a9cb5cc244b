"""Feed subscriptions through the JSON API: create, list, read, change, rotate, revoke."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from litestar.testing import TestClient
from sqlmodel import Session, select

from governance import backup
from governance.calendar import rules
from governance.calendar.models import CalendarFeed, CalendarFeedToken
from tests.calendar.conftest import PUBLIC_URL, feed_path
from tests.factories import group_leaders, make_person

API = "/api/v1/feeds"


def issue(client: TestClient, **fields: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    response = client.post(API, json=fields)
    assert response.status_code == 201, response.text
    issued: dict[str, Any] = response.json()
    return issued


def test_create_answers_the_https_and_webcal_urls_once(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    issued = issue(feeds, owner_id=people["tan"].id)
    token = issued["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)  # 24 random bytes: 192 bits
    assert issued["url"] == f"{PUBLIC_URL}/feeds/{token}.ics"
    assert issued["webcal_url"] == f"webcal://gov.example.cn/feeds/{token}.ics"
    feed = issued["feed"]
    assert (feed["owner_id"], feed["owner_name"], feed["scope"], feed["active"]) == (
        people["tan"].id,
        "谭相彦",
        "person",
        True,
    )
    assert (feed["name"], feed["display_name"]) == ("", "谭相彦的会议日历")
    assert (feed["include_tasks"], feed["deadline_events"], feed["alarm_minutes"]) == (
        True,
        False,
        None,
    )
    assert "token" not in feeds.get(f"{API}/{feed['id']}").json()
    assert feeds.get(feed_path(issued["url"])).status_code == 200


def test_only_a_hash_of_the_token_is_stored(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
    engine: sa.Engine,
) -> None:
    people = group_leaders(session)
    token = issue(feeds, owner_id=people["tan"].id)["token"]
    (stored,) = session.exec(select(CalendarFeedToken)).all()
    assert stored.token_hash == rules.hash_token(token)
    assert token not in backup.export_json(engine)


def test_two_feeds_never_share_a_token(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    tokens = {issue(feeds, owner_id=people["tan"].id)["token"] for _ in range(20)}
    assert len(tokens) == 20


def test_scope_defaults_to_person_or_all_when_narrowed(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    owner, org = people["tan"].id, people["group"].id
    assert issue(feeds, owner_id=owner)["feed"]["scope"] == "person"
    by_org = issue(feeds, owner_id=owner, organisation_id=org)["feed"]
    assert (by_org["scope"], by_org["display_name"]) == ("all", "聊城水务集团的会议和活动")
    by_kind = issue(feeds, owner_id=owner, kinds=["congress", "inspection", "congress"])["feed"]
    assert (by_kind["scope"], by_kind["kinds"]) == ("all", ["congress", "inspection"])
    assert by_kind["display_name"] == "谭相彦可见的会议和活动（代表大会、检查）"
    explicit = issue(feeds, owner_id=owner, kinds=["congress"], scope="person")["feed"]
    assert (explicit["scope"], explicit["display_name"]) == (
        "person",
        "谭相彦的会议日历（代表大会）",
    )
    named = issue(feeds, owner_id=owner, name="职代会日历")["feed"]
    assert named["display_name"] == "职代会日历"


def test_create_rejects_bad_input_naming_the_field(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    owner = people["tan"].id
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"owner_id": 9999}, 422, "owner_id: no person with id 9999"),
        ({"owner_id": owner, "organisation_id": 9999}, 422, "organisation_id"),
        ({"owner_id": owner, "kinds": ["party"]}, 400, "kinds"),
        ({"owner_id": owner, "alarm_minutes": -1}, 400, "alarm_minutes"),
        ({"owner_id": owner, "alarm_minutes": 10081}, 400, "alarm_minutes"),
        ({"owner_id": owner, "history_days": 0}, 400, "history_days"),
        ({"owner_id": owner, "scope": "everyone"}, 400, "scope"),
        ({"owner_id": owner, "token": "mine"}, 400, "token"),
        ({"owner_id": owner, "name": "x" * 201}, 400, "name"),
        ({}, 400, "owner_id"),
    ]
    for body, status, field in cases:
        response = feeds.post(API, json=body)
        assert response.status_code == status, (body, response.text)
        assert field in response.json()["detail"], (body, response.text)
    assert session.exec(select(CalendarFeed)).all() == []


def test_list_filters_by_owner_and_hides_revoked_feeds(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    first = issue(feeds, owner_id=people["tan"].id)["feed"]["id"]
    second = issue(feeds, owner_id=people["wang"].id)["feed"]["id"]
    third = issue(feeds, owner_id=people["tan"].id)["feed"]["id"]
    assert feeds.post(f"{API}/{third}/revoke").status_code == 200
    listed = feeds.get(API).json()
    assert ([f["id"] for f in listed["items"]], listed["total"]) == ([first, second], 2)
    everything = feeds.get(API, params={"include_revoked": "true"}).json()["items"]
    assert [(f["id"], f["active"]) for f in everything] == [
        (first, True),
        (second, True),
        (third, False),
    ]
    mine = feeds.get(API, params={"owner_id": people["tan"].id}).json()["items"]
    assert [f["id"] for f in mine] == [first]
    assert feeds.get(f"{API}/9999").status_code == 404


def test_patch_changes_what_the_feed_shows_and_keeps_its_url(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    issued = issue(feeds, owner_id=people["tan"].id, alarm_minutes=30)
    ident = issued["feed"]["id"]
    changed = feeds.patch(
        f"{API}/{ident}", json={"alarm_minutes": None, "deadline_events": True, "name": "我的日历"}
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["alarm_minutes"], body["deadline_events"], body["display_name"]) == (
        None,
        True,
        "我的日历",
    )
    assert "X-WR-CALNAME:我的日历" in feeds.get(feed_path(issued["url"])).text
    bad = feeds.patch(f"{API}/{ident}", json={"include_tasks": None})
    assert (bad.status_code, bad.json()["detail"]) == (422, "include_tasks: must not be null")
    assert (bad.json()["code"], bad.json()["message"]) == ("feed_setting_not_null", "必填")
    assert feeds.patch(f"{API}/{ident}", json={"owner_id": 1}).status_code == 400


def test_rotate_gives_a_new_url_and_the_old_one_is_gone(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    issued = issue(feeds, owner_id=people["tan"].id)
    ident = issued["feed"]["id"]
    rotated = feeds.post(f"{API}/{ident}/rotate")
    assert rotated.status_code == 200, rotated.text
    fresh = rotated.json()
    assert fresh["feed"]["id"] == ident
    assert fresh["token"] != issued["token"]
    assert feeds.get(feed_path(fresh["url"])).status_code == 200
    old = feeds.get(feed_path(issued["url"]))
    assert old.status_code == 410
    assert {k: old.json()[k] for k in ("code", "field", "detail", "extra")} == {
        "code": "feed_gone",
        "field": None,
        "detail": "this feed was revoked or its URL replaced",
        "extra": [],
    }
    assert old.json()["message"].startswith("这个日历订阅已撤销")
    assert old.headers["x-robots-tag"] == "noindex"
    assert feeds.get(API).json()["total"] == 1


def test_revoked_feed_answers_410_and_cannot_be_changed(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    issued = issue(feeds, owner_id=people["tan"].id)
    ident = issued["feed"]["id"]
    first = feeds.post(f"{API}/{ident}/revoke").json()
    again = feeds.post(f"{API}/{ident}/revoke").json()
    assert first["revoked_at"] == again["revoked_at"] is not None
    assert feeds.get(feed_path(issued["url"])).status_code == 410
    refused = feeds.post(f"{API}/{ident}/rotate")
    assert (refused.status_code, refused.json()["code"]) == (409, "feed_revoked")
    assert refused.json()["detail"] == f"feed {ident} is revoked; create a new one"
    assert feeds.patch(f"{API}/{ident}", json={"name": "x"}).status_code == 409
    assert feeds.post(f"{API}/9999/revoke").status_code == 404


def test_unknown_feed_urls_answer_404_and_malformed_ones_400(
    feeds: TestClient,  # type: ignore[type-arg]
) -> None:
    unknown = feeds.get("/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")
    assert unknown.status_code == 404
    assert (unknown.json()["code"], unknown.json()["detail"]) == (
        "feed_not_found",
        "feed not found",
    )
    assert unknown.headers["referrer-policy"] == "no-referrer"
    for path in ("/feeds/short.ics", "/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/feeds/a b.ics"):
        assert feeds.get(path).status_code == 400, path
    assert feeds.get("/feeds/%2e%2e%2fetc.ics").status_code == 404


def test_deleting_the_owner_removes_their_feeds(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    person = make_person(session, "刘洋")
    issued = issue(feeds, owner_id=person.id)
    assert feeds.delete(f"/api/v1/people/{person.id}").status_code == 204
    assert feeds.get(feed_path(issued["url"])).status_code == 404
    assert feeds.get(API).json()["total"] == 0
