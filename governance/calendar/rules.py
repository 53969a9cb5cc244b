"""Rules of the calendar feeds: who may see what, how roles and statuses read in iCalendar,
how long a cancelled meeting stays, and the shape of tokens and UIDs.

Pure functions only: no database, no clock, no HTTP.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from uuid import NAMESPACE_URL, uuid5

from governance.records.models import EventStatus, Role, Visibility
from governance.records.visibility import Viewer, may_see

__all__ = ["Viewer", "may_see"]  # the feeds' view of the rule they apply

# A cancelled meeting stays in feeds, as STATUS:CANCELLED, this long after it was cancelled:
# clients that already show it need to see the cancellation before it disappears.
CANCELLED_GRACE = timedelta(days=30)

# Asia/Shanghai has kept +08:00 without daylight saving since 1992 (it had DST 1986-1991), so a
# VTIMEZONE from 1992 is one STANDARD block; earlier times are written in UTC instead.
TIMEZONE = "Asia/Shanghai"
TIMEZONE_FROM = date(1992, 1, 1)
TIMEZONE_UNTIL = date(2038, 1, 1)

UID_DOMAIN = "governance.lcsw"  # right-hand side of every UID; fixed so UIDs never change
TOKEN_BYTES = 24  # 192 random bits; W3C TAG capability URLs ask for at least 128
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,86}$")
FEED_FILE_PATTERN = r"^[A-Za-z0-9_-]{22,86}\.ics$"  # the last segment of a feed URL
FEED_FILE_MAX = 90
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


# --- attendees -------------------------------------------------------------------------------
CHAIR = "CHAIR"
REQUIRED = "REQ-PARTICIPANT"
OPTIONAL = "OPT-PARTICIPANT"
NON_PARTICIPANT = "NON-PARTICIPANT"
_ROLE_ORDER = (CHAIR, REQUIRED, OPTIONAL, NON_PARTICIPANT)

# RFC 5545 §3.2.16 roles for the newsletter's: 主持 chairs, 列席 attends without a vote, invited
# guests and hosts accompanying visitors are optional; everyone else is expected to take part.
ATTENDEE_ROLES: dict[Role, str] = {
    Role.PRESIDE: CHAIR,
    Role.ATTEND: REQUIRED,
    Role.PARTICIPATE: REQUIRED,
    Role.GUIDE: REQUIRED,
    Role.INVITED: OPTIONAL,
    Role.ACCOMPANY: OPTIONAL,
    Role.LEAD: REQUIRED,
    Role.SPEAK: REQUIRED,
    Role.ADDRESS: REQUIRED,
    Role.REPORT: REQUIRED,
    Role.READ: REQUIRED,
    Role.ANNOUNCE: REQUIRED,
    Role.OBSERVE: NON_PARTICIPANT,
    Role.EXCUSED: REQUIRED,
    Role.SCRUTINEER: REQUIRED,
    Role.TELLER: REQUIRED,
}


def attendee_role(roles: Iterable[Role]) -> str:
    """One ROLE for a person who holds several roles at an event: the strongest."""
    found = {ATTENDEE_ROLES[Role(role)] for role in roles}
    if not found:
        raise ValueError("an attendee needs at least one role")
    return next(r for r in _ROLE_ORDER if r in found)


def attendee_partstat(roles: Iterable[Role], status: EventStatus) -> str | None:
    """DECLINED when the person was excused (only 请假); ACCEPTED once the meeting was held."""
    held = {Role(role) for role in roles}
    if held == {Role.EXCUSED}:
        return "DECLINED"
    return "ACCEPTED" if status == EventStatus.HELD else None


# --- statuses --------------------------------------------------------------------------------
EVENT_STATUS: dict[EventStatus, str] = {
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}

EVENT_CLASS: dict[Visibility, str] = {
    Visibility.PUBLIC: "PUBLIC",
    Visibility.INTERNAL: "PRIVATE",
    Visibility.CONFIDENTIAL: "CONFIDENTIAL",
}


class TodoStatus(StrEnum):
    """VTODO STATUS values (RFC 5545 §3.8.1.11)."""

    NEEDS_ACTION = "NEEDS-ACTION"
    IN_PROCESS = "IN-PROCESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


def still_listed(cancelled: bool, changed_at: datetime, now: datetime) -> bool:
    """A cancelled item stays listed for CANCELLED_GRACE after its last change, then leaves."""
    return not cancelled or now - changed_at <= CANCELLED_GRACE


def within_history(ends: datetime, history_days: int | None, now: datetime) -> bool:
    return history_days is None or ends >= now - timedelta(days=history_days)


# --- text ------------------------------------------------------------------------------------
@lru_cache(maxsize=16_384)  # the same few hundred names recur in every feed
def clean_param(text: str) -> str:
    """A parameter value (CN) as clients can read it: no quotes, line breaks or controls.

    RFC 5545 parameter values cannot hold DQUOTE at all and clients differ on RFC 6868 escapes,
    so they are dropped; ':' ';' ',' are quoted by the serialiser.
    """
    return " ".join(_CONTROL.sub(" ", text.replace('"', "")).split())


_DROP = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0x7F])


def plain_text(text: str) -> str:
    """Line breaks as \\n only (the serialiser escapes them); other control characters dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)


# --- tokens and identifiers ------------------------------------------------------------------
def hash_token(token: str) -> str:
    """What is stored of a feed token. SHA-256 suffices: the token is random, not a password."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    return bool(_TOKEN_PATTERN.match(text))


def token_from_feed_path(name: str) -> str | None:
    """The token in the last path segment of a feed URL ("<token>.ics"), or None."""
    token = name.removesuffix(".ics")
    return token if token != name and looks_like_token(token) else None


def item_uid(kind: str, ident: int, created: datetime) -> str:
    """A stable UID per record: kind, id and creation time (ids can be reused after deletes).

    No names or titles: UIDs travel to every client and must not carry personal data.
    """
    stamp = created.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{kind}-{ident}-{stamp}@{UID_DOMAIN}"


@lru_cache(maxsize=16_384)
def attendee_uri(key: str) -> str:
    """A cal-address for someone without an e-mail address: a name-based UUID URN (stable,
    and without the person's name in it)."""
    return f"urn:uuid:{uuid5(NAMESPACE_URL, f'https://{UID_DOMAIN}/{key}')}"


def webcal_url(url: str) -> str:
    """The click-to-subscribe form of a feed URL."""
    scheme, sep, rest = url.partition("://")
    return f"webcal://{rest}" if sep and scheme in {"http", "https"} else url


def parse_kinds(text: str) -> tuple[str, ...]:
    return tuple(k for k in (part.strip() for part in text.split(",")) if k)
