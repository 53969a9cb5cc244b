"""Paging links for list pages: previous / next keep every other query parameter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Pager:
    total: int
    limit: int
    offset: int
    params: dict[str, Any]  # the list's filters, kept on every link

    def _link(self, offset: int) -> str:
        given = {k: v for k, v in self.params.items() if v not in (None, "")}
        if offset:
            given["offset"] = offset
        if self.limit != 50:
            given["limit"] = self.limit
        return "?" + urlencode(given) if given else "?"

    @property
    def first(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)

    @property
    def previous(self) -> str | None:
        return self._link(max(0, self.offset - self.limit)) if self.offset > 0 else None

    @property
    def next(self) -> str | None:
        return self._link(self.offset + self.limit) if self.last < self.total else None
