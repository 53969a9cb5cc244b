"""Pages of accounts: login, logout and "my account" (password, API tokens)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter, QueryParameter
from litestar.response import Redirect, Template

from governance.accounts import rules, service
from governance.accounts.middleware import SESSION_COOKIE, cookies_of, user_of
from governance.core import messages
from governance.core.access import UserRole
from governance.core.columns import utcnow
from governance.core.errors import DomainError
from governance.core.pages.forms import attempt
from governance.core.settings import Settings
from governance.core.types import MAX_ID
from governance.core.web import DbSession

PAGE: dict[str, Any] = {"sync_to_thread": True, "include_in_schema": False}
PUBLIC: dict[str, Any] = {"permission": "public"}
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Next = Annotated[str | None, QueryParameter(name="next", max_length=500)]
TokenId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


def safe_next(target: object) -> str:
    """Where to go after login: a path on this site only (no //host, no scheme)."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target) or len(target) > 500:
        return "/"
    return target


def _secure(request: Request[Any, Any, Any]) -> bool:
    settings: Settings = request.app.state.settings
    return settings.public_url.startswith("https://")


def _session_cookie(request: Request[Any, Any, Any], secret: str) -> Cookie:
    """The login session's cookie: HttpOnly, SameSite=Lax, Secure behind https."""
    return Cookie(
        key=SESSION_COOKIE,
        value=secret,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=rules.SESSION_HOURS * 3600,
    )


def _text(data: dict[str, Any], name: str, limit: int = 256) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)[:limit]


@get("/login", opt=PUBLIC, **PAGE)
def login_page(next_: Next = None) -> Template:
    return Template(
        "accounts/login.html", context={"next": safe_next(next_), "error": "", "username": ""}
    )


@post("/login", status_code=303, opt=PUBLIC, **PAGE)
def login_submit(
    request: Request[Any, Any, Any], db_session: DbSession, data: FormBody
) -> Response[Any]:
    username = _text(data, "username", 64).strip()
    password = _text(data, "password")
    target = safe_next(_text(data, "next", 500))
    context = {"next": target, "username": username}
    try:
        user = service.login(db_session, username, password, utcnow())
    except service.LockedOut as exc:
        return Template(
            "accounts/login.html",
            context={**context, "error": exc.message},
            status_code=429,
            headers={"Retry-After": str(exc.retry_after)},
        )
    except DomainError as exc:
        return Template(
            "accounts/login.html", context={**context, "error": exc.message}, status_code=401
        )
    secret = service.start_session(db_session, user, utcnow())
    return Redirect(target, status_code=303, cookies=[_session_cookie(request, secret)])


@post("/logout", status_code=303, **PAGE)
def logout(request: Request[Any, Any, Any], db_session: DbSession) -> Redirect:
    secret = cookies_of(request.scope).get(SESSION_COOKIE)
    if secret:
        service.end_session(db_session, secret, utcnow())
    gone = Cookie(key=SESSION_COOKIE, value="", path="/", max_age=0, httponly=True, samesite="lax")
    return Redirect("/login", status_code=303, cookies=[gone])


def _account(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    *,
    message: str = "",
    error: str = "",
    new_token: str = "",
    status_code: int = 200,
) -> Template:
    who = user_of(request)
    user = service.get_user(db_session, who.user_id)
    return Template(
        "accounts/account.html",
        context={
            "user": user,
            "role_label": rules.ROLE_LABELS[UserRole(user.role)],
            "tokens": service.list_tokens(db_session, who.user_id),
            "message": message,
            "error": error,
            "new_token": new_token,
        },
        status_code=status_code,
    )


@get("/account", **PAGE)
def account_page(request: Request[Any, Any, Any], db_session: DbSession) -> Template:
    return _account(request, db_session)


@post("/account/password", status_code=200, **PAGE)
def account_password(
    request: Request[Any, Any, Any], db_session: DbSession, data: FormBody
) -> Template:
    user = service.get_user(db_session, user_of(request).user_id)
    current, new, again = (_text(data, n) for n in ("current", "new", "again"))
    if not service.check_password(user, current):
        error = messages.render("current_password_wrong", {}, "zh")
        return _account(request, db_session, error=error, status_code=422)
    if new != again:
        error = messages.render("password_mismatch", {}, "zh")
        return _account(request, db_session, error=error, status_code=422)
    _, errors = attempt(lambda: service.set_password(db_session, user, new), db_session)
    if errors:
        # The account page shows one alert, not errors beside fields.
        return _account(request, db_session, error=" ".join(errors.values()), status_code=422)
    # Changing the password ended every session, this one too: start a new one.
    secret = service.start_session(db_session, user, utcnow())
    page = _account(request, db_session, message="密码已修改")
    page.cookies.append(_session_cookie(request, secret))
    return page


@post("/account/tokens", status_code=200, **PAGE)
def account_new_token(
    request: Request[Any, Any, Any], db_session: DbSession, data: FormBody
) -> Template:
    user = service.get_user(db_session, user_of(request).user_id)
    name = _text(data, "name", 100).strip()
    _row, secret = service.create_token(db_session, user, name)
    return _account(request, db_session, message="已创建 API 令牌", new_token=secret)


@post("/account/tokens/{token_id:int}/revoke", status_code=200, **PAGE)
def account_revoke_token(
    request: Request[Any, Any, Any], db_session: DbSession, token_id: TokenId
) -> Template:
    service.revoke_token(db_session, user_of(request).user_id, token_id, utcnow())
    return _account(request, db_session, message="令牌已撤销")


def accounts_pages() -> Router:
    return Router(
        path="/",
        opt={"permission": "own"},  # one's own account; logging in says "public"
        route_handlers=[
            login_page,
            login_submit,
            logout,
            account_page,
            account_password,
            account_new_token,
            account_revoke_token,
        ],
    )
