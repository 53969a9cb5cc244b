"""The audit trail table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from governance.core.columns import UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class AuditEntry(SQLModel, table=True):
    """One change of one row. Append-only: a database trigger refuses UPDATE and DELETE."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        sa.Index("ix_audit_entry_record", "table_name", "record_id"),
        sa.Index("ix_audit_entry_parent", "parent_table", "parent_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_now, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None)
    actor: str = Field(max_length=100)
    request_id: str = Field(default="", max_length=64)
    table_name: str = Field(max_length=64)
    record_id: str = Field(max_length=64)
    # The record this row belongs to (a participant's event), so a record's history shows its
    # lists too.
    parent_table: str | None = Field(default=None, max_length=64)
    parent_id: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=16)
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
