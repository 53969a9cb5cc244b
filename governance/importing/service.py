"""Importing: drafts stored for review, fixed, accepted (creating the event) or rejected.

Knows nothing of HTTP; raises domain errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session, col, select

from governance.core import crud
from governance.core.columns import utcnow
from governance.core.crud import check_refs, get_or_404
from governance.core.errors import Conflict, Invalid
from governance.importing import events, extract
from governance.importing.models import ImportDraft
from governance.importing.schemas import (
    AcceptRequest,
    CountDraft,
    DraftData,
    DraftRead,
    DraftStatus,
    DraftSummary,
    DraftUpdate,
    ImportReport,
    ParticipantDraft,
)
from governance.records import service as records
from governance.records.models import Organisation, Person, Post, StandingBody, Tenure

DRAFT = "import draft"


# --- What the database knows -----------------------------------------------------------------
def directory(session: Session) -> extract.Directory:
    titles: dict[int, list[str]] = {}
    for person_id, title in session.exec(
        select(Tenure.person_id, Post.title).join(Post, col(Post.id) == Tenure.post_id)
    ).all():
        titles.setdefault(person_id, []).append(title)
    people = tuple(
        extract.KnownPerson(p.id or 0, p.name, tuple(titles.get(p.id or 0, ())))
        for p in session.exec(select(Person).order_by(col(Person.id))).all()
    )
    organisations = _organisations(session).organisations
    bodies = tuple(
        extract.KnownBody(b.id or 0, b.name, b.organisation_id)
        for b in session.exec(select(StandingBody).order_by(col(StandingBody.id))).all()
    )
    return extract.Directory(people, organisations, bodies)


# --- Import ----------------------------------------------------------------------------------
def _row(draft: DraftData, source: str) -> ImportDraft:
    return ImportDraft(
        key=draft.key,
        source=source[:200],
        position=draft.position,
        headline=draft.headline[:300],
        title=draft.title[:200],
        starts_on=draft.date,
        ends_on=draft.end,
        kind=draft.kind,
        organiser=draft.organiser[:200],
        organiser_id=draft.organiser_id,
        body=draft.body[:100],
        body_id=draft.body_id,
        term=draft.term,
        session=draft.session,
        session_label=draft.session_label[:50],
        participants=[p.model_dump(mode="json") for p in draft.participants],
        counts=[c.model_dump(mode="json") for c in draft.counts],
        documents=draft.documents,
        authors=draft.authors,
        warnings=draft.warnings,
        text=draft.text,
    )


def import_issue(
    session: Session,
    paragraphs: Sequence[str],
    source: str,
    year: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Drafts every article of an issue; stores the new ones (all or nothing) unless dry_run.
    An article already imported (same key, whatever its status) is left as it is."""
    drafted = extract.draft_issue(paragraphs, directory(session), year, progress)
    keys = [d.key for d in drafted.drafts]
    known = set(session.exec(select(ImportDraft.key).where(col(ImportDraft.key).in_(keys))).all())
    new = [d for d in drafted.drafts if d.key not in known]
    # The same article twice in one issue is stored once.
    new = list({d.key: d for d in reversed(new)}.values())[::-1]
    if not dry_run:
        for draft in new:
            session.add(_row(draft, source))
        crud.commit(session, DRAFT)
    return ImportReport(
        source=source,
        year=drafted.year.year,
        year_source=drafted.year.source,
        articles=len(drafted.drafts),
        created=len(new),
        unchanged=len(drafted.drafts) - len(new),
        duplicates=len(drafted.issue.duplicates),
        furniture=len(drafted.issue.furniture),
        joins=drafted.issue.joins,
        drafts=drafted.drafts,
    )


# --- Reading ---------------------------------------------------------------------------------
def draft_read(row: ImportDraft) -> DraftRead:
    return DraftRead(
        id=row.id or 0,
        status=row.status,
        source=row.source,
        event_id=row.event_id,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        key=row.key,
        position=row.position,
        headline=row.headline,
        title=row.title,
        date=row.starts_on,
        end=row.ends_on,
        kind=row.kind,
        organiser=row.organiser,
        organiser_id=row.organiser_id,
        body=row.body,
        body_id=row.body_id,
        term=row.term,
        session=row.session,
        session_label=row.session_label,
        participants=[ParticipantDraft.model_validate(p) for p in row.participants],
        counts=[CountDraft.model_validate(c) for c in row.counts],
        documents=list(row.documents),
        authors=list(row.authors),
        text=row.text,
        warnings=list(row.warnings),
    )


def get_draft(session: Session, draft_id: int) -> ImportDraft:
    return get_or_404(session, ImportDraft, draft_id, DRAFT)


