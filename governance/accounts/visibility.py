"""Visibility of records for the signed-in user, applied to every ORM query of their request.

The auth middleware sets `current_viewer` for a user who does not see everything (anyone but
admin and secretariat). While it is set, every ORM SELECT made through a Session gets loader
criteria (SQLAlchemy's `with_loader_criteria`): events the viewer may not see, and the records
hanging off them (each capability declares its tables: participations, groups, agenda,
documents, elections, resolutions, tasks),
are simply not there. Lists and search leave them out, counts do not include them, and a
detail, brief, minutes or .ics of one answers 404 like a record that does not exist, so
nothing leaks, whichever capability wrote the query, those written later included.

The rule itself is records.visibility.may_see: public for everyone, internal for internal users,
anything for a person taking part (any role, 请假 included). The SQL below is that rule; the
tests check it against may_see.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlmodel import col

from governance.core.plugin import REGISTRY
from governance.records.models import Event, Participation, Visibility
from governance.records.visibility import Viewer

# Set per request by the auth middleware; None means "sees everything" (admin, secretariat,
# the CLI, feed URLs, which apply their owner's view themselves).
current_viewer: ContextVar[Viewer | None] = ContextVar("current_viewer", default=None)

# A user with no linked person: never a participant (no person id is 0).
NO_PERSON = 0

_EVENT = Event.__table__  # type: ignore[attr-defined]
_PARTICIPATION = Participation.__table__  # type: ignore[attr-defined]


def visible_event_ids(viewer: Viewer) -> Any:
    """SELECT of the ids of the events `viewer` may see (Core tables: no loader criteria, so
    the criteria below can use it without recursing)."""
    shown = [_EVENT.c.visibility == str(Visibility.PUBLIC)]
    if viewer.internal:
        shown.append(_EVENT.c.visibility == str(Visibility.INTERNAL))
    if viewer.person_id != NO_PERSON:
        shown.append(
            _EVENT.c.id.in_(
                sa.select(_PARTICIPATION.c.event_id).where(
                    _PARTICIPATION.c.person_id == viewer.person_id
                )
            )
        )
    return sa.select(_EVENT.c.id).where(sa.or_(*shown))


def criteria(viewer: Viewer) -> list[Any]:
    """Loader criteria for every table the capabilities declared: events and their children,
    and rows only their owner may see."""
    ids = visible_event_ids(viewer)
    options = [with_loader_criteria(Event, col(Event.id).in_(ids), include_aliases=True)]
    for child in REGISTRY.event_children:
        column = child.model.event_id
        condition = column.in_(ids)
        if child.orphans_visible:
            condition = sa.or_(column.is_(None), condition)
        options.append(with_loader_criteria(child.model, condition, include_aliases=True))
    for owned in REGISTRY.owned_rows:
        owner = getattr(owned.model, owned.column)
        options.append(
            with_loader_criteria(owned.model, owner == viewer.person_id, include_aliases=True)
        )
    return options


def _restrict(state: ORMExecuteState) -> None:
    viewer = current_viewer.get()
    if viewer is None or not state.is_select:
        return
    state.statement = state.statement.options(*criteria(viewer))


_installed = False


def install() -> None:
    """Register the query hook once per process (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Session, "do_orm_execute", _restrict)
        _installed = True
