"""Request and response shapes of the tasks API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from litestar.datastructures import UploadFile
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from governance.core.types import Id, Input, Line, Prose, Short, Title
from governance.tasks.models import EvidenceKind, SourceKind, TaskPriority, TaskStatus
from governance.tasks.rules import Colour

# Dates a secretariat can mean; keeps date arithmetic far from the calendar's ends.
TaskDate = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]
Progress = Annotated[int, Field(ge=0, le=100)]
Weight = Annotated[int, Field(ge=1, le=100)]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=3,
        max_length=254,
        pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$",
    ),
]
MAX_CO_OWNERS = 50


class CoOwnerIn(Input):
    """A co-owner: give exactly one of person_id and organisation_id."""

    person_id: Id | None = None
    organisation_id: Id | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CoOwnerIn:
        if (self.person_id is None) == (self.organisation_id is None):
            raise PydanticCustomError(
                "task_co_owner_one_of", "give exactly one of person_id and organisation_id"
            )
        return self


class TaskFields(Input):
    problem: Prose = ""
    target: Prose = ""
    measures: Prose = ""
    source_kind: SourceKind | None = None
    source_id: Id | None = None
    source_note: Line = ""
    parent_id: Id | None = None
    responsible_leader_id: Id | None = None
    responsible_unit_id: Id | None = None
    responsible_person_id: Id | None = None
    co_owners: Annotated[list[CoOwnerIn], Field(default_factory=list, max_length=MAX_CO_OWNERS)]
    due_on: TaskDate | None = None
    ongoing: bool = False
    priority: TaskPriority = TaskPriority.NORMAL
    weight: Weight = 1
    notes: Prose = ""


class TaskCreate(TaskFields):
    title: Title
    key: Short | None = None
    starts_on: TaskDate | None = None  # default: today
    actor_id: Id | None = None  # who registers it (recorded in the history)


class TaskUpdate(Input):
    """Fields given replace stored ones; `co_owners` given replaces the list."""

    title: Title | None = None
    key: Short | None = None
    problem: Prose | None = None
    target: Prose | None = None
    measures: Prose | None = None
    source_kind: SourceKind | None = None
    source_id: Id | None = None
    source_note: Line | None = None
    parent_id: Id | None = None
    responsible_leader_id: Id | None = None
    responsible_unit_id: Id | None = None
    responsible_person_id: Id | None = None
    co_owners: Annotated[list[CoOwnerIn], Field(max_length=MAX_CO_OWNERS)] | None = None
    starts_on: TaskDate | None = None
    due_on: TaskDate | None = None
    ongoing: bool | None = None
    priority: TaskPriority | None = None
    weight: Weight | None = None
    notes: Prose | None = None


class TransitionIn(Input):
    to: TaskStatus
    actor_id: Id
    comment: Prose = ""


class ProgressIn(Input):
    actor_id: Id
    progress: Progress
    note: Prose = ""


class TextEvidenceIn(Input):
    actor_id: Id
    text: Annotated[Prose, StringConstraints(min_length=1)]


class FileEvidenceIn(BaseModel):
    """A multipart form: the file, who adds it, and an optional note."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")
    file: UploadFile
    actor_id: Id
    note: Line = ""


class ContactCreate(Input):
    person_id: Id
    email: Email


class ContactUpdate(Input):
    person_id: Id | None = None
    email: Email | None = None


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ContactRead(Read):
    id: int
    person_id: int
    email: str


class Ref(BaseModel):
    id: int
    name: str


class SourceRead(BaseModel):
    kind: SourceKind | None
    id: int | None  # the event, agenda item or resolution, as given on input
    event_id: int | None
    agenda_item_id: int | None
    resolution_id: int | None
    note: str
    label: str  # as the ledger prints it


class CoOwnerRead(BaseModel):
    person_id: int | None
    organisation_id: int | None
    name: str


class AllowedRead(BaseModel):
    to: TaskStatus
    action: str
    label: str


class TransitionRead(BaseModel):
    id: int
    from_status: TaskStatus | None
    to_status: TaskStatus
    action: str | None
    actor: Ref | None
    at: datetime
    comment: str


class ProgressRead(BaseModel):
    id: int
    actor: Ref
    at: datetime
    progress: int
    note: str


class EvidenceRead(BaseModel):
    id: int
    kind: EvidenceKind
    text: str
    filename: str
    content_type: str
    size: int
    sha256: str
    actor: Ref
    at: datetime
    download: str | None  # path of the file's download, for files


class TaskSummary(BaseModel):
    id: int
    key: str | None
    parent_id: int | None
    title: str
    status: TaskStatus
    status_label: str
    priority: TaskPriority
    source: SourceRead
    responsible_leader: Ref | None
    responsible_unit: Ref | None
    responsible_person: Ref | None
    starts_on: date
    due_on: date | None
    ongoing: bool
    deadline_label: str
    progress: int  # rolled up from sub-tasks where there are any
    own_progress: int
    warning: Colour | None
    warning_label: str
    days_left: int | None
    expected_progress: int | None
    subtask_count: int


class TaskRead(TaskSummary):
    problem: str
    target: str
    measures: str
    notes: str
    weight: int
    co_owners: list[CoOwnerRead]
    allowed_transitions: list[AllowedRead]
    subtasks: list[TaskSummary]
    history: list[TransitionRead]
    progress_reports: list[ProgressRead]
    evidence: list[EvidenceRead]
    created_at: datetime
    updated_at: datetime


class ReminderGroup(BaseModel):
    """What one responsible person (or, without one, one unit) has due or overdue."""

    person: Ref | None
    unit: Ref | None
    label: str
    email: str | None
    tasks: list[TaskSummary]
