"""The whole data model on one screen: SQLModel tables and the enums they store.

Enums are stored as plain strings (not native database enums) so adding a value needs no
migration of a database type, and SQLite and PostgreSQL behave alike.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from governance.core.columns import EnumText, UTCDateTime, utcnow
from governance.core.versioned import Versioned
from governance.records.rules import Numbering


class OrganisationKind(StrEnum):
    GROUP = "group"
    COMPANY = "company"
    PARTY_COMMITTEE = "party_committee"
    PARTY_BRANCH = "party_branch"
    UNION = "union"
    LEAGUE = "league"
    DEPARTMENT = "department"
    AUTHORITY = "authority"
    EXTERNAL = "external"


class EventKind(StrEnum):
    CONGRESS = "congress"
    COMMITTEE_MEETING = "committee_meeting"
    WORK_CONFERENCE = "work_conference"
    ASSESSMENT = "assessment"
    INSPECTION = "inspection"
    VISIT = "visit"
    THEMED_ACTIVITY = "themed_activity"
    CEREMONY = "ceremony"
    PUBLICITY = "publicity"
    BROADCAST = "broadcast"
    TRAINING = "training"
    OTHER = "other"


class EventStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"


class Role(StrEnum):
    """Roles as the newsletter writes them; the value is the printed word."""

    ATTEND = "出席"
    PRESIDE = "主持"
    PARTICIPATE = "参加"
    GUIDE = "莅临指导"
    INVITED = "邀请"
    ACCOMPANY = "陪同"
    LEAD = "带领"
    SPEAK = "讲话"
    ADDRESS = "致辞"
    REPORT = "作报告"
    READ = "宣读"
    ANNOUNCE = "通报"
    OBSERVE = "列席"
    EXCUSED = "请假"
    SCRUTINEER = "监票人"
    TELLER = "计票人"


class AgendaKind(StrEnum):
    REPORT = "report"
    READING = "reading"
    DELIBERATION = "deliberation"
    VOTE = "vote"
    ELECTION = "election"
    SPEECH = "speech"
    ANNOUNCEMENT = "announcement"
    COMMENDATION = "commendation"
    OTHER = "other"


class DocumentKind(StrEnum):
    REPORT = "report"
    RULES = "rules"
    LIST = "list"
    RESOLUTION = "resolution"
    DECISION = "decision"
    PLAN = "plan"
    OTHER = "other"


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    REJECTED = "rejected"


class Organisation(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    short_name: str = Field(default="", max_length=100)
    # The form printed before a title in-house: 集团 in 集团党委书记.
    prefix: str = Field(default="", max_length=100)
    kind: OrganisationKind = Field(sa_type=EnumText(OrganisationKind))
    parent_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    # Orders organisations when one person holds posts in several (lower first).
    rank: int = Field(default=0)


class Person(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=50, index=True)
    internal: bool = Field(default=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    notes: str = Field(default="", sa_type=sa.Text)


class Post(Versioned, table=True):
    __table_args__ = (sa.UniqueConstraint("organisation_id", "title"),)
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=100)
    precedence: int = Field(default=100)


class Tenure(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    starts_on: date | None = None
    ends_on: date | None = None  # last day held, inclusive; None = still held


class StandingBody(Versioned, table=True):
    __tablename__ = "standing_body"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=100)
    numbering: Numbering = Field(sa_type=EnumText(Numbering))


class Event(Versioned, table=True):
    # Lists filter by kind and sort by start: one index serves both.
    __table_args__ = (sa.Index("ix_event_kind_starts_at", "kind", "starts_at"),)
    id: int | None = Field(default=None, primary_key=True)
    # Stable external key (fixtures, imports) so loading again updates instead of duplicating.
    key: str | None = Field(default=None, max_length=100, unique=True)
    kind: EventKind = Field(sa_type=EnumText(EventKind))
    title: str = Field(max_length=200)
    body_id: int | None = Field(default=None, foreign_key="standing_body.id", index=True)
    term: int | None = None
    session: int | None = None
    organiser_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    # Exclusive end; for all-day events the midnight (Asia/Shanghai) after the last day.
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    all_day: bool = Field(default=False)
    location: str = Field(default="", max_length=200)
    status: EventStatus = Field(
        default=EventStatus.PLANNED, sa_type=EnumText(EventStatus), index=True
    )
    visibility: Visibility = Field(default=Visibility.INTERNAL, sa_type=EnumText(Visibility))
    summary: str = Field(default="", sa_type=sa.Text)
    notes: str = Field(default="", sa_type=sa.Text)
    parent_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    delegates_due: int | None = None
    delegates_present: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Minutes approval locks the record (governance.audit); a deleted event is in the bin.
    minutes_approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    minutes_approved_by: str | None = Field(default=None, max_length=100)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    deleted_by: str | None = Field(default=None, max_length=100)


class Participation(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    # A guest recorded as printed, when no person record is kept.
    guest_name: str = Field(default="", max_length=50)
    guest_title: str = Field(default="", max_length=200)
    guest_organisation: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=EnumText(Role))
    # Overrides the computed title chain: articles sometimes print only part of it.
    printed_title: str | None = Field(default=None, max_length=200)
    delegation: str = Field(default="", max_length=200)
    delegation_size: int | None = None
    position: int = Field(default=0)
    remarks: str = Field(default="", sa_type=sa.Text)


class AttendanceGroup(Versioned, table=True):
    __tablename__ = "attendance_group"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=200)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    count: int | None = None
    approximate: bool = Field(default=False)  # printed with 余: 30余名
    role: Role = Field(default=Role.PARTICIPATE, sa_type=EnumText(Role))
    position: int = Field(default=0)


class Document(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    event_id: int | None = Field(
        default=None, foreign_key="event.id", index=True, ondelete="CASCADE"
    )
    title: str = Field(max_length=300)
    kind: DocumentKind = Field(default=DocumentKind.OTHER, sa_type=EnumText(DocumentKind))
    status: DocumentStatus = Field(default=DocumentStatus.DRAFT, sa_type=EnumText(DocumentStatus))


class AgendaItem(Versioned, table=True):
    __tablename__ = "agenda_item"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    position: int = Field(default=0)
    title: str = Field(max_length=300)
    kind: AgendaKind = Field(default=AgendaKind.OTHER, sa_type=EnumText(AgendaKind))
    presenter_id: int | None = Field(default=None, foreign_key="person.id")
    presenter_name: str = Field(default="", max_length=50)
    document_id: int | None = Field(default=None, foreign_key="document.id", ondelete="SET NULL")
    outcome: str = Field(default="", max_length=200)
