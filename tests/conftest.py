"""Each test starts from an empty, migrated database: SQLite always, and PostgreSQL too when
GOVERNANCE_TEST_DATABASE_URL is set (tests that use the database then run once per backend).
Run in parallel (`pytest -n auto`), each worker has databases of its own: see tests/database.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import hypothesis
import pytest
import sqlalchemy as sa
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import Session

from governance.app import create_app
from governance.capabilities import install_all
from governance.core import messages
from governance.core.db import make_engine, upgrade
from governance.core.settings import Settings
from tests.accounts.auth import admin_headers, ensure_user
from tests.database import (
    BACKENDS,
    PG_URL,
    create_postgres_database,
    empty_database,
    reset_postgres_schema,
)
from tests.tools import under_ci

messages.strict = True  # an error code without Chinese and English text fails the test
install_all()  # the audit trail and visibility on every session, as the app and the CLI do

# Hypothesis: under CI every run draws the same examples (a failure there is repeatable); on a
# developer's machine each run explores new ones and remembers what failed (.hypothesis/).
hypothesis.settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis.settings.register_profile("explore")
hypothesis.settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if under_ci() else "explore")
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run on SQLite only (the PostgreSQL paths are the page tests' job), unless
    GOVERNANCE_BROWSER_BACKENDS=all."""
    if os.environ.get("GOVERNANCE_BROWSER_BACKENDS") == "all":
        return
    browser = Path(__file__).resolve().parent / "browser"
    kept, dropped = [], []
    for item in items:
        on_postgres = getattr(item, "callspec", None) is not None and (
            item.callspec.params.get("migrated_engine") == "postgresql"
        )
        (dropped if on_postgres and browser in item.path.parents else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def database_url(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return create_postgres_database(PG_URL, worker) if worker else PG_URL


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


@pytest.fixture
def engine(migrated_engine: sa.Engine) -> sa.Engine:
    """The backend's database, empty: the tables the last test wrote are emptied first."""
    empty_database(migrated_engine, only_written=True)
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
