"""The paper count of an election: entering it, certifying it, correcting it, and the round that
its result calls for. A certified count is never changed: a correction is a new version with its
reason, and every earlier version is kept."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from governance.core import crud
from governance.core.columns import utcnow
from governance.core.errors import Conflict, Invalid
from governance.core.timing import aware, local_day
from governance.elections import consistency, people, procedures, rules
from governance.elections.models import (
    Election,
    ElectionCandidate,
    ElectionOfficer,
    ElectionTally,
)
from governance.elections.outputs import ElectionDocument
from governance.elections.schemas import CertifyIn, TallyIn, TallyRead
from governance.elections.service import (
    CandidateCountInvalid,
    TallyInvalid,
    attendance,
    get_election,
    latest_tally,
    tallies_of,
    tally_read,
)
from governance.records.models import Event

ROUND_LABELS = {
    rules.RoundKind.REVOTE: "再次投票",
    rules.RoundKind.FURTHER: "另行选举",
    rules.RoundKind.RERUN: "重新选举",
}


def _voters(session: Session, election: Election, data: TallyIn) -> rules.Voters:
    event = crud.get_or_404(session, Event, election.event_id, "event")
    tallies = tallies_of(session, election.id or 0)
    previous = tallies[-1] if tallies else None
    due, present, _ = attendance(election, event, previous)
    due = data.voters_due if data.voters_due is not None else due
    present = data.voters_present if data.voters_present is not None else present
    total: int | None
    if data.members_total is not None:
        total = data.members_total
    elif previous is not None:
        total = previous.members_total
    else:
        total = election.members_total if election.members_total is not None else due
    for field, value in (("voters_due", due), ("voters_present", present)):
        if value is None:
            raise Invalid(field, "tally_attendance_unknown", which=field.removeprefix("voters_"))
    assert due is not None and present is not None and total is not None
    return rules.Voters(due=due, present=present, total=total)


def _counts(session: Session, election: Election, data: TallyIn) -> list[rules.Count]:
    names = [c.name for c in people.candidates(session, election.id or 0)]
    known = set(names)
    seen: set[str] = set()
    counts: list[rules.Count] = []
    for i, line in enumerate(data.counts):
        if line.name not in known:
            raise Invalid(f"counts[{i}].name", "tally_not_a_candidate", name=line.name)
        if line.name in seen:
            raise Invalid(f"counts[{i}].name", "election_name_twice", name=line.name)
        seen.add(line.name)
        counts.append(
            rules.Count(
                name=line.name,
                votes_for=line.votes_for,
                votes_against=line.votes_against,
                votes_abstain=line.votes_abstain,
            )
        )
    missing = [name for name in names if name not in seen]
    if missing:
        raise Invalid("counts", "tally_missing_lines", names="、".join(missing))
    for i, write_in in enumerate(data.write_ins):
        if write_in.name in known:
            raise Invalid(f"write_ins[{i}].name", "tally_write_in_is_candidate", name=write_in.name)
        if write_in.name in seen:
            raise Invalid(f"write_ins[{i}].name", "election_name_twice", name=write_in.name)
        seen.add(write_in.name)
        counts.append(rules.Count(name=write_in.name, votes_for=write_in.votes, write_in=True))
    return counts


def _ballots(paper: TallyIn | ElectionTally) -> rules.Ballots:
    """The ballots of a count as typed or as stored (both name them alike)."""
    return rules.Ballots(
        issued=paper.ballots_issued,
        returned=paper.ballots_returned,
        valid=paper.ballots_valid,
        invalid=paper.ballots_invalid,
        over_marked=paper.invalid_over_marked,
        stray_marks=paper.invalid_stray_marks,
        other=paper.invalid_other,
    )


def enter_tally(session: Session, election_id: int, data: TallyIn, commit: bool = True) -> Election:
    """Enter (or, until certified, re-enter) the count; after certification only a correction
    with its reason, which becomes a new version."""
    election = get_election(session, election_id)
    procedure = procedures.Procedure.model_validate(election.procedure)
    tallies = tallies_of(session, election_id)
    latest = tallies[-1] if tallies else None
    ever_certified = any(t.certified_by is not None for t in tallies)
    reason = data.correction_reason.strip()
    if ever_certified and not reason:
        raise Conflict("tally_correction_needs_reason", "correction_reason", id=election_id)
    if reason and not ever_certified:
        raise Invalid("correction_reason", "tally_nothing_to_correct")
    if election.round_kind != rules.RoundKind.REVOTE:
        count = len(people.candidates(session, election_id))
        problem = procedures.candidate_count_problem(election.seats, count, procedure.candidates)
        if problem:
            raise CandidateCountInvalid(problem)
    voters = _voters(session, election, data)
    counts = _counts(session, election, data)
    ballots = _ballots(data)
    problems = consistency.tally_problems(procedure, election.seats, voters, ballots, counts)
    if problems:
        raise TallyInvalid(problems)
    result = rules.election_result(procedure, election.seats, voters, ballots, counts)
    values: dict[str, Any] = {
        **{name: getattr(data, name) for name in rules.BALLOT_FIELDS},
        "voters_due": voters.due,
        "voters_present": voters.present,
        "members_total": voters.total,
        "counts": [c.model_dump(mode="json") for c in counts],
        "result": result.model_dump(mode="json"),
        "entered_by": data.entered_by,
        "entered_at": utcnow(),
        "correction_reason": reason,
    }
    if latest is None or latest.certified_by is not None:
        version = latest.version + 1 if latest else 1
        tally = ElectionTally(election_id=election_id, version=version, **values)
    else:
        tally = latest  # an uncertified count is a draft: entering it again replaces it
        for name, value in values.items():
            setattr(tally, name, value)
    session.add(tally)
    election.updated_at = utcnow()
    session.add(election)
    _finish(session, commit)
    return election


def _finish(session: Session, commit: bool) -> None:
    if commit:
        crud.commit(session, "election tally")
    else:
        session.flush()


def certify(session: Session, election_id: int, data: CertifyIn, commit: bool = True) -> Election:
    election = get_election(session, election_id)
    tallies = tallies_of(session, election_id)
    if not tallies:
        raise Conflict("tally_none_to_certify", id=election_id)
    latest = tallies[-1]
    if latest.certified_by is not None:
        raise Conflict(
            "tally_already_certified",
            id=election_id,
            version=latest.version,
            by=latest.certified_by,
        )
    latest.certified_by = data.certified_by
    latest.certified_at = aware(data.certified_at) if data.certified_at else utcnow()
    session.add(latest)
    election.updated_at = utcnow()
    session.add(election)
    _finish(session, commit)
    return election


def tally_versions(session: Session, election_id: int) -> list[TallyRead]:
    get_election(session, election_id)
    return [tally_read(t) for t in tallies_of(session, election_id)]


def create_next_round(session: Session, election_id: int) -> Election:
    """The round the certified result calls for: a re-vote among the tied, a further election
    (另行选举) for the seats still empty, or the whole election again after a void one."""
    previous = get_election(session, election_id)
    tallies = tallies_of(session, election_id)
    if not tallies or tallies[-1].certified_by is None:
        raise Conflict("election_round_needs_certified", id=election_id)
    result = rules.ElectionResult.model_validate(tallies[-1].result)
    if result.next_round is None:
        raise Conflict("election_no_further_round", id=election_id)
    later = session.exec(select(Election.id).where(Election.previous_round_id == election_id))
    if (existing := later.first()) is not None:
        raise Conflict("election_round_exists", id=election_id, round=existing)
    plan = result.next_round
    person_ids = {c.name: c.person_id for c in people.candidates(session, election_id)}
    first_id = previous.first_round_id or previous.id
    first = get_election(session, first_id or 0)
    tally = tallies[-1]
    election = Election(
        event_id=previous.event_id,
        title=f"{first.title}（{ROUND_LABELS[plan.kind]}）"[:200],
        seats=plan.seats,
        round_kind=plan.kind,
        round_number=previous.round_number + 1,
        first_round_id=first_id,
        previous_round_id=previous.id,
        preset=previous.preset,
        procedure=previous.procedure,
        deviations=previous.deviations,
        deviation_reason=previous.deviation_reason,
        voters_due=tally.voters_due,
        voters_present=tally.voters_present,
        members_total=tally.members_total,
        sample=previous.sample,
        notes="",
    )
    session.add(election)
    session.flush()
    for name in plan.candidates:
        session.add(
            ElectionCandidate(
                election_id=election.id or 0, name=name, person_id=person_ids.get(name)
            )
        )
    for officer in people.officers(session, election_id):
        session.add(
            ElectionOfficer(
                election_id=election.id or 0,
                role=officer.role,
                name=officer.name,
                person_id=officer.person_id,
            )
        )
    crud.commit(session, "election")
    return election


def election_document(session: Session, election_id: int) -> ElectionDocument:
    """What the announcement and the tally sheet print, from the latest count."""
    election = get_election(session, election_id)
    tally = latest_tally(session, election_id)
    if tally is None:
        raise Conflict("tally_missing", id=election_id)
    event = crud.get_or_404(session, Event, election.event_id, "event")
    return ElectionDocument(
        title=election.title,
        event_title=event.title,
        date=local_day(event.starts_at),
        round_kind=election.round_kind.value,
        round_number=election.round_number,
        seats=election.seats,
        candidate_count=len(people.candidates(session, election_id)),
        procedure=procedures.Procedure.model_validate(election.procedure),
        voters=rules.Voters(
            due=tally.voters_due, present=tally.voters_present, total=tally.members_total
        ),
        ballots=_ballots(tally),
        result=rules.ElectionResult.model_validate(tally.result),
        officers=tuple((o.role.value, o.name) for o in people.officers(session, election_id)),
        version=tally.version,
        correction_reason=tally.correction_reason,
        certified_by=tally.certified_by,
        certified_at=tally.certified_at,
        sample=election.sample,
    )
