"""Calendar feeds: subscriptions (create, list, rotate, revoke) and the bodies they serve.

Knows nothing of HTTP: raises domain errors, returns rows, read models and bytes. The clock is
a parameter (`now`), so tests can stand on any day.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from governance.calendar import export, rules
from governance.calendar.loading import (
    Selection,
    TaskSource,
    event_filter,
    load_events,
    no_tasks,
    select_tasks,
)
from governance.calendar.models import CalendarFeed, CalendarFeedToken, FeedScope
from governance.calendar.revisions import Seen, revisions
from governance.calendar.schemas import FeedCreate, FeedRead, FeedUpdate
from governance.calendar.wording import Wording, fill, load_wording
from governance.core import crud
from governance.core.columns import utcnow
from governance.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from governance.records.models import Event, EventKind, Organisation, Person

FEED = "feed"


class Gone(DomainError):
    """A revoked feed or token: clients should stop asking (Thunderbird disables it)."""

    status_code = 410


class FeedUnknown(DomainError):
    """A feed URL whose token opens no feed (or is no token at all)."""

    status_code = 404

    def __init__(self) -> None:
        super().__init__("feed_not_found")


@dataclass(frozen=True)
class FeedBody:
    body: bytes
    etag: str
    last_modified: datetime


# --- subscriptions ---------------------------------------------------------------------------
def new_token() -> tuple[str, str]:
    """A fresh token and its hash: 192 random bits, URL-safe."""
    token = secrets.token_urlsafe(rules.TOKEN_BYTES)
    return token, rules.hash_token(token)


def feed_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/{token}.ics"


def _kinds(feed: CalendarFeed) -> tuple[str, ...]:
    return rules.parse_kinds(feed.kinds)


def display_name(session: Session, feed: CalendarFeed, wording: Wording) -> str:
    if feed.name:
        return feed.name
    owner = session.get(Person, feed.owner_id)
    owner_name = owner.name if owner else ""
    if feed.organisation_id is not None:
        org = session.get(Organisation, feed.organisation_id)
        org_name = (org.short_name or org.name) if org else ""
        name = fill(wording.feed_name.organisation, owner=owner_name, organisation=org_name)
    elif feed.scope == FeedScope.PERSON:
        name = fill(wording.feed_name.person, owner=owner_name)
    else:
        name = fill(wording.feed_name.all, owner=owner_name)
    if kinds := _kinds(feed):
        labels = "、".join(wording.kind_label(k) for k in kinds)
        name += fill(wording.kinds_suffix, kinds=labels)
    return name


def feed_read(session: Session, feed: CalendarFeed, wording: Wording | None = None) -> FeedRead:
    owner = session.get(Person, feed.owner_id)
    return FeedRead(
        id=feed.id or 0,
        owner_id=feed.owner_id,
        owner_name=owner.name if owner else "",
        name=feed.name,
        display_name=display_name(session, feed, wording or load_wording()),
        scope=feed.scope,
        organisation_id=feed.organisation_id,
        kinds=[EventKind(k) for k in _kinds(feed)],
        include_tasks=feed.include_tasks,
        deadline_events=feed.deadline_events,
        alarm_minutes=feed.alarm_minutes,
        history_days=feed.history_days,
        created_at=feed.created_at,
        updated_at=feed.updated_at,
        revoked_at=feed.revoked_at,
        active=feed.revoked_at is None,
    )


def _apply(session: Session, feed: CalendarFeed, values: dict[str, Any]) -> None:
    crud.check_refs(session, values, {"organisation_id": (Organisation, "organisation")})
    for name, value in values.items():
        if name == "kinds":
            value = ",".join(dict.fromkeys(str(k) for k in value or []))
        elif name == "name":
            value = value or ""
        elif name in {"include_tasks", "deadline_events", "scope"} and value is None:
            raise Invalid(name, "feed_setting_not_null")
        setattr(feed, name, value)


@dataclass(frozen=True)
class FeedCreator:
    """Who asks for a feed: their linked person (None when the account has none) and whether
    they are an editor (who may make feeds for anyone)."""

    person_id: int | None
    editor: bool


def create_feed(
    session: Session, data: FeedCreate, now: datetime, creator: FeedCreator | None = None
) -> tuple[CalendarFeed, str]:
    """A new feed and its token (shown once; only the hash is kept). A user who is not an
    editor makes feeds for their own person only."""
    if creator is not None and not creator.editor:
        if creator.person_id is None:
            raise Forbidden("feed_person_unlinked", "owner_id")
        if data.owner_id != creator.person_id:
            raise Forbidden("feed_for_own_person_only", "owner_id")
    if session.get(Person, data.owner_id) is None:
        raise Invalid("owner_id", "feed_owner_missing", id=data.owner_id)
    values = data.model_dump(exclude_unset=True, exclude={"owner_id"})
    if values.get("scope") is None:
        narrowed = data.organisation_id is not None or bool(data.kinds)
        values["scope"] = FeedScope.ALL if narrowed else FeedScope.PERSON
    values.setdefault("include_tasks", True)
    values.setdefault("deadline_events", False)
    for flag in ("include_tasks", "deadline_events"):
        if values[flag] is None:
            values[flag] = flag == "include_tasks"
    feed = CalendarFeed(
        owner_id=data.owner_id, name="", scope=values["scope"], created_at=now, updated_at=now
    )
    _apply(session, feed, values)
    session.add(feed)
    session.flush()
    token, digest = new_token()
    session.add(CalendarFeedToken(feed_id=feed.id or 0, token_hash=digest, created_at=now))
    crud.commit(session, FEED)
    return feed, token


def update_feed(session: Session, feed_id: int, data: FeedUpdate, now: datetime) -> CalendarFeed:
    feed = crud.get_or_404(session, CalendarFeed, feed_id, FEED)
    if feed.revoked_at is not None:
        raise Conflict("feed_revoked", id=feed_id)
    _apply(session, feed, data.model_dump(exclude_unset=True))
    feed.updated_at = now
    session.add(feed)
    crud.commit(session, FEED)
    return feed


def list_feeds(
    session: Session,
    owner_id: int | None,
    include_revoked: bool,
    limit: int,
    offset: int,
) -> tuple[list[CalendarFeed], int]:
    stmt = select(CalendarFeed)
    if owner_id is not None:
        stmt = stmt.where(CalendarFeed.owner_id == owner_id)
    if not include_revoked:
        stmt = stmt.where(col(CalendarFeed.revoked_at).is_(None))
    return crud.paginate(session, stmt.order_by(col(CalendarFeed.id)), limit, offset)


def token_hashes(session: Session, feed_id: int) -> list[str]:
    stmt = select(CalendarFeedToken.token_hash).where(CalendarFeedToken.feed_id == feed_id)
    return list(session.exec(stmt).all())


def rotate_feed(session: Session, feed_id: int, now: datetime) -> tuple[CalendarFeed, str]:
    """A new token for the feed; the old URL answers 410 Gone from now on."""
    feed = crud.get_or_404(session, CalendarFeed, feed_id, FEED)
    if feed.revoked_at is not None:
        raise Conflict("feed_revoked", id=feed_id)
    session.execute(
        sa.update(CalendarFeedToken)
        .where(
            col(CalendarFeedToken.feed_id) == feed_id, col(CalendarFeedToken.revoked_at).is_(None)
        )
        .values(revoked_at=now)
    )
    token, digest = new_token()
    session.add(CalendarFeedToken(feed_id=feed_id, token_hash=digest, created_at=now))
    crud.commit(session, FEED)
    return feed, token


def revoke_feed(session: Session, feed_id: int, now: datetime) -> CalendarFeed:
    """The feed's URLs answer 410 Gone from now on. Revoking twice keeps the first time."""
    feed = crud.get_or_404(session, CalendarFeed, feed_id, FEED)
    if feed.revoked_at is None:
        feed.revoked_at = now
        session.add(feed)
        session.execute(
            sa.update(CalendarFeedToken)
            .where(
                col(CalendarFeedToken.feed_id) == feed_id,
                col(CalendarFeedToken.revoked_at).is_(None),
            )
            .values(revoked_at=now)
        )
        crud.commit(session, FEED)
    return feed


