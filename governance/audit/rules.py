"""Pure rules of the audit trail and of optimistic concurrency: what a change looks like, which
values are secret, how an If-Match header is read. No database, no HTTP, no clock."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

REDACTED = "[redacted]"
SECRET_WORDS = ("hash", "secret", "password", "token")
# Bookkeeping columns: they change with every write and say nothing a reader needs.
IGNORED_COLUMNS = frozenset({"version", "updated_at", "body_etag", "body_changed_at"})
ACTIONS = ("create", "update", "delete", "restore", "transition")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def is_secret(column: str) -> bool:
    name = column.lower()
    return any(word in name for word in SECRET_WORDS)


def jsonable(value: Any) -> Any:
    """A column value as JSON can hold it, read back unambiguously by a person."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def shown(column: str, value: Any) -> Any:
    """The value as the audit trail stores it: secrets never, only that they were set."""
    if is_secret(column):
        return None if value is None else REDACTED
    return jsonable(value)


def diff(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    ignore: Iterable[str] = IGNORED_COLUMNS,
) -> dict[str, dict[str, Any]]:
    """{column: {"before": old, "after": new}} for each column whose value differs.

    A column missing on one side counts as None there (a created or deleted row)."""
    skipped = set(ignore)
    changes: dict[str, dict[str, Any]] = {}
    for column in sorted(set(before) | set(after)):
        if column in skipped:
            continue
        old, new = before.get(column), after.get(column)
        if jsonable(old) == jsonable(new):
            continue
        if is_secret(column):
            changes[column] = {"before": shown(column, old), "after": shown(column, new)}
            if old is not None and new is not None:  # both set, but to different secrets
                changes[column] = {"before": REDACTED, "after": REDACTED + " (changed)"}
        else:
            changes[column] = {"before": jsonable(old), "after": jsonable(new)}
    return changes


def classify(kind: str, changes: Mapping[str, Mapping[str, Any]]) -> str:
    """The action of a change: a row inserted is "create", removed "delete"; an update that sets
    `deleted_at` is a (soft) "delete", one that clears it a "restore", one that changes `status`
    a "transition" (a workflow step), anything else an "update"."""
    if kind in ("create", "delete"):
        return kind
    deleted = changes.get("deleted_at")
    if deleted is not None:
        return "delete" if deleted.get("after") is not None else "restore"
    if "status" in changes:
        return "transition"
    return "update"


def sane_request_id(value: str | None) -> bool:
    """A client's X-Request-ID is kept only if it is short and plain (it ends up in logs)."""
    return value is not None and _REQUEST_ID.fullmatch(value) is not None
