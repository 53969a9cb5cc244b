"""The pure rules of accounts: the permission table, the back-off schedule, tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.accounts import rules
from governance.core import access as access_rules
from governance.core.access import Access, UserRole


@pytest.mark.parametrize(
    "method,path,access",
    [
        ("GET", "/login", Access.ANONYMOUS),
        ("POST", "/login", Access.ANONYMOUS),
        ("GET", "/static/app.css", Access.ANONYMOUS),
        ("GET", "/feeds/abcdefghijklmnopqrstuvwxyz.ics", Access.ANONYMOUS),
        ("GET", "/feeds/x/y.ics", Access.READ),
        ("GET", "/schema/openapi.json", Access.READ),
        ("GET", "/", Access.READ),
        ("GET", "/api/v1/events", Access.READ),
        ("GET", "/api/v1/events/3/brief.docx", Access.READ),
        ("POST", "/api/v1/events", Access.EDIT),
        ("PATCH", "/api/v1/events/3", Access.EDIT),
        ("DELETE", "/api/v1/events/3", Access.EDIT),
        ("PUT", "/api/v1/elections/3/tally", Access.EDIT),
        ("POST", "/api/v1/some-future-route", Access.EDIT),
        ("POST", "/logout", Access.OWN),
        ("POST", "/account/password", Access.OWN),
        ("GET", "/account", Access.READ),
        ("POST", "/api/v1/feeds", Access.OWN),
        ("POST", "/api/v1/feeds/", Access.OWN),
        ("PATCH", "/api/v1/feeds/4", Access.OWN),
        ("POST", "/api/v1/feeds/4/rotate", Access.OWN),
        ("POST", "/api/v1/feeds/4/revoke", Access.OWN),
        ("DELETE", "/api/v1/feeds/4/other", Access.EDIT),
        ("GET", "/api/v1/users/me", Access.READ),
        ("POST", "/api/v1/users/me/tokens", Access.OWN),
        ("POST", "/api/v1/users/me/tokens/2/revoke", Access.OWN),
        ("GET", "/api/v1/users", Access.ADMIN),
        ("GET", "/api/v1/users/3/tokens", Access.ADMIN),
        ("POST", "/api/v1/users", Access.ADMIN),
        ("GET", "/users", Access.ADMIN),
        ("GET", "/admin/anything", Access.ADMIN),
        ("GET", "/api/v1/usersx", Access.READ),
    ],
)
def test_access_table(method: str, path: str, access: Access) -> None:
    assert rules.access_for(method, path) is access


def test_a_route_may_declare_its_own_access() -> None:
    assert rules.access_for("POST", "/api/v1/events", "own") is Access.OWN
    assert rules.access_for("GET", "/login", "admin") is Access.ADMIN


@pytest.mark.parametrize(
    "role,access,ok",
    [
        (None, Access.ANONYMOUS, True),
        (None, Access.READ, False),
        (None, Access.OWN, False),
        (UserRole.VIEWER, Access.READ, True),
        (UserRole.VIEWER, Access.OWN, True),
        (UserRole.VIEWER, Access.EDIT, False),
        (UserRole.LEADER, Access.EDIT, False),
        (UserRole.COMMUNICATIONS, Access.EDIT, False),
        (UserRole.COMMUNICATIONS, Access.READ, True),
        (UserRole.SECRETARIAT, Access.EDIT, True),
        (UserRole.SECRETARIAT, Access.ADMIN, False),
        (UserRole.ADMIN, Access.ADMIN, True),
        (UserRole.ADMIN, Access.EDIT, True),
    ],
)
def test_who_passes_which_access(role: UserRole | None, access: Access, ok: bool) -> None:
    assert access_rules.allowed(role, access) is ok


@given(st.sampled_from(["POST", "PUT", "PATCH", "DELETE"]), st.text(max_size=40))
def test_record_writes_need_an_editor_whatever_the_path(method: str, tail: str) -> None:
    access = rules.access_for(method, "/api/v1/events/" + tail)
    assert access is Access.EDIT
    assert not access_rules.allowed(None, access)
    assert not access_rules.allowed(UserRole.VIEWER, access)


@pytest.mark.parametrize(
    "failures,lock",
    [
        (1, timedelta(0)),
        (4, timedelta(0)),
        (5, timedelta(seconds=30)),
        (6, timedelta(seconds=60)),
        (7, timedelta(seconds=120)),
        (9, timedelta(seconds=480)),
        (10, timedelta(minutes=15)),
        (1000, timedelta(minutes=15)),
    ],
)
def test_back_off_schedule(failures: int, lock: timedelta) -> None:
    assert rules.lock_after(failures) == lock


@given(st.integers(min_value=0, max_value=10_000))
def test_back_off_never_shrinks_and_stays_bounded(failures: int) -> None:
    assert rules.lock_after(failures) <= rules.lock_after(failures + 1) <= rules.MAX_LOCK


@pytest.mark.parametrize(
    "remaining,seconds",
    [(timedelta(seconds=30), 30), (timedelta(seconds=29.2), 30), (timedelta(milliseconds=1), 1)],
)
def test_retry_after_rounds_up(remaining: timedelta, seconds: int) -> None:
    assert rules.retry_after_seconds(remaining) == seconds


@pytest.mark.parametrize(
    "header,token",
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("Basic abc", None),
        ("Bearer", None),
        ("", None),
        (None, None),
        ("Bearer " + "x" * 201, None),
    ],
)
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert rules.bearer_token(header) == token


@pytest.mark.parametrize(
    "username,ok",
    [("admin", True), ("wang.li_2", True), ("a", False), ("-x", False), ("王", False)],
)
def test_usernames(username: str, ok: bool) -> None:
    assert (rules.check_username(username) is None) is ok


@pytest.mark.parametrize(
    "password,ok",
    [("1234567", False), ("12345678", True), ("x" * 257, False), ("abc\x00defgh", False)],
)
def test_passwords(password: str, ok: bool) -> None:
    assert (rules.check_password(password) is None) is ok


@pytest.mark.parametrize("person_internal,internal", [(None, True), (True, True), (False, False)])
def test_a_user_is_internal_unless_their_person_is_external(
    person_internal: bool | None, internal: bool
) -> None:
    assert rules.is_internal(person_internal) is internal


def test_only_admin_and_secretariat_see_everything() -> None:
    assert {r for r in UserRole if access_rules.sees_everything(r)} == {
        UserRole.ADMIN,
        UserRole.SECRETARIAT,
    }
