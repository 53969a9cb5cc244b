"""Organisation pages: the tree of organisations, one organisation with its posts (and who
holds each today), people and bodies; create / edit; add a post."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from litestar import get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, select

from governance.core import crud
from governance.core.pages.forms import WHOLE_FORM, FormBody, optional, save, see_other, text
from governance.core.web import DbSession, ItemId
from governance.records import resources
from governance.records.directory_schemas import OrganisationCreate, OrganisationUpdate, PostCreate
from governance.records.models import (
    Organisation,
    OrganisationKind,
    Person,
    Post,
    StandingBody,
    Tenure,
)
from governance.records.pages.events import organisations, today
from governance.records.pages.people import PAGE


@get("/organisations", **PAGE)
def organisations_page(db_session: DbSession) -> Template:
    rows = organisations(db_session)
    children: dict[int | None, list[Organisation]] = {}
    for org in rows:
        children.setdefault(org.parent_id, []).append(org)
    known = {o.id for o in rows}
    ordered: list[tuple[int, Organisation]] = []

    def walk(parent: int | None, depth: int) -> None:
        for org in children.get(parent, []):
            ordered.append((depth, org))
            walk(org.id, depth + 1)

    walk(None, 0)
    for org in rows:  # a parent outside the list cannot happen, but never hide a record
        if org.parent_id is not None and org.parent_id not in known:
            ordered.append((0, org))
    return Template("pages/organisations.html", context={"organisations": ordered})


@get("/organisations/{item_id:int}", **PAGE)
def organisation_page(db_session: DbSession, item_id: ItemId) -> Template:
    return _organisation_page(db_session, item_id)


def _organisation_page(
    session: Session,
    org_id: int,
    post_form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    org = crud.get_or_404(session, Organisation, org_id, "organisation")
    on = today()
    posts = list(
        session.exec(
            select(Post).where(Post.organisation_id == org_id).order_by(col(Post.precedence))
        )
    )
    holders: dict[int, list[Person]] = {}
    for tenure, person in session.exec(
        select(Tenure, Person)
        .join(Person, col(Person.id) == Tenure.person_id)
        .where(col(Tenure.post_id).in_([p.id for p in posts]))
        .where(sa.or_(col(Tenure.starts_on).is_(None), col(Tenure.starts_on) <= on))
        .where(sa.or_(col(Tenure.ends_on).is_(None), col(Tenure.ends_on) >= on))
    ):
        holders.setdefault(tenure.post_id, []).append(person)
    return Template(
        "pages/organisation.html",
        context={
            "org": org,
            "parent": session.get(Organisation, org.parent_id) if org.parent_id else None,
            "children": list(
                session.exec(select(Organisation).where(Organisation.parent_id == org_id))
            ),
            "posts": posts,
            "holders": holders,
            "people": list(
                session.exec(
                    select(Person).where(Person.organisation_id == org_id).order_by(col(Person.id))
                )
            ),
            "bodies": list(
                session.exec(select(StandingBody).where(StandingBody.organisation_id == org_id))
            ),
            "post_form": post_form or {"title": "", "precedence": "100"},
            "errors": errors or {},
            "whole_form": WHOLE_FORM,
            "on": on,
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY if errors else 200,
    )


def _organisation_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": text(data, "name"),
        "short_name": text(data, "short_name"),
        "prefix": text(data, "prefix"),
        "kind": text(data, "kind") or None,
        "parent_id": optional(text(data, "parent_id")),
        "rank": text(data, "rank") or "0",
    }


def _organisation_form(
    session: Session,
    values: dict[str, Any],
    org_id: int | None,
    errors: dict[str, str] | None = None,
) -> Template:
    return Template(
        "pages/organisation_form.html",
        context={
            "f": {k: "" if v is None else v for k, v in values.items()},
            "org_id": org_id,
            "organisation_options": [
                (o.id, o.name) for o in organisations(session) if o.id != org_id
            ],
            "kinds": list(OrganisationKind),
            "errors": errors or {},
            "whole_form": WHOLE_FORM,
        },
        status_code=HTTP_422_UNPROCESSABLE_ENTITY if errors else 200,
    )


@get("/organisations/new", **PAGE)
def new_organisation_page(db_session: DbSession) -> Template:
    values = {
        "name": "",
        "short_name": "",
        "prefix": "",
        "kind": OrganisationKind.COMPANY.value,
        "parent_id": "",
        "rank": "0",
    }
    return _organisation_form(db_session, values, None)


@post("/organisations/new", **PAGE)
def create_organisation_form(db_session: DbSession, data: FormBody) -> Template | Redirect:
    values = _organisation_values(data)
    row, errors = save(db_session, resources.ORGANISATIONS, OrganisationCreate, values)
    if row:
        return see_other(f"/organisations/{row.id}")
    return _organisation_form(db_session, values, None, errors)


@get("/organisations/{item_id:int}/edit", **PAGE)
def edit_organisation_page(db_session: DbSession, item_id: ItemId) -> Template:
    org = crud.get_or_404(db_session, Organisation, item_id, "organisation")
    return _organisation_form(db_session, org.model_dump(exclude={"id"}), item_id)


@post("/organisations/{item_id:int}/edit", **PAGE)
def update_organisation_form(
    db_session: DbSession, item_id: ItemId, data: FormBody
) -> Template | Redirect:
    crud.get_or_404(db_session, Organisation, item_id, "organisation")
    values = _organisation_values(data)
    row, errors = save(db_session, resources.ORGANISATIONS, OrganisationUpdate, values, item_id)
    if row:
        return see_other(f"/organisations/{item_id}")
    return _organisation_form(db_session, values, item_id, errors)


@post("/organisations/{item_id:int}/posts", **PAGE)
def add_post_form(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    crud.get_or_404(db_session, Organisation, item_id, "organisation")
    typed = {"title": text(data, "title"), "precedence": text(data, "precedence") or "100"}
    row, errors = save(
        db_session, resources.POSTS, PostCreate, {"organisation_id": item_id, **typed}
    )
    if row:
        return see_other(f"/organisations/{item_id}")
    return _organisation_page(db_session, item_id, typed, errors)


ORGANISATION_HANDLERS = [
    organisations_page,
    organisation_page,
    new_organisation_page,
    create_organisation_form,
    edit_organisation_page,
    update_organisation_form,
    add_post_form,
]
