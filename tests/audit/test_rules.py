"""Pure rules of the audit trail and of If-Match."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.audit import rules
from governance.core import versioned
from governance.records.models import EventStatus


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"a": 2}, {"a": {"before": 1, "after": 2}}),
        ({}, {"a": "x"}, {"a": {"before": None, "after": "x"}}),
        ({"a": "x"}, {}, {"a": {"before": "x", "after": None}}),
        ({"version": 1, "updated_at": "t"}, {"version": 2, "updated_at": "u"}, {}),
        (
            {"status": EventStatus.PLANNED},
            {"status": EventStatus.HELD},
            {"status": {"before": "planned", "after": "held"}},
        ),
        (
            {"starts_at": datetime(2021, 1, 20, tzinfo=UTC)},
            {"starts_at": datetime(2021, 1, 21, tzinfo=UTC)},
            {
                "starts_at": {
                    "before": "2021-01-20T00:00:00+00:00",
                    "after": "2021-01-21T00:00:00+00:00",
                }
            },
        ),
        ({"on": date(2021, 1, 1)}, {"on": date(2021, 1, 1)}, {}),
        (
            {"password_hash": None},
            {"password_hash": "$argon2id$x"},
            {"password_hash": {"before": None, "after": "[redacted]"}},
        ),
        (
            {"token_hash": "aa"},
            {"token_hash": "bb"},
            {"token_hash": {"before": "[redacted]", "after": "[redacted] (changed)"}},
        ),
        ({"token_hash": "aa"}, {"token_hash": "aa"}, {}),
    ],
)
def test_diff_lists_each_changed_column_with_before_and_after(
    before: dict[str, Any], after: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert rules.diff(before, after) == expected


@pytest.mark.parametrize(
    ("column", "secret"),
    [
        ("password_hash", True),
        ("token_hash", True),
        ("client_secret", True),
        ("Password", True),
        ("api_token", True),
        ("title", False),
        ("hashtag_count", True),  # by name, on the safe side
        ("notes", False),
    ],
)
def test_secret_columns_are_found_by_name(column: str, secret: bool) -> None:
    assert rules.is_secret(column) is secret


@pytest.mark.parametrize(
    ("kind", "changes", "action"),
    [
        ("create", {"status": {}}, "create"),
        ("delete", {}, "delete"),
        ("update", {"title": {"before": "a", "after": "b"}}, "update"),
        ("update", {"status": {"before": "planned", "after": "held"}}, "transition"),
        ("update", {"deleted_at": {"before": None, "after": "2026-01-01"}}, "delete"),
        ("update", {"deleted_at": {"before": "2026-01-01", "after": None}}, "restore"),
    ],
)
def test_classify_names_the_action(kind: str, changes: dict[str, Any], action: str) -> None:
    assert rules.classify(kind, changes) == action


@pytest.mark.parametrize(
    ("header", "version", "allowed"),
    [
        ('"3"', 3, True),
        ('"3"', 4, False),
        ('W/"3"', 3, True),
        ("3", 3, True),
        ('"2", "3"', 3, True),
        ("*", 99, True),
        ('"abc"', 1, False),
        ("garbage", 1, False),
        ('"99999999999"', 1, False),
    ],
)
def test_if_match_allows_only_the_versions_it_names(
    header: str, version: int, allowed: bool
) -> None:
    parsed = versioned.parse_if_match(header)
    assert parsed is not None
    assert parsed.allows(version) is allowed


@pytest.mark.parametrize("header", [None, "", "   "])
def test_no_if_match_means_no_precondition(header: str | None) -> None:
    assert versioned.parse_if_match(header) is None


@pytest.mark.parametrize(
    ("value", "sane"),
    [
        ("abc-123", True),
        ("0f8fad5b-d9cb-469f-a165-70867728950e", True),
        ("", False),
        (None, False),
        ("a" * 65, False),
        ("with space", False),
        ("new\nline", False),
    ],
)
def test_request_ids_from_clients_are_kept_only_when_plain(value: str | None, sane: bool) -> None:
    assert rules.sane_request_id(value) is sane


@given(st.integers(min_value=1, max_value=2**31 - 1))
def test_an_etag_is_matched_by_its_own_if_match(version: int) -> None:
    parsed = versioned.parse_if_match(versioned.etag(version))
    assert parsed is not None and parsed.allows(version)
    assert not parsed.allows(version + 1)


@given(
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers() | st.none()),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers() | st.none()),
)
def test_diff_is_empty_exactly_when_nothing_differs(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    same = all(before.get(k) == after.get(k) for k in {*before, *after})
    assert (rules.diff(before, after) == {}) is same
