"""Event pages: the list with filters, the month calendar, one event with everything recorded,
and the create / edit form."""

from __future__ import annotations

import calendar as month_grid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, select

from governance.core import crud, timing
from governance.core.access import sees_everything
from governance.core.pages.forms import WHOLE_FORM, FormBody, attempt, text
from governance.core.pages.paging import Pager
from governance.core.plugin import REGISTRY
from governance.core.web import DbSession, ItemId, Limit, Offset, OptionalId, Query
from governance.records import service
from governance.records.models import (
    AgendaKind,
    Document,
    DocumentKind,
    DocumentStatus,
    Event,
    EventKind,
    EventStatus,
    Organisation,
    Person,
    Role,
    StandingBody,
    Visibility,
)
from governance.records.pages import event_form, event_payload
from governance.records.schemas import EventCreate, EventSummary, EventUpdate

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}
Day = Annotated[date | None, QueryParameter(description="YYYY-MM-DD")]
From = Annotated[date | None, QueryParameter(name="from", description="YYYY-MM-DD")]
Month = Annotated[str | None, QueryParameter(pattern=r"^\d{4}-\d{2}$", max_length=7)]


def today() -> date:
    return datetime.now(timing.SHANGHAI).date()


# --- list ------------------------------------------------------------------------------------
def events_listing(
    db_session: DbSession,
    q: Query = None,
    kind: FromQuery[EventKind | None] = None,
    status: FromQuery[EventStatus | None] = None,
    organisation_id: OptionalId = None,
    from_: From = None,
    to: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Template:
    filters = service.EventFilter(
        q=q or None, kind=kind, status=status, organisation_id=organisation_id, start=from_, end=to
    )
    items, total = service.list_events(db_session, filters, limit, offset)
    params = {
        "q": q or "",
        "kind": kind or "",
        "status": status or "",
        "organisation_id": organisation_id or "",
        "from": from_.isoformat() if from_ else "",
        "to": to.isoformat() if to else "",
    }
    return Template(
        "pages/events.html",
        context={
            "events": items,
            "total": total,
            "filters": params,
            "filtered": any(params.values()),
            "kinds": list(EventKind),
            "statuses": list(EventStatus),
            "organisations": organisations(db_session),
            "pager": Pager(total, limit, offset, params),
        },
    )


# Two handlers over one function: a handler with a list of paths wraps a sync function twice
# in Litestar 2.25 (its answer is then an un-awaited coroutine).
events_page = get("/events", **PAGE)(events_listing)
home_page = get("/", name="home", **PAGE)(events_listing)


def organisations(session: Session) -> list[Organisation]:
    return list(
        session.exec(select(Organisation).order_by(col(Organisation.rank), Organisation.name))
    )


# --- month calendar --------------------------------------------------------------------------
@dataclass
class Day_:
    day: date
    in_month: bool
    today: bool
    events: list[EventSummary] = field(default_factory=list)


def last_day(event: EventSummary) -> date:
    end = event.end
    if end is None:
        return timing.local_day(_instant(event.start))
    if isinstance(end, datetime):
        return max(timing.local_day(end), timing.local_day(_instant(event.start)))
    return end


def _instant(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else timing.local_midnight(value)


def first_day(event: EventSummary) -> date:
    return timing.local_day(_instant(event.start))


def _month(value: str | None) -> date:
    if value:
        year, month = int(value[:4]), int(value[5:7])
        if 1 <= month <= 12 and timing.FIRST_YEAR <= year <= timing.LAST_YEAR - 1:
            return date(year, month, 1)
    return today().replace(day=1)


@get("/calendar", **PAGE)
def calendar_page(db_session: DbSession, month: Month = None) -> Template:
    first = _month(month)
    days_in_month = month_grid.monthrange(first.year, first.month)[1]
    last = first.replace(day=days_in_month)
    items, total = service.list_events(
        db_session, service.EventFilter(start=first, end=last), 500, 0
    )
    now = today()
    weeks: list[list[Day_]] = []
    by_day: dict[date, Day_] = {}
    for week in month_grid.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        row = [Day_(d, d.month == first.month, d == now) for d in week]
        by_day.update((d.day, d) for d in row)
        weeks.append(row)
    for event in sorted(items, key=lambda e: (first_day(e), e.id)):
        day = max(first_day(event), weeks[0][0].day)
        end = min(last_day(event), weeks[-1][-1].day)
        while day <= end:
            by_day[day].events.append(event)
            day = date.fromordinal(day.toordinal() + 1)
    previous = date.fromordinal(first.toordinal() - 1).replace(day=1)
    following = date.fromordinal(last.toordinal() + 1)
    return Template(
        "pages/calendar.html",
        context={
            "month": first,
            "weeks": weeks,
            "total": total,
            "events": sorted(items, key=lambda e: (first_day(e), e.id)),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "this_month": now.strftime("%Y-%m"),
            "weekdays": "一二三四五六日",
        },
    )


# --- one event -------------------------------------------------------------------------------
@get("/events/{item_id:int}", **PAGE)
def event_page(request: Request[Any, Any, Any], db_session: DbSession, item_id: ItemId) -> Template:
    row = crud.get_or_404(db_session, Event, item_id, "event")
    event = service.event_read(db_session, row)
    # The history shows every change to the record, so (like its API) it is for editors only.
    who = request.scope.get("user")
    editor = who is not None and sees_everything(who.role)
    return Template(
        "pages/event.html",
        context={
            "event": event,
            "organiser": db_session.get(Organisation, row.organiser_id)
            if row.organiser_id
            else None,
            "body": db_session.get(StandingBody, row.body_id) if row.body_id else None,
            "parent": db_session.get(Event, row.parent_id) if row.parent_id else None,
            "children": list(
                db_session.exec(
                    select(Event).where(Event.parent_id == item_id).order_by(col(Event.starts_at))
                )
            ),
            "documents": {d.id: d for d in event.documents},
            "presenters": _names(db_session, {a.presenter_id for a in event.agenda}),
            # What other capabilities recorded about the event (their declared sections).
            "elections": [],
            "resolutions": [],
            "tasks": [],
            "history": None,
            **{
                name: section(
                    db_session,
                    item_id,
                    editor=editor,
                    today=today(),
                    settings=request.app.state.settings,
                )
                for name, section in REGISTRY.event_sections.items()
            },
        },
    )


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(wanted)))
    return {ident or 0: name for ident, name in rows}


