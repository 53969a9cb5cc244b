"""The `elections:` section of the YAML fixtures (declared in capability.py, loaded after the
records): elections with candidates, officers and their count, and resolutions.

Items are matched by `key`, so loading twice changes nothing. An uncertified election is updated
in place; a certified one is never changed by a fixture (a correction goes through the API or the
CLI with its reason), so editing it is refused with a message naming the item.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlmodel import Session, select

from governance.core.errors import DomainError
from governance.core.timing import aware
from governance.elections import people, resolutions, service, tallies
from governance.elections.models import Election, ElectionTally, Matter, OfficerRole, Resolution
from governance.elections.procedures import BallotKind
from governance.elections.schemas import (
    CertifyIn,
    ElectionCreate,
    ElectionUpdate,
    ResolutionCreate,
    ResolutionUpdate,
    TallyIn,
)
from governance.records.fixture_files import FixtureError, LoadReport
from governance.records.models import Document, Event, Person


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonFixture(_Strict):
    name: str | None = None
    person: str | None = None  # a person of the records, by name


class OfficerFixture(PersonFixture):
    role: OfficerRole


class ElectionFixture(_Strict):
    kind: Literal["election"]
    key: str = Field(min_length=1, max_length=100)
    event: str
    title: str
    seats: int
    preset: str
    procedure: dict[str, Any] | None = None
    deviation_reason: str = ""
    voters_due: int | None = None
    voters_present: int | None = None
    members_total: int | None = None
    candidates: list[str | PersonFixture] = Field(default_factory=list)
    officers: list[OfficerFixture] = Field(default_factory=list)
    sample: bool = False
    notes: str = ""
    tally: dict[str, Any] | None = None
    certified_by: str | None = None
    certified_at: datetime | None = None


class ResolutionFixture(_Strict):
    kind: Literal["resolution"]
    key: str = Field(min_length=1, max_length=100)
    event: str
    title: str
    matter: Matter = Matter.OTHER
    document: str | None = None  # a document of the event, by title
    method: BallotKind | None = None
    preset: str
    procedure: dict[str, Any] | None = None
    deviation_reason: str = ""
    votes_for: int
    votes_against: int = 0
    votes_abstain: int = 0
    voters_due: int | None = None
    voters_present: int | None = None
    members_total: int | None = None
    sample: bool = False
    notes: str = ""


Item = TypeAdapter(Annotated[ElectionFixture | ResolutionFixture, Field(discriminator="kind")])


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}" if where else f"{first['msg']}{more}"


class _Loader:
    def __init__(self, session: Session, report: LoadReport) -> None:
        self.session = session
        self.report = report

    def event_id(self, key: str, where: str) -> int:
        found = self.session.exec(select(Event.id).where(Event.key == key)).first()
        if found is None:
            raise FixtureError(f"{where}.event: no event with key {key!r}")
        return found

    def person_id(self, name: str, where: str) -> int:
        ids = self.session.exec(select(Person.id).where(Person.name == name)).all()
        if len(ids) != 1:
            raise FixtureError(f"{where}: {'no' if not ids else len(ids)} person named {name!r}")
        return ids[0] or 0

    def ref(self, item: str | PersonFixture, where: str) -> dict[str, Any]:
        if isinstance(item, str):
            return {"name": item}
        values: dict[str, Any] = {"name": item.name}
        if item.person is not None:
            values["person_id"] = self.person_id(item.person, f"{where}.person")
        return values

    def election(self, where: str, item: ElectionFixture) -> None:
        try:
            data = ElectionCreate.model_validate(
                {
                    **item.model_dump(
                        exclude={
                            "kind",
                            "event",
                            "candidates",
                            "officers",
                            "tally",
                            "certified_by",
                            "certified_at",
                        }
                    ),
                    "event_id": self.event_id(item.event, where),
                    "candidates": [
                        self.ref(c, f"{where}.candidates[{i}]")
                        for i, c in enumerate(item.candidates)
                    ],
                    "officers": [
                        {**self.ref(o, f"{where}.officers[{i}]"), "role": o.role}
                        for i, o in enumerate(item.officers)
                    ],
                }
            )
            tally = TallyIn.model_validate(item.tally) if item.tally is not None else None
            certify = (
                CertifyIn(certified_by=item.certified_by, certified_at=item.certified_at)
                if item.certified_by
                else None
            )
        except ValidationError as exc:
            raise FixtureError(f"{where}: {_problem(exc)}") from exc
        existing = self.session.exec(select(Election).where(Election.key == item.key)).first()
        if existing is not None and self._same(existing, data, tally, certify):
            self.report.unchanged["election"] += 1
            return
        if existing is not None:
            self._replace(where, existing, data)
            election_id = existing.id or 0
            self.report.updated["election"] += 1
        else:
            election_id = service.create_election(self.session, data, commit=False).id or 0
            self.report.created["election"] += 1
        if tally is not None:
            tallies.enter_tally(self.session, election_id, tally, commit=False)
            if certify is not None:
                tallies.certify(self.session, election_id, certify, commit=False)

    def _replace(self, where: str, election: Election, data: ElectionCreate) -> None:
        counts = self.session.exec(
            select(ElectionTally).where(ElectionTally.election_id == election.id)
        ).all()
        if any(t.certified_by is not None for t in counts):
            raise FixtureError(
                f"{where}: election {election.key!r} has a certified result, which a fixture "
                "does not change; enter a correction with its reason (API or CLI)"
            )
        for count in counts:
            self.session.delete(count)
        self.session.flush()
        changes = data.model_dump(exclude={"event_id"})
        service.update_election(
            self.session, election.id or 0, ElectionUpdate.model_validate(changes), commit=False
        )

    def _same(
        self,
        election: Election,
        data: ElectionCreate,
        tally: TallyIn | None,
        certify: CertifyIn | None,
    ) -> bool:
        read = service.election_read(self.session, election)
        procedure, found = service.effective_procedure(
            data.preset, data.procedure, data.deviation_reason
        )
        candidates = people.people(self.session, data.candidates, "candidates")
        officers = people.people(self.session, data.officers, "officers")
        mine = (
            election.event_id,
            election.title,
            election.seats,
            election.preset,
            read.procedure,
            election.deviation_reason,
            election.voters_due,
            election.voters_present,
            election.members_total,
            election.sample,
            election.notes,
            sorted((c.name, c.person_id) for c in read.candidates),
            sorted((o.role.value, o.name, o.person_id) for o in read.officers),
        )
        theirs = (
            data.event_id,
            data.title,
            data.seats,
            data.preset,
            procedure,
            data.deviation_reason if found else "",
            data.voters_due,
            data.voters_present,
            data.members_total,
            data.sample,
            data.notes,
            sorted((name, person_id) for name, person_id, _ in candidates),
            sorted((ref.role.value, name, person_id) for name, person_id, ref in officers),
        )
        if mine != theirs:
            return False
        latest = read.tally
        if (latest is None) != (tally is None):
            return False
        if latest is not None and tally is not None:
            entered = {
                k: getattr(latest, k)
                for k in TallyIn.model_fields
                if k not in {"counts", "write_ins", "correction_reason"} and hasattr(latest, k)
            }
            given = tally.model_dump(exclude={"counts", "write_ins", "correction_reason"})
            given = {k: v for k, v in given.items() if v is not None}
            lines = sorted(
                (c.name, c.votes_for, c.votes_against, c.votes_abstain)
                for c in latest.counts
                if not c.write_in
            )
            written = sorted((c.name, c.votes_for) for c in latest.counts if c.write_in)
            if (
                any(entered[k] != v for k, v in given.items())
                or lines
                != sorted(
                    (c.name, c.votes_for, c.votes_against, c.votes_abstain) for c in tally.counts
                )
                or written != sorted((w.name, w.votes) for w in tally.write_ins)
            ):
                return False
            if certify is None:
                return latest.certified_by is None
            return latest.certified_by == certify.certified_by and (
                certify.certified_at is None or latest.certified_at == aware(certify.certified_at)
            )
        return True

    def resolution(self, where: str, item: ResolutionFixture) -> None:
        event_id = self.event_id(item.event, where)
        document_id = None
        if item.document is not None:
            document_id = self.session.exec(
                select(Document.id).where(
                    Document.event_id == event_id, Document.title == item.document
                )
            ).first()
            if document_id is None:
                raise FixtureError(f"{where}.document: no document {item.document!r} at the event")
        values = {
            **item.model_dump(exclude={"kind", "event", "document"}),
            "event_id": event_id,
            "document_id": document_id,
        }
        try:
            data = ResolutionCreate.model_validate(values)
        except ValidationError as exc:
            raise FixtureError(f"{where}: {_problem(exc)}") from exc
        existing = self.session.exec(select(Resolution).where(Resolution.key == item.key)).first()
        if existing is None:
            resolutions.create_resolution(self.session, data, commit=False)
            self.report.created["resolution"] += 1
        elif resolutions.same_as_stored(self.session, existing, data):
            self.report.unchanged["resolution"] += 1
        else:
            update = ResolutionUpdate.model_validate(data.model_dump(exclude={"event_id"}))
            resolutions.update_resolution(self.session, existing.id or 0, update, commit=False)
            self.report.updated["resolution"] += 1


def load_elections(session: Session, items: list[tuple[str, Any]], report: LoadReport) -> None:
    """The `elections:` section's loader: validate each item, then create, update or leave it."""
    loader = _Loader(session, report)
    keys: dict[tuple[str, str], str] = {}
    for where, raw in items:
        try:
            item = Item.validate_python(raw)
        except ValidationError as exc:
            raise FixtureError(f"{where}: {_problem(exc)}") from exc
        if (item.kind, item.key) in keys:
            raise FixtureError(
                f"{where}.key: {item.key!r} is also used by {keys[item.kind, item.key]}"
            )
        keys[item.kind, item.key] = where
        try:
            if isinstance(item, ElectionFixture):
                loader.election(where, item)
            else:
                loader.resolution(where, item)
        except DomainError as exc:
            raise FixtureError(f"{where}: {exc.detail}") from exc
