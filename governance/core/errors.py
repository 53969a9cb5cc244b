"""Domain errors and the single place where they become HTTP responses."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
)


class DomainError(Exception):
    status_code = HTTP_400_BAD_REQUEST

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def body(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"status_code": self.status_code, "detail": self.message}
        if self.field:
            detail["extra"] = [{"key": self.field, "message": self.message}]
        return detail


class NotFound(DomainError):
    status_code = HTTP_404_NOT_FOUND

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} not found")


class Invalid(DomainError):
    """Input that is well-formed but breaks a rule; names the field at fault."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field)


class Conflict(DomainError):
    status_code = HTTP_409_CONFLICT


def domain_error_handler(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, DomainError)
    return Response(exc.body(), status_code=exc.status_code)


def validation_error_handler(_request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Litestar's validation errors, with each field named in the message itself."""
    assert isinstance(exc, HTTPException)
    extra = exc.extra if isinstance(exc.extra, list) else []
    parts = [
        f"{item.get('key', '')}: {item.get('message', '')}".strip(": ")
        for item in extra
        if isinstance(item, dict)
    ]
    detail = exc.detail if not parts else f"{exc.detail}: " + "; ".join(parts)
    return Response(
        {"status_code": exc.status_code, "detail": detail, "extra": extra},
        status_code=exc.status_code,
    )


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
}
