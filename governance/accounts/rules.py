"""Rules of accounts: roles, who may do what on which route, the login back-off schedule, and
the shape of tokens. Pure functions only: no database, no clock, no HTTP objects.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from governance.core.access import UserRole
from governance.core.errors import Invalid

ROLE_LABELS: dict[UserRole, str] = {
    UserRole.ADMIN: "系统管理员",
    UserRole.SECRETARIAT: "秘书处",
    UserRole.COMMUNICATIONS: "宣传",
    UserRole.LEADER: "领导",
    UserRole.VIEWER: "查看",
}


def is_internal(person_internal: bool | None) -> bool:
    """A user is internal unless the person they are linked to is external (Person.internal
    False); a user without a person is staff of the group, so internal."""
    return person_internal is not False


# --- login back-off ---------------------------------------------------------------------------
FREE_FAILURES = 4  # mistyped passwords before any wait
FIRST_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)


def lock_after(failures: int) -> timedelta:
    """How long a username is locked after its `failures`-th failed login in a row: nothing for
    the first few, then 30 s, doubling with each further failure, at most 15 minutes."""
    if failures <= FREE_FAILURES:
        return timedelta(0)
    doubled = FIRST_LOCK * (2 ** min(failures - FREE_FAILURES - 1, 16))
    return min(doubled, MAX_LOCK)


def retry_after_seconds(remaining: timedelta) -> int:
    """Whole seconds for a Retry-After header: never 0 while still locked."""
    seconds = int(remaining.total_seconds())
    return max(1, seconds + (1 if remaining.total_seconds() > seconds else 0))


# --- usernames, passwords, tokens ------------------------------------------------------------
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
_USERNAME = re.compile(USERNAME_PATTERN)
MIN_PASSWORD = 8
MAX_PASSWORD = 256
TOKEN_PREFIX = "gov_"
TOKEN_BYTES = 32
SESSION_HOURS = 12


def check_username(username: str) -> Invalid | None:
    """None when fine, else what is wrong (the error to raise)."""
    if not _USERNAME.match(username):
        return Invalid("username", "username_invalid")
    return None


def check_password(password: str) -> Invalid | None:
    """None when fine, else what is wrong (the error to raise)."""
    if len(password) < MIN_PASSWORD:
        return Invalid("password", "password_too_short", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return Invalid("password", "password_too_long", max=MAX_PASSWORD)
    if any(ord(c) < 32 for c in password):
        return Invalid("password", "password_control_characters")
    return None


def hash_secret(secret: str) -> str:
    """SHA-256 hex of an API token or session id: what the database keeps instead of it.
    (Tokens are 256 random bits, so a fast hash is enough; passwords use argon2.)"""
    return hashlib.sha256(secret.encode()).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, else None."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > 200:
        return None
    return value
