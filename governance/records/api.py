"""JSON API of the records: thin handlers over records.service."""

from datetime import date
from typing import Annotated, Any

from litestar import Request, Router, delete, get, patch, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from sqlmodel import col, select

from governance.audit import service as audit_service
from governance.core import crud
from governance.core.access import Access, needed_role, sees_everything
from governance.core.types import Page
from governance.core.web import (
    DbSession,
    ItemId,
    Limit,
    Offset,
    OptionalId,
    Query,
    crud_router,
    page,
)
from governance.records import service
from governance.records.models import (
    AgendaItem,
    AttendanceGroup,
    Document,
    Event,
    EventKind,
    EventStatus,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    Post,
    Role,
    StandingBody,
    Tenure,
    Visibility,
)
from governance.records.schemas import (
    AgendaItemCreate,
    AgendaItemRead,
    AgendaItemUpdate,
    BodyCreate,
    BodyRead,
    BodyUpdate,
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
    OrganisationCreate,
    OrganisationRead,
    OrganisationUpdate,
    ParticipationCreate,
    ParticipationRead,
    ParticipationUpdate,
    PersonCreate,
    PersonDetail,
    PersonRead,
    PersonUpdate,
    PostCreate,
    PostRead,
    PostUpdate,
    TenureCreate,
    TenureRead,
    TenureUpdate,
)

SYNC: dict[str, Any] = {"sync_to_thread": True}
OnDate = Annotated[date | None, QueryParameter(description="Date for title chains (default today)")]


def _like(column: Any, q: str | None) -> Any:
    return col(column).like(f"%{q}%") if q else True


@get("/", tags=["organisations"], operation_id="list_organisations", **SYNC)
def list_organisations(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    kind: FromQuery[OrganisationKind | None] = None,
    parent_id: OptionalId = None,
) -> Page[OrganisationRead]:
    stmt = select(Organisation).where(_like(Organisation.name, q))
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    if parent_id is not None:
        stmt = stmt.where(Organisation.parent_id == parent_id)
    rows, total = crud.paginate(
        db_session, stmt.order_by(col(Organisation.rank), col(Organisation.id)), limit, offset
    )
    return page(OrganisationRead, rows, total, limit, offset)


@get("/", tags=["people"], operation_id="list_people", **SYNC)
def list_people(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    organisation_id: OptionalId = None,
    internal: FromQuery[bool | None] = None,
) -> Page[PersonRead]:
    stmt = select(Person).where(_like(Person.name, q))
    if organisation_id is not None:
        stmt = stmt.where(Person.organisation_id == organisation_id)
    if internal is not None:
        stmt = stmt.where(Person.internal == internal)
    rows, total = crud.paginate(db_session, stmt.order_by(col(Person.id)), limit, offset)
    return page(PersonRead, rows, total, limit, offset)


@get("/{item_id:int}", tags=["people"], operation_id="read_people", **SYNC)
def read_person(db_session: DbSession, item_id: ItemId, on: OnDate = None) -> PersonDetail:
    """A person with their tenures, their title chain on `on`, and the events they took part in."""
    return service.person_detail(db_session, item_id, on or date.today())


@get("/", tags=["posts"], operation_id="list_posts", **SYNC)
def list_posts(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    organisation_id: OptionalId = None,
) -> Page[PostRead]:
    stmt = select(Post).where(_like(Post.title, q))
    if organisation_id is not None:
        stmt = stmt.where(Post.organisation_id == organisation_id)
    stmt = stmt.order_by(col(Post.organisation_id), col(Post.precedence), col(Post.id))
    rows, total = crud.paginate(db_session, stmt, limit, offset)
    return page(PostRead, rows, total, limit, offset)


@get("/", tags=["tenures"], operation_id="list_tenures", **SYNC)
def list_tenures(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    person_id: OptionalId = None,
    post_id: OptionalId = None,
) -> Page[TenureRead]:
    stmt = select(Tenure)
    if person_id is not None:
        stmt = stmt.where(Tenure.person_id == person_id)
    if post_id is not None:
        stmt = stmt.where(Tenure.post_id == post_id)
    rows, total = crud.paginate(db_session, stmt.order_by(col(Tenure.id)), limit, offset)
    return page(TenureRead, rows, total, limit, offset)


@get("/", tags=["bodies"], operation_id="list_bodies", **SYNC)
def list_bodies(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    organisation_id: OptionalId = None,
) -> Page[BodyRead]:
    stmt = select(StandingBody)
    if organisation_id is not None:
        stmt = stmt.where(StandingBody.organisation_id == organisation_id)
    rows, total = crud.paginate(db_session, stmt.order_by(col(StandingBody.id)), limit, offset)
    return page(BodyRead, rows, total, limit, offset)


