"""Benchmarks call the API as scripts do: with an admin's API token (every route needs one)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from governance.accounts.models import User
from governance.accounts.service import create_token, create_user
from governance.core.access import UserRole


def admin_headers(engine: sa.Engine) -> dict[str, str]:
    """An Authorization header for the user `bench` (an admin, created if missing)."""
    with Session(engine, expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.username == "bench")).first()
        if user is None:
            user = create_user(
                session, username="bench", password="bench-password-1", role=UserRole.ADMIN
            )
        _, secret = create_token(session, user, "bench")
        session.commit()
    return {"Authorization": f"Bearer {secret}"}
