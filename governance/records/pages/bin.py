"""The bin (回收站): moving an event there from its page, listing what is in it, restoring.

Deleting is soft (governance/records/bin.py): the event and its parts come back as they were.
The bin shows records of every visibility, so like its API (?deleted=true) it is for editors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT

from governance.core import messages
from governance.core.access import Access, needed_role, sees_everything
from governance.core.errors import DomainError, Forbidden
from governance.core.web import DbSession, ItemId
from governance.records import bin as event_bin
from governance.records import service
from governance.records.pages.events import PAGE


def _bin(session: DbSession, error: str = "", status: int = 200) -> Template:
    event_bin.show_bin(session)
    items, total = service.list_events(session, service.EventFilter(), 200, 0)
    return Template(
        "pages/bin.html",
        context={"events": items, "total": total, "error": error},
        status_code=status,
    )


def _refused(code: str, exc: DomainError) -> str:
    """未能删除：<the service's reason>, in the catalogue's Chinese."""
    return messages.render(code, {"reason": exc.message}, "zh")


@get("/events/bin", **PAGE)
def bin_page(request: Request[Any, Any, Any], db_session: DbSession) -> Template:
    who = request.scope.get("user")
    if who is None or not sees_everything(who.role):
        raise Forbidden(needed_role(Access.EDIT))
    return _bin(db_session)


def _move(
    session: DbSession, move: Callable[..., Any], item_id: int, refused: str, done: str
) -> Template | Redirect:
    """Moves the event into or out of the bin; a refusal shows the bin with the reason."""
    try:
        move(session, item_id)
    except DomainError as exc:
        session.rollback()
        if exc.status_code == 404:
            raise
        return _bin(session, _refused(refused, exc), HTTP_409_CONFLICT)
    return Redirect(done, status_code=HTTP_303_SEE_OTHER)


@post("/events/{item_id:int}/delete", **PAGE)
def delete_event_form(db_session: DbSession, item_id: ItemId) -> Template | Redirect:
    return _move(db_session, event_bin.delete_event, item_id, "event_delete_refused", "/events/bin")


@post("/events/{item_id:int}/restore", **PAGE)
def restore_event_form(db_session: DbSession, item_id: ItemId) -> Template | Redirect:
    return _move(
        db_session,
        event_bin.restore_event,
        item_id,
        "event_restore_refused",
        f"/events/{item_id}",
    )


BIN_HANDLERS = [bin_page, delete_event_form, restore_event_form]
