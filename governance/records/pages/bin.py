"""The bin (回收站): moving an event there from its page, listing what is in it, restoring.

Deleting is soft (governance/audit/service.py): the event and its parts come back as they were.
The bin shows records of every visibility, so like its API (?deleted=true) it is for editors."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT

from governance.audit import service as audit_service
from governance.core import messages
from governance.core.access import Access, needed_role, sees_everything
from governance.core.errors import DomainError
from governance.core.web import DbSession, ItemId
from governance.records import service

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}


def _bin(session: DbSession, error: str = "", status: int = 200) -> Template:
    audit_service.show_bin(session)
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
        raise PermissionDeniedException(needed_role(Access.EDIT))
    return _bin(db_session)


@post("/events/{item_id:int}/delete", **PAGE)
def delete_event_form(db_session: DbSession, item_id: ItemId) -> Template | Redirect:
    try:
        audit_service.delete_event(db_session, item_id)
    except DomainError as exc:
        db_session.rollback()
        if exc.status_code == 404:
            raise
        return _bin(db_session, _refused("event_delete_refused", exc), HTTP_409_CONFLICT)
    return Redirect("/events/bin", status_code=HTTP_303_SEE_OTHER)


@post("/events/{item_id:int}/restore", **PAGE)
def restore_event_form(db_session: DbSession, item_id: ItemId) -> Template | Redirect:
    try:
        audit_service.restore_event(db_session, item_id)
    except DomainError as exc:
        db_session.rollback()
        if exc.status_code == 404:
            raise
        return _bin(db_session, _refused("event_restore_refused", exc), HTTP_409_CONFLICT)
    return Redirect(f"/events/{item_id}", status_code=HTTP_303_SEE_OTHER)


BIN_HANDLERS = [bin_page, delete_event_form, restore_event_form]
