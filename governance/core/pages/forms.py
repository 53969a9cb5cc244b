"""Form input and refusals in Chinese, in one place.

A page validates what a form sent with the same pydantic schemas as the JSON API and calls the
same services; a refusal, whether pydantic's or a service's `Invalid(field, code)`, becomes the
catalogue's Chinese message (templates/messages/) keyed by the field's path (`participants[0].role`), which is also the form
field's name, so the template shows it next to the field. Nothing typed is lost: the page is
rendered again from the submitted values, with status 422.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from governance.core import crud, messages
from governance.core.errors import DomainError

FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

WHOLE_FORM = "__all__"


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


def validation_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        # Union types add the member's name to the path (e.g. 'date' or 'datetime'): drop it.
        loc = tuple(p for p in loc if p not in {"date", "datetime", "function-after[]"})
        errors.setdefault(path_of(loc) or WHOLE_FORM, pydantic_message(error))
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


def see_other(path: str) -> Redirect:
    """After a form is saved: 303, so reloading the next page does not post again."""
    return Redirect(path, status_code=HTTP_303_SEE_OTHER)


def save(
    session: Session,
    resource: crud.Resource[Any],
    schema: type[BaseModel],
    values: dict[str, Any],
    ident: int | None = None,
) -> tuple[Any, dict[str, str]]:
    """Validate with the API's schema and save through crud: (row, {}) or (None, errors)."""
    try:
        data = schema.model_validate(values)
        row = (
            crud.create(session, resource, data)
            if ident is None
            else crud.update(session, resource, ident, data)
        )
    except ValidationError as exc:
        return None, validation_errors(exc)
    except DomainError as exc:
        session.rollback()
        if exc.status_code == 404:
            raise
        return None, domain_errors(exc)
    return row, {}
