""" "My calendar": pick the person (or the signed-in leader's own), create a feed and see its
https and webcal links and QR code once, rotate and revoke after a confirmation step."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.calendar import rules
from governance.calendar.models import CalendarFeed, CalendarFeedToken
from governance.calendar.pages import qr_svg
from tests.factories import make_org, make_person


def feed_url(html: str) -> str:
    found = re.search(r'<code class="link" id="feed-url">([^<]+)</code>', html)
    assert found, "no feed link on the page"
    return found.group(1)


def test_page_asks_who_i_am_first(client: TestClient, session: Session) -> None:
    make_person(session, "谭相彦")
    page = client.get("/my/calendar")
    assert page.status_code == 200
    assert "<h1>我的日历</h1>" in page.text
    assert ">谭相彦</option>" in page.text
    assert "请先选择您是谁" in page.text


def test_create_shows_https_and_webcal_links_and_qr_once(
    client: TestClient, session: Session
) -> None:
    person = make_person(session, "谭相彦")
    page = client.get("/my/calendar", params={"person_id": person.id})
    assert "<h2>谭相彦的订阅</h2>" in page.text and "还没有订阅" in page.text
    created = client.post(
        "/my/calendar/feeds",
        data={
            "person_id": str(person.id),
            "scope": "person",
            "include_tasks": "on",
            "alarm_minutes": "30",
        },
    )
    assert created.status_code == 201
    url = feed_url(created.text)
    assert re.fullmatch(r"http://testserver\.local/feeds/[A-Za-z0-9_-]{32}\.ics", url)
    assert f'href="{rules.webcal_url(url)}"' in created.text
    assert '<figure class="qr" id="feed-qr">' in created.text and "<svg" in created.text
    assert "这个链接只显示这一次" in created.text
    feed = session.exec(select(CalendarFeed)).one()
    assert (feed.owner_id, feed.alarm_minutes, feed.include_tasks) == (person.id, 30, True)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    again = client.get("/my/calendar", params={"person_id": person.id}).text
    assert token not in again and "使用中" in again


def test_public_url_setting_gives_the_links(client: TestClient, session: Session) -> None:
    person = make_person(session, "谭相彦")
    client.app.state.settings = replace(
        client.app.state.settings, public_url="https://calendar.example.cn"
    )
    created = client.post("/my/calendar/feeds", data={"person_id": str(person.id)})
    assert feed_url(created.text).startswith("https://calendar.example.cn/feeds/")
    assert 'href="webcal://calendar.example.cn/feeds/' in created.text


def test_create_refuses_bad_input_in_chinese_keeping_choices(
    client: TestClient, session: Session
) -> None:
    person = make_person(session, "谭相彦")
    org = make_org(session)
    page = client.post(
        "/my/calendar/feeds",
        data={
            "person_id": str(person.id),
            "organisation_id": str(org.id),
            "kinds": ["congress", "visit"],
            "history_days": "很久",
        },
    )
    assert page.status_code == 422
    assert (
        '<span class="field-error" data-for="history_days" id="error-history_days" role="alert">请填写不小于0的整数</span>'
        in page.text
    )
    assert 'value="congress" checked' in page.text and 'value="visit" checked' in page.text
    assert f'<option value="{org.id}" selected>' in page.text
    assert session.exec(select(CalendarFeed)).all() == []


def test_create_without_a_person_is_refused(client: TestClient, session: Session) -> None:
    page = client.post("/my/calendar/feeds", data={"scope": "person"})
    assert page.status_code == 422
    assert "请先选择您是谁" in page.text


def test_rotate_asks_first_then_shows_the_new_link(client: TestClient, session: Session) -> None:
    person = make_person(session, "谭相彦")
    old = feed_url(client.post("/my/calendar/feeds", data={"person_id": str(person.id)}).text)
    feed = session.exec(select(CalendarFeed)).one()
    confirm = client.get(f"/my/calendar/feeds/{feed.id}/rotate")
    assert confirm.status_code == 200 and "旧链接立即失效" in confirm.text
    rotated = client.post(
        f"/my/calendar/feeds/{feed.id}/rotate", data={"person_id": str(person.id)}
    )
    assert rotated.status_code == 200 and "已更换订阅链接" in rotated.text
    new = feed_url(rotated.text)
    assert new != old
    assert client.get(old.removeprefix("http://testserver.local")).status_code == 410
    assert client.get(new.removeprefix("http://testserver.local")).status_code == 200


def test_revoke_asks_first_then_stops_the_feed(client: TestClient, session: Session) -> None:
    person = make_person(session, "谭相彦")
    url = feed_url(client.post("/my/calendar/feeds", data={"person_id": str(person.id)}).text)
    feed = session.exec(select(CalendarFeed)).one()
    confirm = client.get(f"/my/calendar/feeds/{feed.id}/revoke")
    assert "确定停用" in confirm.text
    answer = client.post(
        f"/my/calendar/feeds/{feed.id}/revoke",
        data={"person_id": str(person.id)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert client.get(url.removeprefix("http://testserver.local")).status_code == 410
    page = client.get("/my/calendar", params={"person_id": person.id}).text
    assert "已停用" in page
    assert session.exec(select(CalendarFeedToken)).one().revoked_at is not None


def test_signed_in_leader_gets_their_own_calendar(
    client_as: Callable[..., TestClient], session: Session
) -> None:
    me = make_person(session, "王吾雪")
    other = make_person(session, "谭相彦")
    leader = client_as("leader", person_id=me.id)
    page = leader.get("/my/calendar", params={"person_id": other.id})
    assert page.status_code == 200
    assert "<h2>王吾雪的订阅</h2>" in page.text and 'name="person_id" onchange' not in page.text
    created = leader.post("/my/calendar/feeds", data={"person_id": str(other.id)})
    assert created.status_code == 201
    assert session.exec(select(CalendarFeed.owner_id)).one() == me.id


def test_leader_cannot_revoke_another_persons_feed(
    client: TestClient, client_as: Callable[..., TestClient], session: Session
) -> None:
    me = make_person(session, "王吾雪")
    other = make_person(session, "谭相彦")
    client.post("/my/calendar/feeds", data={"person_id": str(other.id)})
    feed = session.exec(select(CalendarFeed)).one()
    leader = client_as("leader", person_id=me.id)
    answer = leader.post(f"/my/calendar/feeds/{feed.id}/revoke", data={})
    assert answer.status_code == 404  # accounts hide other people's feeds altogether
    session.refresh(feed)
    assert feed.revoked_at is None


def test_qr_code_is_an_inline_svg() -> None:
    svg = qr_svg("https://example.cn/feeds/abc.ics")
    assert svg.startswith("<svg") and "<?xml" not in svg
