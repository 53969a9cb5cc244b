"""Who is asking, and may they: authentication, permissions and CSRF for every route.

`AuthMiddleware` runs after routing (app-level middleware), for every route, pages included:
- a Bearer token or the session cookie names the user (both are accepted everywhere);
- the route's access (core.access.access_for: the `opt={"permission": ...}` its router or
  handler declares; a route declaring none is for admins only)
  decides: anonymous → 401 JSON (API, writes) or 303 to /login (pages); too weak a role → 403;
- the user is put on the scope (`request.user`, a service.Principal) and in the context
  variables the audit trail (audit.context.current_actor) and visibility
  (visibility.current_viewer) read; both are visible inside sync_to_thread handlers.

`FormCSRFMiddleware` is Litestar's CSRF middleware, skipped for scripts: a request with a
Bearer token and no session cookie cannot be forged by another site (browsers never add an
Authorization header by themselves), so it needs no CSRF token.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from litestar.datastructures import Cookie, Headers
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlmodel import Session

from governance.accounts import rules, service, visibility
from governance.accounts.service import Principal
from governance.core import access as access_rules
from governance.core import messages
from governance.core.access import Access
from governance.core.context import Actor, current_actor
from governance.records.visibility import Viewer

SESSION_COOKIE = "governance_session"
CSRF_COOKIE = "governance_csrf"


def cookies_of(scope: Scope) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar: dict[str, str] = {}
    for raw in Headers.from_scope(scope).getall("cookie", []):
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(raw)
        except Exception:
            continue
        jar.update({key: morsel.value for key, morsel in parsed.items()})
    return jar


def _is_api(path: str) -> bool:
    return path.startswith("/api/") or path.startswith("/schema/openapi")


async def _json(send: Send, status: int, code: str, headers: dict[str, str] | None = None) -> None:
    """A refusal in the API's error shape: its code, Chinese message and English detail."""
    answer = {
        "status_code": status,
        "code": code,
        "field": None,
        "message": messages.render(code, {}, "zh"),
        "detail": messages.render(code, {}, "en"),
        "extra": [],
    }
    body = json.dumps(answer, ensure_ascii=False).encode()
    extra = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    start: Any = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *extra,
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _redirect(send: Send, location: str, clear_cookie: bool) -> None:
    headers = [(b"location", location.encode()), (b"content-length", b"0")]
    if clear_cookie:
        gone = Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True)
        headers.append((b"set-cookie", gone.to_header(header="").encode()))
    start: Any = {"type": "http.response.start", "status": 303, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def login_location(scope: Scope) -> str:
    target = scope["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    if query:
        target += "?" + query
    return "/login?next=" + quote(target, safe="")


class AuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]  # type: ignore[typeddict-item]
        handler = scope.get("route_handler")
        declared = handler.opt.get("permission") if handler is not None else None
        access = access_rules.access_for(declared, method)
        headers = Headers.from_scope(scope)
        token = rules.bearer_token(headers.get("authorization"))
        session_id = cookies_of(scope).get(SESSION_COOKIE)
        engine = scope["litestar_app"].state.engine

        problem = ""
        who: Principal | None = None
        if headers.get("authorization") and token is None:
            problem = "bearer_malformed"
        elif token is not None or session_id:

            def lookup() -> Principal | None:
                now = datetime.now(UTC)
                with Session(engine, expire_on_commit=False) as db:
                    if token is not None:
                        user = service.user_for_token(db, token)
                        return service.principal(db, user, "token") if user else None
                    user = service.user_for_session(db, session_id or "", now)
                    return service.principal(db, user, "session") if user else None

            who = await anyio.to_thread.run_sync(lookup)
            if who is None:
                problem = "token_invalid" if token is not None else "session_expired"
        else:
            problem = "login_required"

        if who is None and access is not Access.ANONYMOUS:
            if method in ("GET", "HEAD") and not _is_api(path) and token is None:
                await _redirect(send, login_location(scope), clear_cookie=bool(session_id))
            else:
                await _json(send, 401, problem, {"WWW-Authenticate": 'Bearer realm="governance"'})
            return
        if who is not None and not access_rules.allowed(who.role, access):
            await _json(send, 403, access_rules.needed_role(access))
            return

        scope["user"] = who
        scope["auth"] = who.via if who is not None else None
        actor_token = current_actor.set(
            Actor(user_id=who.user_id, username=who.username)
            if who is not None
            else current_actor.get()
        )
        viewer = None
        if (
            who is not None
            and not access_rules.sees_everything(who.role)
            and not path.startswith("/feeds/")
        ):
            viewer = Viewer(who.person_id or visibility.NO_PERSON, who.internal)
        viewer_token = visibility.current_viewer.set(viewer)
        try:
            await self.app(scope, receive, send)
        finally:
            visibility.current_viewer.reset(viewer_token)
            current_actor.reset(actor_token)


class FormCSRFMiddleware(CSRFMiddleware):
    """CSRF checks for browsers (cookie sessions, forms, the login form), not for scripts."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            authorization = Headers.from_scope(scope).get("authorization")
            if rules.bearer_token(authorization) and SESSION_COOKIE not in cookies_of(scope):
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def user_of(request: Any) -> Principal:
    """The signed-in user of a request that passed AuthMiddleware on a non-anonymous route."""
    who = request.scope.get("user")
    assert isinstance(who, Principal)
    return who