def feed_for_token(session: Session, token: str) -> CalendarFeed:
    """The feed a URL's token opens: NotFound if unknown, Gone if revoked or rotated away."""
    row = session.exec(
        select(CalendarFeedToken, CalendarFeed)
        .join(CalendarFeed, col(CalendarFeed.id) == CalendarFeedToken.feed_id)
        .where(CalendarFeedToken.token_hash == rules.hash_token(token))
    ).first()
    if row is None:
        raise NotFound(FEED, "for this URL")
    token_row, feed = row
    if token_row.revoked_at is not None or feed.revoked_at is not None:
        raise Gone("feed_gone")
    return feed


def find_feed(session: Session, token_or_id: str) -> CalendarFeed:
    """A feed by id, by token, or by its whole URL (for the command line)."""
    text = token_or_id.strip().rstrip("/")
    last = text.rsplit("/", 1)[-1]
    if last.isdigit() and len(last) <= 10 and last == text:
        return crud.get_or_404(session, CalendarFeed, int(last), FEED)
    token = rules.token_from_feed_path(last) or (last if rules.looks_like_token(last) else None)
    if token is None:
        raise Invalid("feed", "feed_reference_unclear", given=token_or_id)
    row = session.exec(
        select(CalendarFeed)
        .join(CalendarFeedToken, col(CalendarFeedToken.feed_id) == CalendarFeed.id)
        .where(CalendarFeedToken.token_hash == rules.hash_token(token))
    ).first()
    if row is None:
        raise NotFound(FEED, "with this token")
    return row


