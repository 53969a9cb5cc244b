"""HTML pages of one election: its result, versions and rounds; entering the paper tally with
live checks, certifying it, and the next round its result calls for."""

from __future__ import annotations

from typing import Any

from litestar import get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlmodel import Session

from governance.core.errors import DomainError
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    attempt,
    clean_form,
    domain_message,
    refused,
    see_other,
    text,
)
from governance.core.web import DbSession, ItemId
from governance.elections import checks, rules, service, tallies
from governance.elections.models import Election
from governance.elections.pages_shared import labels, say
from governance.elections.schemas import CertifyIn, ElectionRead, TallyIn


def _election_context(session: Session, election: Election) -> dict[str, Any]:
    read = service.election_read(session, election)
    versions = tallies.tally_versions(session, election.id or 0)
    return {**labels(), "election": read, "versions": versions, "procedure": read.procedure}


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
    for name in rules.BALLOT_FIELDS:
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


def _evaluate(read: ElectionRead, form: dict[str, Any]) -> checks.Evaluation:
    """The typed form checked and counted against the election's candidates and attendance."""
    candidates = [c.name for c in read.candidates]
    frozen = {
        "voters_due": read.voters_due,
        "voters_present": read.voters_present,
        "members_total": read.members_total,
    }
    return checks.evaluate(read.procedure, read.seats, form, candidates, frozen)


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
    typed, problems, found, result = _evaluate(read, form)
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
    typed, problems, _, _ = _evaluate(read, form)
    errors = checks.in_chinese(problems)
    correcting = any(v.certified_by for v in tallies.tally_versions(db_session, item_id))
    reason = text(form, "correction_reason")
    if correcting and not reason:
        errors["correction_reason"] = say("tally_correction_needs_reason", id=item_id)
    entered_by = text(form, "entered_by")
    if len(entered_by) > checks.MAX_NAME:
        errors["entered_by"] = say("too_long", max=checks.MAX_NAME)
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
    _, errors = attempt(
        lambda: tallies.enter_tally(db_session, item_id, TallyIn.model_validate(body)), db_session
    )
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
        errors = {"certified_by": say("tally_certifier_required", max=checks.MAX_NAME)}
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
