"""HTTP pieces of the audit trail: each request gets an id (the client's X-Request-ID if sane,
else a new one) sent back in the response; If-Match is made available to services; records
answered with a `version` carry it as their ETag; a change lost to a concurrent one is a 409."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar import Request, Response
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from pydantic import BaseModel
from sqlalchemy.orm.exc import StaleDataError

from governance.audit import rules
from governance.core import versioned
from governance.core.context import current_if_match, current_request_id
from governance.core.errors import Conflict


def request_context(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: X-Request-ID in and out, If-Match into a context variable."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if rules.sane_request_id(given) else uuid4().hex
        if_match = headers.get(b"if-match")
        id_token = current_request_id.set(request_id)
        match_token = current_if_match.set(None if if_match is None else if_match.decode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *[
                        (k, v)
                        for k, v in message.get("headers", [])
                        if k.lower() != b"x-request-id"
                    ],
                    (b"x-request-id", request_id.encode("latin-1")),
                ]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            current_if_match.reset(match_token)
            current_request_id.reset(id_token)

    return middleware


def add_etag(response: Response[Any]) -> Response[Any]:
    """after_request hook: a single record answered (it has an id and a version) gets
    `ETag: "<version>"`, the value to send back in If-Match."""
    content = response.content
    version = getattr(content, "version", None) if isinstance(content, BaseModel) else None
    if isinstance(version, int) and not isinstance(version, bool) and hasattr(content, "id"):
        response.headers["ETag"] = versioned.etag(version)
    return response


def stale_data_handler(_request: Request[Any, Any, Any], _exc: Exception) -> Response[Any]:
    error = Conflict("audit_stale_write")
    return Response(error.body(), status_code=error.status_code)


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {StaleDataError: stale_data_handler}
