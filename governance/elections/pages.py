"""HTML pages of elections and resolutions: set an election up from its event, enter the paper
tally with live checks, see and certify the result, its versions and rounds; record resolutions.

Thin: forms are read into the service's schemas (elections/schemas.py), the counting is
rules.py's (through checks.py), storing is the services'. Every refusal's words are the
catalogue's (templates/messages/elections.yaml), rendered here in Chinese (`_say`).
"""

from __future__ import annotations

from typing import Any

from litestar import Router, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlmodel import Session, col, select

from governance.core import crud, messages
from governance.core.errors import DomainError
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    clean_form,
    domain_field,
    domain_message,
    lines,
    number,
    refused,
    see_other,
    text,
    validation_errors,
)
from governance.core.web import DbSession, ItemId
from governance.elections import checks, people, procedures, resolutions, service, tallies
from governance.elections.models import Election, Matter, OfficerRole, Resolution
from governance.elections.procedures import BallotKind
from governance.elections.schemas import (
    CertifyIn,
    ElectionCreate,
    TallyIn,
)
from governance.records.models import Event

PRESET_LABELS = {key: p.name for key, p in procedures.PRESETS.items()}
OFFICER_FIELDS = {
    OfficerRole.CHIEF_SCRUTINEER: "chief_scrutineer",
    OfficerRole.SCRUTINEER: "scrutineers",
    OfficerRole.TELLER: "tellers",
}
MATTER_LABELS = {
    Matter.DOCUMENT: "文件（如选举办法、决议）",
    Matter.REPORT: "工作报告",
    Matter.LIST: "名单（如监票人、计票人建议名单）",
    Matter.OTHER: "其他事项",
}
METHOD_LABELS = {
    BallotKind.SECRET: "无记名投票",
    BallotKind.SHOW_OF_HANDS: "举手表决",
    BallotKind.ROLL_CALL: "记名（唱名）表决",
}
ROUND_LABELS = {
    "first": "第一轮",
    "revote": "再次投票",
    "further_election": "另行选举",
    "rerun": "重新选举",
}
STATUS_LABELS = {"draft": "待计票", "counted": "已计票，待确认", "certified": "已确认"}
ROLES_OF_FIELDS = {key: people.OFFICER_LABELS[role] for role, key in OFFICER_FIELDS.items()}


def _say(code: str, **params: Any) -> str:
    """A refusal of the catalogue in Chinese."""
    return messages.render(code, params, "zh")


def _event(session: Session, event_id: int) -> Event:
    return crud.get_or_404(session, Event, event_id, "event")


def _common() -> dict[str, Any]:
    return {
        "preset_labels": PRESET_LABELS,
        "round_labels": ROUND_LABELS,
        "status_labels": STATUS_LABELS,
        "matter_labels": MATTER_LABELS,
        "method_labels": METHOD_LABELS,
        "base_labels": checks.BASE_LABELS,
    }


# --- the elections and resolutions of an event ------------------------------------------------
@get("/events/{item_id:int}/elections", **PAGE)
def event_elections_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = _event(db_session, item_id)
    elections, _ = service.list_elections(db_session, item_id, 500, 0)
    rows = db_session.exec(
        select(Resolution).where(Resolution.event_id == item_id).order_by(col(Resolution.id))
    ).all()
    return Template(
        "elections/pages/event.html",
        context={
            **_common(),
            "event": event,
            "elections": elections,
            "resolutions": [resolutions.resolution_read(db_session, r) for r in rows],
        },
    )


