"""The newsletter's records (fixtures/) for tests that only read them, loaded once per backend.

`load_newsletter(session)` leaves the database as `load_fixtures(session, [FIXTURES])` would,
but the fixtures are loaded through the loader only once per database and test worker, into a
template database beside the test database (a SQLite file; on PostgreSQL `<name>_template`);
after that its rows are copied in, which takes milliseconds where loading took about 0.4 s.
Tests of loading itself keep calling `load_fixtures`.

The copy keeps the template's ids, so it needs the tables it fills to be empty; the audit trail
(which the client fixtures write to when they create their admin) takes the copied entries under
new ids. When some other table already has rows, the fixtures are loaded the slow way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from governance.core.db import make_engine, upgrade
from governance.records.fixtures import load_fixtures
from tests.database import create_postgres_database, database_key, drop_postgres_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
APPENDED = {"audit_entry"}  # rows nothing refers to by id: copied under new ids

Rows = dict[str, list[dict[str, Any]]]
_templates: dict[tuple[Any, ...], Rows] = {}


def _template_url(engine: sa.Engine, folder: Path) -> str:
    if engine.dialect.name == "sqlite":
        return f"sqlite:///{folder / 'template.db'}"
    return create_postgres_database(engine.url, "template")


def _template_rows(engine: sa.Engine, paths: Sequence[Path]) -> Rows:
    key = (database_key(engine.url), tuple(str(p) for p in paths))
    rows = _templates.get(key)
    if rows is None:
        with tempfile.TemporaryDirectory(prefix="governance-template-") as folder:
            url = _template_url(engine, Path(folder))
            template = make_engine(url)
            try:
                upgrade(template)
                with Session(template) as session:
                    load_fixtures(session, paths)
                    session.commit()
                with template.connect() as connection:
                    rows = {
                        t.name: [dict(r._mapping) for r in connection.execute(sa.select(t))]
                        for t in SQLModel.metadata.sorted_tables
                    }
            finally:
                template.dispose()
                if template.dialect.name == "postgresql":
                    drop_postgres_database(url, via=engine.url)
        _templates[key] = rows
    return rows


def load_newsletter(session: Session, paths: Sequence[Path] = (FIXTURES,)) -> None:
    """The records of `paths` (the whole newsletter by default), committed."""
    engine = session.get_bind()
    assert isinstance(engine, sa.Engine)
    rows = _template_rows(engine, paths)
    tables = [t for t in SQLModel.metadata.sorted_tables if rows[t.name]]
    connection = session.connection()
    kept = [t for t in tables if t.name not in APPENDED]
    occupied = connection.execute(
        sa.select(*(sa.exists(sa.select(sa.literal(1)).select_from(t)) for t in kept))
    ).one()
    if any(occupied):
        load_fixtures(session, paths)
        session.commit()
        return
    for table in tables:
        values = rows[table.name]
        if table.name in APPENDED:
            values = [{k: v for k, v in row.items() if k != "id"} for row in values]
        connection.execute(table.insert(), values)
    if connection.dialect.name == "postgresql":
        for table in kept:
            if "id" in table.c:
                connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                    )
                )
    session.commit()
