"""Calendar feeds' declaration: feeds and single .ics files, "my calendar", the feeds command."""

from __future__ import annotations

import typer

from governance.calendar import models
from governance.calendar.api import calendar_router, serve_event_ics_suffix
from governance.calendar.cli import feeds_app
from governance.calendar.pages import calendar_pages
from governance.calendar.tasks import feed_tasks
from governance.core.plugin import Capability, OwnedRows, guarded


def _commands(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")


CAPABILITY = Capability(
    name="calendar",
    routes=lambda _settings: [
        calendar_router(feed_tasks),
        guarded("own", calendar_pages()),
    ],
    on_app=serve_event_ics_suffix,
    cli=_commands,
    tables=[models],
    audit_parents={"calendar_feed_token": ("calendar_feed", "feed_id")},
    unaudited_tables=["calendar_revision"],
    owned_rows=[OwnedRows(models.CalendarFeed, "owner_id")],
    navigation=[("我的日历", "/my/calendar")],
)
