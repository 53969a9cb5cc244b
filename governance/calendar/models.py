"""Tables of calendar subscriptions and of the revision each exported calendar item is at.

A feed's URL carries a random token; only its SHA-256 is stored (calendar_feed_token), so a
copy of the database does not hand out working URLs. A feed keeps its settings and id when its
token is rotated: the old token row stays, revoked, so the old URL answers 410 Gone.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from governance.core.columns import EnumText, UTCDateTime, utcnow
from governance.core.versioned import Versioned


class FeedScope(StrEnum):
    # The owner's own events (where they take part) and tasks (where responsible).
    PERSON = "person"
    # Everything the owner may see; narrowed by the organisation and kinds filters if set.
    ALL = "all"


class CalendarFeed(Versioned, table=True):
    __tablename__ = "calendar_feed"
    id: int | None = Field(default=None, primary_key=True)
    # Whose view the feed shows: visibility is decided for this person. Their feeds go with them.
    owner_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    scope: FeedScope = Field(sa_type=EnumText(FeedScope))
    # Only events organised by this organisation (and tasks of this responsible unit).
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    # Comma-separated EventKind values; "" = every kind.
    kinds: str = Field(default="", max_length=400)
    include_tasks: bool = Field(default=True)
    # Each task deadline also as an all-day VEVENT, for clients that ignore VTODO.
    deadline_events: bool = Field(default=False)
    # A VALARM this many minutes before each event; None = no reminder.
    alarm_minutes: int | None = None
    # Only events ending at most this many days ago; None = the whole history.
    history_days: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The strong ETag of the body last served and when the body last changed: the feed's
    # Last-Modified, which moves when an event leaves the feed too (no item's LAST-MODIFIED does).
    body_etag: str = Field(default="", max_length=80)
    body_changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CalendarFeedToken(SQLModel, table=True):
    __tablename__ = "calendar_feed_token"
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="calendar_feed.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)  # SHA-256 hex of the URL's token
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CalendarRevision(SQLModel, table=True):
    """The SEQUENCE of one exported item (by UID) and the fingerprint of what it last showed.

    Derived on export: when an item's content differs from its fingerprint, SEQUENCE rises by
    one and changed_at moves. So any edit that changes what clients see bumps it, whichever way
    it was made (API, fixtures, a renamed attendee), and nothing else has to remember to.
    """

    __tablename__ = "calendar_revision"
    uid: str = Field(primary_key=True, max_length=120)
    sequence: int = Field(default=0)
    fingerprint: str = Field(max_length=64)
    changed_at: datetime = Field(sa_type=UTCDateTime)
