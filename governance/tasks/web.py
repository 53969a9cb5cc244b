"""What the tasks API and pages share: the settings dependency, today in Shanghai, the search
text check."""

from __future__ import annotations

from datetime import date, datetime

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from governance.core.errors import DomainError
from governance.core.settings import Settings as CoreSettings
from governance.core.settings import TaskSettings
from governance.core.timing import SHANGHAI

Settings = NamedDependency[TaskSettings]


def local_today() -> date:
    return datetime.now(SHANGHAI).date()


def clean_query(q: str | None) -> str | None:
    """Search text with control characters is refused (PostgreSQL rejects NUL outright)."""
    if q and any(ord(c) < 32 for c in q):
        raise DomainError("task_search_control_characters", "q")
    return q


def provide_task_settings(state: State) -> TaskSettings:
    """`task_settings` for the API and the pages: the app's (read when it started), or
    `app.state.task_settings` where a test puts other ones."""
    override = state.get("task_settings")
    if isinstance(override, TaskSettings):
        return override
    settings: CoreSettings = state.settings
    return settings.tasks


def settings_dependency() -> Provide:
    return Provide(provide_task_settings, sync_to_thread=False)
