"""HTTP details of calendar files: conditional requests, cache validators, headers, and keeping
feed tokens out of logs. No database here."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

# Litestar adds "; charset=utf-8" to text/* types itself.
MEDIA_TYPE = "text/calendar"
# Private: the URL is a secret, no shared cache may keep the body. No robots, no referrer: a
# capability URL must not leak through search engines or links followed from a calendar.
COMMON_HEADERS = {
    "Cache-Control": "private",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def validator_headers(etag: str, last_modified: datetime) -> dict[str, str]:
    return {**COMMON_HEADERS, "ETag": etag, "Last-Modified": http_date(last_modified)}


def _etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def not_modified(
    if_none_match: str | None, if_modified_since: str | None, etag: str, last_modified: datetime
) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison, "*" matches);
    otherwise If-Modified-Since, compared to the second."""
    if if_none_match is not None:
        tags = _etags(if_none_match)
        return "*" in tags or etag in tags
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored, as RFC 9110 says
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime
    stored: float  # time.monotonic() when the body was last built
    headers: dict[str, str]  # ready for a 304: formatting dates per request costs throughput


class ValidatorCache:
    """The ETag and Last-Modified each feed had when last built, kept `ttl` seconds.

    A conditional request whose validators still match is answered 304 from here without
    touching the database: a client refreshing hourly then costs almost nothing, and a 304 is
    at most `ttl` seconds stale. A request without validators always gets a fresh body. A feed
    revoked through the API is dropped here at once; elsewhere (the CLI, another worker) within
    `ttl`, and a 304 carries no data in the meantime.
    """

    def __init__(self, ttl: float, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, Validators] = {}  # insertion order: oldest first
        self._lock = threading.Lock()  # for writers; a dict read is atomic

    def get(self, key: str) -> Validators | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry.stored > self.ttl:
            return None
        return entry

    def put(self, key: str, etag: str, last_modified: datetime) -> None:
        if self.ttl <= 0:
            return
        entry = Validators(
            etag, last_modified, time.monotonic(), validator_headers(etag, last_modified)
        )
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = entry
            while len(self._entries) > self.size:
                del self._entries[next(iter(self._entries))]

    def drop(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)


def conditional_headers(
    scope_headers: Iterable[tuple[bytes, bytes]],
) -> tuple[str | None, str | None]:
    """If-None-Match and If-Modified-Since straight from the ASGI scope (cheaper than parsing
    every header into a multidict, on the path that must keep up with a bare endpoint)."""
    none_match = modified_since = None
    for name, value in scope_headers:
        if name == b"if-none-match":
            none_match = value.decode("latin-1")
        elif name == b"if-modified-since":
            modified_since = value.decode("latin-1")
    return none_match, modified_since


# --- logs ------------------------------------------------------------------------------------
_FEED_PATH = re.compile(r"(/feeds/)[A-Za-z0-9_-]{8,}")
REDACTED = r"\1[redacted]"
LOGGERS = ("uvicorn.access", "uvicorn.error", "litestar", "httpx")


def redact(text: str) -> str:
    return _FEED_PATH.sub(REDACTED, text)


class RedactFeedTokens(logging.Filter):
    """Feed URLs are capabilities: the access log must not hand them to whoever reads it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        return True


def _redact_arg(value: object) -> object:
    # Paths come as str (uvicorn) or as URL objects (httpx): redact whatever prints a token.
    if isinstance(value, int | float) or value is None:
        return value
    text = str(value)
    return redact(text) if _FEED_PATH.search(text) else value


def install_log_redaction() -> None:
    """Idempotent: adds the filter to the loggers that print request paths."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
