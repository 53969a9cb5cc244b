"""Tables of the elections capability: elections at an event (rounds linked to the first), their
candidates and officers, versioned paper tallies, and resolutions.

Each election and resolution stores its effective procedure as JSON (a snapshot: editing a preset
later never changes a recorded result) and the list of its deviations from the preset.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from governance.core.columns import EnumText, UTCDateTime, utcnow
from governance.core.versioned import Versioned
from governance.elections.procedures import BallotKind
from governance.elections.rules import RoundKind


class OfficerRole(StrEnum):
    CHIEF_SCRUTINEER = "chief_scrutineer"  # 总监票人
    SCRUTINEER = "scrutineer"  # 监票人
    TELLER = "teller"  # 计票人


class Matter(StrEnum):
    DOCUMENT = "document"  # adopt a document (选举办法, 决议)
    REPORT = "report"  # a work report
    LIST = "list"  # a list of names (监票人、计票人建议名单)
    OTHER = "other"


class Election(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, max_length=100, unique=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    title: str = Field(max_length=200)
    seats: int
    round_kind: RoundKind = Field(default=RoundKind.FIRST, sa_type=EnumText(RoundKind))
    round_number: int = Field(default=1)
    first_round_id: int | None = Field(default=None, foreign_key="election.id", index=True)
    previous_round_id: int | None = Field(default=None, foreign_key="election.id")
    preset: str = Field(max_length=32)
    procedure: dict[str, Any] = Field(sa_type=sa.JSON)
    deviations: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    deviation_reason: str = Field(default="", sa_type=sa.Text)
    # Set by hand, or taken from the event's attendance when the count is entered.
    voters_due: int | None = None
    voters_present: int | None = None
    members_total: int | None = None
    sample: bool = Field(default=False)  # demo data: names and counts are invented
    notes: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ElectionCandidate(Versioned, table=True):
    __tablename__ = "election_candidate"
    __table_args__ = (sa.UniqueConstraint("election_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=50)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class ElectionOfficer(Versioned, table=True):
    __tablename__ = "election_officer"
    __table_args__ = (sa.UniqueConstraint("election_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True, ondelete="CASCADE")
    role: OfficerRole = Field(sa_type=EnumText(OfficerRole))
    name: str = Field(max_length=50)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class ElectionTally(SQLModel, table=True):
    """One version of the count. A certified version is never changed: a correction is a new
    version with its reason, and the old one stays."""

    __tablename__ = "election_tally"
    __table_args__ = (sa.UniqueConstraint("election_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="election.id", index=True, ondelete="CASCADE")
    version: int
    ballots_issued: int
    ballots_returned: int
    ballots_valid: int
    ballots_invalid: int
    invalid_over_marked: int = Field(default=0)
    invalid_stray_marks: int = Field(default=0)
    invalid_other: int = Field(default=0)
    # The attendance frozen when the count was entered.
    voters_due: int
    voters_present: int
    members_total: int
    # [{"name", "write_in", "votes_for", "votes_against", "votes_abstain"}, ...]
    counts: list[dict[str, Any]] = Field(sa_type=sa.JSON)
    result: dict[str, Any] = Field(sa_type=sa.JSON)
    entered_by: str = Field(default="", max_length=50)
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    correction_reason: str = Field(default="", sa_type=sa.Text)
    certified_by: str | None = Field(default=None, max_length=50)
    certified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Resolution(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, max_length=100, unique=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    title: str = Field(max_length=300)
    matter: Matter = Field(default=Matter.OTHER, sa_type=EnumText(Matter))
    document_id: int | None = Field(
        default=None, foreign_key="document.id", index=True, ondelete="SET NULL"
    )
    method: BallotKind = Field(sa_type=EnumText(BallotKind))
    preset: str = Field(max_length=32)
    procedure: dict[str, Any] = Field(sa_type=sa.JSON)
    deviations: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    deviation_reason: str = Field(default="", sa_type=sa.Text)
    votes_for: int
    votes_against: int
    votes_abstain: int
    voters_due: int
    voters_present: int
    members_total: int
    adopted: bool
    sample: bool = Field(default=False)
    notes: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
