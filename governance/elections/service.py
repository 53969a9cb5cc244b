"""Elections at an event: procedures with their deviations, setting an election up, changing
and deleting it, and reading it with its count and result (the count itself: tallies.py).

Knows nothing of HTTP: raises domain errors, returns rows and read models. The counting is in
rules.py; this module gathers the inputs and checks what needs the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from governance.core import crud, messages
from governance.core.columns import utcnow
from governance.core.errors import Conflict, Invalid
from governance.core.versioned import expect_version
from governance.elections import people, procedures, rules
from governance.elections.models import Election, ElectionTally
from governance.elections.schemas import (
    CandidateRead,
    CountRead,
    ElectionCreate,
    ElectionRead,
    ElectionSummary,
    ElectionUpdate,
    OfficerRead,
    PresetName,
    PresetRead,
    ProcedureChanges,
    RoundRead,
    TallyRead,
)
from governance.records import service as records
from governance.records.models import Event

# What may still change once a count has been entered.
EDITABLE_AFTER_COUNT = {"title", "notes", "sample", "key"}


class TallyInvalid(Invalid):
    """A tally with one or more inconsistencies: every one is listed, each naming its field and
    with its own code (rules.Problem). `message` lists them in Chinese, `detail` in English."""

    field_in_detail = False  # each problem names its own field in the detail

    def __init__(self, problems: Sequence[rules.Problem]) -> None:
        self.problems = list(problems)
        english = "; ".join(f"{p.field}: {p.detail}" for p in self.problems)
        super().__init__(self.problems[0].field, "tally_inconsistent", problems=english)

    @property
    def message(self) -> str:
        chinese = "；".join(p.message for p in self.problems)
        return messages.render(self.code, {"problems": chinese}, "zh")

    def items(self) -> list[dict[str, Any]]:
        return [{"key": p.field, "code": p.code, "message": p.message} for p in self.problems]

    def body(self) -> dict[str, Any]:
        # `extra` keeps the API's English wording of each problem (scripts read it), with its code.
        return {
            **super().body(),
            "extra": [{"key": p.field, "code": p.code, "message": p.detail} for p in self.problems],
        }


class CandidateCountInvalid(Invalid):
    """Too few (or, 等额, not exactly as many) candidates for the seats: the code and params of
    `procedures.candidate_count_problem` (one of its three codes, all in the catalogue)."""

    def __init__(self, problem: tuple[str, dict[str, Any]]) -> None:
        code, params = problem
        super().__init__("candidates", code, **params)


# --- procedures ------------------------------------------------------------------------------
def presets() -> list[PresetRead]:
    return [PresetRead(key=PresetName(k), procedure=p) for k, p in procedures.PRESETS.items()]


def effective_procedure(
    preset: str, changes: ProcedureChanges | dict[str, Any] | None, reason: str
) -> tuple[procedures.Procedure, list[procedures.Deviation]]:
    """The preset with the meeting's changes; any deviation must come with its reason."""
    base = procedures.PRESETS[preset]
    if isinstance(changes, ProcedureChanges):
        changes = changes.model_dump(exclude_none=True)
    try:
        procedure = procedures.apply_changes(base, changes or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = f"procedure.{'.'.join(str(part) for part in first['loc'])}".rstrip(".")
        if first["type"] == "elections_share_above_one":
            raise Invalid(where, "elections_share_above_one") from exc
        # Only the fixtures' unchecked changes get here: pydantic's own words, as they were.
        raise Invalid(where, "elections_procedure_invalid", detail=first["msg"]) from exc
    found = procedures.deviations(base, procedure)
    if found and not reason.strip():
        fields = ", ".join(d.field for d in found)
        raise Invalid(
            "deviation_reason", "elections_deviation_needs_reason", preset=preset, fields=fields
        )
    return procedure, found


# --- elections -------------------------------------------------------------------------------
def existing_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise Invalid("event_id", "elections_no_such", what="event", id=event_id)
    return event


def check_key_free(session: Session, model: Any, key: str | None, own_id: int | None) -> None:
    if key is None:
        return
    other = session.exec(select(model.id).where(model.key == key)).first()
    if other is not None and other != own_id:
        raise Conflict("elections_key_taken", "key", key=key, id=other)


def create_election(session: Session, data: ElectionCreate, commit: bool = True) -> Election:
    existing_event(session, data.event_id)
    check_key_free(session, Election, data.key, None)
    procedure, found = effective_procedure(data.preset, data.procedure, data.deviation_reason)
    election = Election(
        key=data.key,
        event_id=data.event_id,
        title=data.title,
        seats=data.seats,
        preset=data.preset,
        procedure=procedure.model_dump(mode="json"),
        deviations=[d.model_dump(mode="json") for d in found],
        deviation_reason=data.deviation_reason if found else "",
        voters_due=data.voters_due,
        voters_present=data.voters_present,
        members_total=data.members_total,
        sample=data.sample,
        notes=data.notes,
    )
    session.add(election)
    session.flush()
    people.replace(session, election, data)
    if commit:
        crud.commit(session, "election")
    return election


def get_election(session: Session, election_id: int) -> Election:
    return crud.get_or_404(session, Election, election_id, "election")


def tallies_of(session: Session, election_id: int) -> list[ElectionTally]:
    return list(
        session.exec(
            select(ElectionTally)
            .where(ElectionTally.election_id == election_id)
            .order_by(col(ElectionTally.version))
        ).all()
    )


def latest_tally(session: Session, election_id: int) -> ElectionTally | None:
    tallies = tallies_of(session, election_id)
    return tallies[-1] if tallies else None


def update_election(
    session: Session, election_id: int, data: ElectionUpdate, commit: bool = True
) -> Election:
    election = get_election(session, election_id)
    expect_version(election, "election")
    changes = data.model_dump(exclude_unset=True)
    tally = latest_tally(session, election_id)
    if tally is not None and (frozen := sorted(set(changes) - EDITABLE_AFTER_COUNT)):
        raise Conflict(
            "election_frozen_after_count",
            frozen[0],
            changed=frozen[0],
            id=election_id,
            version=tally.version,
        )
    for name in ("title", "seats", "preset", "notes", "sample"):
        if name in changes and changes[name] is None:
            raise Invalid(name, "elections_not_null")
    if "key" in changes:
        check_key_free(session, Election, data.key, election_id)
    if {"preset", "procedure", "deviation_reason"} & set(changes):
        preset = data.preset or election.preset
        reason = (
            data.deviation_reason
            if data.deviation_reason is not None
            else election.deviation_reason
        )
        old = procedures.PRESETS[election.preset]
        kept = procedures.changes_of(old, procedures.Procedure.model_validate(election.procedure))
        if data.preset is not None and "procedure" not in changes:
            kept = {}  # a new preset without changes means the preset as it is
        new_changes = data.procedure.model_dump(exclude_none=True) if data.procedure else kept
        procedure, found = effective_procedure(preset, new_changes, reason)
        election.preset = preset
        election.procedure = procedure.model_dump(mode="json")
        election.deviations = [d.model_dump(mode="json") for d in found]
        election.deviation_reason = reason if found else ""
    simple = ("key", "title", "seats", "voters_due", "voters_present", "members_total")
    for name in (*simple, "sample", "notes"):
        if name in changes:
            setattr(election, name, changes[name])
    people.replace(session, election, data)
    election.updated_at = utcnow()
    session.add(election)
    if commit:
        crud.commit(session, "election")
    return election


def delete_election(session: Session, election_id: int) -> None:
    election = get_election(session, election_id)
    expect_version(election, "election")
    certified = [t for t in tallies_of(session, election_id) if t.certified_by is not None]
    if certified:
        raise Conflict(
            "election_certified_kept",
            id=election_id,
            version=certified[0].version,
            by=certified[0].certified_by,
        )
    later = session.exec(
        select(Election.id).where(Election.previous_round_id == election_id)
    ).first()
    if later is not None:
        raise Conflict("election_has_next_round", id=election_id, round=later)
    session.delete(election)
    crud.commit(session, "election")


# --- reading ---------------------------------------------------------------------------------
def _status(tally: ElectionTally | None) -> str:
    if tally is None:
        return "draft"
    return "certified" if tally.certified_by is not None else "counted"


def tally_read(tally: ElectionTally) -> TallyRead:
    return TallyRead.model_validate(
        {
            **tally.model_dump(),
            "counts": [CountRead.model_validate(c) for c in tally.counts],
            "result": rules.ElectionResult.model_validate(tally.result),
        }
    )


def election_summary(session: Session, election: Election) -> ElectionSummary:
    tally = latest_tally(session, election.id or 0)
    return ElectionSummary.model_validate(
        {
            **election.model_dump(),
            "certified": tally is not None and tally.certified_by is not None,
            "status": _status(tally),
        }
    )


def rounds(session: Session, election: Election) -> list[Election]:
    root = election.first_round_id or election.id
    rows = session.exec(
        select(Election).where((Election.id == root) | (Election.first_round_id == root))
    ).all()
    return sorted(rows, key=lambda e: (e.round_number, e.id or 0))


def election_read(session: Session, election: Election) -> ElectionRead:
    election_id = election.id or 0
    tallies = tallies_of(session, election_id)
    tally = tallies[-1] if tallies else None
    event = crud.get_or_404(session, Event, election.event_id, "event")
    procedure = procedures.Procedure.model_validate(election.procedure)
    due, present, total = attendance(election, event, tally)
    return ElectionRead.model_validate(
        {
            **election_summary(session, election).model_dump(),
            "event": records.event_summaries(session, [event])[0],
            "procedure": procedure,
            "deviations": election.deviations,
            "deviation_reason": election.deviation_reason,
            "minimum_candidates": procedures.minimum_candidates(
                election.seats, procedure.candidates
            ),
            "voters_due": due,
            "voters_present": present,
            "members_total": total,
            "voters_frozen": tally is not None,
            "candidates": [
                CandidateRead.model_validate(c) for c in people.candidates(session, election_id)
            ],
            "officers": [
                OfficerRead.model_validate(o) for o in people.officers(session, election_id)
            ],
            "tally": tally_read(tally) if tally else None,
            "versions": len(tallies),
            "result": tally.result if tally else None,
            "rounds": [
                RoundRead(
                    id=r.id or 0,
                    round_number=r.round_number,
                    round_kind=r.round_kind,
                    seats=r.seats,
                )
                for r in rounds(session, election)
            ],
            "notes": election.notes,
            "created_at": election.created_at,
            "updated_at": election.updated_at,
        }
    )


def list_elections(
    session: Session, event_id: int | None, limit: int, offset: int
) -> tuple[list[ElectionSummary], int]:
    rows, total = page_by_event(session, Election, event_id, limit, offset)
    return [election_summary(session, row) for row in rows], total


def page_by_event(
    session: Session, model: Any, event_id: int | None, limit: int, offset: int
) -> tuple[list[Any], int]:
    """One page of an elections table's rows, of one event or all, by event then id."""
    stmt = select(model)
    if event_id is not None:
        stmt = stmt.where(model.event_id == event_id)
    stmt = stmt.order_by(col(model.event_id), col(model.id))
    return crud.paginate(session, stmt, limit, offset)


def attendance(
    election: Election, event: Event, tally: ElectionTally | None
) -> tuple[int | None, int | None, int | None]:
    """Frozen in the latest count; before it, the election's own numbers or the event's."""
    if tally is not None:
        return tally.voters_due, tally.voters_present, tally.members_total
    due = election.voters_due if election.voters_due is not None else event.delegates_due
    present = (
        election.voters_present if election.voters_present is not None else event.delegates_present
    )
    total = election.members_total if election.members_total is not None else due
    return due, present, total
