"""Read-only HTML pages over the records service (the full web application comes later)."""

from datetime import date
from typing import Any

from litestar import Router, get
from litestar.params import FromQuery
from litestar.response import Template

from governance import crud
from governance.models import Event, EventKind
from governance.records import service
from governance.web import DbSession, ItemId, Limit, Offset, Query

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}


@get("/", **PAGE)
def events_page(
    db_session: DbSession,
    q: Query = None,
    kind: FromQuery[EventKind | None] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Template:
    filters = service.EventFilter(q=q, kind=kind)
    items, total = service.list_events(db_session, filters, limit, offset)
    return Template(
        "pages/events.html",
        context={
            "events": items,
            "total": total,
            "q": q or "",
            "kind": kind or "",
            "kinds": list(EventKind),
            "limit": limit,
            "offset": offset,
        },
    )


@get("/events/{item_id:int}", **PAGE)
def event_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = service.event_read(db_session, crud.get_or_404(db_session, Event, item_id, "event"))
    return Template("pages/event.html", context={"event": event, "today": date.today()})


def records_pages() -> Router:
    return Router(path="/", route_handlers=[events_page, event_page])
