"""The pure rules of accounts: what each declared permission asks, the back-off schedule, tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.accounts import rules
from governance.core import access as access_rules
from governance.core.access import Access, UserRole


@pytest.mark.parametrize(
    "permission,method,access",
    [
        ("public", "GET", Access.ANONYMOUS),
        ("public", "POST", Access.ANONYMOUS),
        ("read", "GET", Access.READ),
        ("read", "POST", Access.READ),
        ("records", "GET", Access.READ),
        ("records", "HEAD", Access.READ),
        ("records", "POST", Access.EDIT),
        ("records", "PATCH", Access.EDIT),
        ("records", "PUT", Access.EDIT),
        ("records", "DELETE", Access.EDIT),
        ("own", "GET", Access.READ),
        ("own", "POST", Access.OWN),
        ("own", "DELETE", Access.OWN),
        ("edit", "GET", Access.EDIT),
        ("edit", "POST", Access.EDIT),
        ("admin", "GET", Access.ADMIN),
        ("admin", "POST", Access.ADMIN),
    ],
)
def test_a_routes_permission_and_method_give_its_access(
    permission: str, method: str, access: Access
) -> None:
    assert access_rules.access_for(permission, method) is access


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_a_route_that_declares_nothing_is_for_admins_only(method: str) -> None:
    assert access_rules.access_for(None, method) is Access.ADMIN


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


@given(st.sampled_from(["POST", "PUT", "PATCH", "DELETE"]))
def test_record_writes_need_an_editor(method: str) -> None:
    access = access_rules.access_for("records", method)
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
