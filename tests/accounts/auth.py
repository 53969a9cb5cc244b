"""Users and tokens for tests, written straight into the database (fast: no argon2 per test).

The `client` fixture, the calendar clients and the OpenAPI fuzz test authenticate as the admin
made here; tests of roles use `client_as(role)` from tests/conftest.py.
"""

from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from governance.accounts import rules, service
from governance.accounts.models import ApiToken, User
from governance.core.access import UserRole

TEST_ADMIN = "test-admin"
PASSWORD = "correct horse battery"


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2 hash of PASSWORD per test session."""
    return service.hash_password(PASSWORD)


def token_of(username: str) -> str:
    return f"{rules.TOKEN_PREFIX}test-{username}-0123456789abcdef"


def ensure_user(
    engine: sa.Engine, username: str, role: UserRole | str, person_id: int | None = None
) -> tuple[int, str]:
    """The user (created if missing, with password PASSWORD) and a working API token for it."""
    token = token_of(username)
    with Session(engine, expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = User(
                username=username,
                password_hash=password_hash(),
                role=UserRole(role),
                person_id=person_id,
            )
            session.add(user)
            session.flush()
        digest = rules.hash_secret(token)
        if session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first() is None:
            session.add(
                ApiToken(user_id=user.id or 0, name="tests", token_hash=digest, hint=token[:8])
            )
        session.commit()
        return user.id or 0, token


def admin_headers(engine: sa.Engine) -> dict[str, str]:
    """Headers of the test admin, which is (re)made an enabled admin with a live token."""
    user_id, token = ensure_user(engine, TEST_ADMIN, UserRole.ADMIN)
    with engine.begin() as db:
        db.execute(
            sa.update(User)
            .where(User.id == user_id)  # type: ignore[arg-type]
            .where(sa.or_(User.disabled, User.role != UserRole.ADMIN))  # type: ignore[arg-type]
            .values(disabled=False, role=UserRole.ADMIN)
        )
        db.execute(
            sa.update(ApiToken)
            .where(ApiToken.token_hash == rules.hash_secret(token))  # type: ignore[arg-type]
            .where(ApiToken.revoked_at.is_not(None))  # type: ignore[union-attr]
            .values(revoked_at=None)
        )
    return {"Authorization": f"Bearer {token}"}
