"""Candidates and officers of an election: who they are, and the rule that a candidate may be
neither scrutineer nor teller. Lists come back in surname stroke order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, select

from governance.core.errors import Invalid
from governance.elections.models import Election, ElectionCandidate, ElectionOfficer, OfficerRole
from governance.elections.schemas import CandidateIn, OfficerIn, PersonRef
from governance.elections.strokes import name_key
from governance.records.models import Person

OFFICER_LABELS = {
    OfficerRole.CHIEF_SCRUTINEER: "总监票人",
    OfficerRole.SCRUTINEER: "监票人",
    OfficerRole.TELLER: "计票人",
}


def resolve(session: Session, ref: PersonRef, where: str) -> tuple[str, int | None]:
    if ref.person_id is not None:
        person = session.get(Person, ref.person_id)
        if person is None:
            raise Invalid(
                f"{where}.person_id", "elections_no_such", what="person", id=ref.person_id
            )
        return ref.name or person.name, ref.person_id
    assert ref.name is not None  # PersonRef requires one of the two
    return ref.name, None


def people(
    session: Session, refs: Sequence[PersonRef], field: str
) -> list[tuple[str, int | None, Any]]:
    found: list[tuple[str, int | None, Any]] = []
    names: set[str] = set()
    for i, ref in enumerate(refs):
        name, person_id = resolve(session, ref, f"{field}[{i}]")
        if name in names:
            raise Invalid(f"{field}[{i}].name", "election_name_twice", name=name)
        names.add(name)
        found.append((name, person_id, ref))
    return found


def check_officers(
    candidates: list[tuple[str, int | None, Any]], officers: list[tuple[str, int | None, Any]]
) -> None:
    names = {name for name, _, _ in candidates}
    person_ids = {pid for _, pid, _ in candidates if pid is not None}
    chiefs = 0
    for i, (name, person_id, ref) in enumerate(officers):
        label = OFFICER_LABELS[ref.role]
        if name in names or (person_id is not None and person_id in person_ids):
            raise Invalid(f"officers[{i}]", "election_candidate_as_officer", name=name, role=label)
        chiefs += ref.role == OfficerRole.CHIEF_SCRUTINEER
        if chiefs > 1:
            raise Invalid(f"officers[{i}].role", "election_one_chief_scrutineer")


def replace(session: Session, election: Election, data: Any) -> None:
    """Replace the candidates and/or officers given in `data` (None keeps the stored list),
    checking the merged lists against each other."""
    election_id = election.id or 0
    candidate_refs: Sequence[PersonRef] = data.candidates
    if candidate_refs is None:
        candidate_refs = [
            CandidateIn(name=c.name, person_id=c.person_id)
            for c in candidates(session, election_id)
        ]
    officer_refs: Sequence[PersonRef] = data.officers
    if officer_refs is None:
        officer_refs = [
            OfficerIn(role=o.role, name=o.name, person_id=o.person_id)
            for o in officers(session, election_id)
        ]
    new_candidates = people(session, candidate_refs, "candidates")
    new_officers = people(session, officer_refs, "officers")
    check_officers(new_candidates, new_officers)
    if data.candidates is not None:
        for row in candidates(session, election_id):
            session.delete(row)
        session.flush()
        for name, person_id, _ in new_candidates:
            session.add(ElectionCandidate(election_id=election_id, name=name, person_id=person_id))
    if data.officers is not None:
        for officer in officers(session, election_id):
            session.delete(officer)
        session.flush()
        for name, person_id, ref in new_officers:
            session.add(
                ElectionOfficer(
                    election_id=election_id, role=ref.role, name=name, person_id=person_id
                )
            )


def candidates(session: Session, election_id: int) -> list[ElectionCandidate]:
    rows = session.exec(
        select(ElectionCandidate).where(ElectionCandidate.election_id == election_id)
    ).all()
    return sorted(rows, key=lambda c: (name_key(c.name), c.name))


def officers(session: Session, election_id: int) -> list[ElectionOfficer]:
    order = list(OfficerRole)
    rows = session.exec(
        select(ElectionOfficer).where(ElectionOfficer.election_id == election_id)
    ).all()
    return sorted(rows, key=lambda o: (order.index(o.role), name_key(o.name), o.name))
