"""Form input and refusals in Chinese, in one place.

A page validates what a form sent with the same pydantic schemas as the JSON API and calls the
same services; a refusal, whether pydantic's or a service's `Invalid(field, code)`, becomes the
catalogue's Chinese message (templates/messages/) keyed by the field's path (`participants[0].role`), which is also the form
field's name, so the template shows it next to the field. Nothing typed is lost: the page is
rendered again from the submitted values, with status 422.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from governance.core import crud, messages
from governance.core.access import EDITORS
from governance.core.errors import DomainError

FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
MultipartBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}
MAX_FIELD = 20_000
MAX_COUNT = 1_000_000

T = TypeVar("T")
WHOLE_FORM = "form"  # the key of a refusal that names no field


def pydantic_message(error: Mapping[str, Any]) -> str:
    """One pydantic error in Chinese, from the message catalogue."""
    code, params = messages.code_of_pydantic(error)
    return messages.render(code, params, "zh")


def path_of(loc: tuple[Any, ...]) -> str:
    """('participants', 0, 'role') -> 'participants[0].role'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _renamed(path: str, rename: Mapping[str, str] | None) -> str:
    """The form field of a schema path where they differ (`rename` maps a prefix)."""
    for prefix, target in (rename or {}).items():
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return target
    return path


def validation_errors(
    exc: ValidationError, rename: Mapping[str, str] | None = None
) -> dict[str, str]:
    """pydantic's errors in Chinese, keyed by the form field (`participants[0].role`)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        # Union types add the member's name to the path (e.g. 'date' or 'datetime'): drop it.
        loc = tuple(p for p in loc if p not in {"date", "datetime", "function-after[]"})
        field = _renamed(path_of(loc), rename) or WHOLE_FORM
        errors.setdefault(field, pydantic_message(error))
    return errors


def domain_errors(exc: DomainError) -> dict[str, str]:
    """A service's refusal: its Chinese message under the field it names."""
    return {exc.field or WHOLE_FORM: exc.message}


def text(form: Mapping[str, Any], name: str) -> str:
    """One field's text as typed (a repeated field keeps its last value)."""
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()


def checked(form: Mapping[str, Any], name: str) -> bool:
    return text(form, name) not in {"", "0", "off", "false"}


def optional(value: str) -> str | None:
    return value or None


def required_message() -> str:
    """The catalogue's wording of an empty required field (必填)."""
    return messages.render("required", {}, "zh")


def values(form: Mapping[str, Any], key: str) -> list[str]:
    """A field that may be repeated (checkboxes, multi-selects)."""
    value = form.get(key, [])
    items = value if isinstance(value, list) else [value]
    return [v.strip() for v in items if isinstance(v, str) and v.strip()]


def lines(form: Mapping[str, Any], key: str) -> list[str]:
    """A textarea holding one name a line (also split on 、，, and ;)."""
    raw = text(form, key)
    for sep in ("、", "，", ",", "；", ";"):
        raw = raw.replace(sep, "\n")
    return [line.strip() for line in raw.splitlines() if line.strip()]


def number(
    form: Mapping[str, Any], key: str, errors: dict[str, str], required: bool = True
) -> int | None:
    """A whole number ≥ 0, or None; a problem is written into `errors` under `key`."""
    raw = text(form, key)
    if not raw:
        if required:
            errors[key] = required_message()
        return None
    if not raw.isdigit():
        errors[key] = messages.render("not_a_count", {}, "zh")
        return None
    value = int(raw)
    if value > MAX_COUNT:
        errors[key] = messages.render("too_large", {"max": MAX_COUNT}, "zh")
        return None
    return value


def clean_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """The submitted values to show again (trimmed to a sane length)."""
    kept: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, str):
            kept[key] = value[:MAX_FIELD]
        elif isinstance(value, list):
            kept[key] = [v[:MAX_FIELD] for v in value if isinstance(v, str)]
    return kept


def domain_field(exc: DomainError, rename: Mapping[str, str] | None = None) -> str:
    """The form field a service error belongs to ("form" when it names none)."""
    return _renamed(exc.field, rename) if exc.field else WHOLE_FORM


def domain_message(exc: DomainError) -> str:
    """The service's refusal in Chinese."""
    return exc.message


def refused(template: str, context: dict[str, Any]) -> Template:
    """The form again with its errors and the typed values, status 422."""
    return Template(template, context=context, status_code=HTTP_422_UNPROCESSABLE_ENTITY)


def current_person_id(request: Any, selected: int | None) -> int | None:
    """Who "I" am on a page: the signed-in user's linked person (`request.user.person_id`, set
    by the accounts middleware) when there is one, else the person picked on the page. The one
    place the pages (my calendar, task workflow) decide it."""
    user = request.scope.get("user")
    person_id = getattr(user, "person_id", None)
    return person_id if isinstance(person_id, int) else selected


def may_choose_person(request: Any) -> bool:
    """Whether the page may act for a person picked on it: before accounts anyone; with them
    editors (admin, secretariat) only, a leader being their own linked person."""
    user = request.scope.get("user")
    return user is None or str(getattr(user, "role", "")) in {str(r) for r in EDITORS}


def picked_id(form: Mapping[str, Any], key: str) -> int | None:
    """A record id chosen in a select (None when empty or not a plausible id)."""
    raw = text(form, key)
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 else None


def see_other(path: str) -> Redirect:
    """After a form is saved: 303, so reloading the next page does not post again."""
    return Redirect(path, status_code=HTTP_303_SEE_OTHER)


def attempt(
    call: Callable[[], T],
    session: Session | None = None,
    rename: Mapping[str, str] | None = None,
) -> tuple[T | None, dict[str, str]]:
    """What a form action does with a refusal, in one place: runs `call` (validating with a
    schema and calling a service) and answers (result, {}), or (None, errors) with each error
    in Chinese under its form field when pydantic or a service refuses; the session is rolled
    back so nothing half-written stays. A missing record (404) is not the form's fault: it is
    raised on, and the page answers 404."""
    try:
        return call(), {}
    except ValidationError as exc:
        return None, validation_errors(exc, rename)
    except DomainError as exc:
        if session is not None:
            session.rollback()
        if exc.status_code == 404:
            raise
        return None, {domain_field(exc, rename): exc.message}


def save(
    session: Session,
    resource: crud.Resource[Any],
    schema: type[BaseModel],
    values: dict[str, Any],
    ident: int | None = None,
) -> tuple[Any, dict[str, str]]:
    """Validate with the API's schema and save through crud: (row, {}) or (None, errors)."""

    def call() -> Any:
        data = schema.model_validate(values)
        if ident is None:
            return crud.create(session, resource, data)
        return crud.update(session, resource, ident, data)

    return attempt(call, session)
