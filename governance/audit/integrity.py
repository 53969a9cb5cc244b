"""Optimistic concurrency for services: compare the version the client read (If-Match header or
`version` in the body) with the stored one before changing anything."""

from __future__ import annotations

from typing import Any

from litestar.status_codes import HTTP_412_PRECONDITION_FAILED

from governance.audit import rules
from governance.audit.context import current_if_match
from governance.errors import Conflict, DomainError


class PreconditionFailed(DomainError):
    """If-Match names another version than the stored one: 412."""

    status_code = HTTP_412_PRECONDITION_FAILED


def expect_version(row: Any, what: str, body_version: int | None = None) -> None:
    """Refuse the write if the client read another version than the stored one.

    If-Match (this request's header) mismatch answers 412, a `version` in the body that differs
    answers 409. Without either the write goes on; the UPDATE itself still carries
    `WHERE version = <read>`, so a change committed meanwhile is a 409, never overwritten."""
    version = getattr(row, "version", None)
    if version is None:
        return
    header = current_if_match.get()
    wanted = rules.parse_if_match(header)
    if wanted is not None and not wanted.allows(version):
        raise PreconditionFailed(rules.stale_message(what, (header or "").strip(), version))
    if body_version is not None and body_version != version:
        raise Conflict(rules.stale_message(what, body_version, version), "version")
