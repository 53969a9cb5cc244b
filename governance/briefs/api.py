"""HTTP of the briefs: a Word draft of the news item, the same draft as text, and minutes."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, Router, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import QueryParameter
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from governance.briefs import docx_brief, docx_minutes, service
from governance.briefs.model import Brief
from governance.core.web import DbSession, ItemId

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"  # Litestar adds "; charset=utf-8"
COMMON: dict[str, Any] = {
    "sync_to_thread": True,
    "tags": ["briefs"],
    "raises": [NotFoundException, ValidationException],
}

TemplateName = Annotated[
    str | None,
    QueryParameter(
        description="Another template of templates/briefs/ (a file name without .j2)",
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
    ),
]
Also = Annotated[
    list[int] | None,
    QueryParameter(
        description="Events appended as 又讯 items, in order (repeat the parameter)",
        max_items=service.MAX_ALSO,
    ),
]
Authors = Annotated[
    list[str] | None,
    QueryParameter(
        description="Authors printed at the end (repeat the parameter)",
        max_items=service.MAX_AUTHORS,
    ),
]
# The brief a request asks for, built by `provide_draft` from the query.
Draft = NamedDependency[Brief]


def _file(
    request: Request[Any, Any, Any], content: bytes, media_type: str, filename: str
) -> Response[bytes]:
    # The bytes depend only on the record, so their hash is a strong validator.
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Content-Disposition": (
            f'attachment; filename="{filename.encode("ascii", "replace").decode()}"; '
            f"filename*=UTF-8''{quote(filename)}"
        ),
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content, media_type=media_type, headers=headers)


def provide_draft(
    db_session: DbSession,
    item_id: ItemId,
    template: TemplateName = None,
    also: Also = None,
    author: Authors = None,
) -> Brief:
    """The brief a request asks for: the event, its template, 又讯 events and authors."""
    return service.brief(db_session, item_id, template, also or [], author or [])


@get("/{item_id:int}/brief.docx", operation_id="read_event_brief_docx", media_type=DOCX, **COMMON)
def brief_docx(request: Request[Any, Any, Any], item_id: ItemId, draft: Draft) -> Response[bytes]:
    """The event's news brief (本报讯) as a Word draft, in the newsletter's style."""
    return _file(request, docx_brief.render(draft), DOCX, f"event-{item_id}-brief.docx")


@get("/{item_id:int}/brief.txt", operation_id="read_event_brief_text", media_type=TEXT, **COMMON)
def brief_text(request: Request[Any, Any, Any], item_id: ItemId, draft: Draft) -> Response[bytes]:
    """The same draft as plain text: headline, paragraphs separated by blank lines, authors."""
    return _file(request, draft.text().encode("utf-8"), TEXT, f"event-{item_id}-brief.txt")


@get(
    "/{item_id:int}/minutes.docx",
    operation_id="read_event_minutes_docx",
    media_type=DOCX,
    **COMMON,
)
def minutes_docx(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    item_id: ItemId,
    template: TemplateName = None,
) -> Response[bytes]:
    """The event's minutes (会议纪要) in the GB/T 9704-2012 layout, as a Word document."""
    content = docx_minutes.render(service.minutes(db_session, item_id, template))
    return _file(request, content, DOCX, f"event-{item_id}-minutes.docx")


def briefs_router() -> Router:
    return Router(
        path="/api/v1/events",
        route_handlers=[brief_docx, brief_text, minutes_docx],
        dependencies={"draft": Provide(provide_draft, sync_to_thread=True)},
    )
