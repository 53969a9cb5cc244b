"""The iCalendar writer against CALENDAR.md, item by item, on synthetic data (no database)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from governance.calendar import export
from governance.calendar.export import FeedOptions, calendar_bytes
from governance.calendar.wording import load_wording
from governance.records.models import EventStatus
from tests.calendar.parsers import check_bytes, strict_icalendar, unfolded
from tests.calendar.samples import (
    LONG_TEXT,
    OPTIONS,
    SH,
    TRICKY_NAME,
    event,
    rich_events,
    rich_tasks,
    task,
)

WORDING = load_wording()


def render(
    events: list[export.FeedEvent] | None = None,
    tasks: list[export.FeedTask] | None = None,
    options: FeedOptions = OPTIONS,
) -> bytes:
    return calendar_bytes(
        rich_events() if events is None else events,
        rich_tasks() if tasks is None else tasks,
        options,
        WORDING,
    )


def components(body: bytes, name: str) -> list[icalendar.cal.Component]:
    return list(strict_icalendar(body).walk(name))


def by_uid(body: bytes, name: str = "VEVENT") -> dict[str, icalendar.cal.Component]:
    return {str(c["UID"]): c for c in components(body, name)}


# --- 1-4: bytes and lines --------------------------------------------------------------------
def test_lines_end_in_crlf_fold_at_75_octets_and_never_split_a_character() -> None:
    check_bytes(render())


@pytest.mark.parametrize("size", [1, 2, 3, 24, 25, 26, 70, 71, 72, 73, 74, 75, 76, 200])
def test_folds_of_chinese_text_of_every_length_stay_whole(size: int) -> None:
    text = ("聊城，水务；集团\\、\n" * 40)[:size]
    body = render([event(1, title=text, summary=text, location=text)], [])
    check_bytes(body)
    parsed = by_uid(body)[event(1).uid]
    assert str(parsed["SUMMARY"]) == text
    assert str(parsed["LOCATION"]) == text
    assert str(parsed["DESCRIPTION"]).startswith(text.strip())


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("聊城水务，。；、,;:\\\n\"'aZ09 é😀"), min_size=1, max_size=300
    )
)
def test_any_text_survives_escaping_and_folding(text: str) -> None:
    body = render([event(1, title=text, location=text)], [])
    check_bytes(body)
    parsed = by_uid(body)[event(1).uid]
    assert str(parsed["SUMMARY"]) == text
    assert str(parsed["LOCATION"]) == text


def test_text_escapes_backslash_semicolon_comma_newline_but_not_full_width() -> None:
    body = render([event(1, title="甲,乙;丙\\丁\n戊，己；庚、辛")], [])
    summary = next(line for line in unfolded(body) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:甲\\,乙\\;丙\\\\丁\\n戊，己；庚、辛"


def test_carriage_returns_in_text_become_plain_newlines() -> None:
    body = render([event(1, summary="一\r\n二\r三")], [])
    assert str(by_uid(body)[event(1).uid]["DESCRIPTION"]).startswith("一\n二\n三\n\n")


def test_attendee_names_are_quoted_when_needed_and_lose_quotes_and_newlines() -> None:
    body = render()
    attendee = next(line for line in unfolded(body) if "fce816e5" in line)
    assert attendee.startswith('ATTENDEE;CN="王吾雪: 副总经理; 兼, 职工董事 第二行";')
    assert TRICKY_NAME.count('"') == 2  # the input had quotes; the output has only the delimiters


def test_same_objects_give_the_same_bytes() -> None:
    assert render() == render()
    assert render(list(reversed(rich_events())), list(reversed(rich_tasks()))) == render()


def test_nothing_random_or_clock_based_in_the_output() -> None:
    body = render()
    calendar = strict_icalendar(body)
    assert str(calendar["UID"]) == OPTIONS.calendar_uid  # Calendar.new would make one up
    stamps = {c["DTSTAMP"].dt for c in calendar.walk() if "DTSTAMP" in c}
    assert max(stamps) < datetime(2022, 1, 1, tzinfo=UTC)  # from the data, not "now"


# --- 5-7: structure --------------------------------------------------------------------------
def test_one_version_one_prodid_and_no_method() -> None:
    lines = unfolded(render())
    assert [line for line in lines if line.startswith("VERSION")] == ["VERSION:2.0"]
    assert len([line for line in lines if line.startswith("PRODID:")]) == 1
    assert not [line for line in lines if line.startswith("METHOD")]


def test_every_item_has_a_stable_impersonal_uid_and_a_utc_dtstamp() -> None:
    body = render()
    items = components(body, "VEVENT") + components(body, "VTODO")
    assert len(items) == 8 + 6 + 5  # events, tasks, deadlines of the five tasks with a due date
    uids = [str(item["UID"]) for item in items]
    assert len(set(uids)) == len(uids)
    for uid in uids:
        assert re.fullmatch(r"(deadline-)?(event|task)-\d+-\d{8}T\d{6}Z@governance\.lcsw", uid)
    for line in unfolded(body):
        if line.startswith(("DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED")):
            assert re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", line), line


def test_attendees_carry_cn_role_and_partstat() -> None:
    meeting = by_uid(render())[rich_events()[0].uid]
    attendees = meeting["ATTENDEE"]
    assert [(a.params["CN"], a.params["ROLE"], a.params.get("PARTSTAT")) for a in attendees] == [
        ("谭相彦", "CHAIR", "ACCEPTED"),
        ("王吾雪: 副总经理; 兼, 职工董事 第二行", "REQ-PARTICIPANT", "ACCEPTED"),
        ("张永正", "NON-PARTICIPANT", "ACCEPTED"),
        ("韩洪锋", "REQ-PARTICIPANT", "DECLINED"),
    ]
    assert all(str(a).startswith("urn:uuid:") for a in attendees)


def test_description_has_summary_agenda_and_a_link_back() -> None:
    meeting = by_uid(render())[rich_events()[0].uid]
    description = str(meeting["DESCRIPTION"])
    assert description.startswith(LONG_TEXT.replace("\r\n", "\n").strip()[:100])
    assert (
        "议程：\n1. 听取《集团2020年工作报告》，审议通过（谭相彦）\n2. 审议《选举办法》(草案); 举手表决"
        in (description)
    )
    assert description.endswith("详情：https://gov.example.cn/events/1")
    assert str(meeting["URL"]) == "https://gov.example.cn/events/1"
    assert str(meeting["LOCATION"]) == "集团三楼会议室, A座; 东区: 201"


# --- 8-9: time -------------------------------------------------------------------------------
def test_one_vtimezone_for_asia_shanghai_with_one_standard_block_at_plus_eight() -> None:
    calendar = strict_icalendar(render())
    (zone,) = calendar.timezones
    assert zone.tz_name == "Asia/Shanghai"
    assert [c.name for c in zone.subcomponents] == ["STANDARD"]
    assert zone.subcomponents[0]["TZOFFSETTO"].td == timedelta(hours=8)
    assert calendar.get_used_tzids() == {"Asia/Shanghai"}
    assert calendar.get_missing_tzids() == set()
    # add_missing_timezones has nothing left to add.
    calendar.add_missing_timezones(first_date=date(1992, 1, 1))
    assert len(calendar.timezones) == 1


def test_a_calendar_without_items_still_has_its_timezone() -> None:
    calendar = strict_icalendar(render([], []))
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]


def test_no_floating_times() -> None:
    lines = unfolded(render())
    zone_end = lines.index("END:VTIMEZONE")  # a VTIMEZONE's own DTSTART is local by definition
    for line in lines[zone_end:]:
        if re.match(r"(DTSTART|DTEND|DUE|RECURRENCE-ID)[;:]", line):
            assert "VALUE=DATE:" in line or "TZID=Asia/Shanghai:" in line or line.endswith("Z"), (
                line
            )


def test_times_before_1992_are_written_in_utc() -> None:
    old = by_uid(render())[rich_events()[7].uid]
    assert old["DTSTART"].dt == datetime(1990, 7, 1, 0, tzinfo=UTC)  # 09:00 at +09:00 (DST)
    assert "TZID" not in old["DTSTART"].params


def test_dtend_has_dtstart_type_is_later_and_never_comes_with_duration() -> None:
    body = render()
    for item in components(body, "VEVENT"):
        assert "DURATION" not in item
        if "DTEND" in item:
            start, end = item["DTSTART"].dt, item["DTEND"].dt
            assert type(start) is type(end)
            assert end > start
    for item in components(body, "VTODO"):
        assert "DURATION" not in item
        if "DTSTART" in item and "DUE" in item:
            assert item["DUE"].dt >= item["DTSTART"].dt


def test_all_day_and_multi_day_events_are_dates_with_an_exclusive_end() -> None:
    events = by_uid(render())
    one_day, congress = events[rich_events()[1].uid], events[rich_events()[2].uid]
    assert (one_day["DTSTART"].dt, one_day["DTEND"].dt) == (date(2021, 1, 22), date(2021, 1, 23))
    # 1月26日—30日 ends on 31 January.
    assert (congress["DTSTART"].dt, congress["DTEND"].dt) == (date(2021, 1, 26), date(2021, 1, 31))
    assert congress["DTSTART"].params["VALUE"] == "DATE"


def test_timed_event_without_end_has_no_dtend() -> None:
    assert "DTEND" not in by_uid(render())[rich_events()[5].uid]


def test_an_end_not_after_the_start_is_left_out() -> None:
    start = datetime(2021, 1, 20, 9, tzinfo=SH)
    item = by_uid(render([event(1, starts_at=start, ends_at=start)], []))[event(1).uid]
    assert "DTEND" not in item


# --- 10-12: changes, statuses, alarms --------------------------------------------------------
def test_sequence_and_last_modified_come_from_the_revision() -> None:
    meeting = by_uid(render())[rich_events()[0].uid]
    assert meeting["SEQUENCE"] == 3
    assert meeting["LAST-MODIFIED"].dt == datetime(2021, 1, 19, 2, tzinfo=UTC)
    assert meeting["DTSTAMP"].dt == datetime(2021, 1, 19, 2, tzinfo=UTC)


def test_cancelled_event_is_cancelled_and_says_so_in_its_title() -> None:
    cancelled = by_uid(render())[rich_events()[3].uid]
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "【已取消】安全生产检查"
    assert not cancelled.walk("VALARM")  # nobody needs a reminder of a cancelled meeting


@pytest.mark.parametrize(
    "status,ical",
    [
        (EventStatus.PLANNED, "CONFIRMED"),
        (EventStatus.HELD, "CONFIRMED"),
        (EventStatus.POSTPONED, "TENTATIVE"),
        (EventStatus.CANCELLED, "CANCELLED"),
    ],
)
def test_event_status_values(status: EventStatus, ical: str) -> None:
    assert by_uid(render([event(1, status=status)], []))[event(1).uid]["STATUS"] == ical


def test_todo_status_percent_and_completed() -> None:
    todos = by_uid(render(), "VTODO")
    rows = [
        (str(t["STATUS"]), t["PERCENT-COMPLETE"], t.get("COMPLETED"))
        for t in (todos[x.uid] for x in rich_tasks())
    ]
    assert [(s, p) for s, p, _ in rows] == [
        ("NEEDS-ACTION", 0),
        ("IN-PROCESS", 40),
        ("COMPLETED", 100),
        ("CANCELLED", 0),
        ("NEEDS-ACTION", 0),
        ("NEEDS-ACTION", 0),
    ]
    assert rows[2][2].dt == datetime(2021, 1, 29, 7, 15, tzinfo=UTC)
    assert [c for _, _, c in rows if c is not None] == [rows[2][2]]


def test_todo_dates_are_dates_and_a_start_after_the_due_date_is_dropped() -> None:
    todos = by_uid(render(), "VTODO")
    first, late_start = todos[rich_tasks()[0].uid], todos[rich_tasks()[4].uid]
    assert (first["DTSTART"].dt, first["DUE"].dt) == (date(2021, 1, 13), date(2021, 3, 31))
    assert "DTSTART" not in late_start
    assert "DUE" not in todos[rich_tasks()[5].uid]


@pytest.mark.parametrize("percent,shown", [(-5, 0), (0, 0), (55, 55), (180, 100)])
def test_percent_complete_stays_within_0_and_100(percent: int, shown: int) -> None:
    body = render([], [task(1, percent=percent, status=export.TodoStatus.IN_PROCESS)])
    assert by_uid(body, "VTODO")[task(1).uid]["PERCENT-COMPLETE"] == shown


def test_deadlines_as_all_day_events_only_when_asked() -> None:
    with_deadlines = by_uid(render())
    deadline = with_deadlines[export.deadline_uid(rich_tasks()[0])]
    assert str(deadline["SUMMARY"]) == "截止：落实考核组整改建议；逐条销号"
    assert (deadline["DTSTART"].dt, deadline["DTEND"].dt) == (date(2021, 3, 31), date(2021, 4, 1))
    assert deadline["TRANSP"] == "TRANSPARENT"
    assert with_deadlines[export.deadline_uid(rich_tasks()[3])]["STATUS"] == "CANCELLED"
    assert str(with_deadlines[export.deadline_uid(rich_tasks()[2])]["SUMMARY"]).startswith(
        "【已完成】"
    )
    without = by_uid(render(options=replace(OPTIONS, deadline_events=False)))
    assert not [uid for uid in without if uid.startswith("deadline-")]


def test_alarm_has_action_trigger_and_description() -> None:
    meeting = by_uid(render())[rich_events()[0].uid]
    (alarm,) = meeting.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-30)
    assert str(alarm["DESCRIPTION"]).startswith("会议提醒：集团召开三届一次职工代表大会")


def test_no_alarm_unless_the_feed_asks() -> None:
    assert not components(render(options=replace(OPTIONS, alarm_minutes=None)), "VALARM")


# --- 13: calendar metadata -------------------------------------------------------------------
def test_calendar_names_description_refresh_and_ttl() -> None:
    lines = unfolded(render())
    for expected in (
        "NAME:谭相彦的会议日历",
        "X-WR-CALNAME:谭相彦的会议日历",
        f"DESCRIPTION:{OPTIONS.description}",
        f"X-WR-CALDESC:{OPTIONS.description}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ):
        assert expected in lines
    tzids = set(re.findall(r"TZID=([^:;]+)", "\n".join(lines)))
    assert tzids == {"Asia/Shanghai"}  # X-WR-TIMEZONE equals every TZID


def test_single_event_file_has_no_calendar_metadata() -> None:
    options = FeedOptions(base_url="https://gov.example.cn", calendar_uid="x@governance.lcsw")
    lines = unfolded(render(rich_events()[:1], [], options))
    assert not [
        line
        for line in lines
        if line.startswith(("NAME", "X-WR-", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"))
    ]


def test_etag_is_the_quoted_sha256_of_the_body() -> None:
    assert export.etag(b"abc") == (
        '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"'
    )


# --- fingerprints ----------------------------------------------------------------------------
def test_fingerprint_moves_with_what_is_shown_and_ignores_the_revision() -> None:
    base = rich_events()[0]
    assert export.event_fingerprint(base) == export.event_fingerprint(
        replace(base, revision=None, updated=datetime(2030, 1, 1, tzinfo=UTC))
    )
    for change in (
        {"title": "改"},
        {"location": "改"},
        {"status": EventStatus.CANCELLED},
        {"starts_at": base.starts_at + timedelta(hours=1)},
        {"attendees": base.attendees[:1]},
        {"agenda": ()},
    ):
        assert export.event_fingerprint(replace(base, **change)) != export.event_fingerprint(base)
    first = rich_tasks()[0]
    assert export.task_fingerprint(replace(first, responsible_ids=frozenset({9}))) == (
        export.task_fingerprint(first)
    )
    assert export.task_fingerprint(replace(first, due_on=date(2021, 4, 1))) != (
        export.task_fingerprint(first)
    )


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("\\^聊水a,;n😀é"), max_size=500))
# Found by Hypothesis: stepping back over "^" left the lone "\\" before it at the fold.
@example(text=";;;;;;;;;;;;;;;;ééé水水水水水水水😀😀😀😀\\^水")
def test_fold_round_trips_within_75_octets_keeping_characters_and_escapes_whole(text: str) -> None:
    line = f"DESCRIPTION:{text}".encode()
    folded = export.fold(line)
    assert folded.replace(b"\r\n ", b"") == line
    pieces = folded.split(b"\r\n")
    for number, piece in enumerate(pieces):
        assert len(piece) <= 75
        piece.decode("utf-8")
        if number:
            assert piece.startswith(b" ")
            previous = pieces[number - 1]
            for escape in (b"\\", b"^"):
                assert (len(previous) - len(previous.rstrip(escape))) % 2 == 0


def test_fold_keeps_an_escaped_backslash_together_where_icalendar_splits_it() -> None:
    # 74 octets, then "\\" (an escaped backslash) on the 75th and 76th.
    line = b"DESCRIPTION:ab" + "集".encode() * 20 + b"\\\\" + "团".encode() * 5
    assert len(line) > 75
    first, second = export.fold(line).split(b"\r\n")[:2]
    assert first.endswith("集".encode()) and second.startswith(b" \\\\")
