""" "My calendar" (/my/calendar): a leader's feeds, creating one, its subscribe links (https and
webcal) with a QR code for phones, rotating and revoking with a confirmation step.

A feed's token is stored hashed, so its link can be shown only in the answer that made it
(creation or rotation): those answers render the page with the link instead of redirecting.
"""

from __future__ import annotations

from typing import Annotated, Any

import segno
from litestar import Request, Router, get, post
from litestar.exceptions import PermissionDeniedException as Forbidden
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from governance.calendar import rules, service
from governance.calendar.api import base_url, validator_cache
from governance.calendar.models import CalendarFeed, FeedScope
from governance.calendar.schemas import FeedCreate
from governance.calendar.wording import load_wording
from governance.core import crud, messages
from governance.core.errors import DomainError
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    attempt,
    clean_form,
    current_person_id,
    may_choose_person,
    number,
    picked_id,
    refused,
    see_other,
    text,
    values,
)
from governance.core.types import MAX_ID
from governance.core.web import DbSession, ItemId
from governance.records.models import EventKind, Organisation, Person

# Leaders own their feeds: the feed routes need a signed-in user, not an editor (accounts' OWN).
OWN: dict[str, Any] = {**PAGE, "opt": {"permission": "own"}}
PersonChoice = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, required=False)]
ALARMS = [
    ("", "不提醒"),
    ("15", "提前15分钟"),
    ("30", "提前30分钟"),
    ("60", "提前1小时"),
    ("1440", "提前1天"),
]
SCOPES = [
    (FeedScope.PERSON.value, "我参加的会议和我负责的任务"),
    (FeedScope.ALL.value, "我有权查看的全部会议和任务"),
]


def _signed_in(request: Request[Any, Any, Any]) -> bool:
    return isinstance(getattr(request.scope.get("user"), "person_id", None), int)


_may_choose = may_choose_person


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (no XML declaration, scalable with CSS)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def _people(session: Session) -> list[Person]:
    return list(session.exec(select(Person).order_by(col(Person.name), col(Person.id))).all())


def _organisations(session: Session) -> list[Organisation]:
    return list(session.exec(select(Organisation).order_by(col(Organisation.name))).all())


def _context(
    request: Request[Any, Any, Any], session: Session, person_id: int | None, **extra: Any
) -> dict[str, Any]:
    wording = load_wording()
    person = session.get(Person, person_id) if person_id else None
    feeds = []
    if person is not None:
        rows, _ = service.list_feeds(session, person.id, True, 200, 0)
        feeds = [service.feed_read(session, row, wording) for row in rows]
    organisations = _organisations(session)
    context: dict[str, Any] = {
        "person": person,
        "people": _people(session) if not _signed_in(request) and _may_choose(request) else [],
        "signed_in": _signed_in(request),
        "may_choose": not _signed_in(request) and _may_choose(request),
        "feeds": feeds,
        "organisations": organisations,
        "org_names": {o.id: o.short_name or o.name for o in organisations},
        "kinds": [(k.value, wording.kind_label(k.value)) for k in EventKind],
        "kind_labels": {k.value: wording.kind_label(k.value) for k in EventKind},
        "alarms": ALARMS,
        "scopes": SCOPES,
        "form": {"scope": FeedScope.PERSON.value, "include_tasks": "on"},
        "errors": {},
        "issued": None,
    }
    context.update(extra)
    return context


@get("/my/calendar", **PAGE)
def my_calendar(
    request: Request[Any, Any, Any], db_session: DbSession, person_id: PersonChoice = None
) -> Template:
    me = current_person_id(request, person_id)
    return Template("calendar/pages/my.html", context=_context(request, db_session, me))


def _issued(
    request: Request[Any, Any, Any], feed: CalendarFeed, token: str, what: str
) -> dict[str, Any]:
    url = service.feed_url(base_url(request), token)
    return {
        "feed_id": feed.id,
        "url": url,
        "webcal": rules.webcal_url(url),
        "qr": qr_svg(url),
        "what": what,
    }


