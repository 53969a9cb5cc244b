"""HTML pages of resolutions (表决事项): the form that records a matter voted on at an event,
with its vote; the list is on the event's elections page (pages_setup.py)."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from governance.core import messages
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    attempt,
    clean_form,
    number,
    refused,
    see_other,
    text,
)
from governance.core.web import DbSession, ItemId
from governance.elections import consistency, resolutions, rules
from governance.elections.pages_shared import PRESET_LABELS, event_or_404, labels
from governance.elections.schemas import PresetName, ResolutionCreate
from governance.records.models import Document, Event


def _documents(session: Session, event_id: int) -> list[Document]:
    return list(
        session.exec(
            select(Document).where(Document.event_id == event_id).order_by(col(Document.id))
        ).all()
    )


def _resolution_context(
    session: Session, event: Event, form: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        **labels(),
        "event": event,
        "form": form,
        "errors": errors,
        "documents": _documents(session, event.id or 0),
    }


@get("/events/{item_id:int}/resolutions/new", **PAGE)
def new_resolution_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = event_or_404(db_session, item_id)
    form = {"matter": "other", "method": "", "preset": ""}
    return Template(
        "elections/pages/resolution.html", context=_resolution_context(db_session, event, form, {})
    )


@post("/events/{item_id:int}/resolutions", **PAGE)
def create_resolution(
    db_session: DbSession, item_id: ItemId, data: FormBody
) -> Template | Redirect:
    event = event_or_404(db_session, item_id)
    form = clean_form(data)
    errors: dict[str, str] = {}
    votes = {
        k: number(form, k, errors, required=k == "votes_for")
        for k in ("votes_for", "votes_against", "votes_abstain")
    }
    attendance = {
        k: number(form, k, errors, required=False) for k in ("voters_due", "voters_present")
    }
    for key, value in attendance.items():
        if value is None and getattr(event, key.replace("voters", "delegates")) is None:
            which = key.removeprefix("voters_")
            errors[key] = messages.render("resolution_attendance_unknown", {"which": which}, "zh")
    preset = text(form, "preset")
    if preset not in PRESET_LABELS:
        errors["preset"] = messages.render("resolution_preset_required", {}, "zh")
    document = text(form, "document_id")
    method = text(form, "method")
    body: dict[str, Any] = {
        "event_id": item_id,
        "title": text(form, "title"),
        "matter": text(form, "matter") or "other",
        "document_id": int(document) if document.isdigit() else None,
        "method": method or None,
        "preset": preset if preset in PRESET_LABELS else PresetName.PARTY,
        **{k: v or 0 for k, v in votes.items()},
        **{k: v for k, v in attendance.items() if v is not None},
        "notes": text(form, "notes"),
    }
    data_in, problems = attempt(lambda: ResolutionCreate.model_validate(body))
    for key, message in problems.items():
        errors.setdefault(key, message)
    if not errors and data_in is not None:
        due = data_in.voters_due if data_in.voters_due is not None else event.delegates_due or 0
        present = (
            data_in.voters_present
            if data_in.voters_present is not None
            else event.delegates_present or 0
        )
        voters = rules.Voters(due=due, present=present, total=due)
        votes_cast = (data_in.votes_for, data_in.votes_against, data_in.votes_abstain)
        for problem in consistency.resolution_problems(voters, *votes_cast):
            errors.setdefault(problem.field, problem.message)
    if errors or data_in is None:
        return refused(
            "elections/pages/resolution.html", _resolution_context(db_session, event, form, errors)
        )
    _, errors = attempt(lambda: resolutions.create_resolution(db_session, data_in), db_session)
    if errors:
        return refused(
            "elections/pages/resolution.html", _resolution_context(db_session, event, form, errors)
        )
    return see_other(f"/events/{item_id}/elections")


RESOLUTION_HANDLERS = [new_resolution_page, create_resolution]
