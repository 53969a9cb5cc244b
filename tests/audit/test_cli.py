"""`governance audit show TABLE ID` and `governance events restore ID`."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from governance.cli import app
from governance.core.settings import Settings
from governance.records import bin as event_bin
from governance.records import service as records
from governance.records.models import Event
from governance.records.schemas import EventUpdate
from tests.factories import make_event


def run(settings: Settings, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = {"GOVERNANCE_DATABASE_URL": settings.database_url, "GOVERNANCE_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_audit_show_prints_the_history_of_a_record(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    event = make_event(session, title="集团党委会", status="planned")
    records.update_event(session, event.id or 0, EventUpdate(status="held"))  # type: ignore[arg-type]
    code, out, _ = run(settings, tmp_path, "audit", "show", "event", str(event.id))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(f"system  create event {event.id}")
    assert '    title: null → "集团党委会"' in lines
    assert any(f"system  transition event {event.id}" in line for line in lines)
    assert '    status: "planned" → "held"' in lines


def test_audit_show_says_when_a_record_has_no_history(settings: Settings, tmp_path: Path) -> None:
    code, out, _ = run(settings, tmp_path, "audit", "show", "event", "99")
    assert (code, out) == (0, "no audit entries for event 99\n")


def test_events_restore_brings_a_deleted_event_back(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    event = make_event(session, title="集团党委会")
    event_bin.delete_event(session, event.id or 0)
    code, out, _ = run(settings, tmp_path, "events", "restore", str(event.id))
    assert (code, out) == (0, f"restored event {event.id}: 集团党委会\n")
    session.expunge_all()
    assert session.get(Event, event.id) is not None
    code, _, err = run(settings, tmp_path, "events", "restore", str(event.id))
    assert code == 1 and f"event {event.id} is not deleted" in err
