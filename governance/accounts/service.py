"""Users, passwords, API tokens, login sessions and the login back-off. Knows the database,
not HTTP; the clock is passed in where a rule depends on it."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from governance.accounts import rules
from governance.accounts.models import ApiToken, LoginThrottle, User, UserSession
from governance.core.access import UserRole
from governance.core.columns import utcnow
from governance.core.errors import Conflict, DomainError, Invalid, NotFound
from governance.records.models import Person

_HASHER = PasswordHasher()
# Verified when the username is unknown, so an unknown name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class LockedOut(DomainError):
    """Too many failed logins for a username in a row: wait `retry_after` seconds."""

    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("login_locked_out", seconds=retry_after)
        self.retry_after = retry_after


class BadLogin(DomainError):
    status_code = 401

    def __init__(self) -> None:
        super().__init__("login_refused")


@dataclass(frozen=True)
class Principal:
    """The signed-in user as the request sees it (plain values, no table row)."""

    user_id: int
    username: str
    role: UserRole
    person_id: int | None
    internal: bool
    via: str  # "token" or "session"


# --- users -----------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _checked_password(password: str) -> str:
    problem = rules.check_password(password)
    if problem is not None:
        raise problem
    return password


def _check_person(session: Session, person_id: int | None) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise Invalid("person_id", "account_person_missing", id=person_id)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: UserRole | str,
    person_id: int | None = None,
) -> User:
    problem = rules.check_username(username)
    if problem is not None:
        raise problem
    try:
        role = UserRole(role)
    except ValueError as exc:
        raise Invalid("role", "account_unknown_role", role=str(role)) from exc
    _check_person(session, person_id)
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise Conflict("username_taken", field="username", username=username)
    user = User(
        username=username,
        password_hash=hash_password(_checked_password(password)),
        role=role,
        person_id=person_id,
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("user", username)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())


def update_user(
    session: Session,
    user: User,
    *,
    role: UserRole | None = None,
    person_id: int | bool | None = False,  # False: unchanged
    disabled: bool | None = None,
) -> User:
    if role is not None:
        user.role = UserRole(role)
    if person_id is not False:
        assert person_id is None or isinstance(person_id, int)
        _check_person(session, person_id)
        user.person_id = person_id
    if disabled is not None:
        user.disabled = disabled
        if disabled:
            _end_all(session, user.id or 0)
    user.updated_at = utcnow()
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def set_password(session: Session, user: User, password: str) -> User:
    """A new password ends every login session of the user (tokens stay: revoke those apart)."""
    user.password_hash = hash_password(_checked_password(password))
    user.updated_at = utcnow()
    session.add(user)
    _end_all(session, user.id or 0)
    session.commit()
    session.refresh(user)
    return user


def check_password(user: User, password: str) -> bool:
    try:
        return _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _end_all(session: Session, user_id: int) -> None:
    now = utcnow()
    for row in session.exec(
        select(UserSession).where(
            UserSession.user_id == user_id, col(UserSession.revoked_at).is_(None)
        )
    ).all():
        row.revoked_at = now
        session.add(row)


def principal(session: Session, user: User, via: str) -> Principal:
    person = session.get(Person, user.person_id) if user.person_id is not None else None
    return Principal(
        user_id=user.id or 0,
        username=user.username,
        role=UserRole(user.role),
        person_id=user.person_id,
        internal=rules.is_internal(person.internal if person is not None else None),
        via=via,
    )


# --- login and back-off ----------------------------------------------------------------------
def _throttle_key(username: str) -> str:
    return username.strip().lower()[:64]


def login(session: Session, username: str, password: str, now: datetime) -> User:
    """The user for a correct username and password; BadLogin otherwise. Failures in a row
    lock the username for a growing time (rules.lock_after), kept in the database so a
    restart does not reset it; while locked even the right password is refused (LockedOut)."""
    key = _throttle_key(username)
    throttle = session.get(LoginThrottle, key) if key else None
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        raise LockedOut(rules.retry_after_seconds(throttle.locked_until - now))
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.disabled:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _HASHER.verify(_DUMMY_HASH, password)
        ok = False
    else:
        ok = check_password(user, password)
    if ok and user is not None:
        if throttle is not None:
            session.delete(throttle)
        if _HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
            session.add(user)
        session.commit()
        return user
    if key:
        throttle = throttle or LoginThrottle(username=key, failures=0)
        throttle.failures += 1
        throttle.last_failure_at = now
        lock = rules.lock_after(throttle.failures)
        throttle.locked_until = now + lock if lock else None
        session.add(throttle)
        try:
            session.commit()
        except IntegrityError:  # a concurrent failure counted first: that one counts
            session.rollback()
    raise BadLogin()


# --- sessions --------------------------------------------------------------------------------
def start_session(session: Session, user: User, now: datetime) -> str:
    """A new login session; returns the id for the cookie (only its hash is stored)."""
    secret = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id or 0,
            session_hash=rules.hash_secret(secret),
            created_at=now,
            expires_at=now + timedelta(hours=rules.SESSION_HOURS),
        )
    )
    session.commit()
    return secret


def end_session(session: Session, secret: str, now: datetime) -> None:
    row = session.exec(
        select(UserSession).where(UserSession.session_hash == rules.hash_secret(secret))
    ).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.commit()


def user_for_session(session: Session, secret: str, now: datetime) -> User | None:
    if not secret or len(secret) > 200:
        return None
    row = session.exec(
        select(UserSession).where(UserSession.session_hash == rules.hash_secret(secret))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    return None if user is None or user.disabled else user


# --- API tokens ------------------------------------------------------------------------------
def create_token(session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token; the secret is returned this once, only its SHA-256 is stored."""
    secret = rules.TOKEN_PREFIX + secrets.token_urlsafe(rules.TOKEN_BYTES)
    row = ApiToken(
        user_id=user.id or 0,
        name=name,
        token_hash=rules.hash_secret(secret),
        hint=secret[: len(rules.TOKEN_PREFIX) + 4],
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row, secret


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(
        session.exec(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(col(ApiToken.id))
        ).all()
    )


def revoke_token(session: Session, user_id: int, token_id: int, now: datetime) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id:
        raise NotFound("token", token_id)
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.commit()
        session.refresh(row)
    return row


def user_for_token(session: Session, secret: str) -> User | None:
    row = session.exec(
        select(ApiToken).where(ApiToken.token_hash == rules.hash_secret(secret))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    return None if user is None or user.disabled else user
