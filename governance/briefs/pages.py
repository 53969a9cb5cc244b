"""The communications page of an event: the brief's text beside the record's key facts, a choice
of wording template (the preview follows it), and the Word downloads of the brief and minutes."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Router, get
from litestar.params import QueryParameter
from litestar.response import Template

from governance.briefs import compose, service
from governance.core import crud
from governance.core.errors import DomainError
from governance.core.pages.forms import PAGE
from governance.core.web import DbSession, ItemId
from governance.records import service as records
from governance.records.models import Event

PageTemplate = Annotated[
    str | None, QueryParameter(max_length=64, pattern=r"^[a-z0-9_-]*$", required=False)
]
PageAuthor = Annotated[
    str | None, QueryParameter(max_length=200, pattern=r"^[^\x00-\x1f]*$", required=False)
]


def _authors(author: str | None) -> list[str]:
    raw = (author or "").replace("、", " ").replace("，", " ").replace(",", " ")
    return [a for a in raw.split() if a][: service.MAX_AUTHORS]


def _context(
    session: Any, event_id: int, template: str | None, author: str | None
) -> dict[str, Any]:
    event = crud.get_or_404(session, Event, event_id, "event")
    names = compose.template_names()
    chosen = template if template else None
    authors = _authors(author)
    error = ""
    draft = None
    try:
        draft = service.brief(session, event_id, chosen, authors=authors)
    except DomainError as exc:
        error = exc.message
        if exc.code == "brief_unknown_template":
            chosen = None
            draft = service.brief(session, event_id, None, authors=authors)
    query = {k: v for k, v in (("template", chosen or ""), ("author", author or "")) if v}
    docx_query = urlencode([("template", chosen)] * bool(chosen) + [("author", a) for a in authors])
    return {
        "event": records.event_read(session, event),
        "draft": draft,
        "templates": names,
        "template": chosen or "",
        "default_template": event.kind.value if event.kind.value in names else "_base",
        "author": author or "",
        "error": error,
        "query": urlencode(query),
        "docx_query": f"?{docx_query}" if docx_query else "",
    }


@get("/events/{item_id:int}/brief", **PAGE)
def brief_page(
    db_session: DbSession, item_id: ItemId, template: PageTemplate = None, author: PageAuthor = None
) -> Template:
    context = _context(db_session, item_id, template, author)
    status = 422 if context["error"] else 200
    return Template("briefs/pages/brief.html", context=context, status_code=status)


@get("/events/{item_id:int}/brief/preview", **PAGE)
def brief_preview(
    db_session: DbSession, item_id: ItemId, template: PageTemplate = None, author: PageAuthor = None
) -> Template:
    """The draft alone, for the preview to follow the template choice without a reload."""
    context = _context(db_session, item_id, template, author)
    return Template("briefs/pages/_draft.html", context=context)


def briefs_pages() -> Router:
    return Router(path="/", route_handlers=[brief_page, brief_preview])
