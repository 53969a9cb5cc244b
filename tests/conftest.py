"""Each test starts from an empty, migrated database: SQLite always, and PostgreSQL too when
GOVERNANCE_TEST_DATABASE_URL is set (tests that use the database then run once per backend)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from litestar.testing import TestClient
from sqlmodel import Session, SQLModel

import governance.tables  # noqa: F401  (every table, for emptying the database)
from governance.app import create_app
from governance.db import make_engine, upgrade
from governance.settings import Settings

PG_URL = os.environ.get("GOVERNANCE_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def reset_postgres_schema(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))


def database_url(backend: str, folder: Path) -> str:
    return PG_URL if backend == "postgresql" else f"sqlite:///{folder / 'test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sa.Engine]:
    engine = make_engine(database_url(request.param, tmp_path_factory.mktemp(request.param)))
    if engine.dialect.name == "postgresql":
        reset_postgres_schema(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


def empty_database(engine: sa.Engine) -> None:
    tables = [t for t in SQLModel.metadata.sorted_tables]
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture
def engine(migrated_engine: sa.Engine) -> sa.Engine:
    empty_database(migrated_engine)
    return migrated_engine


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def settings(engine: sa.Engine, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path, database_url=engine.url.render_as_string(hide_password=False)
    )


@pytest.fixture
def client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(create_app(settings, engine=engine)) as c:
        yield c
