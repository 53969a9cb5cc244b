"""What calendar clients see over HTTP: type, validators, 304s, privacy headers, no empty 200."""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.calendar import export, http, service
from governance.calendar.models import CalendarFeed
from tests.calendar.conftest import feed_path
from tests.calendar.test_feeds_api import issue
from tests.factories import group_leaders, make_event


def subscribe(client: TestClient, session: Session, **fields: Any) -> tuple[str, dict[str, Any]]:  # type: ignore[type-arg]
    people = group_leaders(session)
    make_event(
        session,
        title="集团召开三届一次职工代表大会",
        participants=[{"person_id": people["tan"].id, "role": "主持"}],
    )
    issued = issue(client, owner_id=people["tan"].id, **fields)
    return feed_path(issued["url"]), people


def test_feed_is_text_calendar_with_private_noindex_no_referrer_headers(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(feeds, session)
    response = feeds.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private"
    assert response.headers["x-robots-tag"] == "noindex"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:集团召开三届一次职工代表大会" in response.text


def test_etag_is_the_strong_hash_of_the_body_and_the_same_data_gives_the_same_bytes(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(feeds, session)
    first, second = feeds.get(path), feeds.get(path)
    assert first.content == second.content
    digest = hashlib.sha256(first.content).hexdigest()
    assert first.headers["etag"] == second.headers["etag"] == f'"{digest}"'
    modified = parsedate_to_datetime(first.headers["last-modified"])
    assert modified <= datetime.now(UTC)


@pytest.mark.parametrize("accept", ["*/*", "text/calendar", "application/json", "text/html", ""])
def test_any_accept_header_gets_the_calendar(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
    accept: str,
) -> None:
    path, _ = subscribe(feeds, session)
    response = feeds.get(path, headers={"Accept": accept})
    assert (response.status_code, response.headers["content-type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )


@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"other", {etag}', "*"],
)
def test_matching_if_none_match_gets_304_without_body(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
    if_none_match: str,
) -> None:
    path, _ = subscribe(feeds, session)
    etag = feeds.get(path).headers["etag"]
    response = feeds.get(path, headers={"If-None-Match": if_none_match.format(etag=etag)})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"] == "private"


def test_other_etag_gets_the_body(feeds: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    path, _ = subscribe(feeds, session)
    response = feeds.get(path, headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_if_modified_since_gets_304_when_nothing_changed_since(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(feeds, session)
    modified = parsedate_to_datetime(feeds.get(path).headers["last-modified"])
    later = format_datetime(modified + timedelta(seconds=5), usegmt=True)
    earlier = format_datetime(modified - timedelta(seconds=5), usegmt=True)
    assert feeds.get(path, headers={"If-Modified-Since": later}).status_code == 304
    assert feeds.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert feeds.get(path, headers={"If-Modified-Since": "yesterday"}).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2).
    both = {"If-Modified-Since": later, "If-None-Match": '"stale"'}
    assert feeds.get(path, headers=both).status_code == 200


def test_a_feed_without_meetings_is_a_calendar_not_an_empty_body(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    people = group_leaders(session)
    path = feed_path(issue(feeds, owner_id=people["zhang"].id)["url"])
    response = feeds.get(path)
    assert response.status_code == 200
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"BEGIN:VEVENT" not in response.content


def test_an_export_failure_is_an_error_never_an_empty_200(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ = subscribe(feeds, session)
    monkeypatch.setattr(export, "calendar_bytes", lambda *args: b"")
    response = feeds.get(path)
    assert response.status_code == 500
    assert b"BEGIN" not in response.content


def test_an_edit_shows_at_once_without_the_cache(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(feeds, session)
    before = feeds.get(path)
    feeds.patch("/api/v1/events/1", json={"title": "集团召开三届二次职工代表大会"})
    after = feeds.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "SUMMARY:集团召开三届二次职工代表大会" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_cached_validators_answer_304_for_a_while_but_a_plain_get_is_always_fresh(
    cached_feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(cached_feeds, session)
    before = cached_feeds.get(path)
    cached_feeds.patch("/api/v1/events/1", json={"title": "集团召开三届二次职工代表大会"})
    conditional = {"If-None-Match": before.headers["etag"]}
    assert cached_feeds.get(path, headers=conditional).status_code == 304  # within the TTL
    fresh = cached_feeds.get(path)
    assert "三届二次" in fresh.text
    # The fresh build refreshed the cache: the old validators no longer match.
    assert cached_feeds.get(path, headers=conditional).status_code == 200


def test_revoking_through_the_api_ends_cached_304s_at_once(
    cached_feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(cached_feeds, session)
    etag = cached_feeds.get(path).headers["etag"]
    assert cached_feeds.post("/api/v1/feeds/1/revoke").status_code == 200
    assert cached_feeds.get(path, headers={"If-None-Match": etag}).status_code == 410
    assert cached_feeds.get(path).status_code == 410


def test_last_modified_moves_when_an_event_leaves_the_feed(session: Session) -> None:
    people = group_leaders(session)
    event = make_event(session, participants=[{"person_id": people["tan"].id, "role": "出席"}])
    feed, _ = service.create_feed(
        session, service.FeedCreate(owner_id=people["tan"].id), datetime(2021, 1, 1, tzinfo=UTC)
    )
    first = service.build_feed(session, feed, "https://x", datetime(2030, 1, 1, tzinfo=UTC))
    again = service.build_feed(session, feed, "https://x", datetime(2030, 1, 2, tzinfo=UTC))
    assert again.last_modified == first.last_modified
    session.delete(event)
    session.commit()
    later = datetime(2030, 1, 3, tzinfo=UTC)
    gone = service.build_feed(
        session, session.get(CalendarFeed, feed.id) or feed, "https://x", later
    )
    assert gone.etag != first.etag
    assert gone.last_modified == later


def test_feed_tokens_are_redacted_from_access_logs(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    path, _ = subscribe(feeds, session)
    token = path.removeprefix("/feeds/").removesuffix(".ics")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access = logging.getLogger("uvicorn.access")
    access.addHandler(handler)
    try:
        access.warning('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    finally:
        access.removeHandler(handler)
    assert token not in stream.getvalue()
    assert "/feeds/[redacted].ics" in stream.getvalue()
    assert http.redact(f"https://gov.example.cn{path}?x=1") == (
        "https://gov.example.cn/feeds/[redacted].ics?x=1"
    )
