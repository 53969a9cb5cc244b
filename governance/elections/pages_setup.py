"""HTML pages of an event's elections: the list with its resolutions, and setting an election up
(candidates, officers, attendance) with the checks a clerk can break by typing."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.response import Redirect, Template
from sqlmodel import col, select

from governance.core.pages.forms import (
    PAGE,
    FormBody,
    attempt,
    clean_form,
    lines,
    number,
    refused,
    see_other,
    text,
)
from governance.core.web import DbSession, ItemId
from governance.elections import checks, procedures, resolutions, service
from governance.elections.models import Resolution
from governance.elections.pages_shared import (
    OFFICER_FIELDS,
    PRESET_LABELS,
    ROLES_OF_FIELDS,
    event_or_404,
    labels,
    say,
)
from governance.elections.schemas import ElectionCreate
from governance.records.models import Event


# --- the elections and resolutions of an event ------------------------------------------------
@get("/events/{item_id:int}/elections", **PAGE)
def event_elections_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = event_or_404(db_session, item_id)
    elections, _ = service.list_elections(db_session, item_id, 500, 0)
    rows = db_session.exec(
        select(Resolution).where(Resolution.event_id == item_id).order_by(col(Resolution.id))
    ).all()
    return Template(
        "elections/pages/event.html",
        context={
            **labels(),
            "event": event,
            "elections": elections,
            "resolutions": [resolutions.resolution_read(db_session, r) for r in rows],
        },
    )


def _election_form_context(
    event: Event, form: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {**labels(), "event": event, "form": form, "errors": errors}


@get("/events/{item_id:int}/elections/new", **PAGE)
def new_election_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = event_or_404(db_session, item_id)
    form = {"preset": "", "seats": "", "title": ""}
    return Template("elections/pages/new.html", context=_election_form_context(event, form, {}))


def _names_problems(
    form: dict[str, Any], errors: dict[str, str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Candidates and officers from the textareas, with the rules a clerk can break by typing."""
    candidates = lines(form, "candidates")
    officers = {key: lines(form, key) for key in OFFICER_FIELDS.values()}
    twice = sorted({n for n in candidates if candidates.count(n) > 1})
    if twice:
        errors["candidates"] = say("election_name_twice", name="、".join(twice))
    if len(officers["chief_scrutineer"]) > 1:
        errors["chief_scrutineer"] = say("election_one_chief_scrutineer")
    seen: set[str] = set()
    for key, names in officers.items():
        clash = [n for n in names if n in candidates]
        if clash:
            errors[key] = say(
                "election_candidate_as_officer", name="、".join(clash), role=ROLES_OF_FIELDS[key]
            )
        again = [n for n in names if n in seen]
        if again and key not in errors:
            errors[key] = say("election_officer_twice", name="、".join(again))
        seen.update(names)
    for key, names in (("candidates", candidates), *officers.items()):
        if any(len(n) > checks.MAX_NAME for n in names) and key not in errors:
            errors[key] = say("election_name_too_long", max=checks.MAX_NAME)
    return candidates, officers


@post("/events/{item_id:int}/elections", **PAGE)
def create_election(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    event = event_or_404(db_session, item_id)
    form = clean_form(data)
    errors: dict[str, str] = {}
    seats = number(form, "seats", errors)
    if seats is not None and seats < 1:
        errors["seats"] = say("election_seats_too_few", min=1)
    preset = text(form, "preset")
    if preset not in PRESET_LABELS:
        errors["preset"] = say("election_preset_required")
    candidates, officers = _names_problems(form, errors)
    attendance = {
        k: number(form, k, errors, required=False)
        for k in ("voters_due", "voters_present", "members_total")
    }
    if not candidates:
        errors.setdefault("candidates", say("election_candidates_required"))
    elif seats and preset in PRESET_LABELS and "candidates" not in errors:
        rule = procedures.PRESETS[preset].candidates
        if problem := procedures.candidate_count_problem(seats, len(candidates), rule):
            code, params = problem
            errors["candidates"] = say(code, **params)
    body = {
        "event_id": item_id,
        "title": text(form, "title"),
        "seats": seats or 1,
        "preset": preset if preset in PRESET_LABELS else "party",
        "candidates": [{"name": n} for n in candidates],
        "officers": [
            {"role": role.value, "name": n}
            for role, key in OFFICER_FIELDS.items()
            for n in officers[key]
        ],
        "notes": text(form, "notes"),
        **{k: v for k, v in attendance.items() if v is not None},
    }
    data_in, problems = attempt(
        lambda: ElectionCreate.model_validate(body),
        rename={"candidates": "candidates", "officers": "tellers"},
    )
    for key, message in problems.items():
        errors.setdefault(key, message)
    if errors or data_in is None:
        return refused("elections/pages/new.html", _election_form_context(event, form, errors))
    election, errors = attempt(
        lambda: service.create_election(db_session, data_in), db_session, {"officers": "tellers"}
    )
    if election is None:
        return refused("elections/pages/new.html", _election_form_context(event, form, errors))
    return see_other(f"/elections/{election.id}")
