"""Pure rules of the feeds: visibility, roles, statuses, grace period, text, tokens and UIDs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.calendar import rules
from governance.calendar.rules import Viewer
from governance.records.models import EventStatus, Role, Visibility

INSIDER = Viewer(person_id=1, internal=True)
OUTSIDER = Viewer(person_id=2, internal=False)
NOW = datetime(2021, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "viewer,visibility,people,visible",
    [
        (INSIDER, Visibility.PUBLIC, set(), True),
        (OUTSIDER, Visibility.PUBLIC, set(), True),
        (INSIDER, Visibility.INTERNAL, set(), True),
        (OUTSIDER, Visibility.INTERNAL, set(), False),
        (INSIDER, Visibility.CONFIDENTIAL, set(), False),
        (OUTSIDER, Visibility.CONFIDENTIAL, set(), False),
        (INSIDER, Visibility.CONFIDENTIAL, {1}, True),
        (INSIDER, Visibility.CONFIDENTIAL, {3, 4}, False),
        (OUTSIDER, Visibility.CONFIDENTIAL, {2}, True),
        (OUTSIDER, Visibility.INTERNAL, {2}, True),
    ],
)
def test_may_see_public_to_all_internal_to_insiders_anything_to_participants(
    viewer: Viewer, visibility: Visibility, people: set[int], visible: bool
) -> None:
    assert rules.may_see(viewer, visibility, people) is visible


@given(
    person=st.integers(1, 50),
    internal=st.booleans(),
    visibility=st.sampled_from(Visibility),
    people=st.frozensets(st.integers(1, 50)),
)
def test_confidential_is_never_seen_by_a_non_participant(
    person: int, internal: bool, visibility: Visibility, people: frozenset[int]
) -> None:
    viewer = Viewer(person, internal)
    seen = rules.may_see(viewer, visibility, people)
    if visibility == Visibility.CONFIDENTIAL and person not in people:
        assert not seen
    # Stricter visibility never shows more: confidential <= internal <= public.
    order = [Visibility.CONFIDENTIAL, Visibility.INTERNAL, Visibility.PUBLIC]
    for looser in order[order.index(visibility) :]:
        assert rules.may_see(viewer, looser, people) >= seen


@pytest.mark.parametrize(
    "roles,role",
    [
        ([Role.PRESIDE], "CHAIR"),
        ([Role.ATTEND, Role.PRESIDE], "CHAIR"),
        ([Role.ATTEND], "REQ-PARTICIPANT"),
        ([Role.REPORT, Role.SPEAK], "REQ-PARTICIPANT"),
        ([Role.INVITED], "OPT-PARTICIPANT"),
        ([Role.ACCOMPANY], "OPT-PARTICIPANT"),
        ([Role.OBSERVE], "NON-PARTICIPANT"),
        ([Role.OBSERVE, Role.SPEAK], "REQ-PARTICIPANT"),
        ([Role.EXCUSED], "REQ-PARTICIPANT"),
    ],
)
def test_attendee_role_is_the_strongest_of_a_persons_roles(roles: list[Role], role: str) -> None:
    assert rules.attendee_role(roles) == role


def test_every_role_has_an_icalendar_role() -> None:
    assert set(rules.ATTENDEE_ROLES) == set(Role)


def test_attendee_role_needs_a_role() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        rules.attendee_role([])


@pytest.mark.parametrize(
    "roles,status,partstat",
    [
        ([Role.EXCUSED], EventStatus.HELD, "DECLINED"),
        ([Role.EXCUSED], EventStatus.PLANNED, "DECLINED"),
        ([Role.ATTEND], EventStatus.HELD, "ACCEPTED"),
        ([Role.ATTEND, Role.EXCUSED], EventStatus.HELD, "ACCEPTED"),
        ([Role.ATTEND], EventStatus.PLANNED, None),
        ([Role.PRESIDE], EventStatus.CANCELLED, None),
    ],
)
def test_partstat_declined_when_excused_accepted_once_held(
    roles: list[Role], status: EventStatus, partstat: str | None
) -> None:
    assert rules.attendee_partstat(roles, status) == partstat


def test_event_statuses_map_to_the_three_vevent_values() -> None:
    assert set(rules.EVENT_STATUS) == set(EventStatus)
    assert set(rules.EVENT_STATUS.values()) == {"TENTATIVE", "CONFIRMED", "CANCELLED"}
    assert rules.EVENT_STATUS[EventStatus.CANCELLED] == "CANCELLED"
    assert rules.EVENT_STATUS[EventStatus.POSTPONED] == "TENTATIVE"


def test_todo_statuses_are_the_four_vtodo_values() -> None:
    assert {s.value for s in rules.TodoStatus} == {
        "NEEDS-ACTION",
        "IN-PROCESS",
        "COMPLETED",
        "CANCELLED",
    }


@pytest.mark.parametrize(
    "cancelled,age_days,listed",
    [(False, 400, True), (True, 0, True), (True, 30, True), (True, 31, False)],
)
def test_cancelled_items_stay_thirty_days(cancelled: bool, age_days: int, listed: bool) -> None:
    assert rules.still_listed(cancelled, NOW - timedelta(days=age_days), NOW) is listed


@pytest.mark.parametrize(
    "ends_days_ago,history,kept", [(10, None, True), (10, 30, True), (31, 30, False)]
)
def test_history_window(ends_days_ago: int, history: int | None, kept: bool) -> None:
    assert rules.within_history(NOW - timedelta(days=ends_days_ago), history, NOW) is kept


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("谭相彦", "谭相彦"),
        ('王"吾"雪', "王吾雪"),
        ("张永正\n工会主席", "张永正 工会主席"),
        ("a\r\nb\tc\x00d", "a b c d"),
        ("  李,四; 五:六  ", "李,四; 五:六"),
    ],
)
def test_clean_param_drops_quotes_and_line_breaks(raw: str, clean: str) -> None:
    assert rules.clean_param(raw) == clean


@given(st.text())
def test_clean_param_never_keeps_quotes_or_controls(text: str) -> None:
    cleaned = rules.clean_param(text)
    assert '"' not in cleaned
    assert not any(ord(c) < 32 or c == "\x7f" for c in cleaned)


def test_plain_text_keeps_newlines_as_lf_and_drops_controls() -> None:
    assert rules.plain_text("一\r\n二\r三\n四\x00\x07五\t六") == "一\n二\n三\n四五\t六"


def test_token_hash_is_sha256_hex_and_tokens_have_128_bits_or_more() -> None:
    assert rules.hash_token("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert rules.TOKEN_BYTES * 8 >= 128


@pytest.mark.parametrize(
    "name,token",
    [
        ("m3uqeJV4uYyj0F3vrsSqUtrRMh48yc-Q.ics", "m3uqeJV4uYyj0F3vrsSqUtrRMh48yc-Q"),
        ("m3uqeJV4uYyj0F3vrsSqUtrRMh48yc-Q", None),  # the suffix is part of the URL
        ("short.ics", None),
        ("../../etc/passwd.ics", None),
        ("m3uqeJV4uYyj0F3vrsSq Utr.ics", None),
        ("", None),
    ],
)
def test_token_from_feed_path(name: str, token: str | None) -> None:
    assert rules.token_from_feed_path(name) == token


def test_item_uid_is_stable_and_impersonal() -> None:
    created = datetime(2021, 1, 4, 9, 2, 3, tzinfo=UTC)
    assert rules.item_uid("event", 12, created) == "event-12-20210104T090203Z@governance.lcsw"
    assert rules.attendee_uri("person-1") == rules.attendee_uri("person-1")
    assert rules.attendee_uri("person-1").startswith("urn:uuid:")
    assert rules.attendee_uri("person-1") != rules.attendee_uri("person-2")


@pytest.mark.parametrize(
    "url,webcal",
    [
        ("https://gov.example.cn/feeds/x.ics", "webcal://gov.example.cn/feeds/x.ics"),
        ("http://127.0.0.1:8000/feeds/x.ics", "webcal://127.0.0.1:8000/feeds/x.ics"),
    ],
)
def test_webcal_url(url: str, webcal: str) -> None:
    assert rules.webcal_url(url) == webcal


def test_parse_kinds() -> None:
    assert rules.parse_kinds("congress, inspection,,") == ("congress", "inspection")
    assert rules.parse_kinds("") == ()
