"""Edits reach clients: SEQUENCE rises and LAST-MODIFIED moves on every visible change, a
cancelled meeting stays as CANCELLED for 30 days, then leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from governance.calendar import revisions, service
from governance.calendar.models import CalendarRevision
from governance.calendar.revisions import Seen
from governance.calendar.schemas import FeedCreate
from governance.records.models import Event
from tests.calendar.conftest import feed_path
from tests.calendar.parsers import strict_icalendar
from tests.calendar.test_feeds_api import issue
from tests.factories import group_leaders, make_event

LONG_AGO = datetime(2021, 1, 10, 8, tzinfo=UTC)


def the_event(client: TestClient, path: str) -> Any:  # type: ignore[type-arg]
    response = client.get(path)
    assert response.status_code == 200, response.text
    (event,) = strict_icalendar(response.content).walk("VEVENT")
    return event


def setup(client: TestClient, session: Session) -> tuple[str, int, dict[str, Any]]:  # type: ignore[type-arg]
    people = group_leaders(session)
    event = make_event(
        session,
        title="集团2021年工作会议",
        kind="work_conference",
        start="2021-01-20T09:00:00",
        end="2021-01-20T11:00:00",
        participants=[{"person_id": people["tan"].id, "role": "主持"}],
    )
    # Recorded a while ago, so an edit now is visibly later (timestamps have whole seconds).
    session.execute(
        sa.update(Event)
        .where(col(Event.id) == event.id)
        .values(created_at=LONG_AGO, updated_at=LONG_AGO)
    )
    session.commit()
    path = feed_path(issue(client, owner_id=people["tan"].id)["url"])
    return path, event.id or 0, people


def test_sequence_starts_at_zero_and_rises_with_each_edit(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, _ = setup(feeds, session)
    first = the_event(feeds, path)
    assert (first["SEQUENCE"], first["LAST-MODIFIED"].dt, first["CREATED"].dt) == (
        0,
        LONG_AGO,
        LONG_AGO,
    )
    assert (
        feeds.patch(f"/api/v1/events/{ident}", json={"location": "二楼会议室"}).status_code == 200
    )
    second = the_event(feeds, path)
    assert (second["SEQUENCE"], str(second["LOCATION"])) == (1, "二楼会议室")
    assert second["LAST-MODIFIED"].dt > first["LAST-MODIFIED"].dt
    assert second["DTSTAMP"].dt == second["LAST-MODIFIED"].dt
    feeds.patch(f"/api/v1/events/{ident}", json={"start": "2021-01-20T14:00:00", "end": None})
    third = the_event(feeds, path)
    assert third["SEQUENCE"] == 2
    assert third["DTSTART"].dt == datetime(2021, 1, 20, 6, tzinfo=UTC)


def test_fetching_again_without_changes_keeps_sequence_and_bytes(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, _ = setup(feeds, session)
    feeds.patch(f"/api/v1/events/{ident}", json={"title": "改后的会议"})
    bodies = {feeds.get(path).content for _ in range(3)}
    assert len(bodies) == 1
    assert the_event(feeds, path)["SEQUENCE"] == 0  # first seen after the edit


def test_an_edit_clients_cannot_see_does_not_raise_sequence(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, _ = setup(feeds, session)
    the_event(feeds, path)
    feeds.patch(f"/api/v1/events/{ident}", json={"notes": "内部备注，不进日历"})
    assert the_event(feeds, path)["SEQUENCE"] == 0


def test_renaming_an_attendee_or_adding_one_raises_sequence(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, people = setup(feeds, session)
    the_event(feeds, path)
    feeds.patch(f"/api/v1/people/{people['tan'].id}", json={"name": "谭相彦同志"})
    renamed = the_event(feeds, path)
    assert (renamed["SEQUENCE"], renamed["ATTENDEE"].params["CN"]) == (1, "谭相彦同志")
    added = feeds.post(
        "/api/v1/participations",
        json={"event_id": ident, "person_id": people["wang"].id, "role": "出席"},
    )
    assert added.status_code == 201, added.text
    assert the_event(feeds, path)["SEQUENCE"] == 2


def test_a_cancelled_meeting_stays_cancelled_for_30_days_then_leaves(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, people = setup(feeds, session)
    the_event(feeds, path)
    feeds.patch(f"/api/v1/events/{ident}", json={"status": "cancelled"})
    cancelled = the_event(feeds, path)
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", 1)
    assert str(cancelled["SUMMARY"]) == "【已取消】集团2021年工作会议"
    row = session.exec(select(Event).where(Event.id == ident)).one()
    session.refresh(row)
    feed, _ = service.create_feed(session, FeedCreate(owner_id=people["tan"].id), row.updated_at)
    day_29 = service.build_feed(session, feed, "https://x", row.updated_at + timedelta(days=29))
    day_31 = service.build_feed(session, feed, "https://x", row.updated_at + timedelta(days=31))
    assert b"STATUS:CANCELLED" in day_29.body
    assert b"BEGIN:VEVENT" not in day_31.body


def test_the_event_file_and_the_feed_share_one_sequence(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, _ = setup(feeds, session)
    the_event(feeds, path)
    feeds.patch(f"/api/v1/events/{ident}", json={"title": "改名"})
    (single,) = strict_icalendar(feeds.get(f"/api/v1/events/{ident}.ics").content).walk("VEVENT")
    assert single["SEQUENCE"] == 1
    assert the_event(feeds, path)["SEQUENCE"] == 1


def test_two_builds_seeing_the_same_change_raise_sequence_once(session: Session) -> None:
    now = datetime(2021, 2, 1, tzinfo=UTC)
    seen = Seen("event-1-x@governance.lcsw", "a" * 64, now)
    revisions.revisions(session, [seen], now)
    changed = Seen(seen.uid, "b" * 64, now)
    stale = {seen.uid: session.get(CalendarRevision, seen.uid)}
    assert stale[seen.uid] is not None
    # The second build read the old fingerprint before the first one wrote the new one.
    first = revisions.revisions(session, [changed], now + timedelta(minutes=1))
    session.expunge_all()
    original = revisions._stored
    try:
        revisions._stored = lambda _s, _u: {  # type: ignore[assignment]
            seen.uid: CalendarRevision(
                uid=seen.uid, sequence=0, fingerprint="a" * 64, changed_at=now
            )
        }
        revisions.revisions(session, [changed], now + timedelta(minutes=2))
    finally:
        revisions._stored = original  # type: ignore[assignment]
    assert first[seen.uid].sequence == 1
    row = session.get(CalendarRevision, seen.uid)
    assert row is not None and (row.sequence, row.fingerprint) == (1, "b" * 64)


def test_sending_the_same_participants_again_keeps_sequence(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, ident, people = setup(feeds, session)
    same = [
        {"person_id": people["tan"].id, "role": "主持"},
        {"guest": {"name": "韩洪锋", "title": "二级调研员"}, "role": "莅临指导"},
    ]
    feeds.patch(f"/api/v1/events/{ident}", json={"participants": same})
    first = the_event(feeds, path)
    feeds.patch(f"/api/v1/events/{ident}", json={"participants": same})  # rows replaced anew
    again = the_event(feeds, path)
    assert again["SEQUENCE"] == first["SEQUENCE"]
    assert [str(a) for a in again["ATTENDEE"]] == [str(a) for a in first["ATTENDEE"]]
