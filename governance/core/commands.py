"""What every `governance` subcommand needs: the configured database for the length of one
command, and a refusal printed as `error: …` with exit code 1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import typer
from sqlmodel import Session

from governance.core.db import engine_from_settings, upgrade
from governance.core.errors import DomainError
from governance.core.settings import Settings


def fail(message: str) -> typer.Exit:
    """`raise fail("…")`: the message on standard error, exit code 1."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


@contextmanager
def database(settings: Settings | None = None, migrate: bool = True) -> Iterator[sa.Engine]:
    """The configured database (migrated unless told not to), closed when the command ends."""
    engine = engine_from_settings(settings or Settings.from_env())
    try:
        if migrate:
            upgrade(engine)
        yield engine
    finally:
        engine.dispose()  # no connection left open behind the command


@contextmanager
def command_session(settings: Settings | None = None, migrate: bool = True) -> Iterator[Session]:
    """One session for the command; a refusal of a service (DomainError) rolls back and ends
    the command with its English message."""
    with database(settings, migrate) as engine, Session(engine, expire_on_commit=False) as db:
        try:
            yield db
        except DomainError as exc:
            db.rollback()
            raise fail(exc.detail) from exc