def find_person(session: Session, name_or_id: str) -> Person:
    text = name_or_id.strip()
    if text.isdigit() and len(text) <= 10:
        return crud.get_or_404(session, Person, int(text), "person")
    people = list(session.exec(select(Person).where(Person.name == text).order_by(col(Person.id))))
    if not people:
        raise NotFound("person", repr(text))
    if len(people) > 1:
        ids = ", ".join(str(p.id) for p in people)
        raise Invalid("person", "feed_person_ambiguous", count=len(people), name=text, ids=ids)
    return people[0]


def find_organisation(session: Session, name_or_id: str) -> Organisation:
    text = name_or_id.strip()
    if text.isdigit() and len(text) <= 10:
        return crud.get_or_404(session, Organisation, int(text), "organisation")
    stmt = select(Organisation).where(
        sa.or_(col(Organisation.name) == text, col(Organisation.short_name) == text)
    )
    found = list(session.exec(stmt.order_by(col(Organisation.id))))
    if len(found) != 1:
        if not found:
            raise NotFound("organisation", repr(text))
        raise Invalid("organisation", "feed_organisation_ambiguous", name=text)
    return found[0]


# --- bodies ----------------------------------------------------------------------------------
def selection(session: Session, feed: CalendarFeed) -> Selection:
    owner = crud.get_or_404(session, Person, feed.owner_id, "person")
    return Selection(
        viewer=rules.Viewer(owner.id or 0, owner.internal),
        person_only=feed.scope == FeedScope.PERSON,
        organisation_id=feed.organisation_id,
        kinds=_kinds(feed),
        include_tasks=feed.include_tasks,
        history_days=feed.history_days,
    )


