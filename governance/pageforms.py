"""Small helpers for HTML forms of the capability pages (elections, tasks, briefs, calendar).

A form is read as a plain dict (URL-encoded or multipart), validated with the capability's own
pydantic schema, and a refusal is shown on the same page with status 422: every message in
Chinese next to its field, and every value typed kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from pydantic import ValidationError

from governance.core import messages
from governance.core.errors import DomainError
from governance.core.pages.forms import pydantic_message

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
MultipartData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}
MAX_FIELD = 20_000
MAX_COUNT = 1_000_000


def required_message() -> str:
    """The catalogue's wording of an empty required field (必填)."""
    return messages.render("required", {}, "zh")


def text(form: dict[str, Any], key: str) -> str:
    """One text field, stripped ("" when absent; the first value when repeated)."""
    value = form.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def values(form: dict[str, Any], key: str) -> list[str]:
    """A field that may be repeated (checkboxes, multi-selects)."""
    value = form.get(key, [])
    items = value if isinstance(value, list) else [value]
    return [v.strip() for v in items if isinstance(v, str) and v.strip()]


def lines(form: dict[str, Any], key: str) -> list[str]:
    """A textarea holding one name a line (also split on 、，, and ;)."""
    raw = text(form, key)
    for sep in ("、", "，", ",", "；", ";"):
        raw = raw.replace(sep, "\n")
    return [line.strip() for line in raw.splitlines() if line.strip()]


def number(
    form: dict[str, Any], key: str, errors: dict[str, str], required: bool = True
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


def clean_form(form: dict[str, Any]) -> dict[str, Any]:
    """The submitted values to show again (trimmed to a sane length)."""
    kept: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, str):
            kept[key] = value[:MAX_FIELD]
        elif isinstance(value, list):
            kept[key] = [v[:MAX_FIELD] for v in value if isinstance(v, str)]
    return kept


def chinese_error(error: dict[str, Any]) -> str:
    """A pydantic error as a Chinese message (the catalogue's wording)."""
    return pydantic_message(error)


def validation_errors(exc: ValidationError, rename: dict[str, str] | None = None) -> dict[str, str]:
    """Field → Chinese message; `rename` maps a schema path ("candidates.0.name") to a form
    field where they differ (prefix match on the first part)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        path = ".".join(str(p) for p in error["loc"])
        field = path
        for prefix, target in (rename or {}).items():
            if path == prefix or path.startswith(prefix + "."):
                field = target
                break
        errors.setdefault(field, chinese_error(dict(error)))
    return errors


def domain_field(exc: DomainError, rename: dict[str, str] | None = None) -> str:
    """The form field a service error belongs to ("form" when it names none)."""
    field = exc.field or "form"
    for prefix, target in (rename or {}).items():
        if field == prefix or field.startswith(prefix + ".") or field.startswith(prefix + "["):
            return target
    return field


def domain_message(exc: DomainError) -> str:
    """The service's refusal in Chinese."""
    return exc.message


def see_other(url: str) -> Redirect:
    """After a successful POST: go to the page that shows the result (303, so a reload is a GET)."""
    return Redirect(url, status_code=HTTP_303_SEE_OTHER)


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
    return user is None or str(getattr(user, "role", "")) in {"admin", "secretariat"}


def picked_id(form: dict[str, Any], key: str) -> int | None:
    """A record id chosen in a select (None when empty or not a plausible id)."""
    raw = text(form, key)
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 else None
