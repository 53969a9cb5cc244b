"""Optimistic concurrency: the `version` column every mutable table carries, entity tags, and
the check services make before a write (the version the client read, from If-Match or the body,
against the stored one)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from litestar.status_codes import HTTP_412_PRECONDITION_FAILED
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from governance.core.context import current_if_match
from governance.core.errors import Conflict, DomainError

_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*|\s*([0-9]+)\s*')


class Versioned(SQLModel):
    """Mix-in for a table: `version` goes up by one on every UPDATE, and the UPDATE carries
    `WHERE version = <the version read>`, so a concurrent change is detected (StaleDataError)
    instead of silently overwritten."""

    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def etag(version: int) -> str:
    """The entity tag of a record at a version: strong, the version in quotes: "3"."""
    return f'"{version}"'


@dataclass(frozen=True)
class IfMatch:
    any: bool  # If-Match: *
    versions: frozenset[int]  # the versions listed; empty if none could be read

    def allows(self, version: int) -> bool:
        return self.any or version in self.versions


def parse_if_match(header: str | None) -> IfMatch | None:
    """None when there is no header. Tags may be "3", W/"3" or a bare 3 (for scripts); a tag
    that is not a version never matches, so the write is refused rather than applied blindly."""
    if header is None or not header.strip():
        return None
    if header.strip() == "*":
        return IfMatch(any=True, versions=frozenset())
    versions: set[int] = set()
    for part in header.split(","):
        found = _TAG.fullmatch(part)
        if found is None:
            continue
        text = found.group(2) if found.group(2) is not None else found.group(3)
        if text is not None and text.isdigit() and len(text) <= 10:
            versions.add(int(text))
    return IfMatch(any=False, versions=frozenset(versions))


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
    wanted = parse_if_match(header)
    if wanted is not None and not wanted.allows(version):
        raise PreconditionFailed(
            "stale_version", what=what, sent=(header or "").strip(), current=version
        )
    if body_version is not None and body_version != version:
        raise Conflict("stale_version", "version", what=what, sent=body_version, current=version)
