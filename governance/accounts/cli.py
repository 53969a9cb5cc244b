"""`governance users ...`: accounts from the command line (the first admin is made here)."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import sqlalchemy as sa
import typer
from sqlmodel import Session, select

from governance.accounts import service
from governance.accounts.models import User
from governance.core.access import UserRole
from governance.core.commands import command_session, fail
from governance.core.errors import DomainError

users_app = typer.Typer(help="User accounts, roles and API tokens.", no_args_is_help=True)

DEMO_ADMIN = "admin"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _user(session: Session, username: str) -> User:
    try:
        return service.user_by_name(session, username)
    except DomainError as exc:
        raise fail(f"no user named {username!r}") from exc


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


@users_app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="Login name (letters, digits, . _ -).")],
    role: Annotated[
        UserRole, typer.Option(help="admin, secretariat, communications, leader or viewer.")
    ],
    person_id: Annotated[
        int | None, typer.Option(min=1, help="The person this user is (visibility, own feeds).")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user; the password is asked twice (or read from stdin)."""
    password = _read_password(password_stdin)
    with command_session() as session:
        try:
            user = service.create_user(
                session, username=username, password=password, role=role, person_id=person_id
            )
        except DomainError as exc:
            raise fail(exc.detail) from exc
    typer.echo(f"Created user {user.username} ({user.role})")


@users_app.command("reset-password")
def reset_password(
    username: Annotated[str, typer.Argument(help="Whose password.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password; the user's login sessions end (API tokens stay)."""
    password = _read_password(password_stdin)
    with command_session() as session:
        user = _user(session, username)
        try:
            service.set_password(session, user, password)
        except DomainError as exc:
            raise fail(exc.detail) from exc
    typer.echo(f"Password of {username} changed")


@users_app.command("token")
def token(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Print a new API token for the user (its last word); send it as 'Authorization: Bearer'."""
    if len(name) > 100:
        raise fail("--name: at most 100 characters")
    with command_session() as session:
        user = _user(session, username)
        _row, secret = service.create_token(session, user, name)
    typer.echo(f"New API token for {username} (shown once): {secret}")


@users_app.command("list")
def list_() -> None:
    """Every user with role, linked person and state."""
    with command_session() as session:
        users = service.list_users(session)
    typer.echo(f"{'username':<20}{'role':<16}{'person':>8}  state")
    for user in users:
        person = "" if user.person_id is None else str(user.person_id)
        state = "disabled" if user.disabled else "active"
        typer.echo(f"{user.username:<20}{user.role!s:<16}{person:>8}  {state}")


@users_app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="Who.")]) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    with command_session() as session:
        service.update_user(session, _user(session, username), disabled=True)
    typer.echo(f"Disabled {username}")


def ensure_demo_admin(engine: sa.Engine) -> str | None:
    """Create the user `admin` with a random password when missing; the password, or None."""
    with Session(engine, expire_on_commit=False) as session:
        if session.exec(select(User).where(User.username == DEMO_ADMIN)).first() is not None:
            return None
        password = secrets.token_urlsafe(12)
        service.create_user(session, username=DEMO_ADMIN, password=password, role=UserRole.ADMIN)
        return password
