"""What create_app needs from accounts: the middleware (auth, then CSRF) and the routes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.middleware import DefineMiddleware

from governance.accounts import visibility
from governance.accounts.api import users_router
from governance.accounts.middleware import CSRF_COOKIE, AuthMiddleware, FormCSRFMiddleware
from governance.accounts.pages import accounts_pages
from governance.core.settings import Settings

SECRET_FILE = "secret_key"


def secret_key(settings: Settings) -> str:
    """GOVERNANCE_SECRET_KEY, else a random key kept in the data directory (created once,
    readable by the owner only), so CSRF tokens survive restarts without configuration."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / SECRET_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def accounts_middleware(settings: Settings) -> list[Any]:
    visibility.install()
    csrf = CSRFConfig(
        secret=secret_key(settings),
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,
        cookie_samesite="lax",
        cookie_secure=settings.public_url.startswith("https://"),
        header_name="x-csrftoken",
    )
    return [AuthMiddleware, DefineMiddleware(FormCSRFMiddleware, config=csrf)]


def accounts_routers() -> list[Any]:
    return [users_router(), accounts_pages()]
