"""JSON API of imported drafts: list, show, fix, accept, reject, and import an issue's text."""

from typing import Annotated, Any

from litestar import Router, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from governance.core.types import Page
from governance.core.web import DbSession, ItemId, Limit, Offset, Query
from governance.importing import rules, service
from governance.importing.schemas import (
    AcceptRequest,
    DraftRead,
    DraftStatus,
    DraftSummary,
    DraftUpdate,
    ImportReport,
    ImportRequest,
    RejectRequest,
)

COMMON: dict[str, Any] = {"sync_to_thread": True, "tags": ["imports"]}
# Accepting or rejecting a draft answers the draft as it now is.
DECISION: dict[str, Any] = {"status_code": HTTP_200_OK, "raises": [NotFoundException], **COMMON}


@get("/", operation_id="list_imports", **COMMON)
def list_drafts(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    status: FromQuery[DraftStatus | None] = None,
    q: Query = None,
) -> Page[DraftSummary]:
    """Drafts imported from the newsletter, by issue and position; `status` filters."""
    items, total = service.list_drafts(db_session, status, q, limit, offset)
    return Page[DraftSummary](items=items, total=total, limit=limit, offset=offset)


@get("/{item_id:int}", operation_id="read_imports", raises=[NotFoundException], **COMMON)
def read_draft(db_session: DbSession, item_id: ItemId) -> DraftRead:
    """A draft: the cleaned article and the event drafted from it."""
    return service.draft_read(service.get_draft(db_session, item_id))


@patch("/{item_id:int}", operation_id="update_imports", raises=[NotFoundException], **COMMON)
def fix_draft(db_session: DbSession, item_id: ItemId, data: JSONBody[DraftUpdate]) -> DraftRead:
    """Fix a pending draft: fields given replace the drafted ones, a list replaces the list."""
    return service.draft_read(service.fix_draft(db_session, item_id, data))


@post("/{item_id:int}/accept", operation_id="accept_imports", **DECISION)
def accept_draft(
    db_session: DbSession,
    item_id: ItemId,
    data: Annotated[AcceptRequest | None, Body(description="Optional; {} by default")] = None,
) -> DraftRead:
    """Accept a pending draft: creates the event (participants, groups, documents) and links it."""
    request = data or AcceptRequest()
    return service.draft_read(service.accept_draft(db_session, item_id, request))


@post("/{item_id:int}/reject", operation_id="reject_imports", **DECISION)
def reject_draft(
    db_session: DbSession,
    item_id: ItemId,
    data: Annotated[RejectRequest | None, Body(description="Optional: a note")] = None,
) -> DraftRead:
    """Reject a pending draft; importing the issue again will not bring it back."""
    note = data.note if data else ""
    return service.draft_read(service.reject_draft(db_session, item_id, note))


@post("/", operation_id="create_imports", status_code=HTTP_201_CREATED, **COMMON)
def import_text(db_session: DbSession, data: JSONBody[ImportRequest]) -> ImportReport:
    """Import an issue given as text: drafts for review (none with dry_run)."""
    paragraphs = rules.split_paragraphs(data.text)
    return service.import_issue(db_session, paragraphs, data.source, data.year, data.dry_run)


def imports_router() -> Router:
    return Router(
        path="/api/v1/imports",
        route_handlers=[
            list_drafts,
            read_draft,
            fix_draft,
            accept_draft,
            reject_draft,
            import_text,
        ],
    )
