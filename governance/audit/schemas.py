"""What the audit API answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_id: int | None
    actor: str
    request_id: str
    table_name: str
    record_id: str
    parent_table: str | None
    parent_id: str | None
    action: str
    changes: dict[str, Any]
