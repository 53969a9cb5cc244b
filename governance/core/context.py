"""Who is acting and in which request: set once per request (or CLI command), read where a change
is recorded. Context variables, so threads and tasks of different requests never mix them up."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None  # None for the system itself (fixtures, CLI without a user)
    username: str


SYSTEM = Actor(user_id=None, username="system")

current_actor: ContextVar[Actor] = ContextVar("current_actor", default=SYSTEM)
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
# The raw If-Match header of the request (None without one): services compare it with the
# version of the record they are about to change (governance.audit.integrity.expect_version).
current_if_match: ContextVar[str | None] = ContextVar("current_if_match", default=None)
