"""The records that core.crud serves as they are: organisations, people, posts, tenures,
standing bodies and an event's parts, each with its references and its own checks."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select

from governance.core.columns import utcnow
from governance.core.crud import Resource
from governance.core.errors import Conflict, Invalid
from governance.records.models import (
    AgendaItem,
    AttendanceGroup,
    Document,
    Event,
    Organisation,
    Participation,
    Person,
    Post,
    StandingBody,
    Tenure,
)

ORGANISATION = "organisation"
ORGANISATION_REF: dict[str, tuple[type[SQLModel], str]] = {
    "organisation_id": (Organisation, ORGANISATION)
}


def _touch_event(session: Session, row: Any) -> None:
    event = session.get(Event, row.event_id) if getattr(row, "event_id", None) else None
    if event is not None:
        event.updated_at = utcnow()
        session.add(event)


def check_not_own_ancestor(
    session: Session, model: Any, parent_id: int | None, own_id: int | None, code: str
) -> None:
    """Refuses a parent that is the record itself or one of its descendants."""
    seen = {own_id} if own_id else set()
    while parent_id is not None:
        if parent_id in seen:
            raise Invalid("parent_id", code)
        seen.add(parent_id)
        parent = session.get(model, parent_id)
        parent_id = parent.parent_id if parent else None


def _check_not_own_parent(
    session: Session, values: dict[str, Any], row: Organisation | None
) -> None:
    own_id = row.id if row is not None else None
    check_not_own_ancestor(
        session, Organisation, values.get("parent_id"), own_id, "organisation_own_ancestor"
    )


def flatten_guest(values: dict[str, Any]) -> dict[str, Any]:
    if "guest" in values:
        guest = values.pop("guest") or {}
        values["guest_name"] = guest.get("name", "")
        values["guest_title"] = guest.get("title", "")
        values["guest_organisation"] = guest.get("organisation", "")
    return values


def _check_participation(session: Session, values: dict[str, Any], row: Any) -> None:
    has_person = values.get("person_id") is not None
    if has_person == bool(values.get("guest_name")):
        raise Invalid("person_id", "participant_person_or_guest")
    stmt = select(Participation.id).where(
        Participation.event_id == values["event_id"], Participation.role == values["role"]
    )
    stmt = stmt.where(
        Participation.person_id == values["person_id"]
        if has_person
        else Participation.guest_name == values["guest_name"]
    )
    if row is not None:
        stmt = stmt.where(Participation.id != row.id)
    if session.exec(stmt).first() is not None:
        raise Conflict(
            "participant_already_listed",
            "person_id",
            event_id=values["event_id"],
            role=str(values["role"]),
        )


def _check_agenda_document(session: Session, values: dict[str, Any], _row: Any) -> None:
    doc_id = values.get("document_id")
    if doc_id is not None:
        doc = session.get(Document, doc_id)
        if doc is None or doc.event_id != values["event_id"]:
            raise Invalid(
                "document_id",
                "agenda_document_not_at_event",
                document_id=doc_id,
                event_id=values["event_id"],
            )


def _check_tenure(_session: Session, values: dict[str, Any], _row: Any) -> None:
    if (
        values.get("starts_on")
        and values.get("ends_on")
        and values["ends_on"] < values["starts_on"]
    ):
        raise Invalid("ends_on", "tenure_ends_before_start")


ORGANISATIONS = Resource(
    Organisation,
    ORGANISATION,
    refs={"parent_id": (Organisation, ORGANISATION)},
    unique=(("name",),),
    check=_check_not_own_parent,
)
PEOPLE = Resource(Person, "person", refs=ORGANISATION_REF)
POSTS = Resource(
    Post,
    "post",
    refs=ORGANISATION_REF,
    unique=(("organisation_id", "title"),),
)
TENURES = Resource(
    Tenure,
    "tenure",
    refs={"person_id": (Person, "person"), "post_id": (Post, "post")},
    check=_check_tenure,
)
BODIES = Resource(
    StandingBody,
    "standing body",
    refs=ORGANISATION_REF,
    unique=(("organisation_id", "name"),),
)
PARTICIPATIONS = Resource(
    Participation,
    "participation",
    refs={"event_id": (Event, "event"), "person_id": (Person, "person")},
    to_columns=flatten_guest,
    check=_check_participation,
    touched=_touch_event,
)
GROUPS = Resource(
    AttendanceGroup,
    "group",
    refs={"event_id": (Event, "event"), "organisation_id": (Organisation, ORGANISATION)},
    touched=_touch_event,
)
DOCUMENTS = Resource(
    Document, "document", refs={"event_id": (Event, "event")}, touched=_touch_event
)
AGENDA_ITEMS = Resource(
    AgendaItem,
    "agenda item",
    refs={"event_id": (Event, "event"), "presenter_id": (Person, "person")},
    check=_check_agenda_document,
    touched=_touch_event,
)
