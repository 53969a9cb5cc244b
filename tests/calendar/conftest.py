"""Clients for the calendar's HTTP tests: without the validator cache (every request asks the
database, so edits show at once) and with it. The apps are built once per backend (building one
takes a second); each test still starts from an empty database through the `engine` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from litestar import Litestar
from litestar.testing import TestClient

from governance.app import create_app
from governance.core.settings import Settings

PUBLIC_URL = "https://gov.example.cn"


def _app(engine: sa.Engine, folder: Path, ttl: float) -> Litestar:
    settings = Settings(
        data_dir=folder,
        database_url=engine.url.render_as_string(hide_password=False),
        public_url=PUBLIC_URL,
        feed_cache_seconds=ttl,
    )
    return create_app(settings, engine=engine)


@pytest.fixture(scope="session")
def uncached_app(migrated_engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    return _app(migrated_engine, tmp_path_factory.mktemp("calendar"), 0)


@pytest.fixture(scope="session")
def cached_app(migrated_engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    return _app(migrated_engine, tmp_path_factory.mktemp("calendar"), 600)


@pytest.fixture
def feeds(engine: sa.Engine, uncached_app: Litestar) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(uncached_app) as client:
        yield client


@pytest.fixture
def cached_feeds(engine: sa.Engine, cached_app: Litestar) -> Iterator[TestClient]:  # type: ignore[type-arg]
    with TestClient(cached_app) as client:
        yield client


def feed_path(url: str) -> str:
    assert url.startswith(PUBLIC_URL + "/feeds/") and url.endswith(".ics"), url
    return url.removeprefix(PUBLIC_URL)
