"""Tables of follow-up tasks (整改 / 督办): the task, its co-owners, its history of transitions
and progress reports, its evidence, and the e-mail addresses reminders go to.

Warning colours are never stored: they depend on the day they are read (see rules.warning).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from governance.core.columns import EnumText, UTCDateTime, utcnow
from governance.core.versioned import Versioned


class TaskStatus(StrEnum):
    REGISTERED = "registered"  # 已登记
    ASSIGNED = "assigned"  # 已交办
    IN_PROGRESS = "in_progress"  # 整改中
    REPORTED = "reported"  # 已报送，待销号
    CLOSED = "closed"  # 已销号
    CANCELLED = "cancelled"  # 已取消


class TaskPriority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class SourceKind(StrEnum):
    EVENT = "event"  # a meeting or conference (工作会议) as a whole
    AGENDA_ITEM = "agenda_item"  # one item of a meeting (a report that sets out tasks)
    RESOLUTION = "resolution"  # a resolution (决议) of a congress; see sources.RESOLUTION_TABLE
    FINDING = "finding"  # a finding of an assessment or inspection (考核 / 检查 / 巡察)


class EvidenceKind(StrEnum):
    TEXT = "text"
    FILE = "file"


class Task(Versioned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stable external key (fixtures) so loading again updates instead of duplicating.
    key: str | None = Field(default=None, max_length=100, unique=True)
    parent_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    title: str = Field(max_length=200)
    problem: str = Field(default="", sa_type=sa.Text)  # 存在问题
    target: str = Field(default="", sa_type=sa.Text)  # 整改目标
    measures: str = Field(default="", sa_type=sa.Text)  # 整改措施
    source_kind: SourceKind | None = Field(default=None, sa_type=EnumText(SourceKind), index=True)
    # The event the task comes from: the meeting, the agenda item's meeting, or the inspection.
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    # Editing an event replaces its agenda items; the task then keeps its event and loses only
    # the item (SET NULL) rather than blocking the edit.
    agenda_item_id: int | None = Field(
        default=None, foreign_key="agenda_item.id", ondelete="SET NULL", index=True
    )
    # No foreign key: resolutions are another capability's table (checked when it exists).
    resolution_id: int | None = Field(default=None, index=True)
    source_note: str = Field(default="", max_length=200)  # 来源说明, as printed in the ledger
    responsible_leader_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    responsible_unit_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    responsible_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    starts_on: date  # from when the time share for yellow warnings counts
    due_on: date | None = Field(default=None, index=True)
    ongoing: bool = Field(default=False)  # 长期坚持: no deadline, never overdue
    priority: TaskPriority = Field(default=TaskPriority.NORMAL, sa_type=EnumText(TaskPriority))
    weight: int = Field(default=1)  # share in the parent's rolled-up progress
    progress: int = Field(default=0)  # own reported progress, 0-100; parents roll up
    status: TaskStatus = Field(
        default=TaskStatus.REGISTERED, sa_type=EnumText(TaskStatus), index=True
    )
    notes: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TaskCoOwner(SQLModel, table=True):
    """A co-owner (配合单位 / 协同责任人): one person or one organisation."""

    __tablename__ = "task_co_owner"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    position: int = Field(default=0)


class TaskTransition(SQLModel, table=True):
    """One step of the workflow: who moved the task from which state to which, when and why."""

    __tablename__ = "task_transition"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    from_status: TaskStatus | None = Field(default=None, sa_type=EnumText(TaskStatus))
    to_status: TaskStatus = Field(sa_type=EnumText(TaskStatus))
    actor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    comment: str = Field(default="", sa_type=sa.Text)


class TaskProgress(SQLModel, table=True):
    """A progress report (进展情况) by an owner."""

    __tablename__ = "task_progress"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="person.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    progress: int
    note: str = Field(default="", sa_type=sa.Text)


class TaskEvidence(SQLModel, table=True):
    """Evidence (佐证材料): a text, or a file stored in the data directory under a random name."""

    __tablename__ = "task_evidence"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True, ondelete="CASCADE")
    kind: EvidenceKind = Field(sa_type=EnumText(EvidenceKind))
    text: str = Field(default="", sa_type=sa.Text)
    # For files: a cleaned display name (never used as a path), the type found in the content,
    # size and SHA-256, and the random name the bytes are stored under.
    filename: str = Field(default="", max_length=200)
    content_type: str = Field(default="", max_length=100)
    size: int = Field(default=0)
    sha256: str = Field(default="", max_length=64)
    storage_name: str | None = Field(default=None, max_length=64, unique=True)
    actor_id: int = Field(foreign_key="person.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TaskContact(Versioned, table=True):
    """Where reminders for a person go (people records keep no e-mail address)."""

    __tablename__ = "task_contact"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    email: str = Field(max_length=254)
