"""Read-only HTML pages of follow-up tasks: the list with warning colours, and one task."""

from typing import Any
from urllib.parse import urlencode

from litestar import Router, get
from litestar.params import FromQuery
from litestar.response import Template

from governance.records.timing import SHANGHAI
from governance.tasks import queries, service
from governance.tasks.api import Settings, clean_query, local_today
from governance.tasks.labels import load_labels
from governance.tasks.models import TaskStatus
from governance.tasks.rules import Colour
from governance.web import DbSession, ItemId, Limit, Offset, Query

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}


@get("/tasks", **PAGE)
def tasks_page(
    db_session: DbSession,
    task_settings: Settings,
    q: Query = None,
    status: FromQuery[TaskStatus | None] = None,
    warning: FromQuery[Colour | None] = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> Template:
    today = local_today()
    f = queries.TaskFilter(q=clean_query(q), status=status, warning=warning)
    items, total = queries.list_tasks(db_session, f, today, task_settings.warn_days, limit, offset)
    given = {"q": q, "status": status, "warning": warning}
    query = urlencode({k: str(v) for k, v in given.items() if v})
    return Template(
        "tasks/tasks.html",
        context={
            "tasks": items,
            "total": total,
            "labels": load_labels(),
            "q": q or "",
            "status": status or "",
            "warning": warning or "",
            "today": today.isoformat(),
            "query": f"?{query}" if query else "",
        },
    )


@get("/tasks/{item_id:int}", **PAGE)
def task_page(db_session: DbSession, task_settings: Settings, item_id: ItemId) -> Template:
    task = queries.task_read(
        db_session, service.get_task(db_session, item_id), local_today(), task_settings.warn_days
    )
    return Template(
        "tasks/task.html", context={"task": task, "labels": load_labels(), "tz": SHANGHAI}
    )


def tasks_pages() -> Router:
    return Router(path="/", route_handlers=[tasks_page, task_page])
