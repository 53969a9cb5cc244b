"""Follow-up tasks' declaration: tasks with their workflow, evidence, ledger and reminders."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from litestar import Router
from sqlmodel import Session

from governance.core.plugin import Capability, EventChild, guarded
from governance.core.settings import Settings
from governance.tasks import models, queries
from governance.tasks.api import tasks_router
from governance.tasks.cli import tasks_app
from governance.tasks.feed import tasks_for_feed
from governance.tasks.fixtures import load_tasks
from governance.tasks.pages_actions import tasks_pages
from governance.tasks.web import settings_dependency


def _tasks(
    session: Session, event_id: int, *, today: date, settings: Settings, **_: Any
) -> list[Any]:
    """The event page's follow-up tasks, with their warning colours as of today."""
    items, _total = queries.list_tasks(
        session, queries.TaskFilter(event_id=event_id), today, settings.tasks.warn_days, 200, 0
    )
    return list(items)


def _routes() -> Router:
    """The API and the pages under one router that provides their `task_settings`."""
    return guarded(
        "records",
        tasks_router(),
        tasks_pages(),
        dependencies={"task_settings": settings_dependency()},
    )


def _commands(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")


CAPABILITY = Capability(
    name="tasks",
    routes=lambda _settings: [_routes()],
    cli=_commands,
    tables=[models],
    audit_parents={
        "task_co_owner": ("task", "task_id"),
        "task_transition": ("task", "task_id"),
        "task_progress": ("task", "task_id"),
        "task_evidence": ("task", "task_id"),
    },
    event_children=[EventChild(models.Task, orphans_visible=True)],
    navigation=[("督办任务", "/tasks")],
    fixture_sections={"tasks": load_tasks},
    event_sections={"tasks": _tasks},
    provides={"tasks_for_feed": tasks_for_feed},
)
