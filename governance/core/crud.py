"""Create, read, update and delete for simple records, with the checks every record needs:
referenced ids exist, natural keys stay unique, and a record still in use is not deleted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from governance.core.errors import Conflict, Invalid, NotFound
from governance.core.versioned import expect_version

M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True)
class Resource(Generic[M]):
    model: type[M]
    what: str  # the record's name in messages: "organisation"
    refs: dict[str, tuple[type[SQLModel], str]] = field(default_factory=dict)
    unique: tuple[tuple[str, ...], ...] = ()
    # Maps validated input to column values (e.g. flattening a nested guest).
    to_columns: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values
    # Further rules on the merged row; raises Invalid.
    check: Callable[[Session, dict[str, Any], M | None], None] | None = None
    # Called after a change, e.g. to mark the owning event as updated.
    touched: Callable[[Session, M], None] | None = None


def get_or_404(session: Session, model: type[M], ident: int, what: str) -> M:
    row = session.get(model, ident)
    if row is None:
        raise NotFound(what, ident)
    return row


def check_refs(
    session: Session,
    values: dict[str, Any],
    refs: dict[str, tuple[type[SQLModel], str]],
    prefix: str = "",
) -> None:
    for name, (model, what) in refs.items():
        ident = values.get(name)
        if ident is not None and session.get(model, ident) is None:
            raise Invalid(prefix + name, "reference_not_found", what=what, id=ident)


def check_unique(
    session: Session, resource: Resource[M], values: dict[str, Any], own_id: int | None
) -> None:
    for fields in resource.unique:
        if any(values.get(f) is None for f in fields):
            continue
        model: Any = resource.model
        stmt = select(model.id).where(*(getattr(model, f) == values[f] for f in fields))
        if own_id is not None:
            stmt = stmt.where(model.id != own_id)
        other = session.exec(stmt).first()
        if other is not None:
            shown = ", ".join(f"{f}={values[f]!r}" for f in fields)
            raise Conflict(
                "already_exists",
                fields[-1],
                column=fields[-1],
                what=resource.what,
                shown=shown,
                id=other,
            )


def paginate(session: Session, stmt: Any, limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.exec(select(sa.func.count()).select_from(stmt.order_by(None).subquery())).one()
    items = list(session.exec(stmt.limit(limit).offset(offset)).all())
    return items, int(total)


def commit(session: Session, what: str) -> None:
    """Commit, turning a constraint the checks did not foresee into a 409, never a 500."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(
            "conflicts_with_other_records", what=what, reason=exc.orig.__class__.__name__
        ) from exc


def create(session: Session, resource: Resource[M], data: BaseModel) -> M:
    values = resource.to_columns(data.model_dump())
    _validate(session, resource, values, None)
    row = resource.model(**values)
    return _store(session, resource, row)


def update(session: Session, resource: Resource[M], ident: int, data: BaseModel) -> M:
    row = get_or_404(session, resource.model, ident, resource.what)
    expect_version(row, resource.what, getattr(data, "version", None))
    changes = resource.to_columns(data.model_dump(exclude_unset=True, exclude={"version"}))
    columns = resource.model.__table__.columns  # type: ignore[attr-defined]
    for name, value in changes.items():
        if value is None and name in columns and not columns[name].nullable:
            raise Invalid(name, "must_not_be_null")
    merged = {**row.model_dump(), **changes}
    _validate(session, resource, merged, row)
    for name, value in changes.items():
        setattr(row, name, value)
    return _store(session, resource, row)


def _store(session: Session, resource: Resource[M], row: M) -> M:
    """Writes the row, lets the resource note what it touched, commits, reads it back."""
    session.add(row)
    session.flush()
    if resource.touched:
        resource.touched(session, row)
    commit(session, resource.what)
    session.refresh(row)
    return row


def delete(session: Session, resource: Resource[M], ident: int) -> None:
    row = get_or_404(session, resource.model, ident, resource.what)
    expect_version(row, resource.what)
    if resource.touched:
        resource.touched(session, row)
    session.delete(row)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict("record_still_referred_to", what=resource.what, id=ident) from exc


def _validate(
    session: Session, resource: Resource[M], values: dict[str, Any], row: M | None
) -> None:
    check_refs(session, values, resource.refs)
    check_unique(session, resource, values, getattr(row, "id", None))
    if resource.check:
        resource.check(session, values, row)


def ordered(items: Sequence[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.position, item.id or 0))
