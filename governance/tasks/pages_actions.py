"""The buttons and small forms of a task page: workflow steps, progress reports and evidence
(text, or a file uploaded as multipart form data). Each acts as a person: the signed-in user's
linked person, or the one picked on the page (core/pages/forms.py's current_person_id)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Request, Router, post
from litestar.datastructures import State, UploadFile
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect, Template
from pydantic import ValidationError
from sqlmodel import Session

from governance.core import messages
from governance.core.errors import DomainError
from governance.core.pages.forms import (
    PAGE,
    FormBody,
    MultipartBody,
    clean_form,
    current_person_id,
    domain_message,
    picked_id,
    refused,
    see_other,
    text,
    validation_errors,
)
from governance.core.settings import MAX_UPLOAD_MB_LIMIT
from governance.core.web import DbSession, ItemId
from governance.tasks import pages, queries, service, workflow
from governance.tasks.evidence import add_file_evidence, add_text_evidence
from governance.tasks.pages import task_context
from governance.tasks.schemas import ProgressIn, TextEvidenceIn, TransitionIn
from governance.tasks.web import Settings, local_today

NOTE_WITH_FILE_MAX = 200  # a file's note is stored as its Line
Errors = dict[str, str]  # a refusal's message by the form field it is shown next to


def _say(code: str, **params: Any) -> str:
    """A refusal of these forms in Chinese (templates/messages/tasks.yaml)."""
    return messages.render(code, params, "zh")


def _refuse(
    request: Request[Any, Any, Any],
    session: Session,
    settings: Any,
    task_id: int,
    form: dict[str, Any],
    errors: Errors,
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


Step = Callable[[Request[Any, Any, Any], Session, int, dict[str, Any]], Errors]


def _form_step(path: str, step: Step) -> HTTPRouteHandler:
    """A button's form handler: the task page again when `step` refuses, else back to it."""

    @post(path, **PAGE)
    def handler(
        request: Request[Any, Any, Any],
        db_session: DbSession,
        task_settings: Settings,
        item_id: ItemId,
        data: FormBody,
    ) -> Template | Redirect:
        form = clean_form(data)
        errors = step(request, db_session, item_id, form)
        if errors:
            return _refuse(request, db_session, task_settings, item_id, form, errors)
        return _back(item_id, form)

    return handler


def _transition(
    request: Request[Any, Any, Any], session: Session, task_id: int, form: dict[str, Any]
) -> Errors:
    actor = _actor(request, form)
    if actor is None:
        return {"actor_id": _say("task_actor_required")}
    try:
        body = TransitionIn.model_validate(
            {"to": text(form, "to"), "actor_id": actor, "comment": text(form, "comment")}
        )
        workflow.transition(session, task_id, body)
    except ValidationError as exc:
        return validation_errors(exc, {"to": "transition", "comment": "comment"})
    except DomainError as exc:
        # A missing comment next to the comment box; the step's other refusals by the buttons.
        errors: Errors = {}
        for item in exc.items():
            slot = "comment" if item["key"] == "comment" else "transition"
            errors[slot] = "；".join(filter(None, (errors.get(slot), item["message"])))
        return errors
    return {}


def _progress(
    request: Request[Any, Any, Any], session: Session, task_id: int, form: dict[str, Any]
) -> Errors:
    actor = _actor(request, form)
    errors: Errors = {}
    if actor is None:
        errors["actor_id"] = _say("task_actor_required")
    raw = text(form, "progress")
    if not raw.isdigit() or int(raw) > 100:
        errors["progress"] = _say("task_progress_percent")
    if errors:
        return errors
    try:
        body = ProgressIn(actor_id=actor or 0, progress=int(raw), note=text(form, "note"))
        workflow.add_progress(session, task_id, body)
    except ValidationError as exc:
        return validation_errors(exc)
    except DomainError as exc:
        # The progress form is not shown outside 整改中 or with sub-tasks: say it at the top.
        hidden = exc.code in ("task_progress_not_in_progress", "task_progress_rolls_up")
        return {"form" if hidden else "progress": domain_message(exc)}
    return {}


transition = _form_step("/tasks/{item_id:int}/transition", _transition)
progress = _form_step("/tasks/{item_id:int}/progress", _progress)


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
    data: MultipartBody,
) -> Template | Redirect:
    """A file (PDF, image, Word, Excel) or a text, or both, as evidence of the task."""
    upload = data.get("file")
    form = clean_form({k: v for k, v in data.items() if k != "file"})
    actor = _actor(request, form)
    note = text(form, "text")
    has_file = isinstance(upload, UploadFile) and bool(upload.filename)
    errors: dict[str, str] = {}
    if actor is None:
        errors["actor_id"] = _say("task_actor_required")
    if not has_file and not note:
        errors["file"] = _say("task_evidence_missing")
    if len(note) > NOTE_WITH_FILE_MAX and has_file:
        errors["text"] = _say("task_evidence_note_too_long", max=NOTE_WITH_FILE_MAX)
    if errors:
        return _refuse(request, db_session, task_settings, item_id, form, errors)
    assert actor is not None
    try:
        if has_file:
            assert isinstance(upload, UploadFile)
            limit = task_settings.max_upload_bytes
            content = upload.file.read(limit + 1)
            add_file_evidence(
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
            add_text_evidence(db_session, item_id, TextEvidenceIn(actor_id=actor, text=note))
    except ValidationError as exc:
        return _refuse(request, db_session, task_settings, item_id, form, validation_errors(exc))
    except DomainError as exc:
        message = domain_message(exc)
        if exc.code == "task_file_too_large":  # people count in MB, not in bytes
            max_mb = task_settings.max_upload_bytes // (1024 * 1024)
            message = _say("task_file_too_large_mb", max_mb=max_mb)
        # A closed task shows no evidence form: say it at the top.
        slot = "form" if exc.code == "task_closed_no_evidence" else "file"
        return _refuse(request, db_session, task_settings, item_id, form, {slot: message})
    return _back(item_id, form, "#evidence")


def tasks_pages() -> Router:
    """The task pages: lists, forms (governance/tasks/pages.py) and workflow actions (here)."""
    return Router(
        path="/",
        route_handlers=[
            pages.tasks_page,
            pages.task_page,
            pages.new_task_page,
            pages.create_task,
            pages.edit_task_page,
            pages.update_task,
            transition,
            progress,
            evidence,
        ],
    )
