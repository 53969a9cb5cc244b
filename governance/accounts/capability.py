"""Accounts' declaration: users, sessions and tokens, the auth and CSRF middleware, visibility."""

from __future__ import annotations

import typer

from governance.accounts import models, visibility
from governance.accounts.cli import users_app
from governance.accounts.wiring import accounts_middleware, accounts_routers
from governance.core.plugin import Capability


def _commands(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")


CAPABILITY = Capability(
    name="accounts",
    routes=lambda _settings: accounts_routers(),
    middleware=accounts_middleware,
    cli=_commands,
    tables=[models],
    install=visibility.install,
)
