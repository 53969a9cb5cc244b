"""The test harness itself: emptying only what was written leaves nothing behind, the
newsletter's copy equals a real load, and a missing tool skips (or, under CI, fails)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from governance import backup
from governance.core.db import make_engine
from governance.records.fixtures import load_fixtures
from governance.records.models import Organisation, OrganisationKind
from tests.database import empty_database, table_rows
from tests.newsletter import FIXTURES, load_newsletter
from tests.tools import missing


def test_writes_through_any_engine_are_emptied_before_the_next_test(engine: sa.Engine) -> None:
    assert set(table_rows(engine).values()) == {0}
    # Another engine on the same database, as the CLI commands build their own.
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        with Session(other) as session:
            session.add(
                Organisation(
                    name="聊城市城市水务集团有限公司",
                    short_name="集团",
                    kind=OrganisationKind.GROUP,
                )
            )
            session.commit()
    finally:
        other.dispose()
    assert table_rows(engine)["organisation"] == 1
    empty_database(engine, only_written=True)
    assert set(table_rows(engine).values()) == {0}


def _comparable(export: dict[str, Any]) -> dict[str, Any]:
    """The export without what differs between two loads: times (`at`, `…_at`), and of the
    audit trail only what was done to which record (its ids, times and values of timestamps
    differ)."""
    tables: dict[str, Any] = {}
    for name, rows in export["tables"].items():
        if name == "audit_entry":
            keys = ("table_name", "record_id", "action", "parent_table", "parent_id")
            tables[name] = sorted((tuple(row[k] for k in keys) for row in rows), key=repr)
        else:
            tables[name] = [
                {k: v for k, v in row.items() if k != "at" and not k.endswith("_at")}
                for row in rows
            ]
    return tables


def test_the_newsletter_copy_equals_a_real_load(engine: sa.Engine) -> None:
    with Session(engine) as session:
        load_newsletter(session)  # the template is built here, or was already
    copied = _comparable(backup.export_database(engine))
    empty_database(engine)
    with Session(engine) as session:
        load_fixtures(session, [FIXTURES])
        session.commit()
    loaded = _comparable(backup.export_database(engine))
    assert copied == loaded
    assert len(copied["event"]) > 10


def test_the_newsletter_copy_continues_the_ids(engine: sa.Engine) -> None:
    with Session(engine) as session:
        load_newsletter(session)
        organisation = Organisation(name="新单位", short_name="新单位", kind=OrganisationKind.GROUP)
        session.add(organisation)
        session.commit()
        session.refresh(organisation)
    assert organisation.id == len(_comparable(backup.export_database(engine))["organisation"])


def test_a_missing_tool_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="soffice is not installed"):
        missing("soffice is not installed")


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run every test, but node"):
        missing("node is not installed")
