"""People: the list, one person, create / edit, tenures (a post held from a
date to a date) with a preview of the title chain on any date, and the people search used by
the event form's search-as-you-type."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from litestar import get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, select

from governance.core import crud, messages
from governance.core.pages.forms import (
    WHOLE_FORM,
    FormBody,
    checked,
    optional,
    save,
    see_other,
    text,
)
from governance.core.pages.paging import Pager
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId, Query
from governance.records import resources, rules, titles
from governance.records.directory_schemas import (
    PersonCreate,
    PersonUpdate,
    TenureCreate,
    TenureUpdate,
)
from governance.records.models import Organisation, Person, Post, Tenure
from governance.records.pages.events import PAGE, Day, organisations, today

SEARCH_LIMIT = 12


def title_chains(session: Session, ids: list[int], on: date) -> dict[int, str]:
    return {
        person_id: rules.title_chain(held)
        for person_id, held in titles.held_posts(session, ids, on).items()
    }


# --- people ----------------------------------------------------------------------------------
@get("/people", **PAGE)
def people_page(
    db_session: DbSession,
    q: Query = None,
    organisation_id: OptionalId = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Template:
    stmt = select(Person)
    if q:
        stmt = stmt.where(col(Person.name).contains(q))
    if organisation_id is not None:
        stmt = stmt.where(Person.organisation_id == organisation_id)
    rows, total = crud.paginate(db_session, stmt.order_by(col(Person.id)), limit, offset)
    on = today()
    names = {o.id: o.short_name or o.name for o in organisations(db_session)}
    params = {"q": q or "", "organisation_id": organisation_id or ""}
    return Template(
        "pages/people.html",
        context={
            "people": rows,
            "total": total,
            "chains": title_chains(db_session, [p.id for p in rows], on),
            "organisation_names": names,
            "organisations": organisations(db_session),
            "filters": params,
            "pager": Pager(total, limit, offset, params),
            "on": on,
        },
    )


@get("/people/search", **PAGE)
def people_search(db_session: DbSession, q: Query = None, on: Day = None) -> list[dict[str, Any]]:
    """Suggestions while typing a name: id, name, title chain on `on`, organisation."""
    if not q:
        return []
    starts = col(Person.name).startswith(q)
    rows = db_session.exec(
        select(Person)
        .where(col(Person.name).contains(q))
        .order_by(sa.case((starts, 0), else_=1), col(Person.name), col(Person.id))
        .limit(SEARCH_LIMIT)
    ).all()
    chains = title_chains(db_session, [p.id or 0 for p in rows], on or today())
    names = {
        o.id: o.short_name or o.name
        for o in db_session.exec(
            select(Organisation).where(
                col(Organisation.id).in_({p.organisation_id for p in rows if p.organisation_id})
            )
        )
    }
    return [
        {
            "id": p.id,
            "name": p.name,
            "title": chains.get(p.id or 0, ""),
            "organisation": names.get(p.organisation_id, "") if p.organisation_id else "",
            "internal": p.internal,
        }
        for p in rows
    ]


def _posts(session: Session) -> list[tuple[int, str]]:
    rows = session.exec(
        select(Post, Organisation)
        .join(Organisation, col(Organisation.id) == Post.organisation_id)
        .order_by(col(Organisation.rank), col(Organisation.name), col(Post.precedence))
    ).all()
    return [(p.id or 0, f"{o.short_name or o.name} · {p.title}") for p, o in rows]


def _person_page(
    session: Session,
    person_id: int,
    on: date | None,
    tenure_form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    day = on or today()
    detail = titles.person_detail(session, person_id, day)
    organisation = (
        session.get(Organisation, detail.organisation_id) if detail.organisation_id else None
    )
    return Template(
        "pages/person.html",
        context={
            "person": detail,
            "organisation": organisation,
            "on": day,
            "posts": _posts(session),
            "tenure_form": tenure_form or {"post_id": "", "starts_on": "", "ends_on": ""},
            "errors": errors or {},
            "whole_form": WHOLE_FORM,
            "today": today(),
        },
        status_code=status_code,
    )


@get("/people/{item_id:int}", **PAGE)
def person_page(db_session: DbSession, item_id: ItemId, on: Day = None) -> Template:
    return _person_page(db_session, item_id, on)


def _person_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": text(data, "name"),
        "internal": checked(data, "internal"),
        "organisation_id": optional(text(data, "organisation_id")),
        "notes": text(data, "notes"),
    }


def _person_form(
    session: Session,
    values: dict[str, Any],
    person_id: int | None,
    errors: dict[str, str] | None = None,
) -> Template:
    return Template(
        "pages/person_form.html",
        context={
            "f": {k: "" if v is None else v for k, v in values.items()},
            "person_id": person_id,
            "organisation_options": [(o.id, o.name) for o in organisations(session)],
            "errors": errors or {},
            "whole_form": WHOLE_FORM,
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY if errors else 200,
    )


@get("/people/new", **PAGE)
def new_person_page(db_session: DbSession) -> Template:
    values = {"name": "", "internal": True, "organisation_id": "", "notes": ""}
    return _person_form(db_session, values, None)


@post("/people/new", **PAGE)
def create_person_form(db_session: DbSession, data: FormBody) -> Template | Redirect:
    values = _person_values(data)
    row, errors = save(db_session, resources.PEOPLE, PersonCreate, values)
    return see_other(f"/people/{row.id}") if row else _person_form(db_session, values, None, errors)


@get("/people/{item_id:int}/edit", **PAGE)
def edit_person_page(db_session: DbSession, item_id: ItemId) -> Template:
    person = crud.get_or_404(db_session, Person, item_id, "person")
    return _person_form(db_session, person.model_dump(exclude={"id"}), item_id)


@post("/people/{item_id:int}/edit", **PAGE)
def update_person_form(
    db_session: DbSession, item_id: ItemId, data: FormBody
) -> Template | Redirect:
    crud.get_or_404(db_session, Person, item_id, "person")
    values = _person_values(data)
    row, errors = save(db_session, resources.PEOPLE, PersonUpdate, values, item_id)
    return (
        see_other(f"/people/{item_id}")
        if row
        else _person_form(db_session, values, item_id, errors)
    )


@post("/people/{item_id:int}/tenures", **PAGE)
def add_tenure_form(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    crud.get_or_404(db_session, Person, item_id, "person")
    typed = {k: text(data, k) for k in ("post_id", "starts_on", "ends_on")}
    values = {"person_id": item_id, **{k: optional(v) for k, v in typed.items()}}
    if not typed["post_id"]:
        errors = {"post_id": messages.render("tenure_post_missing", {}, "zh")}
    else:
        row, errors = save(db_session, resources.TENURES, TenureCreate, values)
        if row:
            return see_other(f"/people/{item_id}")
        if WHOLE_FORM in errors:  # the dates checked together: shown at the end date
            errors.setdefault("ends_on", errors.pop(WHOLE_FORM))
    return _person_page(db_session, item_id, None, typed, errors, HTTP_422_UNPROCESSABLE_ENTITY)


@post("/tenures/{item_id:int}/end", **PAGE)
def end_tenure_form(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    tenure = crud.get_or_404(db_session, Tenure, item_id, "tenure")
    person_id = tenure.person_id
    ends_on = text(data, "ends_on")
    row, errors = save(
        db_session, resources.TENURES, TenureUpdate, {"ends_on": optional(ends_on)}, item_id
    )
    if row:
        return see_other(f"/people/{person_id}")
    keyed = {f"tenure-{item_id}": next(iter(errors.values()))}
    return _person_page(db_session, person_id, None, None, keyed, HTTP_422_UNPROCESSABLE_ENTITY)


PEOPLE_HANDLERS = [
    people_page,
    people_search,
    person_page,
    new_person_page,
    create_person_form,
    edit_person_page,
    update_person_form,
    add_tenure_form,
    end_tenure_form,
]
