"""From the records to the plain objects export.py renders: which events a feed holds, and
everything each one shows. Knows the database, not HTTP.

Visibility is decided twice: in SQL, so nothing the owner may not see is even loaded, and again
with rules.may_see on what was loaded, so a mistake in either alone cannot leak a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from governance.calendar import rules
from governance.calendar.export import AgendaLine, Attendee, FeedEvent, FeedTask
from governance.records.models import (
    AgendaItem,
    Event,
    EventStatus,
    Participation,
    Person,
    Role,
    Visibility,
)
from governance.records.visibility import Viewer


@dataclass(frozen=True)
class Selection:
    """What a feed holds, as the service hands it over (no table rows)."""

    viewer: Viewer
    person_only: bool  # only events the viewer takes part in, tasks they are responsible for
    organisation_id: int | None = None
    kinds: tuple[str, ...] = ()
    include_tasks: bool = True
    history_days: int | None = None


# Tasks come from another capability: a function from (session, selection) to FeedTasks.
TaskSource = Callable[[Session, Selection], list[FeedTask]]


def no_tasks(_session: Session, _selection: Selection) -> list[FeedTask]:
    return []


def _taking_part(person_id: int) -> Any:
    return select(Participation.event_id).where(Participation.person_id == person_id)


def event_filter(selection: Selection, now: datetime) -> list[Any]:
    """SQL conditions for the events of a feed at `now`."""
    viewer = selection.viewer
    visible = [col(Event.visibility) == Visibility.PUBLIC]
    if viewer.internal:
        visible.append(col(Event.visibility) == Visibility.INTERNAL)
    visible.append(col(Event.id).in_(_taking_part(viewer.person_id)))
    conditions: list[Any] = [sa.or_(*visible)]
    if selection.person_only:
        conditions.append(col(Event.id).in_(_taking_part(viewer.person_id)))
    if selection.organisation_id is not None:
        conditions.append(col(Event.organiser_id) == selection.organisation_id)
    if selection.kinds:
        conditions.append(col(Event.kind).in_(selection.kinds))
    # Cancelled events stay (as CANCELLED) for a grace period after the cancellation.
    conditions.append(
        sa.or_(
            col(Event.status) != EventStatus.CANCELLED,
            col(Event.updated_at) >= now - rules.CANCELLED_GRACE,
        )
    )
    if selection.history_days is not None:
        since = now - timedelta(days=selection.history_days)
        conditions.append(sa.func.coalesce(col(Event.ends_at), col(Event.starts_at)) >= since)
    return conditions


_EVENT_COLUMNS = tuple(
    col(c)
    for c in (
        Event.id,
        Event.title,
        Event.kind,
        Event.starts_at,
        Event.ends_at,
        Event.all_day,
        Event.status,
        Event.visibility,
        Event.created_at,
        Event.updated_at,
        Event.location,
        Event.summary,
    )
)


def _attendees(
    rows: Sequence[Any], status: EventStatus
) -> tuple[tuple[Attendee, ...], frozenset[int]]:
    """One ATTENDEE per person (or guest), in the recorded order, with their strongest role."""
    roles: dict[str, tuple[Role, ...]] = {}
    names: dict[str, str] = {}
    people: set[int] = set()
    for row in rows:
        key = (
            f"person-{row.person_id}"
            if row.person_id is not None
            else f"guest-{row.event_id}-{row.guest_name}"  # participation ids change on edits
        )
        if row.person_id is not None:
            people.add(row.person_id)
        roles[key] = (*roles.get(key, ()), row.role)
        names.setdefault(key, row.name or row.guest_name)
    attendees = tuple(
        Attendee(key, names[key], *_role_and_partstat(held, status)) for key, held in roles.items()
    )
    return attendees, frozenset(people)


@lru_cache(maxsize=1024)  # a handful of role combinations recur thousands of times
def _role_and_partstat(roles: tuple[Role, ...], status: EventStatus) -> tuple[str, str | None]:
    return rules.attendee_role(roles), rules.attendee_partstat(roles, status)


def load_events(
    session: Session, conditions: Sequence[Any], viewer: Viewer | None
) -> list[FeedEvent]:
    """The events matching `conditions`, with attendees and agenda; only those `viewer` may see
    (None: no visibility check, for a single event's file, which is as open as its JSON)."""
    ids = select(Event.id).where(*conditions)
    participations = session.execute(
        sa.select(
            col(Participation.id),
            col(Participation.event_id),
            col(Participation.person_id),
            col(Participation.guest_name),
            col(Participation.role),
            col(Person.name),
        )
        .outerjoin(Person, col(Person.id) == Participation.person_id)
        .where(col(Participation.event_id).in_(ids))
        .order_by(col(Participation.event_id), col(Participation.position), col(Participation.id))
    ).all()
    by_event: dict[int, list[Any]] = defaultdict(list)
    for row in participations:
        by_event[row.event_id].append(row)
    agenda_rows = session.execute(
        sa.select(
            col(AgendaItem.event_id),
            col(AgendaItem.title),
            col(AgendaItem.presenter_name),
            col(Person.name),
        )
        .outerjoin(Person, col(Person.id) == AgendaItem.presenter_id)
        .where(col(AgendaItem.event_id).in_(ids))
        .order_by(col(AgendaItem.event_id), col(AgendaItem.position), col(AgendaItem.id))
    ).all()
    agenda: dict[int, list[AgendaLine]] = defaultdict(list)
    for event_id, title, presenter_name, person_name in agenda_rows:
        agenda[event_id].append(AgendaLine(title, person_name or presenter_name or ""))
    events: list[FeedEvent] = []
    for row in session.execute(sa.select(*_EVENT_COLUMNS).where(*conditions)).all():
        status = EventStatus(row.status)
        attendees, people = _attendees(by_event.get(row.id, []), status)
        visibility = Visibility(row.visibility)
        if viewer is not None and not rules.may_see(viewer, visibility, people):
            continue  # the SQL filter should have left it out already: never show it
        events.append(
            FeedEvent(
                id=row.id,
                uid=rules.item_uid("event", row.id, row.created_at),
                title=row.title,
                kind=str(row.kind),
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                all_day=row.all_day,
                status=status,
                visibility=visibility,
                created=row.created_at,
                updated=row.updated_at,
                location=row.location,
                summary=row.summary,
                agenda=tuple(agenda.get(row.id, [])),
                attendees=attendees,
            )
        )
    return events


def select_tasks(tasks: Sequence[FeedTask], selection: Selection, now: datetime) -> list[FeedTask]:
    """The tasks a feed holds, whatever the task source returned: visible to the owner, theirs
    if the feed is personal, within the filters, and cancelled ones only for the grace period."""
    viewer = selection.viewer
    chosen = []
    for task in tasks:
        if not rules.may_see(viewer, task.visibility, task.responsible_ids):
            continue
        if selection.person_only and viewer.person_id not in task.responsible_ids:
            continue
        if (
            selection.organisation_id is not None
            and task.organisation_id != selection.organisation_id
        ):
            continue
        if selection.kinds and task.source_kind not in selection.kinds:
            continue
        cancelled = task.status == rules.TodoStatus.CANCELLED
        if not rules.still_listed(cancelled, task.updated, now):
            continue
        finished = task.status in {rules.TodoStatus.COMPLETED, rules.TodoStatus.CANCELLED}
        if finished and not rules.within_history(task.updated, selection.history_days, now):
            continue
        chosen.append(task)
    return chosen