@post("/my/calendar/feeds", **OWN)
def create_feed(request: Request[Any, Any, Any], db_session: DbSession, data: FormBody) -> Template:
    form = clean_form(data)
    errors: dict[str, str] = {}
    me = current_person_id(request, picked_id(form, "person_id"))
    if not _signed_in(request) and not _may_choose(request):
        errors["person_id"] = messages.render("feed_person_unlinked", {}, "zh")
    elif me is None or db_session.get(Person, me) is None:
        errors["person_id"] = messages.render("feed_person_unchosen", {}, "zh")
    alarm = number(form, "alarm_minutes", errors, required=False)
    history = number(form, "history_days", errors, required=False)
    body: dict[str, Any] = {
        "owner_id": me or 1,
        "name": text(form, "name") or None,
        "scope": text(form, "scope") or None,
        "organisation_id": picked_id(form, "organisation_id"),
        "kinds": values(form, "kinds"),
        "include_tasks": bool(text(form, "include_tasks")),
        "deadline_events": bool(text(form, "deadline_events")),
        "alarm_minutes": alarm,
        "history_days": history or None,
    }
    data_in, invalid = attempt(lambda: FeedCreate.model_validate(body))
    for key, message in invalid.items():
        errors.setdefault(key.split(".")[0], message)
    created = None
    if not errors and data_in is not None:
        created, errors = attempt(
            lambda: service.create_feed(db_session, data_in, service.now_utc()), db_session
        )
    if created is None:
        context = _context(request, db_session, me, form=form, errors=errors)
        return refused("calendar/pages/my.html", context)
    feed, token = created
    issued = _issued(request, feed, token, "created")
    return Template(
        "calendar/pages/my.html",
        context=_context(request, db_session, me, issued=issued),
        status_code=201,
    )


def _own_feed(
    request: Request[Any, Any, Any], session: Session, feed_id: int, form: dict[str, Any]
) -> tuple[CalendarFeed, int | None]:
    feed = crud.get_or_404(session, CalendarFeed, feed_id, "feed")
    me = current_person_id(request, picked_id(form, "person_id") or feed.owner_id)
    if me != feed.owner_id and not _may_choose(request):
        raise Forbidden(messages.render("feed_not_yours", {}, "zh"))
    return feed, me


def _confirm(session: Session, feed_id: int, action: str) -> Template:
    feed = crud.get_or_404(session, CalendarFeed, feed_id, "feed")
    return Template(
        "calendar/pages/confirm.html",
        context={"feed": service.feed_read(session, feed), "action": action},
    )


@get("/my/calendar/feeds/{item_id:int}/rotate", **OWN)
def confirm_rotate(db_session: DbSession, item_id: ItemId) -> Template:
    """The confirmation step before rotating (works without JavaScript)."""
    return _confirm(db_session, item_id, "rotate")


@get("/my/calendar/feeds/{item_id:int}/revoke", **OWN)
def confirm_revoke(db_session: DbSession, item_id: ItemId) -> Template:
    """The confirmation step before revoking."""
    return _confirm(db_session, item_id, "revoke")


@post("/my/calendar/feeds/{item_id:int}/rotate", **OWN)
def rotate_feed(
    request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId, data: FormBody
) -> Template | Redirect:
    feed, me = _own_feed(request, db_session, item_id, clean_form(data))
    try:
        feed, token = service.rotate_feed(db_session, item_id, service.now_utc())
    except DomainError:
        db_session.rollback()
        return see_other(f"/my/calendar?person_id={feed.owner_id}")
    validator_cache(request.app.state).drop(service.token_hashes(db_session, item_id))
    issued = _issued(request, feed, token, "rotated")
    return Template(
        "calendar/pages/my.html", context=_context(request, db_session, me, issued=issued)
    )


@post("/my/calendar/feeds/{item_id:int}/revoke", **OWN)
def revoke_feed(
    request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId, data: FormBody
) -> Redirect:
    feed, _ = _own_feed(request, db_session, item_id, clean_form(data))
    service.revoke_feed(db_session, item_id, service.now_utc())
    validator_cache(request.app.state).drop(service.token_hashes(db_session, item_id))
    return see_other(f"/my/calendar?person_id={feed.owner_id}&revoked={item_id}")


def calendar_pages() -> Router:
    return Router(
        path="/",
        route_handlers=[
            my_calendar,
            create_feed,
            confirm_rotate,
            confirm_revoke,
            rotate_feed,
            revoke_feed,
        ],
    )
