"""Evidence of a task's work (整改佐证): texts and uploaded files, stored while the task is open
and kept as the record once it is closed. Knows nothing of HTTP."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlmodel import Session

from governance.core import crud
from governance.core.errors import Conflict, DomainError, Invalid, NotFound
from governance.tasks import files, rules
from governance.tasks.changes import get_task, require_person, state_params
from governance.tasks.models import EvidenceKind, TaskEvidence
from governance.tasks.schemas import TextEvidenceIn


class TooLarge(DomainError):
    status_code = 413


class UnsupportedType(DomainError):
    status_code = 415


class EvidenceNotFound(NotFound):
    """Evidence not found under a task: a 404 naming both."""

    def __init__(self, code: str, task_id: int, evidence_id: int) -> None:
        DomainError.__init__(self, code, None, task_id=task_id, id=evidence_id)


def _open_task(session: Session, task_id: int, code: str) -> None:
    """Lock the task; refuse with `code` once it is closed or cancelled."""
    task = get_task(session, task_id, lock=True)
    if task.status in rules.FINAL:
        raise Conflict(code, **state_params(task))


def add_text_evidence(session: Session, task_id: int, data: TextEvidenceIn) -> TaskEvidence:
    _open_task(session, task_id, "task_closed_no_evidence")
    require_person(session, data.actor_id, "actor_id")
    row = TaskEvidence(task_id=task_id, kind=EvidenceKind.TEXT, **data.model_dump())
    session.add(row)
    crud.commit(session, "evidence")
    return row


def add_file_evidence(
    session: Session,
    task_id: int,
    actor_id: int,
    note: str,
    client_name: str | None,
    data: bytes,
    data_dir: Path,
    max_bytes: int,
) -> TaskEvidence:
    """Store an uploaded file: its type is found from its content, its name is only shown."""
    _open_task(session, task_id, "task_closed_no_evidence")
    require_person(session, actor_id, "actor_id")
    if not data:
        raise Invalid("file", "task_file_empty")
    if len(data) > max_bytes:
        raise TooLarge("task_file_too_large", "file", size=len(data), max=max_bytes)
    file_type = files.sniff(data)
    if file_type is None:
        raise UnsupportedType("task_file_type_refused", "file")
    storage_name = files.store(data_dir, data)
    try:
        row = TaskEvidence(
            task_id=task_id,
            kind=EvidenceKind.FILE,
            text=note,
            filename=files.display_name(client_name, file_type),
            content_type=file_type.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            storage_name=storage_name,
            actor_id=actor_id,
        )
        session.add(row)
        crud.commit(session, "evidence")
    except BaseException:
        session.rollback()
        files.remove(data_dir, storage_name)
        raise
    return row


def get_evidence(session: Session, task_id: int, evidence_id: int) -> TaskEvidence:
    row = session.get(TaskEvidence, evidence_id)
    if row is None or row.task_id != task_id:
        raise EvidenceNotFound("task_evidence_not_found", task_id, evidence_id)
    return row


def evidence_file(
    session: Session, task_id: int, evidence_id: int, data_dir: Path
) -> tuple[Path, TaskEvidence]:
    get_task(session, task_id)
    row = get_evidence(session, task_id, evidence_id)
    if row.kind != EvidenceKind.FILE or not row.storage_name:
        raise EvidenceNotFound("task_evidence_no_file", task_id, evidence_id)
    path = files.storage_path(data_dir, row.storage_name)
    if not path.is_file():
        raise EvidenceNotFound("task_evidence_file_missing", task_id, evidence_id)
    return path, row


def delete_evidence(session: Session, task_id: int, evidence_id: int, data_dir: Path) -> None:
    _open_task(session, task_id, "task_closed_keeps_evidence")
    row = get_evidence(session, task_id, evidence_id)
    storage_name = row.storage_name
    session.delete(row)
    crud.commit(session, "evidence")
    if storage_name:
        files.remove(data_dir, storage_name)
