"""What the tasks API and pages share: the settings dependency, today in Shanghai, the search
text check."""

from __future__ import annotations

from datetime import date, datetime

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from governance.core.errors import DomainError
from governance.core.timing import SHANGHAI
from governance.tasks.settings import TaskSettings

Settings = NamedDependency[TaskSettings]


def local_today() -> date:
    return datetime.now(SHANGHAI).date()


def clean_query(q: str | None) -> str | None:
    """Search text with control characters is refused (PostgreSQL rejects NUL outright)."""
    if q and any(ord(c) < 32 for c in q):
        raise DomainError("task_search_control_characters", "q")
    return q


def settings_dependency(settings: TaskSettings | None = None) -> Provide:
    """`task_settings` for the API and the pages. Settings come from the environment when the
    app is built (a bad value stops the start); `app.state.task_settings` overrides them (tests
    do)."""
    configured = settings or TaskSettings.from_env()

    def provide_task_settings(state: State) -> TaskSettings:
        override = state.get("task_settings")
        return override if isinstance(override, TaskSettings) else configured

    return Provide(provide_task_settings, sync_to_thread=False)
