"""The append-only guard of the audit table, lifted only to empty a whole (test) database.

PostgreSQL empties with TRUNCATE, which row triggers do not see. SQLite has no TRUNCATE: its
triggers are dropped for the DELETE and created again in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

SQLITE_TRIGGERS = {
    "audit_entry_no_update": "BEFORE UPDATE",
    "audit_entry_no_delete": "BEFORE DELETE",
}


def _create(connection: sa.Connection) -> None:
    for name, when in SQLITE_TRIGGERS.items():
        connection.execute(
            sa.text(
                f"CREATE TRIGGER IF NOT EXISTS {name} {when} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
            )
        )


@contextmanager
def unguarded(connection: sa.Connection) -> Iterator[None]:
    """Within one transaction on SQLite: audit rows may be deleted (to empty the database)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    for name in SQLITE_TRIGGERS:
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    _create(connection)
