"""What other capabilities recorded about an event, read through their services (read-only):
elections with their results, resolutions, follow-up tasks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session


def elections(session: Session, event_id: int) -> list[Any]:
    from governance.elections import service as elections_service

    items, _ = elections_service.list_elections(session, event_id, 100, 0)
    return [
        elections_service.election_read(session, elections_service.get_election(session, e.id))
        for e in items
    ]


def resolutions(session: Session, event_id: int) -> list[Any]:
    from governance.elections import resolutions as resolutions_service

    items, _ = resolutions_service.list_resolutions(session, event_id, 100, 0)
    return items


def tasks(session: Session, event_id: int, today: date) -> list[Any]:
    from governance.tasks import queries
    from governance.tasks.settings import TaskSettings

    warn_days = TaskSettings.from_env().warn_days
    items, _ = queries.list_tasks(
        session, queries.TaskFilter(event_id=event_id), today, warn_days, 200, 0
    )
    return items
