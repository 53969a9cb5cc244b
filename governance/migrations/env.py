"""Alembic environment: the engine is handed in by governance.db (or built from settings)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlmodel import SQLModel

import governance.tables  # noqa: F401  (registers every table)
from governance.core.columns import EnumText, UTCDateTime
from governance.core.db import engine_from_settings
from governance.core.settings import Settings

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not depend on model classes: enums are strings, datetimes plain timestamptz.
    if type_ == "type" and isinstance(obj, EnumText):
        return "sa.String(length=32)"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or engine_from_settings(Settings.from_env())
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        context.run_migrations()


run_migrations_online()