def list_drafts(
    session: Session,
    status: DraftStatus | None,
    q: str | None,
    limit: int,
    offset: int,
) -> tuple[list[DraftSummary], int]:
    stmt = select(ImportDraft)
    if status is not None:
        stmt = stmt.where(ImportDraft.status == status)
    if q:
        stmt = stmt.where(col(ImportDraft.text).like(f"%{q}%"))
    stmt = stmt.order_by(col(ImportDraft.source), col(ImportDraft.position), col(ImportDraft.id))
    rows, total = crud.paginate(session, stmt, limit, offset)
    return [
        DraftSummary(
            id=r.id or 0,
            key=r.key,
            position=r.position,
            status=r.status,
            source=r.source,
            title=r.title,
            date=r.starts_on,
            kind=r.kind,
            participants=len(r.participants),
            event_id=r.event_id,
        )
        for r in rows
    ], total


# --- Review ----------------------------------------------------------------------------------
def _pending(session: Session, draft_id: int) -> ImportDraft:
    row = get_draft(session, draft_id)
    if row.status == DraftStatus.ACCEPTED:
        raise Conflict("draft_already_accepted", "status", id=draft_id)
    if row.status != DraftStatus.PENDING:
        raise Conflict("draft_already_rejected", "status", id=draft_id)
    return row


def fix_draft(session: Session, draft_id: int, data: DraftUpdate) -> ImportDraft:
    """A secretary's corrections; only a pending draft can be fixed."""
    row = _pending(session, draft_id)
    changes = data.model_dump(exclude_unset=True)
    check_refs(
        session,
        changes,
        {
            "organiser_id": (Organisation, "organisation"),
            "body_id": (StandingBody, "standing body"),
        },
    )
    for name in ("title", "kind"):
        if name in changes and changes[name] is None:
            raise Invalid(name, "draft_field_not_null")
    start = changes.get("date", row.starts_on)
    end = changes.get("end", row.ends_on)
    if start and end and end < start:
        raise Invalid("end", "draft_end_before_start", end=end, date=start)
    if data.participants is not None:
        _check_people(session, [p.person_id for p in data.participants])
        held = {p.id: set(p.titles) for p in directory(session).people}
        row.participants = []
        for p in data.participants:
            printed = [t for t in p.title.split("、") if t]
            titles = held.get(p.person_id, set()) if p.person_id is not None else set()
            fixed = ParticipantDraft(
                **p.model_dump(),
                new=p.person_id is None,
                known_titles=[t for t in printed if t in titles],
                new_titles=[t for t in printed if t not in titles],
            )
            row.participants.append(fixed.model_dump(mode="json"))
    if data.counts is not None:
        row.counts = [CountDraft(**c.model_dump()).model_dump(mode="json") for c in data.counts]
    if data.documents is not None:
        row.documents = list(data.documents)
    simple = {"title": "title", "kind": "kind", "organiser_id": "organiser_id"}
    simple |= {"body_id": "body_id", "term": "term", "session": "session", "note": "note"}
    simple |= {"date": "starts_on", "end": "ends_on"}
    for field, column in simple.items():
        if field in changes:
            setattr(row, column, changes[field])
    row.updated_at = utcnow()
    session.add(row)
    crud.commit(session, DRAFT)
    session.refresh(row)
    return row


def _check_people(session: Session, ids: Sequence[int | None]) -> None:
    wanted = {i for i in ids if i is not None}
    found = (
        set(session.exec(select(Person.id).where(col(Person.id).in_(wanted))).all())
        if wanted
        else set()
    )
    for index, ident in enumerate(ids):
        if ident is not None and ident not in found:
            raise Invalid(f"participants[{index}].person_id", "draft_person_missing", id=ident)


def reject_draft(session: Session, draft_id: int, note: str) -> ImportDraft:
    row = _pending(session, draft_id)
    row.status = DraftStatus.REJECTED
    row.note = note
    row.updated_at = utcnow()
    session.add(row)
    crud.commit(session, DRAFT)
    session.refresh(row)
    return row


def _organisations(session: Session) -> extract.Directory:
    return extract.Directory(
        organisations=tuple(
            extract.KnownOrganisation(
                o.id or 0, tuple(n for n in (o.name, o.short_name, o.prefix) if n)
            )
            for o in session.exec(select(Organisation).order_by(col(Organisation.id))).all()
        )
    )


def accept_draft(session: Session, draft_id: int, request: AcceptRequest) -> ImportDraft:
    """Creates the event (with participants, groups and documents) through the records
    service and links it to the draft; all or nothing."""
    row = _pending(session, draft_id)
    try:
        data = events.event_input(session, row, request.new_people, _organisations(session))
        event = records.create_event(session, data, commit=False)
        row.status = DraftStatus.ACCEPTED
        row.event_id = event.id
        row.updated_at = utcnow()
        session.add(row)
        crud.commit(session, DRAFT)
    except Exception:
        session.rollback()
        raise
    session.refresh(row)
    return row
