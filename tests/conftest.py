"""Each test starts from an empty, migrated database: SQLite always, and PostgreSQL too when
GOVERNANCE_TEST_DATABASE_URL is set (tests that use the database then run once per backend)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import Session, SQLModel

import governance.tables  # noqa: F401  (every table, for emptying the database)
from governance.app import create_app
from governance.audit.guard import unguarded
from governance.db import make_engine, upgrade
from governance.settings import Settings
from tests.accounts.auth import admin_headers, ensure_user

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
            with unguarded(connection):  # the audit table refuses DELETE otherwise
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
        data_dir=tmp_path,
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="test-secret-key",  # else a key file would appear in the data directory
    )


# Every TestClient of an app of ours signs in as an admin (with an API token, as scripts do)
# unless told otherwise, so tests written before accounts existed, and clients built by other
# conftest files, keep working: the admin is (re)created in the emptied database as the client
# opens. `anonymous_client` and `client_as(role)` override this.
_open_client = TestClient.__enter__


def _open_signed_in(self: TestClient) -> TestClient:  # type: ignore[type-arg]
    opened = _open_client(self)
    engine = getattr(self.app.state, "engine", None)
    if engine is not None and "authorization" not in self.headers:
        self.headers.update(admin_headers(engine))
    return opened


TestClient.__enter__ = _open_signed_in  # type: ignore[method-assign]


_APPS: dict[tuple[int, str], Litestar] = {}


def shared_app(engine: sa.Engine, settings: Settings, use: str = "signed-in") -> Litestar:
    """One app per database for the whole run: building one costs about half a second (Litestar
    registers and copies every route), which per test was most of the suite's time. Each test
    still gets its own settings (data directory) through the app's state, which handlers read
    per request; settings read at build time (secret key, public URL) are the same in every
    test that uses this. Tests that need other build-time settings call create_app themselves.
    Clients open at the same time need apps of their own (`use`): each runs the app's lifespan."""
    app = _APPS.get((id(engine), use))
    if app is None:
        app = _APPS[(id(engine), use)] = create_app(settings, engine=engine)
    app.state.settings = settings
    return app


@pytest.fixture
def client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """A client signed in as an admin (Bearer token)."""
    with TestClient(shared_app(engine, settings)) as c:
        yield c


@pytest.fixture
def anonymous_client(engine: sa.Engine, settings: Settings) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """A client without credentials (cookies work: it can log in through /login)."""
    with TestClient(shared_app(engine, settings, "anonymous")) as c:
        c.headers.pop("authorization", None)
        yield c


@pytest.fixture
def client_as(engine: sa.Engine, settings: Settings) -> Iterator[Callable[..., TestClient]]:  # type: ignore[type-arg]
    """`client_as("viewer", person_id=3)`: a client signed in (Bearer token) as a user of that
    role, named after it (`viewer`, or `viewer-3` when linked to person 3)."""
    app = shared_app(engine, settings)

    def make(role: str, person_id: int | None = None) -> TestClient:  # type: ignore[type-arg]
        name = role if person_id is None else f"{role}-{person_id}"
        _user_id, token = ensure_user(engine, name, role, person_id)
        # Not entered (no lifespan of its own): several clients share the one app.
        c = TestClient(app)
        c.headers["authorization"] = f"Bearer {token}"
        return c

    yield make
