"""`governance users ...` and the admin made by `governance demo`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from litestar.testing import TestClient
from sqlmodel import Session
from typer.testing import CliRunner, Result

import governance.cli
from governance.accounts import service
from governance.accounts.cli import ensure_demo_admin
from governance.cli import app
from governance.core.settings import Settings
from tests.factories import make_person

Run = Callable[..., Result]


@pytest.fixture
def run(settings: Settings) -> Run:
    env = {
        "GOVERNANCE_DATABASE_URL": settings.database_url,
        "GOVERNANCE_DATA_DIR": str(settings.data_dir),
    }

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(app, list(args), env=env, input=stdin, catch_exceptions=False)

    return invoke


def test_create_list_token_disable(run: Run, session: Session, client: TestClient) -> None:
    person = make_person(session, "谭相彦")
    made = run(
        "users",
        "create",
        "tan",
        "--role",
        "leader",
        "--person-id",
        str(person.id),
        "--password-stdin",
        stdin="a long password\n",
    )
    assert made.exit_code == 0, made.output
    assert made.stdout == "Created user tan (leader)\n"
    listed = run("users", "list").stdout.splitlines()
    assert listed[0].split() == ["username", "role", "person", "state"]
    assert f"tan                 leader          {person.id:>8}  active" in listed
    issued = run("users", "token", "tan", "--name", "script")
    secret = issued.stdout.split()[-1]
    assert secret.startswith("gov_")
    anonymous = client  # signed in as admin by default: use the token instead
    response = anonymous.get("/api/v1/users/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["username"] == "tan"
    assert run("users", "disable", "tan").stdout == "Disabled tan\n"
    response = anonymous.get("/api/v1/users/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_create_prompts_twice_when_not_piped(run: Run, session: Session) -> None:
    made = run(
        "users", "create", "li", "--role", "viewer", stdin="a long password\na long password\n"
    )
    assert made.exit_code == 0, made.output
    assert service.check_password(service.user_by_name(session, "li"), "a long password")


def test_create_refuses_bad_input_naming_the_field(run: Run) -> None:
    short = run("users", "create", "li", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert short.exit_code == 1
    assert "password" in short.stderr
    bad_role = run("users", "create", "li", "--role", "boss", "--password-stdin", stdin="x\n")
    assert bad_role.exit_code == 2


def test_reset_password(run: Run, session: Session) -> None:
    service.create_user(session, username="li", password="old password", role="viewer")
    result = run("users", "reset-password", "li", "--password-stdin", stdin="new password\n")
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert service.check_password(service.user_by_name(session, "li"), "new password")
    missing = run("users", "reset-password", "nobody", "--password-stdin", stdin="new password\n")
    assert missing.exit_code == 1 and "no user named 'nobody'" in missing.stderr


def test_demo_admin_is_made_once_with_a_random_password(
    engine: sa.Engine, session: Session
) -> None:
    password = ensure_demo_admin(engine)
    assert password is not None and len(password) >= 12
    assert service.check_password(service.user_by_name(session, "admin"), password)
    assert ensure_demo_admin(engine) is None


def test_demo_prints_how_to_log_in(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(governance.cli, "_serve", lambda settings, host, port: None)
    first = run("demo")
    assert first.exit_code == 0, first.output
    line = first.stderr.strip().splitlines()[-1]
    assert line.startswith("Log in at http://127.0.0.1:8000/login as admin, password: ")
    second = run("demo")
    assert "reset-password admin" in second.stderr
