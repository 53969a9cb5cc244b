"""Test databases: one per backend and test worker, emptied cheaply between tests.

- SQLite: a file in the worker's temporary folder. PostgreSQL: GOVERNANCE_TEST_DATABASE_URL
  names an empty database; each pytest-xdist worker creates its own beside it
  (`governance_test_gw0`, …), so workers never see each other's rows.
- Between tests only the tables written since the last emptying are emptied: a listener on every
  engine of the process notes the tables each INSERT, UPDATE or DELETE names (anything else that
  may write — DDL, an unknown statement — marks every table). Emptying all ~50 tables of
  PostgreSQL with TRUNCATE cost about 53 ms a test; most tests write to a handful.
"""

from __future__ import annotations

import os
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import SQLModel

import governance.tables  # noqa: F401  (every table, for emptying the database)
from governance.audit.guard import unguarded

PG_URL = os.environ.get("GOVERNANCE_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]

_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?""",
    re.IGNORECASE,
)
# Statements that write no table rows (TRUNCATE only removes them).
_NO_WRITE = re.compile(
    r"^\s*(?:SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|TRUNCATE)\b",
    re.IGNORECASE,
)
EVERY = "*"  # in a written set: some statement may have written any table


def database_key(url: sa.URL) -> tuple[str, str | None, int | None, str | None]:
    """The same database whichever engine (the app's, a CLI's) or password reaches it."""
    return (url.get_backend_name(), url.host, url.port, url.database)


_written: dict[tuple[str, str | None, int | None, str | None], set[str]] = {}


@event.listens_for(sa.Engine, "before_cursor_execute")
def _note_writes(
    conn: sa.Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    if _NO_WRITE.match(statement):
        return
    written = _written.setdefault(database_key(conn.engine.url), set())
    match = _WRITE.match(statement)
    written.add(match.group(1) if match else EVERY)


def reset_postgres_schema(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))


def _postgres_admin(url: sa.URL, statements: list[str]) -> None:
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        admin.dispose()


def create_postgres_database(base: str | sa.URL, suffix: str) -> str:
    """A new, empty database beside `base` named `<base>_<suffix>`, (re)created for this run."""
    url = sa.make_url(base)
    name = f"{url.database}_{suffix}"
    _postgres_admin(
        url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"']
    )
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(target: str, via: sa.URL) -> None:
    """Drops `target`, connected to another database of the server (`via`)."""
    name = sa.make_url(target).database
    _postgres_admin(via, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


def forget_writes(engine: sa.Engine) -> None:
    _written.pop(database_key(engine.url), None)


def empty_database(engine: sa.Engine, only_written: bool = False) -> None:
    """Every table emptied (ids start at 1 again on PostgreSQL); with `only_written`, only the
    tables written since the last emptying."""
    tables = SQLModel.metadata.sorted_tables
    if only_written:
        written = _written.get(database_key(engine.url), {EVERY})
        if EVERY not in written:
            tables = [t for t in tables if t.name in written]
    if tables:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                with unguarded(connection):  # the audit table refuses DELETE otherwise
                    for table in reversed(tables):
                        connection.execute(table.delete())
    forget_writes(engine)


def table_rows(engine: sa.Engine) -> dict[str, int]:
    """Rows per table (for checking that emptying left nothing)."""
    with engine.connect() as connection:
        return {
            t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }
