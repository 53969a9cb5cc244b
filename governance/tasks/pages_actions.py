"""The buttons and small forms of a task page: workflow steps, progress reports and evidence
(text, or a file uploaded as multipart form data). Each acts as a person: the signed-in user's
linked person, or the one picked on the page (pageforms.current_person_id)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, post
from litestar.datastructures import State, UploadFile
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlmodel import Session

from governance.core.errors import DomainError
from governance.core.web import DbSession, ItemId
from governance.pageforms import (
    PAGE,
    FormData,
    MultipartData,
    clean_form,
    current_person_id,
    domain_message,
    picked_id,
    refused,
    see_other,
    text,
    validation_errors,
)
from governance.tasks import queries, service
from governance.tasks.api import Settings, local_today
from governance.tasks.pages import task_context
from governance.tasks.schemas import ProgressIn, TextEvidenceIn, TransitionIn
from governance.tasks.settings import MAX_UPLOAD_MB_LIMIT

ACTOR_MISSING = "请选择办理人"


def _refuse(
    request: Request[Any, Any, Any],
    session: Session,
    settings: Any,
    task_id: int,
    form: dict[str, Any],
    errors: dict[str, str],
) -> Template:
    session.rollback()
    task = queries.task_read(
        session, service.get_task(session, task_id), local_today(), settings.warn_days
    )
    return refused("tasks/task.html", task_context(request, session, task, form, errors))


def _actor(request: Request[Any, Any, Any], form: dict[str, Any]) -> int | None:
    return current_person_id(request, picked_id(form, "actor_id"))


def _back(task_id: int, form: dict[str, Any], anchor: str = "") -> Redirect:
    """To the task page, keeping the person picked as 办理人 for the next step."""
    picked = picked_id(form, "actor_id")
    return see_other(f"/tasks/{task_id}" + (f"?actor_id={picked}" if picked else "") + anchor)


def _chinese(exc: DomainError) -> str:
    """The workflow's refusals people meet most, in Chinese; others as the service words them."""
    message = domain_message(exc)
    if exc.status_code == 409 and "cannot move to" in message:
        return "当前状态下不能进行这一步，请刷新页面后再试"
    if exc.field == "comment":
        return "这一步须填写说明"
    if exc.field == "actor_id" and "responsible" in message:
        return "销号审核人不能是责任人本人"
    if "evidence" in message and exc.field in (None, "evidence", "to"):
        return "销号前须有佐证材料"
    return message


@post("/tasks/{item_id:int}/transition", **PAGE)
def transition(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    task_settings: Settings,
    item_id: ItemId,
    data: FormData,
) -> Template | Redirect:
    form = clean_form(data)
    actor = _actor(request, form)
    if actor is None:
        return _refuse(
            request, db_session, task_settings, item_id, form, {"actor_id": ACTOR_MISSING}
        )
    try:
        body = TransitionIn.model_validate(
            {"to": text(form, "to"), "actor_id": actor, "comment": text(form, "comment")}
        )
        service.transition(db_session, item_id, body)
    except ValidationError as exc:
        errors = validation_errors(exc, {"to": "transition", "comment": "comment"})
        return _refuse(request, db_session, task_settings, item_id, form, errors)
    except DomainError as exc:
        field = "comment" if exc.field == "comment" else "transition"
        errors = {field: _chinese(exc)}
        return _refuse(request, db_session, task_settings, item_id, form, errors)
    return _back(item_id, form)


@post("/tasks/{item_id:int}/progress", **PAGE)
def progress(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    task_settings: Settings,
    item_id: ItemId,
    data: FormData,
) -> Template | Redirect:
    form = clean_form(data)
    actor = _actor(request, form)
    errors: dict[str, str] = {}
    if actor is None:
        errors["actor_id"] = ACTOR_MISSING
    raw = text(form, "progress")
    if not raw.isdigit() or int(raw) > 100:
        errors["progress"] = "请填写 0 到 100 的整数"
    if errors:
        return _refuse(request, db_session, task_settings, item_id, form, errors)
    try:
        body = ProgressIn(actor_id=actor or 0, progress=int(raw), note=text(form, "note"))
        service.add_progress(db_session, item_id, body)
    except ValidationError as exc:
        return _refuse(request, db_session, task_settings, item_id, form, validation_errors(exc))
    except DomainError as exc:
        message = "整改中的任务才能报告进度" if exc.status_code == 409 else _chinese(exc)
        return _refuse(request, db_session, task_settings, item_id, form, {"progress": message})
    return _back(item_id, form)


@post(
    "/tasks/{item_id:int}/evidence",
    request_max_body_size=(MAX_UPLOAD_MB_LIMIT + 1) * 1024 * 1024,
    **PAGE,
)
def evidence(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    task_settings: Settings,
    state: State,
    item_id: ItemId,
    data: MultipartData,
) -> Template | Redirect:
    """A file (PDF, image, Word, Excel) or a text, or both, as evidence of the task."""
    upload = data.get("file")
    form = clean_form({k: v for k, v in data.items() if k != "file"})
    actor = _actor(request, form)
    note = text(form, "text")
    has_file = isinstance(upload, UploadFile) and bool(upload.filename)
    errors: dict[str, str] = {}
    if actor is None:
        errors["actor_id"] = ACTOR_MISSING
    if not has_file and not note:
        errors["file"] = "请选择文件或填写说明"
    if len(note) > 200 and has_file:
        errors["text"] = "随文件的说明最多 200 个字"
    if errors:
        return _refuse(request, db_session, task_settings, item_id, form, errors)
    assert actor is not None
    try:
        if has_file:
            assert isinstance(upload, UploadFile)
            limit = task_settings.max_upload_bytes
            content = upload.file.read(limit + 1)
            service.add_file_evidence(
                db_session,
                item_id,
                actor,
                note,
                upload.filename,
                content,
                Path(state.settings.data_dir),
                limit,
            )
        else:
            service.add_text_evidence(
                db_session, item_id, TextEvidenceIn(actor_id=actor, text=note)
            )
    except ValidationError as exc:
        return _refuse(request, db_session, task_settings, item_id, form, validation_errors(exc))
    except DomainError as exc:
        message = {
            413: f"文件太大：最大 {task_settings.max_upload_bytes // (1024 * 1024)} MB",
            415: "只接受 PDF、PNG、JPEG、Word（.docx）和 Excel（.xlsx）文件",
        }.get(exc.status_code, _chinese(exc))
        if exc.status_code == 409:
            message = "任务已办结，不能再添加佐证材料"
        return _refuse(request, db_session, task_settings, item_id, form, {"file": message})
    return _back(item_id, form, "#evidence")


ACTION_HANDLERS = [transition, progress, evidence]
