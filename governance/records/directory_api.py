"""JSON API of the directory: organisations, people, posts, tenures and standing bodies."""

from datetime import date
from typing import Annotated, Any

from litestar import Router, get
from litestar.params import FromQuery, QueryParameter
from sqlmodel import col, select

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
from governance.records import resources, titles
from governance.records.directory_schemas import (
    BodyCreate,
    BodyRead,
    BodyUpdate,
    OrganisationCreate,
    OrganisationRead,
    OrganisationUpdate,
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
from governance.records.listing import contains, listed, where_given
from governance.records.models import (
    Organisation,
    OrganisationKind,
    Person,
    Post,
    StandingBody,
    Tenure,
)

SYNC: dict[str, Any] = {"sync_to_thread": True}
OnDate = Annotated[date | None, QueryParameter(description="Date for title chains (default today)")]


@get("/", tags=["organisations"], operation_id="list_organisations", **SYNC)
def list_organisations(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    kind: FromQuery[OrganisationKind | None] = None,
    parent_id: OptionalId = None,
) -> Page[OrganisationRead]:
    stmt = select(Organisation).where(contains(Organisation.name, q))
    stmt = where_given(stmt, Organisation, kind=kind, parent_id=parent_id)
    stmt = stmt.order_by(col(Organisation.rank), col(Organisation.id))
    return listed(db_session, OrganisationRead, stmt, limit, offset)


@get("/", tags=["people"], operation_id="list_people", **SYNC)
def list_people(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    organisation_id: OptionalId = None,
    internal: FromQuery[bool | None] = None,
) -> Page[PersonRead]:
    stmt = select(Person).where(contains(Person.name, q))
    stmt = where_given(stmt, Person, organisation_id=organisation_id, internal=internal)
    return listed(db_session, PersonRead, stmt.order_by(col(Person.id)), limit, offset)


@get("/{item_id:int}", tags=["people"], operation_id="read_people", **SYNC)
def read_person(db_session: DbSession, item_id: ItemId, on: OnDate = None) -> PersonDetail:
    """A person with their tenures, their title chain on `on`, and the events they took part in."""
    return titles.person_detail(db_session, item_id, on or date.today())


@get("/", tags=["posts"], operation_id="list_posts", **SYNC)
def list_posts(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    q: Query = None,
    organisation_id: OptionalId = None,
) -> Page[PostRead]:
    stmt = select(Post).where(contains(Post.title, q))
    stmt = where_given(stmt, Post, organisation_id=organisation_id)
    stmt = stmt.order_by(col(Post.organisation_id), col(Post.precedence), col(Post.id))
    return listed(db_session, PostRead, stmt, limit, offset)


@get("/", tags=["tenures"], operation_id="list_tenures", **SYNC)
def list_tenures(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    person_id: OptionalId = None,
    post_id: OptionalId = None,
) -> Page[TenureRead]:
    stmt = where_given(select(Tenure), Tenure, person_id=person_id, post_id=post_id)
    return listed(db_session, TenureRead, stmt.order_by(col(Tenure.id)), limit, offset)


@get("/", tags=["bodies"], operation_id="list_bodies", **SYNC)
def list_bodies(
    db_session: DbSession,
    limit: Limit = 50,
    offset: Offset = 0,
    organisation_id: OptionalId = None,
) -> Page[BodyRead]:
    stmt = where_given(select(StandingBody), StandingBody, organisation_id=organisation_id)
    return listed(db_session, BodyRead, stmt.order_by(col(StandingBody.id)), limit, offset)


def directory_routers() -> list[Router]:
    return [
        crud_router(
            "/organisations",
            resources.ORGANISATIONS,
            OrganisationCreate,
            OrganisationUpdate,
            OrganisationRead,
            "organisations",
            [list_organisations],
        ),
        crud_router(
            "/people",
            resources.PEOPLE,
            PersonCreate,
            PersonUpdate,
            PersonRead,
            "people",
            [list_people, read_person],
            own_read=True,
        ),
        crud_router(
            "/posts", resources.POSTS, PostCreate, PostUpdate, PostRead, "posts", [list_posts]
        ),
        crud_router(
            "/tenures",
            resources.TENURES,
            TenureCreate,
            TenureUpdate,
            TenureRead,
            "tenures",
            [list_tenures],
        ),
        crud_router(
            "/bodies", resources.BODIES, BodyCreate, BodyUpdate, BodyRead, "bodies", [list_bodies]
        ),
    ]