def _election_form_context(
    event: Event, form: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    return {**_common(), "event": event, "form": form, "errors": errors}


@get("/events/{item_id:int}/elections/new", **PAGE)
def new_election_page(db_session: DbSession, item_id: ItemId) -> Template:
    event = _event(db_session, item_id)
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
        errors["candidates"] = _say("election_name_twice", name="、".join(twice))
    if len(officers["chief_scrutineer"]) > 1:
        errors["chief_scrutineer"] = _say("election_one_chief_scrutineer")
    seen: set[str] = set()
    for key, names in officers.items():
        clash = [n for n in names if n in candidates]
        if clash:
            errors[key] = _say(
                "election_candidate_as_officer", name="、".join(clash), role=ROLES_OF_FIELDS[key]
            )
        again = [n for n in names if n in seen]
        if again and key not in errors:
            errors[key] = _say("election_officer_twice", name="、".join(again))
        seen.update(names)
    for key, names in (("candidates", candidates), *officers.items()):
        if any(len(n) > checks.MAX_NAME for n in names) and key not in errors:
            errors[key] = _say("election_name_too_long", max=checks.MAX_NAME)
    return candidates, officers


@post("/events/{item_id:int}/elections", **PAGE)
def create_election(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    event = _event(db_session, item_id)
    form = clean_form(data)
    errors: dict[str, str] = {}
    seats = number(form, "seats", errors)
    if seats is not None and seats < 1:
        errors["seats"] = _say("election_seats_too_few", min=1)
    preset = text(form, "preset")
    if preset not in PRESET_LABELS:
        errors["preset"] = _say("election_preset_required")
    candidates, officers = _names_problems(form, errors)
    attendance = {
        k: number(form, k, errors, required=False)
        for k in ("voters_due", "voters_present", "members_total")
    }
    if not candidates:
        errors.setdefault("candidates", _say("election_candidates_required"))
    elif seats and preset in PRESET_LABELS and "candidates" not in errors:
        rule = procedures.PRESETS[preset].candidates
        if problem := procedures.candidate_count_problem(seats, len(candidates), rule):
            code, params = problem
            errors["candidates"] = _say(code, **params)
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
    try:
        data_in = ElectionCreate.model_validate(body)
    except ValidationError as exc:
        for key, message in validation_errors(
            exc, {"candidates": "candidates", "officers": "tellers"}
        ).items():
            errors.setdefault(key, message)
        data_in = None
    if errors or data_in is None:
        return refused("elections/pages/new.html", _election_form_context(event, form, errors))
    try:
        election = service.create_election(db_session, data_in)
    except DomainError as exc:
        db_session.rollback()
        errors[domain_field(exc, {"officers": "tellers"})] = domain_message(exc)
        return refused("elections/pages/new.html", _election_form_context(event, form, errors))
    return see_other(f"/elections/{election.id}")


# --- one election -------------------------------------------------------------------------------
def _election_context(session: Session, election: Election) -> dict[str, Any]:
    read = service.election_read(session, election)
    versions = tallies.tally_versions(session, election.id or 0)
    return {**_common(), "election": read, "versions": versions, "procedure": read.procedure}


@get("/elections/{item_id:int}", **PAGE)
def election_page(db_session: DbSession, item_id: ItemId) -> Template:
    election = service.get_election(db_session, item_id)
    return Template(
        "elections/pages/election.html",
        context={**_election_context(db_session, election), "errors": {}, "form": {}},
    )


def _tally_defaults(read: Any) -> dict[str, Any]:
    """The form filled from the latest count (for a correction), or only the attendance."""
    form: dict[str, Any] = {
        "voters_due": "" if read.voters_due is None else str(read.voters_due),
        "voters_present": "" if read.voters_present is None else str(read.voters_present),
        "members_total": "" if read.members_total is None else str(read.members_total),
    }
    tally = read.tally
    if tally is None:
        return form
    for name in checks.BALLOT_FIELDS:
        form[name] = str(getattr(tally, name))
    names = [c.name for c in read.candidates]
    write_ins = [c for c in tally.counts if c.write_in]
    for c in tally.counts:
        if not c.write_in and c.name in names:
            i = names.index(c.name)
            form[f"for_{i}"], form[f"against_{i}"], form[f"abstain_{i}"] = (
                str(c.votes_for),
                str(c.votes_against),
                str(c.votes_abstain),
            )
    for j, c in enumerate(write_ins[: checks.WRITE_IN_ROWS]):
        form[f"wi_name_{j}"], form[f"wi_votes_{j}"] = c.name, str(c.votes_for)
    form["entered_by"] = tally.entered_by
    return form


def _tally_context(
    session: Session,
    election: Election,
    form: dict[str, Any],
    errors: dict[str, str],
    typing: bool = False,
) -> dict[str, Any]:
    """The tally form with its checks; `typing` (the live check): an empty field is not yet
    an error."""
    context = _election_context(session, election)
    read = context["election"]
    candidates = [c.name for c in read.candidates]
    frozen = {
        "voters_due": read.voters_due,
        "voters_present": read.voters_present,
        "members_total": read.members_total,
    }
    typed, problems, found, result = checks.evaluate(
        read.procedure, read.seats, form, candidates, frozen
    )
    if typing:
        problems = {
            key: (code, params)
            for key, (code, params) in problems.items()
            if not (code in checks.EMPTY_CODES and not text(form, key))
        }
    return {
        **context,
        "form": form,
        "errors": errors,
        "checks": found,
        "problems": checks.in_chinese(problems) if form.get("ballots_issued") else {},
        "preview": result,
        "missing": typed.missing,
        "write_in_rows": range(checks.WRITE_IN_ROWS),
        "correcting": any(v.certified_by for v in context["versions"]),
    }


@get("/elections/{item_id:int}/tally", **PAGE)
def tally_page(db_session: DbSession, item_id: ItemId) -> Template:
    election = service.get_election(db_session, item_id)
    read = service.election_read(db_session, election)
    form = _tally_defaults(read)
    return Template(
        "elections/pages/tally.html", context=_tally_context(db_session, election, form, {})
    )


@post("/elections/{item_id:int}/tally/check", **PAGE)
def tally_check(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template:
    """The live check: the checks and the result the typed numbers give, as an HTML fragment."""
    election = service.get_election(db_session, item_id)
    context = _tally_context(db_session, election, clean_form(data), {}, typing=True)
    return Template("elections/pages/_checks.html", context=context)


@post("/elections/{item_id:int}/tally", **PAGE)
def enter_tally(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    election = service.get_election(db_session, item_id)
    form = clean_form(data)
    read = service.election_read(db_session, election)
    candidates = [c.name for c in read.candidates]
    frozen = {
        "voters_due": read.voters_due,
        "voters_present": read.voters_present,
        "members_total": read.members_total,
    }
    typed, problems, _, _ = checks.evaluate(read.procedure, read.seats, form, candidates, frozen)
    errors = checks.in_chinese(problems)
    correcting = any(v.certified_by for v in tallies.tally_versions(db_session, item_id))
    reason = text(form, "correction_reason")
    if correcting and not reason:
        errors["correction_reason"] = _say("tally_correction_needs_reason", id=item_id)
    entered_by = text(form, "entered_by")
    if len(entered_by) > checks.MAX_NAME:
        errors["entered_by"] = _say("too_long", max=checks.MAX_NAME)
    if errors:
        return refused(
            "elections/pages/tally.html", _tally_context(db_session, election, form, errors)
        )
    assert typed.ballots is not None and typed.voters is not None
    b = typed.ballots
    body = {
        "ballots_issued": b.issued,
        "ballots_returned": b.returned,
        "ballots_valid": b.valid,
        "ballots_invalid": b.invalid,
        "invalid_over_marked": b.over_marked,
        "invalid_stray_marks": b.stray_marks,
        "invalid_other": b.other,
        "counts": [
            {
                "name": c.name,
                "votes_for": c.votes_for,
                "votes_against": c.votes_against,
                "votes_abstain": c.votes_abstain,
            }
            for c in typed.counts
            if not c.write_in
        ],
        "write_ins": [{"name": c.name, "votes": c.votes_for} for c in typed.counts if c.write_in],
        "voters_due": typed.voters.due,
        "voters_present": typed.voters.present,
        "members_total": typed.voters.total,
        "entered_by": entered_by,
        "correction_reason": reason if correcting else "",
    }
    try:
        tallies.enter_tally(db_session, item_id, TallyIn.model_validate(body))
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        db_session.rollback()
        errors = {domain_field(exc): domain_message(exc)}
    if errors:
        return refused(
            "elections/pages/tally.html", _tally_context(db_session, election, form, errors)
        )
    return see_other(f"/elections/{item_id}")


@post("/elections/{item_id:int}/certify", **PAGE)
def certify(db_session: DbSession, item_id: ItemId, data: FormBody) -> Template | Redirect:
    election = service.get_election(db_session, item_id)
    form = clean_form(data)
    errors: dict[str, str] = {}
    try:
        tallies.certify(db_session, item_id, CertifyIn(certified_by=text(form, "certified_by")))
    except ValidationError:
        errors = {"certified_by": _say("tally_certifier_required", max=checks.MAX_NAME)}
    except DomainError as exc:
        db_session.rollback()
        errors = {"certified_by": domain_message(exc)}
    if errors:
        context = {**_election_context(db_session, election), "errors": errors, "form": form}
        return refused("elections/pages/election.html", context)
    return see_other(f"/elections/{item_id}")


@post("/elections/{item_id:int}/rounds", **PAGE)
def next_round(db_session: DbSession, item_id: ItemId) -> Template | Redirect:
    election = service.get_election(db_session, item_id)
    try:
        new = tallies.create_next_round(db_session, item_id)
    except DomainError as exc:
        db_session.rollback()
        context = {
            **_election_context(db_session, election),
            "errors": {"rounds": domain_message(exc)},
            "form": {},
        }
        return refused("elections/pages/election.html", context)
    return see_other(f"/elections/{new.id}")


def elections_pages() -> Router:
    from governance.elections.pages_resolutions import RESOLUTION_HANDLERS

    return Router(
        path="/",
        route_handlers=[
            event_elections_page,
            new_election_page,
            create_election,
            election_page,
            tally_page,
            tally_check,
            enter_tally,
            certify,
            next_round,
            *RESOLUTION_HANDLERS,
        ],
    )
