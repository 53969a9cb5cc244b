"""The whole database as one JSON document, and back into an empty database.

Export sorts rows by primary key and writes values in a fixed form, so exporting, restoring into
an empty database and exporting again gives the same document.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import governance.tables  # noqa: F401  (registers every table)
from governance.core.db import alembic_config

FORMAT = "governance-export"


class RestoreError(Exception):
    pass


def _tables() -> list[sa.Table]:
    return list(SQLModel.metadata.sorted_tables)


def current_revision(engine: sa.Engine) -> str:
    """The schema revision(s) of the database, e.g. "0001" (several heads joined with "+")."""
    with engine.connect() as connection:
        return "+".join(sorted(MigrationContext.configure(connection).get_current_heads()))


def head_revision(engine: sa.Engine) -> str:
    return "+".join(sorted(ScriptDirectory.from_config(alembic_config(engine)).get_heads()))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_database(engine: sa.Engine) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in _tables():
            order = [c for c in table.primary_key.columns]
            rows = connection.execute(sa.select(table).order_by(*order)).mappings().all()
            tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "schema": current_revision(engine), "tables": tables}


def export_json(engine: sa.Engine) -> str:
    return json.dumps(export_database(engine), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _decode(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    python_type: type | None
    column_type = column.type
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl_instance  # UTCDateTime and EnumText: judge by storage
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        python_type = None
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def schema_mismatch(engine: sa.Engine, found: Any, head: str) -> str:
    """Why an export of another schema revision is refused, naming both revisions."""
    message = f"the export is of schema {found!r}, this program expects {head!r}"
    script = ScriptDirectory.from_config(alembic_config(engine))
    known = isinstance(found, str) and all(
        _known_revision(script, part) for part in found.split("+") if part
    )
    if not known:
        return (
            f"{message}: {found!r} is newer than this program or unknown to it; restore it "
            "with the version of governance that wrote it (or a newer one)"
        )
    return f"{message}: it is older; restore it with the version that wrote it, then upgrade"


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for unknown or ambiguous ids
        return False


def restore_database(engine: sa.Engine, document: Any) -> dict[str, int]:
    """Restore into an empty, migrated database; all or nothing."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RestoreError('not a governance export (missing "format": "governance-export")')
    head = head_revision(engine)
    if document.get("schema") != head:
        raise RestoreError(schema_mismatch(engine, document.get("schema"), head))
    data = document.get("tables")
    if not isinstance(data, dict):
        raise RestoreError('"tables" must be a mapping of table name to rows')
    known = {t.name for t in _tables()}
    if unknown := sorted(set(data) - known):
        raise RestoreError(f"unknown tables in export: {', '.join(unknown)}")
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        # The audit trail last: a table's own rows name the problem better than their entries.
        for table in sorted(_tables(), key=lambda t: t.name == "audit_entry"):
            if connection.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                raise RestoreError(f"the database is not empty (table {table.name} has rows)")
        for table in _tables():
            rows = data.get(table.name, [])
            if not isinstance(rows, list):
                raise RestoreError(f"table {table.name}: rows must be a list")
            columns = {c.name: c for c in table.columns}
            # A row may point at a parent with a higher id (organisation.parent_id,
            # event.parent_id): insert those links empty, then set them once all rows exist.
            self_links = [
                c.name
                for c in table.columns
                if any(fk.column.table is table for fk in c.foreign_keys)
            ]
            decoded, links = [], []
            for index, row in enumerate(rows):
                if not isinstance(row, dict) or set(row) - set(columns):
                    raise RestoreError(f"table {table.name} row {index}: unexpected shape")
                values = {k: _decode(columns[k], v) for k, v in row.items()}
                link = {name: values.pop(name, None) for name in self_links}
                if any(v is not None for v in link.values()):
                    links.append({**{f"_{k}": v for k, v in link.items()}, "_id": values.get("id")})
                decoded.append(values)
            try:
                if decoded:
                    connection.execute(sa.insert(table), decoded)
                if links:
                    connection.execute(
                        sa.update(table)
                        .where(table.c.id == sa.bindparam("_id"))
                        .values({name: sa.bindparam(f"_{name}") for name in self_links}),
                        links,
                    )
            except (sa.exc.StatementError, ValueError, TypeError) as exc:
                detail = exc.orig if isinstance(exc, sa.exc.StatementError) else exc
                raise RestoreError(f"table {table.name}: {detail}") from exc
            counts[table.name] = len(decoded)
        if connection.dialect.name == "postgresql":
            # Rows came with their ids: move each sequence past them.
            for table in _tables():
                if "id" in table.columns:
                    connection.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                        )
                    )
    return counts
