"""The filters, order and paging that the records' list endpoints share."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, col

from governance.core import crud
from governance.core.types import Page
from governance.core.web import page

R = TypeVar("R", bound=BaseModel)


def contains(column: Any, q: str | None) -> Any:
    """The filter of `?q=`: the column contains the text (no filter without one)."""
    return col(column).like(f"%{q}%") if q else True


def where_given(stmt: Any, model: Any, **given: Any) -> Any:
    """Each filter given (not None) must equal the column of its name."""
    for name, value in given.items():
        if value is not None:
            stmt = stmt.where(getattr(model, name) == value)
    return stmt


def in_event_order(stmt: Any, part: Any) -> Any:
    """An event's parts by event, then in their recorded order."""
    return stmt.order_by(col(part.event_id), col(part.position), col(part.id))


def listed(session: Session, read: type[R], stmt: Any, limit: int, offset: int) -> Page[R]:
    rows, total = crud.paginate(session, stmt, limit, offset)
    return page(read, rows, total, limit, offset)
