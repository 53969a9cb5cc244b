"""Shared pieces of the HTTP layer: injected session, bounded ids and paging, and a
factory for the read/update/delete/create handlers every simple record has."""

# No `from __future__ import annotations`: the handler factory below builds signatures from
# runtime objects, which Litestar reads with get_type_hints.
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from litestar import Router, delete, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from pydantic import BaseModel
from sqlmodel import Session

from governance.core import crud
from governance.core.db import session_scope
from governance.core.types import CLEAN_PATTERN, MAX_ID, Page

DbSession = NamedDependency[Session]
ItemId = Annotated[int, PathParameter(ge=1, le=MAX_ID, description="Record id")]
Limit = Annotated[int, QueryParameter(ge=1, le=500, description="Page size")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_ID, description="Items to skip")]
OptionalId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
# No control characters: PostgreSQL refuses NUL in text, which would otherwise be a 500.
Query = Annotated[
    str | None,
    QueryParameter(max_length=200, pattern=CLEAN_PATTERN, description="Text to search for"),
]

R = TypeVar("R", bound=BaseModel)


def provide_db_session(state: State) -> Iterator[Session]:
    yield from session_scope(state.engine)


def page(read: type[R], rows: list[Any], total: int, limit: int, offset: int) -> Page[R]:
    return Page[read](  # type: ignore[valid-type]
        items=[read.model_validate(row) for row in rows], total=total, limit=limit, offset=offset
    )


def crud_router(
    path: str,
    resource: crud.Resource[Any],
    create_schema: type[BaseModel],
    update_schema: type[BaseModel],
    read_schema: type[BaseModel],
    tag: str,
    extra_handlers: list[Any] | None = None,
    own_read: bool = False,
) -> Router:
    """GET /{id}, POST /, PATCH /{id}, DELETE /{id} for one record type (lists are per type)."""
    what = resource.what

    def read_one(db_session: DbSession, item_id: ItemId) -> read_schema:  # type: ignore[valid-type]
        row = crud.get_or_404(db_session, resource.model, item_id, what)
        return read_schema.model_validate(row)

    def create_one(db_session: DbSession, data: JSONBody[create_schema]) -> read_schema:  # type: ignore[valid-type]
        return read_schema.model_validate(crud.create(db_session, resource, data))

    def update_one(
        db_session: DbSession,
        item_id: ItemId,
        data: JSONBody[update_schema],  # type: ignore[valid-type]
    ) -> read_schema:  # type: ignore[valid-type]
        return read_schema.model_validate(crud.update(db_session, resource, item_id, data))

    def delete_one(db_session: DbSession, item_id: ItemId) -> None:
        crud.delete(db_session, resource, item_id)

    common: dict[str, Any] = {"sync_to_thread": True, "tags": [tag]}
    handlers = [
        post("/", summary=f"Create a {what}", operation_id=f"create_{tag}", **common)(create_one),
        patch("/{item_id:int}", summary=f"Update a {what}", operation_id=f"update_{tag}", **common)(
            update_one
        ),
        delete(
            "/{item_id:int}",
            summary=f"Delete a {what}",
            operation_id=f"delete_{tag}",
            status_code=HTTP_204_NO_CONTENT,
            **common,
        )(delete_one),
    ]
    if not own_read:  # people have a richer detail view of their own
        handlers.append(
            get("/{item_id:int}", summary=f"Read one {what}", operation_id=f"read_{tag}", **common)(
                read_one
            )
        )
    return Router(path=path, route_handlers=[*handlers, *(extra_handlers or [])])
