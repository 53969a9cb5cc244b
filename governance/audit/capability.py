"""The audit trail's declaration: its API, the request context, ETags and its listeners."""

from __future__ import annotations

from typing import Any

import typer
from sqlmodel import Session

from governance.audit import models, trail
from governance.audit.api import audit_router
from governance.audit.cli import audit_app, events_app
from governance.audit.service import HistoryRow, history_rows
from governance.audit.web import EXCEPTION_HANDLERS, add_etag, request_context
from governance.core.plugin import Capability


def _history(session: Session, event_id: int, *, editor: bool, **_: Any) -> list[HistoryRow] | None:
    """The event's 修改记录: every change, so (like its API) for editors only."""
    return history_rows(session, "event", event_id) if editor else None


def _commands(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.add_typer(events_app, name="events")


CAPABILITY = Capability(
    name="audit",
    routes=lambda _settings: [audit_router()],
    middleware=lambda _settings: [request_context],
    exception_handlers=EXCEPTION_HANDLERS,
    after_request=add_etag,
    cli=_commands,
    tables=[models],
    install=trail.install,
    event_sections={"history": _history},
)