@get("/", tags=["participations"], operation_id="list_participations", **SYNC)
def list_participations(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
    person_id: OptionalId = None,
    role: FromQuery[Role | None] = None,
) -> Page[ParticipationRead]:
    stmt = select(Participation)
    if event_id is not None:
        stmt = stmt.where(Participation.event_id == event_id)
    if person_id is not None:
        stmt = stmt.where(Participation.person_id == person_id)
    if role is not None:
        stmt = stmt.where(Participation.role == role)
    stmt = stmt.order_by(
        col(Participation.event_id), col(Participation.position), col(Participation.id)
    )
    rows, total = crud.paginate(db_session, stmt, limit, offset)
    return page(ParticipationRead, rows, total, limit, offset)


@get("/", tags=["groups"], operation_id="list_groups", **SYNC)
def list_groups(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
) -> Page[GroupRead]:
    stmt = select(AttendanceGroup)
    if event_id is not None:
        stmt = stmt.where(AttendanceGroup.event_id == event_id)
    stmt = stmt.order_by(
        col(AttendanceGroup.event_id), col(AttendanceGroup.position), col(AttendanceGroup.id)
    )
    rows, total = crud.paginate(db_session, stmt, limit, offset)
    return page(GroupRead, rows, total, limit, offset)


@get("/", tags=["agenda-items"], operation_id="list_agenda-items", **SYNC)
def list_agenda_items(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    event_id: OptionalId = None,
) -> Page[AgendaItemRead]:
    stmt = select(AgendaItem)
    if event_id is not None:
        stmt = stmt.where(AgendaItem.event_id == event_id)
    stmt = stmt.order_by(col(AgendaItem.event_id), col(AgendaItem.position), col(AgendaItem.id))
    rows, total = crud.paginate(db_session, stmt, limit, offset)
    return page(AgendaItemRead, rows, total, limit, offset)


@get("/", tags=["documents"], operation_id="list_documents", **SYNC)
def list_documents(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    event_id: OptionalId = None,
) -> Page[DocumentRead]:
    stmt = select(Document).where(_like(Document.title, q))
    if event_id is not None:
        stmt = stmt.where(Document.event_id == event_id)
    rows, total = crud.paginate(db_session, stmt.order_by(col(Document.id)), limit, offset)
    return page(DocumentRead, rows, total, limit, offset)


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
            raise PermissionDeniedException(f"deleted: {needed_role(Access.EDIT)}")
        audit_service.show_bin(db_session)
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
        crud_router(
            "/organisations",
            service.ORGANISATIONS,
            OrganisationCreate,
            OrganisationUpdate,
            OrganisationRead,
            "organisations",
            [list_organisations],
        ),
        crud_router(
            "/people",
            service.PEOPLE,
            PersonCreate,
            PersonUpdate,
            PersonRead,
            "people",
            [list_people, read_person],
            own_read=True,
        ),
        crud_router(
            "/posts", service.POSTS, PostCreate, PostUpdate, PostRead, "posts", [list_posts]
        ),
        crud_router(
            "/tenures",
            service.TENURES,
            TenureCreate,
            TenureUpdate,
            TenureRead,
            "tenures",
            [list_tenures],
        ),
        crud_router(
            "/bodies", service.BODIES, BodyCreate, BodyUpdate, BodyRead, "bodies", [list_bodies]
        ),
        crud_router(
            "/participations",
            service.PARTICIPATIONS,
            ParticipationCreate,
            ParticipationUpdate,
            ParticipationRead,
            "participations",
            [list_participations],
        ),
        crud_router(
            "/groups", service.GROUPS, GroupCreate, GroupUpdate, GroupRead, "groups", [list_groups]
        ),
        crud_router(
            "/agenda-items",
            service.AGENDA_ITEMS,
            AgendaItemCreate,
            AgendaItemUpdate,
            AgendaItemRead,
            "agenda-items",
            [list_agenda_items],
        ),
        crud_router(
            "/documents",
            service.DOCUMENTS,
            DocumentCreate,
            DocumentUpdate,
            DocumentRead,
            "documents",
            [list_documents],
        ),
        Router(
            path="/events",
            route_handlers=[list_events, read_event, create_event, update_event, delete_event],
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
    audit_service.delete_event(db_session, item_id)
