"""Request and response shapes of the calendar feeds API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from governance.calendar.models import FeedScope
from governance.core.types import Id, Input, Line
from governance.records.models import EventKind

MAX_ALARM_MINUTES = 7 * 24 * 60
MAX_HISTORY_DAYS = 36_500

Kinds = list[EventKind]


class FeedFields(Input):
    name: Line | None = Field(
        default=None, description="Calendar name in the client; empty = made from the scope"
    )
    scope: FeedScope | None = Field(
        default=None,
        description="person: the owner's own events and tasks; all: everything the owner may "
        "see. Default: person, or all when an organisation or kinds are given.",
    )
    organisation_id: Id | None = Field(default=None, description="Only this organiser's events")
    kinds: Kinds | None = Field(default=None, max_length=len(EventKind), description="Only these")
    include_tasks: bool | None = Field(default=None, description="Follow-up tasks as VTODO")
    deadline_events: bool | None = Field(
        default=None, description="Each task deadline also as an all-day event"
    )
    alarm_minutes: int | None = Field(
        default=None, ge=0, le=MAX_ALARM_MINUTES, description="A reminder this long before"
    )
    history_days: int | None = Field(
        default=None, ge=1, le=MAX_HISTORY_DAYS, description="Leave out events older than this"
    )


class FeedCreate(FeedFields):
    owner_id: Id = Field(description="The person whose view the feed shows")


class FeedUpdate(FeedFields):
    """Fields given replace the stored ones; null clears organisation_id, alarm_minutes,
    history_days and name."""


class FeedRead(BaseModel):
    id: int
    owner_id: int
    owner_name: str
    name: str = Field(description="As stored; empty = made from the scope")
    display_name: str = Field(description="The name calendar clients show")
    scope: FeedScope
    organisation_id: int | None
    kinds: list[EventKind]
    include_tasks: bool
    deadline_events: bool
    alarm_minutes: int | None
    history_days: int | None
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None
    active: bool


class FeedIssued(BaseModel):
    """A feed with its URL. The token is shown only here, once: only its hash is stored."""

    feed: FeedRead
    token: str
    url: str = Field(description="https URL to paste into a calendar client")
    webcal_url: str = Field(description="The same as webcal://, to subscribe with one click")
