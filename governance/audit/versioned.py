"""The `version` column every mutable table carries (no other governance imports: models.py of
every capability imports this)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


class Versioned(SQLModel):
    """Mix-in for a table: `version` goes up by one on every UPDATE, and the UPDATE carries
    `WHERE version = <the version read>`, so a concurrent change is detected (StaleDataError)
    instead of silently overwritten."""

    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
