"""The importing capability's table: drafts waiting for a secretary's review.

Drafts live apart from events, so nothing imported shows in event lists, pages or feeds until
it is accepted (which creates the Event through the records service and links it here).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from governance.core.columns import EnumText, UTCDateTime, utcnow
from governance.core.versioned import Versioned
from governance.importing.schemas import DraftStatus
from governance.records.models import EventKind


class ImportDraft(Versioned, table=True):
    __tablename__ = "import_draft"

    id: int | None = Field(default=None, primary_key=True)
    # Stable article key (hash of headline and lead): importing an issue again finds it.
    key: str = Field(max_length=64, unique=True)
    source: str = Field(max_length=200)
    position: int = Field(default=0)
    status: DraftStatus = Field(
        default=DraftStatus.PENDING, sa_type=EnumText(DraftStatus), index=True
    )
    headline: str = Field(default="", max_length=300)
    title: str = Field(max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    kind: EventKind = Field(sa_type=EnumText(EventKind))
    organiser: str = Field(default="", max_length=200)
    organiser_id: int | None = Field(
        default=None, foreign_key="organisation.id", ondelete="SET NULL"
    )
    body: str = Field(default="", max_length=100)
    body_id: int | None = Field(default=None, foreign_key="standing_body.id", ondelete="SET NULL")
    term: int | None = None
    session: int | None = None
    session_label: str = Field(default="", max_length=50)
    # Lists drafted from the article, as JSON (validated by the schemas on the way in and out).
    participants: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    counts: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    documents: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    authors: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    warnings: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    text: str = Field(default="", sa_type=sa.Text)
    event_id: int | None = Field(
        default=None, foreign_key="event.id", index=True, ondelete="SET NULL"
    )
    note: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
