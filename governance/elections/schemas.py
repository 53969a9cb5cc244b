"""Request and response shapes of the elections API: XCreate, XUpdate (all optional), XRead."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from governance.core.types import Count, Id, Input, Label, LongTitle, Name, OptName, Prose, Title
from governance.elections.models import Matter, OfficerRole
from governance.elections.procedures import (
    BallotKind,
    Base,
    CandidateMode,
    Deviation,
    Procedure,
    ShortfallRule,
    TieRule,
)
from governance.elections.rules import ElectionResult, ResolutionResult, RoundKind
from governance.records.schemas import EventSummary

MAX_NAMES = 500
Seats = Annotated[int, Field(ge=1, le=1000, description="Seats to fill (应选名额)")]
Share = Annotated[int, Field(ge=0, le=1000)]
Denominator = Annotated[int, Field(ge=1, le=1000)]


class PresetName(StrEnum):
    PARTY = "party"
    UNION = "union"
    LEAGUE = "league"
    WORKERS_CONGRESS = "workers_congress"


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- procedures ------------------------------------------------------------------------------
class ThresholdChange(Input):
    numerator: Share | None = None
    denominator: Denominator | None = None
    strict: bool | None = Field(default=None, description="true: 超过 (>); false: 以上 (≥)")
    base: Base | None = None


class CandidatesChange(Input):
    mode: CandidateMode | None = None
    surplus_numerator: Share | None = None
    surplus_denominator: Denominator | None = None


class ProcedureChanges(Input):
    """Rules where this meeting deviates from its preset; give the reason in deviation_reason."""

    quorum: ThresholdChange | None = None
    candidates: CandidatesChange | None = None
    ballot: BallotKind | None = None
    election: ThresholdChange | None = None
    write_ins: bool | None = None
    tie: TieRule | None = None
    shortfall: ShortfallRule | None = None
    resolution: ThresholdChange | None = None
    resolution_ballot: BallotKind | None = None


class PresetRead(BaseModel):
    key: PresetName
    procedure: Procedure


# --- elections -------------------------------------------------------------------------------
class PersonRef(Input):
    name: Name | None = Field(default=None, description="Required unless person_id is given")
    person_id: Id | None = None

    @model_validator(mode="after")
    def _named(self) -> PersonRef:
        if self.name is None and self.person_id is None:
            raise PydanticCustomError("elections_name_or_person", "give name or person_id")
        return self


class CandidateIn(PersonRef):
    pass


class OfficerIn(PersonRef):
    role: OfficerRole


class Attendance(Input):
    voters_due: Count | None = Field(default=None, description="Default: the event's")
    voters_present: Count | None = Field(default=None, description="Default: the event's")
    members_total: Count | None = Field(default=None, description="Default: voters_due")


class ElectionCreate(Attendance):
    event_id: Id
    key: Label | None = Field(default=None, description="Stable external key, unique")
    title: Title
    seats: Seats
    preset: PresetName
    procedure: ProcedureChanges | None = None
    deviation_reason: Prose = ""
    candidates: list[CandidateIn] = Field(default_factory=list, max_length=MAX_NAMES)
    officers: list[OfficerIn] = Field(default_factory=list, max_length=MAX_NAMES)
    sample: bool = False
    notes: Prose = ""


class ElectionUpdate(Input):
    """Fields given replace the stored ones; lists replace the whole list. Once a count is
    entered only title, notes and sample may change."""

    key: Label | None = None
    title: Title | None = None
    seats: Seats | None = None
    preset: PresetName | None = None
    procedure: ProcedureChanges | None = None
    deviation_reason: Prose | None = None
    voters_due: Count | None = None
    voters_present: Count | None = None
    members_total: Count | None = None
    candidates: list[CandidateIn] | None = Field(default=None, max_length=MAX_NAMES)
    officers: list[OfficerIn] | None = Field(default=None, max_length=MAX_NAMES)
    sample: bool | None = None
    notes: Prose | None = None


class CandidateRead(Read):
    id: int
    name: str
    person_id: int | None


class OfficerRead(Read):
    id: int
    role: OfficerRole
    name: str
    person_id: int | None


class CountIn(Input):
    name: Name = Field(description="A candidate's name, as listed")
    votes_for: Count
    votes_against: Count = 0
    votes_abstain: Count = 0


class WriteInIn(Input):
    name: Name = Field(description="Another name written in (另选他人)")
    votes: Count


class TallyIn(Input):
    ballots_issued: Count
    ballots_returned: Count
    ballots_valid: Count
    ballots_invalid: Count
    invalid_over_marked: Count = 0
    invalid_stray_marks: Count = 0
    invalid_other: Count = 0
    counts: list[CountIn] = Field(max_length=MAX_NAMES, description="Every candidate, once")
    write_ins: list[WriteInIn] = Field(default_factory=list, max_length=MAX_NAMES)
    voters_due: Count | None = Field(default=None, description="Correct the frozen attendance")
    voters_present: Count | None = None
    members_total: Count | None = None
    entered_by: OptName = ""
    correction_reason: Prose = Field(
        default="", description="Required to correct a certified count (makes a new version)"
    )


class CertifyIn(Input):
    certified_by: Name
    certified_at: datetime | None = Field(
        default=None,
        description="When it was certified (default: now); without an offset, Asia/Shanghai",
    )

    @field_validator("certified_at")
    @classmethod
    def _plausible(cls, value: datetime | None) -> datetime | None:
        # Far-off years would overflow when moved to UTC; no count is that old or that new.
        if value is not None and not 1949 <= value.year <= 2999:
            raise PydanticCustomError(
                "elections_certified_year", "must be a date between 1949 and 2999"
            )
        return value


class CountRead(BaseModel):
    name: str
    write_in: bool
    votes_for: int
    votes_against: int
    votes_abstain: int


class TallyRead(Read):
    id: int
    version: int
    ballots_issued: int
    ballots_returned: int
    ballots_valid: int
    ballots_invalid: int
    invalid_over_marked: int
    invalid_stray_marks: int
    invalid_other: int
    voters_due: int
    voters_present: int
    members_total: int
    counts: list[CountRead]
    result: ElectionResult
    entered_by: str
    entered_at: datetime
    correction_reason: str
    certified_by: str | None
    certified_at: datetime | None


class RoundRead(BaseModel):
    id: int
    round_number: int
    round_kind: RoundKind
    seats: int


class ElectionSummary(Read):
    id: int
    key: str | None
    event_id: int
    title: str
    seats: int
    round_kind: RoundKind
    round_number: int
    first_round_id: int | None
    previous_round_id: int | None
    preset: str
    sample: bool
    certified: bool
    status: str = Field(description="draft (no count), counted, or certified")


class ElectionRead(ElectionSummary):
    event: EventSummary
    procedure: Procedure
    deviations: list[Deviation]
    deviation_reason: str
    minimum_candidates: int
    voters_due: int | None
    voters_present: int | None
    members_total: int | None
    voters_frozen: bool
    candidates: list[CandidateRead] = Field(description="In surname stroke order")
    officers: list[OfficerRead]
    tally: TallyRead | None = Field(description="The latest version of the count")
    versions: int
    result: ElectionResult | None
    rounds: list[RoundRead] = Field(description="Every round of this election, first to last")
    notes: str
    created_at: datetime
    updated_at: datetime


# --- resolutions -----------------------------------------------------------------------------
class ResolutionCreate(Attendance):
    event_id: Id
    key: Label | None = None
    title: LongTitle = Field(description="The matter: 审议通过《…选举办法》(草案)")
    matter: Matter = Matter.OTHER
    document_id: Id | None = Field(default=None, description="The document adopted or not")
    method: BallotKind | None = Field(default=None, description="Default: the procedure's")
    preset: PresetName
    procedure: ProcedureChanges | None = None
    deviation_reason: Prose = ""
    votes_for: Count
    votes_against: Count = 0
    votes_abstain: Count = 0
    sample: bool = False
    notes: Prose = ""


class ResolutionUpdate(Input):
    key: Label | None = None
    title: LongTitle | None = None
    matter: Matter | None = None
    document_id: Id | None = None
    method: BallotKind | None = None
    preset: PresetName | None = None
    procedure: ProcedureChanges | None = None
    deviation_reason: Prose | None = None
    votes_for: Count | None = None
    votes_against: Count | None = None
    votes_abstain: Count | None = None
    voters_due: Count | None = None
    voters_present: Count | None = None
    members_total: Count | None = None
    sample: bool | None = None
    notes: Prose | None = None


class ResolutionRead(Read):
    id: int
    key: str | None
    event_id: int
    title: str
    matter: Matter
    document_id: int | None
    document_status: str | None
    method: BallotKind
    preset: str
    procedure: Procedure
    deviations: list[Deviation]
    deviation_reason: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    voters_due: int
    voters_present: int
    members_total: int
    adopted: bool
    result: ResolutionResult
    sample: bool
    notes: str
    created_at: datetime
    updated_at: datetime
