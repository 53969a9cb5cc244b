"""GET /api/v1/events/{id}.ics: one event as a file to open or import."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import Session

from governance.calendar import rules
from tests.calendar.parsers import check_bytes, strict_icalendar, strict_vobject, unfolded
from tests.factories import group_leaders, make_event


def test_one_event_as_an_ics_file(feeds: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    people = group_leaders(session)
    event = make_event(
        session,
        title="集团召开三届一次职工代表大会",
        start="2021-01-26",
        end="2021-01-30",
        location="集团三楼会议室",
        summary="会议听取并审议了工作报告，通过了各项决议。",
        participants=[
            {"person_id": people["tan"].id, "role": "主持"},
            {"person_id": people["zhang"].id, "role": "列席"},
        ],
        agenda=[{"title": "工作报告", "presenter_id": people["wang"].id}],
    )
    response = feeds.get(f"/api/v1/events/{event.id}.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="event-{event.id}.ics"'
    body = response.content
    check_bytes(body)
    strict_vobject(body)
    (vevent,) = strict_icalendar(body).walk("VEVENT")
    assert str(vevent["UID"]) == rules.item_uid("event", event.id or 0, event.created_at)
    assert [str(vevent["DTSTART"].to_ical(), "ascii"), str(vevent["DTEND"].to_ical(), "ascii")] == [
        "20210126",
        "20210131",
    ]
    assert [(a.params["CN"], a.params["ROLE"]) for a in vevent["ATTENDEE"]] == [
        ("谭相彦", "CHAIR"),
        ("张永正", "NON-PARTICIPANT"),
    ]
    description = str(vevent["DESCRIPTION"])
    assert description == (
        "会议听取并审议了工作报告，通过了各项决议。\n\n议程：\n1. 工作报告（王吾雪）\n\n"
        f"详情：https://gov.example.cn/events/{event.id}"
    )
    lines = unfolded(body)
    assert not [line for line in lines if line.startswith(("X-WR-CALNAME", "METHOD", "NAME"))]


def test_the_ics_path_and_its_alias_answer_the_same_and_the_json_record_is_untouched(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    event = make_event(session)
    dotted = feeds.get(f"/api/v1/events/{event.id}.ics")
    alias = feeds.get(f"/api/v1/events/{event.id}/ics")
    assert dotted.content == alias.content
    record = feeds.get(f"/api/v1/events/{event.id}")
    assert (record.status_code, record.json()["id"]) == (200, event.id)


def test_event_file_answers_304_to_its_etag(feeds: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    event = make_event(session)
    first = feeds.get(f"/api/v1/events/{event.id}.ics")
    again = feeds.get(
        f"/api/v1/events/{event.id}.ics", headers={"If-None-Match": first.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["x-robots-tag"] == "noindex"


def test_missing_or_malformed_event_files(feeds: TestClient) -> None:  # type: ignore[type-arg]
    assert feeds.get("/api/v1/events/999.ics").status_code == 404
    assert feeds.get("/api/v1/events/999/ics").status_code == 404
    assert feeds.get("/api/v1/events/abc.ics").status_code == 404
    assert feeds.get("/api/v1/events/9999999999.ics").status_code == 400  # beyond the id range
    assert feeds.get("/api/v1/events/99999999999.ics").status_code == 404
    assert feeds.get("/api/v1/events/1.ics.ics").status_code == 404
