"""Backups carry the audit trail and refuse exports of a newer or unknown schema."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from governance import backup
from governance.audit.models import AuditEntry
from governance.core.db import make_engine, upgrade
from tests.factories import make_event, make_org


@pytest.fixture
def fresh_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], sa.Engine]]:
    engines: list[sa.Engine] = []

    def make() -> sa.Engine:
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('restore') / 'r.db'}")
        upgrade(engine)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def test_export_holds_the_audit_trail_and_restore_adds_no_entries(
    session: Session, engine: sa.Engine, fresh_sqlite: Callable[[], sa.Engine]
) -> None:
    make_org(session)
    make_event(session, participants=[{"guest": {"name": "韩洪锋"}, "role": "出席"}])
    document = backup.export_database(engine)
    entries = document["tables"]["audit_entry"]
    assert [(e["table_name"], e["action"]) for e in entries] == [
        ("organisation", "create"),
        ("event", "create"),
        ("participation", "create"),
    ]
    target = fresh_sqlite()
    backup.restore_database(target, json.loads(json.dumps(document)))
    with Session(target) as restored:
        rows = restored.exec(select(AuditEntry).order_by(AuditEntry.id)).all()  # type: ignore[arg-type]
    assert [(r.table_name, r.action, r.actor) for r in rows] == [
        (e["table_name"], e["action"], e["actor"]) for e in entries
    ]
    assert backup.export_database(target)["tables"] == document["tables"]


@pytest.mark.parametrize(
    ("schema", "reason"),
    [
        ("0999", "is newer than this program or unknown to it"),
        ("0007+0999", "is newer than this program or unknown to it"),
        ("0001", "it is older; restore it with the version that wrote it, then upgrade"),
    ],
)
def test_restore_refuses_another_schema_naming_both_revisions(
    engine: sa.Engine, schema: str, reason: str
) -> None:
    head = backup.head_revision(engine)
    document = {"format": "governance-export", "schema": schema, "tables": {}}
    with pytest.raises(backup.RestoreError) as refused:
        backup.restore_database(engine, document)
    message = str(refused.value)
    assert message.startswith(f"the export is of schema {schema!r}, this program expects {head!r}")
    assert reason in message
