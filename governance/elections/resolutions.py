"""Resolutions at an event: the matter, the method, the votes, and whether it was adopted under
the procedure's threshold. A resolution on a document sets the document's status (adopted or
rejected); removing the resolution puts the document back to draft."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from governance.core import crud
from governance.core.columns import utcnow
from governance.core.errors import Invalid
from governance.core.versioned import expect_version
from governance.elections import consistency, procedures, rules
from governance.elections.models import Resolution
from governance.elections.schemas import ResolutionCreate, ResolutionRead, ResolutionUpdate
from governance.elections.service import (
    TallyInvalid,
    check_key_free,
    effective_procedure,
    existing_event,
    page_by_event,
)
from governance.records.models import Document, DocumentStatus, Event

NOT_NULL = {
    "title",
    "matter",
    "preset",
    "votes_for",
    "votes_against",
    "votes_abstain",
    "notes",
    "sample",
    "deviation_reason",
}


def _document(session: Session, document_id: int | None, event_id: int) -> Document | None:
    if document_id is None:
        return None
    document = session.get(Document, document_id)
    if document is None:
        raise Invalid("document_id", "elections_no_such", what="document", id=document_id)
    if document.event_id not in (None, event_id):
        raise Invalid(
            "document_id",
            "resolution_document_elsewhere",
            id=document_id,
            event_id=document.event_id,
        )
    return document


def _voters(values: dict[str, Any], event: Event) -> rules.Voters:
    due = values.get("voters_due")
    due = due if due is not None else event.delegates_due
    present = values.get("voters_present")
    present = present if present is not None else event.delegates_present
    for field, value in (("voters_due", due), ("voters_present", present)):
        if value is None:
            raise Invalid(
                field, "resolution_attendance_unknown", which=field.removeprefix("voters_")
            )
    assert due is not None and present is not None
    total = values.get("members_total")
    return rules.Voters(due=due, present=present, total=total if total is not None else due)


def _apply(session: Session, row: Resolution, values: dict[str, Any]) -> None:
    """Validate the merged values, compute the outcome and write both to the row."""
    event = existing_event(session, values["event_id"])
    check_key_free(session, Resolution, values.get("key"), row.id)
    document = _document(session, values.get("document_id"), event.id or 0)
    procedure, found = effective_procedure(
        values["preset"], values.get("procedure_changes"), values.get("deviation_reason", "")
    )
    voters = _voters(values, event)
    problems = consistency.resolution_problems(
        voters, values["votes_for"], values["votes_against"], values["votes_abstain"]
    )
    if problems:
        raise TallyInvalid(problems)
    result = rules.resolution_result(
        procedure, voters, values["votes_for"], values["votes_against"], values["votes_abstain"]
    )
    previous_document = row.document_id
    for name in ("key", "event_id", "title", "matter", "document_id", "preset", "notes"):
        setattr(row, name, values.get(name))
    for name in ("votes_for", "votes_against", "votes_abstain", "sample"):
        setattr(row, name, values[name])
    row.method = values.get("method") or procedure.resolution_ballot
    row.procedure = procedure.model_dump(mode="json")
    row.deviations = [d.model_dump(mode="json") for d in found]
    row.deviation_reason = values.get("deviation_reason", "") if found else ""
    row.voters_due, row.voters_present, row.members_total = voters.due, voters.present, voters.total
    row.adopted = result.adopted
    row.updated_at = utcnow()
    session.add(row)
    if previous_document is not None and previous_document != row.document_id:
        _set_status(session, previous_document, DocumentStatus.DRAFT)
    if document is not None:
        status = DocumentStatus.ADOPTED if result.adopted else DocumentStatus.REJECTED
        _set_status(session, document.id or 0, status)


def _set_status(session: Session, document_id: int, status: DocumentStatus) -> None:
    document = session.get(Document, document_id)
    if document is not None:
        document.status = status
        session.add(document)


def same_as_stored(session: Session, row: Resolution, data: ResolutionCreate) -> bool:
    """Whether creating `data` would give what `row` already holds (fixtures load twice)."""
    event = existing_event(session, data.event_id)
    procedure, found = effective_procedure(data.preset, data.procedure, data.deviation_reason)
    voters = _voters(data.model_dump(), event)
    wanted = {
        **data.model_dump(exclude={"procedure", "deviation_reason", "method"}),
        "method": data.method or procedure.resolution_ballot,
        "deviation_reason": data.deviation_reason if found else "",
        "procedure": procedure.model_dump(mode="json"),
        "voters_due": voters.due,
        "voters_present": voters.present,
        "members_total": voters.total,
    }
    return all(getattr(row, name) == value for name, value in wanted.items())


def create_resolution(session: Session, data: ResolutionCreate, commit: bool = True) -> Resolution:
    values = data.model_dump(exclude={"procedure"})
    values["procedure_changes"] = (
        data.procedure.model_dump(exclude_none=True) if data.procedure else {}
    )
    row = Resolution(
        event_id=data.event_id,
        title=data.title,
        method=data.method or procedures.BallotKind.SHOW_OF_HANDS,
        preset=data.preset,
        procedure={},
        votes_for=0,
        votes_against=0,
        votes_abstain=0,
        voters_due=0,
        voters_present=0,
        members_total=0,
        adopted=False,
    )
    _apply(session, row, values)
    if commit:
        crud.commit(session, "resolution")
    return row


def update_resolution(
    session: Session, resolution_id: int, data: ResolutionUpdate, commit: bool = True
) -> Resolution:
    row = crud.get_or_404(session, Resolution, resolution_id, "resolution")
    expect_version(row, "resolution")
    changes = data.model_dump(exclude_unset=True)
    for name in NOT_NULL & set(changes):
        if changes[name] is None:
            raise Invalid(name, "elections_not_null")
    values = row.model_dump(exclude={"procedure", "deviations"})
    values["procedure_changes"] = procedures.changes_of(
        procedures.PRESETS[row.preset], procedures.Procedure.model_validate(row.procedure)
    )
    if "preset" in changes and "procedure" not in changes:
        values["procedure_changes"] = {}
    if "procedure" in changes:
        values["procedure_changes"] = (
            data.procedure.model_dump(exclude_none=True) if data.procedure else {}
        )
    values.update({k: v for k, v in changes.items() if k != "procedure"})
    _apply(session, row, values)
    if commit:
        crud.commit(session, "resolution")
    return row


def delete_resolution(session: Session, resolution_id: int) -> None:
    row = crud.get_or_404(session, Resolution, resolution_id, "resolution")
    expect_version(row, "resolution")
    if row.document_id is not None:
        _set_status(session, row.document_id, DocumentStatus.DRAFT)
    session.delete(row)
    crud.commit(session, "resolution")


def resolution_read(session: Session, row: Resolution) -> ResolutionRead:
    procedure = procedures.Procedure.model_validate(row.procedure)
    voters = rules.Voters(due=row.voters_due, present=row.voters_present, total=row.members_total)
    document = session.get(Document, row.document_id) if row.document_id else None
    return ResolutionRead.model_validate(
        {
            **row.model_dump(),
            "procedure": procedure,
            "document_status": document.status if document else None,
            "result": rules.resolution_result(
                procedure, voters, row.votes_for, row.votes_against, row.votes_abstain
            ),
        }
    )


def list_resolutions(
    session: Session, event_id: int | None, limit: int, offset: int
) -> tuple[list[ResolutionRead], int]:
    rows, total = page_by_event(session, Resolution, event_id, limit, offset)
    return [resolution_read(session, row) for row in rows], total
