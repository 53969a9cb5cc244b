"""Review pages for imported drafts (Chinese): the list, and one draft with its forms."""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from litestar import Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from pydantic import ValidationError
from sqlmodel import Session

from governance.core import messages
from governance.core.errors import DomainError, Invalid
from governance.core.pages.forms import pydantic_message
from governance.core.web import DbSession, ItemId, Limit, Offset
from governance.importing import service
from governance.importing.schemas import (
    AcceptRequest,
    DraftStatus,
    DraftUpdate,
    NewPeople,
    ParticipantFix,
)
from governance.records.models import EventKind, Role

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
SEPARATOR = "｜"


@get("/", **PAGE)
def drafts_page(
    db_session: DbSession,
    status: Annotated[str, QueryParameter(max_length=20)] = DraftStatus.PENDING.value,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Template:
    # The form's "all" sends an empty status; anything unknown also shows every draft.
    chosen = DraftStatus(status) if status in {s.value for s in DraftStatus} else None
    items, total = service.list_drafts(db_session, chosen, None, limit, offset)
    return Template(
        "importing/drafts.html",
        context={
            "drafts": items,
            "total": total,
            "status": chosen or "",
            "statuses": list(DraftStatus),
            "limit": limit,
            "offset": offset,
        },
    )


def participant_lines(draft: Any) -> str:
    return "\n".join(
        SEPARATOR.join([p.role, p.name, p.title, p.organisation]) for p in draft.participants
    )


def _draft_page(
    session: Session, item_id: int, error: str = "", status_code: int = 200
) -> Template:
    draft = service.draft_read(service.get_draft(session, item_id))
    return Template(
        "importing/draft.html",
        context={
            "draft": draft,
            "error": error,
            "kinds": list(EventKind),
            "lines": participant_lines(draft),
            "separator": SEPARATOR,
        },
        status_code=status_code,
    )


@get("/{item_id:int}", **PAGE)
def draft_page(db_session: DbSession, item_id: ItemId) -> Template:
    return _draft_page(db_session, item_id)


def _back(item_id: int) -> Redirect:
    return Redirect(f"/imports/{item_id}", status_code=HTTP_303_SEE_OTHER)


def _parse_participants(session: Session, item_id: int, text: str) -> list[ParticipantFix]:
    """Lines of 角色｜姓名｜职务｜单位, keeping the person matched to each name before."""
    current = service.draft_read(service.get_draft(session, item_id))
    ids = {p.name: p.person_id for p in current.participants}
    known = {p.name: p.id for p in service.directory(session).people}
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("|", SEPARATOR).split(SEPARATOR)]
        parts += [""] * (4 - len(parts))
        role, name, title, organisation = parts[:4]
        if role not in {r.value for r in Role}:
            raise Invalid("participants", "import_role_line", line=number, role=role)
        try:
            fix = ParticipantFix(
                role=Role(role),
                name=name,
                title=title,
                organisation=organisation,
                person_id=ids.get(name) or known.get(name),
            )
        except ValidationError as exc:
            problem = pydantic_message(exc.errors()[0])
            raise Invalid(
                "participants", "import_participant_line", line=number, problem=problem
            ) from exc
        out.append(fix)
    return out


def _date(data: Form, name: str) -> date | None:
    try:
        return date.fromisoformat(data[name]) if data.get(name) else None
    except ValueError as exc:
        raise Invalid(name, "not_a_date") from exc


def _kind(data: Form) -> EventKind | None:
    try:
        return EventKind(data["kind"]) if data.get("kind") else None
    except ValueError as exc:
        raise Invalid("kind", "unknown_choice") from exc


def _refused(session: Session, item_id: int, code: str, reason: str, status: int) -> Template:
    """The draft again with why the action was refused ("无法保存：…")."""
    return _draft_page(session, item_id, messages.render(code, {"reason": reason}, "zh"), status)


def _reasons(exc: ValidationError) -> str:
    return "；".join(dict.fromkeys(pydantic_message(error) for error in exc.errors()))


def _attempt(
    session: Session, item_id: int, refusal: str, action: Callable[[], object]
) -> Redirect | Template:
    """Runs `action` on the draft, then back to it; refused, the draft again with why."""
    try:
        action()
    except ValidationError as exc:
        session.rollback()
        return _refused(session, item_id, refusal, _reasons(exc), 422)
    except DomainError as exc:
        session.rollback()
        return _refused(session, item_id, refusal, exc.message, exc.status_code)
    return _back(item_id)


@post("/{item_id:int}/fix", **PAGE)
def fix_form(db_session: DbSession, item_id: ItemId, data: Form) -> Redirect | Template:
    def fix() -> None:
        update = DraftUpdate(
            title=data.get("title") or None,
            date=_date(data, "date"),
            end=_date(data, "end"),
            kind=_kind(data),
            participants=_parse_participants(db_session, item_id, data.get("participants", "")),
        )
        service.fix_draft(db_session, item_id, update)

    return _attempt(db_session, item_id, "import_fix_refused", fix)


@post("/{item_id:int}/accept", **PAGE)
def accept_form(db_session: DbSession, item_id: ItemId, data: Form) -> Redirect | Template:
    def accept() -> None:
        choice = data.get("new_people") or NewPeople.GUEST
        if choice not in {n.value for n in NewPeople}:
            raise Invalid("new_people", "unknown_choice")
        service.accept_draft(db_session, item_id, AcceptRequest(new_people=NewPeople(choice)))

    return _attempt(db_session, item_id, "import_accept_refused", accept)


@post("/{item_id:int}/reject", **PAGE)
def reject_form(db_session: DbSession, item_id: ItemId, data: Form) -> Redirect | Template:
    note = "".join(c for c in data.get("note") or "" if c >= " " or c in "\t\n\r")
    return _attempt(
        db_session,
        item_id,
        "import_reject_refused",
        lambda: service.reject_draft(db_session, item_id, note[:20_000]),
    )


def imports_pages() -> Router:
    return Router(
        path="/imports",
        route_handlers=[drafts_page, draft_page, fix_form, accept_form, reject_form],
    )
