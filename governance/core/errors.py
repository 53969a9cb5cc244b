"""Domain errors: a stable code, the field at fault and parameters; the words come from the
message catalogue (templates/messages/*.yaml), Chinese for pages and API `message`, English for
scripts, the CLI and API `detail`. The single place where they become HTTP responses.

    raise Invalid("end", "end_before_start")
    raise Conflict("name_taken", field="name", what="organisation", name=…)
    raise NotFound("event", 14)
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from governance.core import messages


class DomainError(Exception):
    status_code = HTTP_400_BAD_REQUEST

    field_in_detail = False  # Invalid's detail starts with the field: "end: end is before start"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(self.detail)

    @property
    def message(self) -> str:
        """In Chinese, for people (pages, the API's `message`)."""
        return messages.render(self.code, self.params, "zh")

    @property
    def detail(self) -> str:
        """In English, for scripts (the API's `detail`, the CLI), naming the field."""
        text = messages.render(self.code, self.params, "en")
        return f"{self.field}: {text}" if self.field and self.field_in_detail else text

    def items(self) -> list[dict[str, Any]]:
        """The problems one by one (most errors have one)."""
        return [{"key": self.field, "code": self.code, "message": self.message}]

    def body(self) -> dict[str, Any]:
        return {
            "status_code": self.status_code,
            "code": self.code,
            "field": self.field,
            "message": self.message,
            "detail": self.detail,
            "extra": self.items() if self.field else [],
        }


class NotFound(DomainError):
    status_code = HTTP_404_NOT_FOUND

    def __init__(self, what: str, ident: object) -> None:
        super().__init__("not_found", None, what=what, id=ident)


class Invalid(DomainError):
    """Input that is well-formed but breaks a rule; names the field at fault."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY
    field_in_detail = True

    def __init__(self, field: str, code: str, **params: Any) -> None:
        super().__init__(code, field, **params)


class Conflict(DomainError):
    status_code = HTTP_409_CONFLICT


class Forbidden(DomainError):
    """The user may use the route but not on this record, or not with this field (403)."""

    status_code = HTTP_403_FORBIDDEN
    field_in_detail = True


def domain_error_handler(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, DomainError)
    return Response(exc.body(), status_code=exc.status_code)


def validation_error_handler(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Litestar's validation errors: each field named in `detail` (English), each problem with
    its code and Chinese message in `extra`, the first one's in `code`, `field`, `message`."""
    assert isinstance(exc, HTTPException)
    raw = exc.extra if isinstance(exc.extra, list) else []
    extra = [dict(item) for item in raw if isinstance(item, dict)]
    # Litestar keeps pydantic's errors (with their types) on the cause, in the same order.
    causes = getattr(exc.__cause__, "errors", None)
    errors = causes if isinstance(causes, list) and len(causes) == len(extra) else []
    for index, item in enumerate(extra):
        code, params = (
            messages.code_of_pydantic(errors[index])
            if errors
            else ("invalid_value", {"detail": item.get("message", "")})
        )
        item["code"] = code
        item["detail"] = str(item.get("message", ""))
        item["message"] = messages.render(code, params, "zh")
    parts = [f"{item.get('key', '')}: {item['detail']}".strip(": ") for item in extra]
    detail = exc.detail if not parts else f"{exc.detail}: " + "; ".join(parts)
    first = extra[0] if extra else {}
    zh = [
        f"{item['key']}：{item['message']}" if item.get("key") else item["message"]
        for item in extra
    ]
    return Response(
        {
            "status_code": exc.status_code,
            "code": first.get("code", "bad_request"),
            "field": first.get("key") or None,
            "message": "；".join(zh) or messages.render("bad_request", {}, "zh"),
            "detail": detail,
            "extra": extra,
        },
        status_code=exc.status_code,
    )


# Litestar's own refusals (no route, a method the route lacks, a body too large …) by status.
_HTTP_CODES = {
    401: "login_required",
    403: "forbidden",
    404: "route_not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    429: "too_many_requests",
    500: "server_error",
    503: "server_busy",
}


def http_error_handler(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Every other HTTP refusal in the same shape: a code, Chinese and English words."""
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    body = {
        "status_code": exc.status_code,
        "code": code,
        "field": None,
        "message": messages.render(code, {}, "zh"),
        "detail": exc.detail or messages.render(code, {}, "en"),
        "extra": exc.extra if isinstance(exc.extra, list) else [],
    }
    return Response(body, status_code=exc.status_code, headers=exc.headers)


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
}
