"""Shapes of imported drafts: what extraction finds (DraftData), what the API reads and takes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from governance.core.types import (
    Count,
    Id,
    Input,
    Label,
    Line,
    LongTitle,
    Name,
    Ordinal,
    Prose,
    Title,
)
from governance.records.models import EventKind, Role

MAX_ITEMS = 200


class DraftStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ParticipantDraft(BaseModel):
    """A person the article names in a role, with the title printed before the name."""

    name: str
    title: str = Field(
        default="", description="Titles as printed, joined with 、 (党委书记、董事长)"
    )
    organisation: str = Field(default="", description="Organisation printed before the titles")
    role: Role
    person_id: int | None = Field(default=None, description="The known person matched, if any")
    new: bool = Field(default=True, description="No known person matched: proposed as new")
    known_titles: list[str] = Field(
        default_factory=list, description="Printed titles the matched person holds (posts)"
    )
    new_titles: list[str] = Field(
        default_factory=list, description="Printed titles not among the person's posts"
    )
    delegation: str = ""
    delegation_size: int | None = None


class CountDraft(BaseModel):
    """A group printed as a headcount (集团41名工会会员代表参加) or by label alone."""

    label: str
    count: int | None = None
    approximate: bool = False
    role: Role = Role.PARTICIPATE
    organisation: str = ""


class DraftData(BaseModel):
    """One article of an issue and the event drafted from it."""

    key: str = Field(description="Stable key of the article: re-importing it is recognised")
    position: int = Field(description="Order of the article in the issue")
    headline: str
    title: str = Field(description="The event's title: the headline, or the lead's first clause")
    date: dt.date | None
    end: dt.date | None = None
    kind: EventKind
    organiser: str = ""
    organiser_id: int | None = None
    body: str = Field(default="", description="Standing body named (会员代表大会)")
    body_id: int | None = None
    term: int | None = None
    session: int | None = None
    session_label: str = Field(default="", description="三届一次 / 第三次 as printed")
    participants: list[ParticipantDraft] = Field(default_factory=list)
    counts: list[CountDraft] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    authors: list[str] = Field(default_factory=list)
    text: str = Field(description="The cleaned article: headline, lead, body, authors")
    warnings: list[str] = Field(default_factory=list)


class DraftRead(DraftData):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: DraftStatus
    source: str
    event_id: int | None
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime


class DraftSummary(BaseModel):
    id: int
    key: str
    position: int
    status: DraftStatus
    source: str
    title: str
    date: dt.date | None
    kind: EventKind
    participants: int
    event_id: int | None


# --- Input -----------------------------------------------------------------------------------
class ParticipantFix(Input):
    name: Name
    title: Line = ""
    organisation: Line = ""
    role: Role
    person_id: Id | None = None
    delegation: Line = ""
    delegation_size: Count | None = None


class CountFix(Input):
    label: Title
    count: Count | None = None
    approximate: bool = False
    role: Role = Role.PARTICIPATE
    organisation: Line = ""


class DraftUpdate(Input):
    """A secretary's fixes to a pending draft: fields given replace the drafted ones, a list
    given replaces the whole list."""

    title: Title | None = None
    date: dt.date | None = None
    end: dt.date | None = None
    kind: EventKind | None = None
    organiser_id: Id | None = None
    body_id: Id | None = None
    term: Ordinal | None = None
    session: Ordinal | None = None
    participants: list[ParticipantFix] | None = Field(default=None, max_length=MAX_ITEMS)
    counts: list[CountFix] | None = Field(default=None, max_length=MAX_ITEMS)
    documents: list[LongTitle] | None = Field(default=None, max_length=MAX_ITEMS)
    note: Prose | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> DraftUpdate:
        if self.date and self.end and self.end < self.date:
            raise PydanticCustomError("draft_end_before_date", "end is before date")
        return self


class NewPeople(StrEnum):
    GUEST = "guest"  # recorded on the event as printed (name, title, organisation)
    CREATE = "create"  # a person record is created for each, with the posts that exist


class AcceptRequest(Input):
    new_people: NewPeople = Field(
        default=NewPeople.GUEST,
        description="What to do with participants matched to no known person",
    )


class RejectRequest(Input):
    note: Prose = Field(default="", description="Why the draft was rejected")


class ImportRequest(Input):
    """An issue's text, imported through the API (the CLI reads files)."""

    source: Label = Field(description="Where the text came from, e.g. the file name")
    text: str = Field(
        min_length=1,
        max_length=500_000,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$",
        description="The issue as plain text, paragraphs separated by blank lines",
    )
    year: int | None = Field(default=None, ge=1949, le=2100)
    dry_run: bool = False


class ImportReport(BaseModel):
    source: str
    year: int | None
    year_source: str
    articles: int
    created: int
    unchanged: int
    duplicates: int
    furniture: int
    joins: int
    drafts: list[DraftData]
