"""Request and response shapes of events and their parts: XCreate, XUpdate (all optional),
XRead; those of the directory are in directory_schemas.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from governance.core.types import (
    Count,
    Id,
    Input,
    Label,
    Line,
    LongTitle,
    Name,
    OptName,
    Ordinal,
    Prose,
    Title,
)
from governance.records.models import (
    AgendaKind,
    DocumentKind,
    DocumentStatus,
    EventKind,
    EventStatus,
    Role,
    Visibility,
)

MAX_CHILDREN = 1000


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int = Field(description="Send back in If-Match (or as `version`) to change the record")


# --- event parts -----------------------------------------------------------------------------
class Guest(Input):
    name: Name
    title: Line = ""
    organisation: Line = ""


class ParticipantIn(Input):
    """One person at an event in one role: a person record, or a guest as printed."""

    person_id: Id | None = None
    guest: Guest | None = None
    role: Role
    printed_title: Line | None = None
    delegation: Line = ""
    delegation_size: Count | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)
    remarks: Prose = ""

    @model_validator(mode="after")
    def _person_or_guest(self) -> ParticipantIn:
        if (self.person_id is None) == (self.guest is None):
            raise PydanticCustomError(
                "participant_person_or_guest", "give exactly one of person_id and guest"
            )
        return self


class ParticipationCreate(ParticipantIn):
    event_id: Id


class ParticipationUpdate(Input):
    person_id: Id | None = None
    guest: Guest | None = None
    role: Role | None = None
    printed_title: Line | None = None
    delegation: Line | None = None
    delegation_size: Count | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)
    remarks: Prose | None = None


class ParticipationRead(Read):
    id: int
    event_id: int
    person_id: int | None
    guest_name: str
    guest_title: str
    guest_organisation: str
    role: Role
    printed_title: str | None
    delegation: str
    delegation_size: int | None
    position: int
    remarks: str


class ParticipantRead(ParticipationRead):
    name: str = Field(description="The person's or guest's name")
    title: str = Field(description="The title as it will be printed on the event's date")


class GroupIn(Input):
    label: Title
    organisation_id: Id | None = None
    count: Count | None = None
    approximate: bool = False
    role: Role = Role.PARTICIPATE
    position: int | None = Field(default=None, ge=0, le=100_000)


class GroupCreate(GroupIn):
    event_id: Id


class GroupUpdate(Input):
    label: Title | None = None
    organisation_id: Id | None = None
    count: Count | None = None
    approximate: bool | None = None
    role: Role | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)


class GroupRead(Read):
    id: int
    event_id: int
    label: str
    organisation_id: int | None
    count: int | None
    approximate: bool
    role: Role
    position: int


class DocumentIn(Input):
    title: LongTitle
    kind: DocumentKind = DocumentKind.OTHER
    status: DocumentStatus = DocumentStatus.DRAFT


class DocumentCreate(DocumentIn):
    event_id: Id | None = None


class DocumentUpdate(Input):
    event_id: Id | None = None
    title: LongTitle | None = None
    kind: DocumentKind | None = None
    status: DocumentStatus | None = None


class DocumentRead(Read):
    id: int
    event_id: int | None
    title: str
    kind: DocumentKind
    status: DocumentStatus


class AgendaItemIn(Input):
    title: LongTitle
    kind: AgendaKind = AgendaKind.OTHER
    presenter_id: Id | None = None
    presenter_name: OptName = ""
    document: DocumentIn | None = Field(
        default=None, description="A document created with the item"
    )
    document_id: Id | None = Field(default=None, description="An existing document of the event")
    outcome: Line = ""
    position: int | None = Field(default=None, ge=0, le=100_000)

    @model_validator(mode="after")
    def _one_document(self) -> AgendaItemIn:
        if self.document is not None and self.document_id is not None:
            raise PydanticCustomError(
                "agenda_document_or_existing", "give at most one of document and document_id"
            )
        return self


class AgendaItemCreate(Input):
    event_id: Id
    title: LongTitle
    kind: AgendaKind = AgendaKind.OTHER
    presenter_id: Id | None = None
    presenter_name: OptName = ""
    document_id: Id | None = None
    outcome: Line = ""
    position: int | None = Field(default=None, ge=0, le=100_000)


class AgendaItemUpdate(Input):
    title: LongTitle | None = None
    kind: AgendaKind | None = None
    presenter_id: Id | None = None
    presenter_name: OptName | None = None
    document_id: Id | None = None
    outcome: Line | None = None
    position: int | None = Field(default=None, ge=0, le=100_000)


class AgendaItemRead(Read):
    id: int
    event_id: int
    position: int
    title: str
    kind: AgendaKind
    presenter_id: int | None
    presenter_name: str
    document_id: int | None
    outcome: str


# --- events ----------------------------------------------------------------------------------
def _date_or_datetime(value: object) -> object:
    # A bare YYYY-MM-DD means a whole day; anything longer is a point in time.
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


When = Annotated[datetime | date, BeforeValidator(_date_or_datetime)]
WHEN_HELP = (
    "A date (2021-01-20) for an all-day event, or a datetime; a datetime without an offset is "
    "taken as Asia/Shanghai time."
)


class EventFields(Input):
    key: Label | None = Field(default=None, description="Stable external key, unique")
    kind: EventKind
    title: Title | None = Field(
        default=None, description="Required unless a body and its numbering are given"
    )
    body_id: Id | None = None
    term: Ordinal | None = None
    session: Ordinal | None = None
    organiser_id: Id | None = None
    start: When = Field(description=WHEN_HELP)
    end: When | None = Field(default=None, description=WHEN_HELP + " For dates, the last day.")
    location: Line = ""
    status: EventStatus = EventStatus.PLANNED
    visibility: Visibility = Visibility.INTERNAL
    summary: Prose = ""
    notes: Prose = ""
    parent_id: Id | None = None
    delegates_due: Count | None = None
    delegates_present: Count | None = None


# The event's fields stored in columns of the same name (start and end become instants).
EVENT_COLUMNS = tuple(name for name in EventFields.model_fields if name not in {"start", "end"})


class EventCreate(EventFields):
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=MAX_CHILDREN)
    groups: list[GroupIn] = Field(default_factory=list, max_length=MAX_CHILDREN)
    agenda: list[AgendaItemIn] = Field(default_factory=list, max_length=MAX_CHILDREN)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=MAX_CHILDREN)


class EventUpdate(Input):
    """Fields given replace the stored ones; a list given replaces the whole list."""

    key: Label | None = None
    kind: EventKind | None = None
    title: Title | None = None
    body_id: Id | None = None
    term: Ordinal | None = None
    session: Ordinal | None = None
    organiser_id: Id | None = None
    start: When | None = None
    end: When | None = None
    location: Line | None = None
    status: EventStatus | None = None
    visibility: Visibility | None = None
    summary: Prose | None = None
    notes: Prose | None = None
    parent_id: Id | None = None
    delegates_due: Count | None = None
    delegates_present: Count | None = None
    participants: list[ParticipantIn] | None = Field(default=None, max_length=MAX_CHILDREN)
    groups: list[GroupIn] | None = Field(default=None, max_length=MAX_CHILDREN)
    agenda: list[AgendaItemIn] | None = Field(default=None, max_length=MAX_CHILDREN)
    documents: list[DocumentIn] | None = Field(default=None, max_length=MAX_CHILDREN)
    version: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="The version read; a stale one answers 409"
    )


class EventSummary(BaseModel):
    id: int
    key: str | None
    kind: EventKind
    title: str
    body_id: int | None
    term: int | None
    session: int | None
    session_label: str = Field(description="三届一次 / 第三次, from the body's numbering")
    organiser_id: int | None
    start: When
    end: When | None
    all_day: bool
    date_label: str = Field(description="The dates as printed: 1月26日—30日")
    location: str
    status: EventStatus
    visibility: Visibility
    summary: str
    parent_id: int | None
    delegates_due: int | None
    delegates_present: int | None
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Send back in If-Match (or as `version`) to change the event")
    minutes_approved_at: datetime | None = None
    minutes_approved_by: str | None = None
    deleted_at: datetime | None = None


class EventRead(EventSummary):
    notes: str
    participants: list[ParticipantRead]
    people_by_role: dict[str, str] = Field(
        description="For each role, its people by rank as printed: 集团党委书记、董事长谭相彦，…"
    )
    groups: list[GroupRead]
    agenda: list[AgendaItemRead]
    documents: list[DocumentRead]