# --- the form --------------------------------------------------------------------------------
def _choices(session: Session) -> dict[str, Any]:
    bodies = session.exec(
        select(StandingBody, Organisation)
        .join(Organisation, col(Organisation.id) == StandingBody.organisation_id)
        .order_by(col(Organisation.rank), col(StandingBody.name))
    ).all()
    return {
        "kinds": list(EventKind),
        "statuses": list(EventStatus),
        "visibilities": list(Visibility),
        "roles": list(Role),
        "agenda_kinds": list(AgendaKind),
        "document_kinds": list(DocumentKind),
        "document_statuses": list(DocumentStatus),
        "organisation_options": [(o.id, o.short_name or o.name) for o in organisations(session)],
        "bodies": [(b.id, f"{o.short_name or o.name} · {b.name}") for b, o in bodies],
    }


def _form_page(
    session: Session,
    form: event_form.EventForm,
    event_id: int | None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    return Template(
        "pages/event_form.html",
        context={
            "form": form,
            "f": form.fields,
            "event_id": event_id,
            "errors": errors or {},
            "error_labels": event_form.error_labels(errors or {}),
            "whole_form": WHOLE_FORM,
            **_choices(session),
        },
        status_code=status_code,
    )


@get("/events/new", **PAGE)
def new_event_page(db_session: DbSession, day: Day = None) -> Template:
    form = event_form.EventForm(
        fields={
            **dict.fromkeys(event_form.EVENT_FIELDS, ""),
            "kind": EventKind.CONGRESS.value,
            "status": EventStatus.HELD.value,
            "visibility": Visibility.INTERNAL.value,
            "start_date": day.isoformat() if day else "",
        }
    )
    return _form_page(db_session, form.pad(), None)


@get("/events/{item_id:int}/edit", **PAGE)
def edit_event_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = service.event_read(db_session, crud.get_or_404(db_session, Event, item_id, "event"))
    titles = {d.id: d.title for d in event.documents}
    return _form_page(db_session, event_form.from_event(event, titles).pad(), item_id)


def _save(
    session: Session, data: dict[str, Any], event_id: int | None
) -> tuple[int | None, event_form.EventForm, dict[str, str]]:
    form = event_form.from_submission(data)
    action = text(data, "form_action")
    if action:
        form.apply(action)
        return None, form, {}
    payload = event_payload.to_payload(session, form)
    errors = dict(payload.errors)
    schema = EventCreate if event_id is None else EventUpdate
    validated, problems = attempt(lambda: schema.model_validate(payload.data))
    for path, message in problems.items():
        key = event_form.form_key(path)
        head = key.split(".")[0]
        # A row the form already explained (an unknown name) needs no second message.
        if not any(k == head or k.startswith(head + ".") for k in errors):
            errors[key] = message
    if errors or validated is None:
        return None, form, errors

    def store() -> Event:
        """New people of the form first (as external), then the event."""
        for index, row in payload.new_people:
            person = Person(name=row["name"], internal=False)
            session.add(person)
            session.flush()
            validated.participants[index].person_id = person.id  # type: ignore[index]
            validated.participants[index].guest = None  # type: ignore[index]
            printed = row["guest_organisation"] + row["guest_title"]
            if validated.participants[index].printed_title is None:  # type: ignore[index]
                validated.participants[index].printed_title = printed  # type: ignore[index]
        if event_id is None:
            assert isinstance(validated, EventCreate)
            return service.create_event(session, validated)
        assert isinstance(validated, EventUpdate)
        return service.update_event(session, event_id, validated)

    event, refusals = attempt(store, session)
    if refusals or event is None:
        return None, form, {event_form.form_key(k): v for k, v in refusals.items()}
    return event.id, form, {}


@post("/events/new", **PAGE)
def create_event_form(db_session: DbSession, data: FormBody) -> Template | Redirect:
    saved, form, errors = _save(db_session, data, None)
    if saved is not None:
        return Redirect(f"/events/{saved}", status_code=HTTP_303_SEE_OTHER)
    status = HTTP_422_UNPROCESSABLE_ENTITY if errors else 200
    return _form_page(db_session, form.pad(), None, errors, status)


@post("/events/{item_id:int}/edit", **PAGE)
def update_event_form(
    db_session: DbSession, item_id: ItemId, data: FormBody
) -> Template | Redirect:
    crud.get_or_404(db_session, Event, item_id, "event")
    saved, form, errors = _save(db_session, data, item_id)
    if saved is not None:
        return Redirect(f"/events/{saved}", status_code=HTTP_303_SEE_OTHER)
    status = HTTP_422_UNPROCESSABLE_ENTITY if errors else 200
    return _form_page(db_session, form.pad(), item_id, errors, status)


def documents_of(session: Session, event_id: int) -> dict[int, str]:
    return {
        d.id or 0: d.title
        for d in session.exec(select(Document).where(Document.event_id == event_id))
    }


EVENT_HANDLERS = [
    home_page,
    events_page,
    calendar_page,
    event_page,
    new_event_page,
    edit_event_page,
    create_event_form,
    update_event_form,
]
