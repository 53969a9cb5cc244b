"""JSON API of events and their parts (participations, groups, agenda items, documents), and
the router of all records' API: thin handlers over records.service and records.resources."""

from datetime import date
from typing import Annotated, Any

from litestar import Request, Router, delete, get, patch, post
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from sqlmodel import col, select

from governance.core import crud
from governance.core.access import Access, needed_role, sees_everything
from governance.core.errors import Forbidden
from governance.core.types import Page
from governance.core.web import (
    DbSession,
    ItemId,
    Limit,
    Offset,
    OptionalId,
    Query,
    crud_router,
)
from governance.records import bin as event_bin
from governance.records import resources, service
from governance.records.directory_api import directory_routers
from governance.records.listing import contains, in_event_order, listed, where_given
from governance.records.models import (
    AgendaItem,
    AttendanceGroup,
    Document,
    Event,
    EventKind,
    EventStatus,
    Participation,
    Role,
    Visibility,
)
from governance.records.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    DocumentCreate,
    DocumentRead,
    DocumentUpdate,
    EventCreate,
    EventRead,
    EventSummary,
    EventUpdate,
    GroupCreate,
    GroupRead,
    GroupUpdate,
    ParticipationCreate,
    ParticipationRead,
    ParticipationUpdate,
)

SYNC: dict[str, Any] = {"sync_to_thread": True}


@get("/", tags=["participations"], operation_id="list_participations", **SYNC)
def list_participations(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
    person_id: OptionalId = None,
    role: FromQuery[Role | None] = None,
) -> Page[ParticipationRead]:
    stmt = where_given(
        select(Participation), Participation, event_id=event_id, person_id=person_id, role=role
    )
    return listed(db_session, ParticipationRead, in_event_order(stmt, Participation), limit, offset)


@get("/", tags=["groups"], operation_id="list_groups", **SYNC)
def list_groups(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
) -> Page[GroupRead]:
    stmt = where_given(select(AttendanceGroup), AttendanceGroup, event_id=event_id)
    return listed(db_session, GroupRead, in_event_order(stmt, AttendanceGroup), limit, offset)


@get("/", tags=["agenda-items"], operation_id="list_agenda-items", **SYNC)
def list_agenda_items(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
) -> Page[AgendaItemRead]:
    stmt = where_given(select(AgendaItem), AgendaItem, event_id=event_id)
    return listed(db_session, AgendaItemRead, in_event_order(stmt, AgendaItem), limit, offset)


@get("/", tags=["documents"], operation_id="list_documents", **SYNC)
def list_documents(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    event_id: OptionalId = None,
) -> Page[DocumentRead]:
    stmt = where_given(
        select(Document).where(contains(Document.title, q)), Document, event_id=event_id
    )
    return listed(db_session, DocumentRead, stmt.order_by(col(Document.id)), limit, offset)


# --- events ----------------------------------------------------------------------------------
@get("/", tags=["events"], operation_id="list_events", **SYNC)
def list_events(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    start: Annotated[
        date | None, QueryParameter(name="from", description="Events ending on or after this day")
    ] = None,
    end: Annotated[
        date | None, QueryParameter(name="to", description="Events starting on or before this day")
    ] = None,
    kind: FromQuery[EventKind | None] = None,
    status: FromQuery[EventStatus | None] = None,
    visibility: FromQuery[Visibility | None] = None,
    organisation_id: Annotated[
        int | None, QueryParameter(ge=1, le=2**31 - 1, description="Organiser")
    ] = None,
    person_id: Annotated[
        int | None, QueryParameter(ge=1, le=2**31 - 1, description="A participant")
    ] = None,
    body_id: OptionalId = None,
    deleted: Annotated[
        bool, QueryParameter(description="List the bin: deleted events only (editors)")
    ] = False,
) -> Page[EventSummary]:
    """Events, newest first; filters combine."""
    if deleted:
        who = request.scope.get("user")
        if who is None or not sees_everything(who.role):  # the bin holds any visibility
            raise Forbidden(needed_role(Access.EDIT), "deleted")
        event_bin.show_bin(db_session)
    filters = service.EventFilter(
        start=start,
        end=end,
        kind=kind,
        status=status,
        visibility=visibility,
        organisation_id=organisation_id,
        person_id=person_id,
        body_id=body_id,
        q=q,
    )
    items, total = service.list_events(db_session, filters, limit, offset)
    return Page[EventSummary](items=items, total=total, limit=limit, offset=offset)


@get("/{item_id:int}", tags=["events"], operation_id="read_events", **SYNC)
def read_event(db_session: DbSession, item_id: ItemId) -> EventRead:
    """An event with its participants (titles as printed on its date), groups, agenda and documents."""
    return service.event_read(db_session, crud.get_or_404(db_session, Event, item_id, "event"))


@post("/", tags=["events"], operation_id="create_events", **SYNC)
def create_event(db_session: DbSession, data: JSONBody[EventCreate]) -> EventRead:
    """Create an event with its participants, groups, agenda and documents in one request."""
    return service.event_read(db_session, service.create_event(db_session, data))


@patch("/{item_id:int}", tags=["events"], operation_id="update_events", **SYNC)
def update_event(db_session: DbSession, item_id: ItemId, data: JSONBody[EventUpdate]) -> EventRead:
    """Change an event; a list given (participants, groups, agenda, documents) replaces the old one."""
    return service.event_read(db_session, service.update_event(db_session, item_id, data))


def records_router() -> Router:
    routers = [
        *directory_routers(),
        crud_router(
            "/participations",
            resources.PARTICIPATIONS,
            ParticipationCreate,
            ParticipationUpdate,
            ParticipationRead,
            "participations",
            [list_participations],
        ),
        crud_router(
            "/groups",
            resources.GROUPS,
            GroupCreate,
            GroupUpdate,
            GroupRead,
            "groups",
            [list_groups],
        ),
        crud_router(
            "/agenda-items",
            resources.AGENDA_ITEMS,
            AgendaItemCreate,
            AgendaItemUpdate,
            AgendaItemRead,
            "agenda-items",
            [list_agenda_items],
        ),
        crud_router(
            "/documents",
            resources.DOCUMENTS,
            DocumentCreate,
            DocumentUpdate,
            DocumentRead,
            "documents",
            [list_documents],
        ),
        Router(
            path="/events",
            route_handlers=[
                list_events,
                read_event,
                create_event,
                update_event,
                delete_event,
                restore_event,
            ],
        ),
    ]
    return Router(path="/api/v1", route_handlers=routers)


@delete(
    "/{item_id:int}",
    tags=["events"],
    operation_id="delete_events",
    status_code=HTTP_204_NO_CONTENT,
    **SYNC,
)
def delete_event(db_session: DbSession, item_id: ItemId) -> None:
    """Move an event to the bin (restore it with POST /api/v1/events/{id}/restore)."""
    event_bin.delete_event(db_session, item_id)


@post(
    "/{item_id:int}/restore",
    tags=["events"],
    operation_id="restore_event",
    status_code=200,
    **SYNC,
)
def restore_event(db_session: DbSession, item_id: ItemId) -> EventRead:
    """Bring a deleted event back from the bin, as it was."""
    return service.event_read(db_session, event_bin.restore_event(db_session, item_id))
