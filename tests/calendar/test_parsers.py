"""Three independent parsers read every feed the same way: icalendar (lenient, so its errors and
validation are checked), vobject (validate=True) and Mozilla's ical.js under TZ=America/New_York
(what Thunderbird uses; a floating or unresolved time would land on the wrong instant)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from governance.calendar import service
from governance.calendar.export import calendar_bytes, deadline_uid
from governance.calendar.models import FeedScope
from governance.calendar.schemas import FeedCreate
from governance.calendar.tasks import feed_tasks
from governance.calendar.wording import load_wording
from governance.records.models import Event, Person
from tests.calendar.parsers import (
    check_bytes,
    icaljs,
    icaljs_many,
    strict_icalendar,
    strict_vobject,
)
from tests.calendar.samples import EXPECTED_STARTS, OPTIONS, rich_events, rich_tasks
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NOW = datetime(2021, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def rich() -> bytes:
    return calendar_bytes(rich_events(), rich_tasks(), OPTIONS, load_wording())


def test_icalendar_reads_the_rich_feed_without_errors(rich: bytes) -> None:
    calendar = strict_icalendar(rich)
    assert len(list(calendar.walk("VEVENT"))) == 13
    assert len(list(calendar.walk("VTODO"))) == 6


def test_vobject_validates_the_rich_feed(rich: bytes) -> None:
    calendar = strict_vobject(rich)
    events = {e.uid.value: e for e in calendar.vevent_list}
    meeting = events[rich_events()[0].uid]
    assert meeting.dtstart.value == datetime(2021, 1, 20, 1, tzinfo=UTC)
    assert meeting.dtstart.value.utcoffset().total_seconds() == 8 * 3600
    assert meeting.summary.value == rich_events()[0].title
    assert meeting.location.value == "集团三楼会议室, A座; 东区: 201"
    assert [a.params["ROLE"][0] for a in meeting.attendee_list] == [
        "CHAIR",
        "REQ-PARTICIPANT",
        "NON-PARTICIPANT",
        "REQ-PARTICIPANT",
    ]
    assert len(calendar.vtodo_list) == 6


def test_icaljs_reads_calendar_metadata_and_the_one_timezone(rich: bytes) -> None:
    parsed = icaljs(rich)
    counts = parsed["propertyCounts"]
    assert (counts["version"], counts["prodid"]) == (1, 1)
    assert "method" not in counts
    assert parsed["props"]["x-wr-calname"] == parsed["props"]["name"] == "谭相彦的会议日历"
    assert parsed["props"]["refresh-interval"] == "PT1H"
    assert parsed["props"]["x-published-ttl"] == "PT1H"
    assert parsed["timezones"] == [{"tzid": "Asia/Shanghai", "standard": ["+08:00"], "daylight": 0}]


def test_icaljs_in_new_york_puts_every_meeting_on_its_instant(rich: bytes) -> None:
    events = {e["uid"]: e for e in icaljs(rich)["events"]}
    for ident, instant in EXPECTED_STARTS.items():
        start = events[rich_events()[ident - 1].uid]["start"]
        assert start["instant"] == instant, ident
        assert start["zone"] in {"Asia/Shanghai", "UTC"}  # never "floating"
    multi_day = events[rich_events()[2].uid]
    assert (multi_day["start"], multi_day["end"]) == (
        {"date": "2021-01-26", "isDate": True, "zone": None},
        {"date": "2021-01-31", "isDate": True, "zone": None},
    )


def test_icaljs_reads_text_attendees_status_sequence_and_alarms(rich: bytes) -> None:
    events = {e["uid"]: e for e in icaljs(rich)["events"]}
    source = rich_events()[0]
    meeting = events[source.uid]
    assert meeting["summary"] == source.title
    assert meeting["description"].startswith(source.summary.replace("\r\n", "\n")[:120])
    assert meeting["description"].endswith("详情：https://gov.example.cn/events/1")
    assert meeting["location"] == "集团三楼会议室, A座; 东区: 201"
    assert (meeting["status"], meeting["sequence"]) == ("CONFIRMED", 3)
    assert [(a["cn"], a["role"], a["partstat"]) for a in meeting["attendees"]] == [
        ("谭相彦", "CHAIR", "ACCEPTED"),
        ("王吾雪: 副总经理; 兼, 职工董事 第二行", "REQ-PARTICIPANT", "ACCEPTED"),
        ("张永正", "NON-PARTICIPANT", "ACCEPTED"),
        ("韩洪锋", "REQ-PARTICIPANT", "DECLINED"),
    ]
    assert meeting["alarms"] == [
        {"action": "DISPLAY", "trigger": "-PT30M", "description": f"会议提醒：{source.title}"}
    ]
    assert meeting["lastModified"]["zone"] == "UTC"
    cancelled = events[rich_events()[3].uid]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", 2)


def test_icaljs_reads_tasks_and_their_deadlines(rich: bytes) -> None:
    parsed = icaljs(rich)
    todos = {t["uid"]: t for t in parsed["todos"]}
    first = todos[rich_tasks()[0].uid]
    assert (first["status"], first["start"]["date"], first["due"]["date"]) == (
        "NEEDS-ACTION",
        "2021-01-13",
        "2021-03-31",
    )
    done = todos[rich_tasks()[2].uid]
    assert (done["status"], done["percent"]) == ("COMPLETED", 100)
    assert done["completed"] == {
        "instant": "2021-01-29T07:15:00.000Z",
        "isDate": False,
        "zone": "UTC",
    }
    events = {e["uid"]: e for e in parsed["events"]}
    deadline = events[deadline_uid(rich_tasks()[0])]
    assert (deadline["start"]["date"], deadline["end"]["date"]) == ("2021-03-31", "2021-04-01")


# --- every feed the demo data can produce ----------------------------------------------------
def demo_bodies(session: Session) -> tuple[list[bytes], dict[str, Any]]:
    # The demo's records and tasks; elections add nothing to calendars.
    load_newsletter(session, sorted(p for p in FIXTURES.glob("*.yaml") if p.stem != "elections"))
    bodies: list[bytes] = []
    people = session.exec(select(Person).order_by(col(Person.id))).all()
    for person in people:
        for scope in FeedScope:
            data = FeedCreate(
                owner_id=person.id or 0, scope=scope, alarm_minutes=15, deadline_events=True
            )
            feed, _ = service.create_feed(session, data, NOW)
            body = service.build_feed(session, feed, "https://gov.example.cn", NOW, feed_tasks)
            bodies.append(body.body)
    events = session.exec(select(Event).order_by(col(Event.id))).all()
    for event in events:
        body = service.build_event_file(session, event.id or 0, "https://gov.example.cn", NOW)
        bodies.append(body.body)
    starts = {
        service.rules.item_uid("event", e.id or 0, e.created_at): (e.starts_at, e.all_day)
        for e in events
    }
    return bodies, starts


def test_every_demo_feed_passes_all_three_parsers(session: Session) -> None:
    bodies, starts = demo_bodies(session)
    assert len(bodies) >= 2 * 9 + 11
    for body in bodies:
        check_bytes(body)
        strict_icalendar(body)
        strict_vobject(body)
    seen = 0
    for parsed in icaljs_many(bodies):
        for event in parsed["events"]:
            if event["uid"] not in starts:
                continue
            starts_at, all_day = starts[event["uid"]]
            if all_day:
                local = starts_at.astimezone(service.export.SHANGHAI).date().isoformat()
                assert event["start"] == {"date": local, "isDate": True, "zone": None}
            else:
                instant = starts_at.astimezone(UTC).isoformat(timespec="milliseconds")
                assert event["start"]["instant"] == instant.replace("+00:00", "Z")
            seen += 1
    assert seen >= 11