def _with_revisions(
    session: Session,
    events: list[export.FeedEvent],
    tasks: list[export.FeedTask],
    now: datetime,
) -> tuple[list[export.FeedEvent], list[export.FeedTask]]:
    seen = [Seen(e.uid, export.event_fingerprint(e), e.updated) for e in events]
    seen += [Seen(t.uid, export.task_fingerprint(t), t.updated) for t in tasks]
    found = revisions(session, seen, now)
    return (
        [_revised(e, found[e.uid]) for e in events],
        [_revised(t, found[t.uid]) for t in tasks],
    )


def _revised(item: Any, revision: export.Revision) -> Any:
    return replace(item, revision=revision)


def build_feed(
    session: Session,
    feed: CalendarFeed,
    base_url: str,
    now: datetime,
    task_source: TaskSource = no_tasks,
    wording: Wording | None = None,
) -> FeedBody:
    """The feed's body now, its strong ETag, and when the body last changed."""
    wording = wording or load_wording()
    chosen = selection(session, feed)
    events = load_events(session, event_filter(chosen, now), chosen.viewer)
    tasks = select_tasks(task_source(session, chosen), chosen, now) if chosen.include_tasks else []
    events, tasks = _with_revisions(session, events, tasks, now)
    options = export.FeedOptions(
        base_url=base_url.rstrip("/"),
        calendar_uid=f"feed-{feed.id}@{rules.UID_DOMAIN}",
        name=display_name(session, feed, wording),
        description=wording.feed_description,
        alarm_minutes=feed.alarm_minutes,
        deadline_events=feed.deadline_events,
    )
    body = export.calendar_bytes(events, tasks, options, wording)
    if not body.startswith(b"BEGIN:VCALENDAR\r\n"):  # an empty 200 would wipe clients' copies
        raise RuntimeError("calendar export produced no calendar")
    tag = export.etag(body)
    return FeedBody(body, tag, _body_changed(session, feed, tag, events, tasks, now))


def _body_changed(
    session: Session,
    feed: CalendarFeed,
    tag: str,
    events: list[export.FeedEvent],
    tasks: list[export.FeedTask],
    now: datetime,
) -> datetime:
    """Last-Modified: when this feed's body last changed, recorded when a new body is served.

    Item LAST-MODIFIED alone would miss an event that left the feed (deleted, or past its grace).
    """
    if feed.body_etag == tag and feed.body_changed_at is not None:
        return feed.body_changed_at
    if feed.body_changed_at is None:  # first build: as recent as its newest item
        stamps = [feed.updated_at]
        stamps += [e.revision.modified for e in events if e.revision]
        stamps += [t.revision.modified for t in tasks if t.revision]
        changed = min(max(stamps), now)
    else:
        changed = now
    table = CalendarFeed.__table__  # type: ignore[attr-defined]
    session.execute(
        sa.update(table)
        .where(table.c.id == feed.id, table.c.body_etag == feed.body_etag)
        .values(body_etag=tag, body_changed_at=changed)
    )
    session.commit()
    # Keep the loaded row in step without marking it changed.
    set_committed_value(feed, "body_etag", tag)
    set_committed_value(feed, "body_changed_at", changed)
    return changed


def build_event_file(
    session: Session, event_id: int, base_url: str, now: datetime, wording: Wording | None = None
) -> FeedBody:
    """One event as an .ics file, for any event the JSON API shows (no feed, no visibility:
    it is exactly as open as GET /api/v1/events/{id})."""
    wording = wording or load_wording()
    events = load_events(session, [col(Event.id) == event_id], None)
    if not events:
        raise NotFound("event", event_id)
    events, _ = _with_revisions(session, events, [], now)
    options = export.FeedOptions(base_url=base_url.rstrip("/"), calendar_uid=events[0].uid)
    body = export.calendar_bytes(events, [], options, wording)
    revision = events[0].revision
    assert revision is not None
    return FeedBody(body, export.etag(body), min(revision.modified, now))


def now_utc() -> datetime:
    return utcnow()
