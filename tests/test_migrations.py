"""The schema comes only from Alembic migrations, and they match the models."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlmodel import SQLModel

from governance.core.db import alembic_config, make_engine, upgrade
from tests.database import reset_postgres_schema


def test_migrations_match_the_models(engine: sa.Engine) -> None:
    command.check(alembic_config(engine))  # raises if autogenerate would find differences


def test_upgrade_from_empty_creates_every_table_and_downgrade_removes_them(
    engine: sa.Engine, tmp_path: Path
) -> None:
    fresh = (
        make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
        if engine.dialect.name == "sqlite"
        else engine
    )
    try:
        if fresh.dialect.name == "postgresql":
            reset_postgres_schema(fresh)
        upgrade(fresh)
        tables = set(sa.inspect(fresh).get_table_names())
        assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
        command.downgrade(alembic_config(fresh), "base")
        assert set(sa.inspect(fresh).get_table_names()) <= {"alembic_version"}
    finally:
        upgrade(fresh)  # leave the shared database as the other tests expect it
        if fresh is not engine:
            fresh.dispose()


def test_sqlite_database_has_foreign_keys_and_wal(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
