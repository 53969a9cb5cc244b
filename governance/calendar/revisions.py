"""SEQUENCE per exported item, derived from what it shows (see models.CalendarRevision).

When an item's fingerprint differs from the stored one, its SEQUENCE rises by one. The update
is a compare-and-set on the old fingerprint, so two feeds built at once never raise it twice
for the same change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from governance.calendar.export import Revision
from governance.calendar.models import CalendarRevision

_CHUNK = 500  # uids per IN (...) list: well within SQLite's and PostgreSQL's limits


@dataclass(frozen=True)
class Seen:
    uid: str
    fingerprint: str
    updated: datetime  # the record's own last change; the revision never reads earlier


def _stored(session: Session, uids: Sequence[str]) -> dict[str, CalendarRevision]:
    found: dict[str, CalendarRevision] = {}
    for i in range(0, len(uids), _CHUNK):
        stmt = select(CalendarRevision).where(col(CalendarRevision.uid).in_(uids[i : i + _CHUNK]))
        found.update((row.uid, row) for row in session.exec(stmt))
    return found


def _insert_ignoring_conflicts(session: Session, rows: list[dict[str, object]]) -> None:
    table = CalendarRevision.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    stmt: Any
    if dialect == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing(index_elements=["uid"])
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing(index_elements=["uid"])
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise RuntimeError(f"unsupported database {dialect}")
    session.execute(stmt, rows)


def revisions(session: Session, items: Iterable[Seen], now: datetime) -> dict[str, Revision]:
    """The Revision of each item, recording first sightings and changes (commits if any)."""
    seen = {item.uid: item for item in items}
    uids = sorted(seen)
    stored = _stored(session, uids)
    new = [
        {
            "uid": uid,
            "sequence": 0,
            "fingerprint": seen[uid].fingerprint,
            "changed_at": seen[uid].updated,
        }
        for uid in uids
        if uid not in stored
    ]
    changed = [
        uid for uid in uids if uid in stored and stored[uid].fingerprint != seen[uid].fingerprint
    ]
    if new or changed:
        if new:
            _insert_ignoring_conflicts(session, new)
        table = CalendarRevision.__table__  # type: ignore[attr-defined]
        for uid in changed:
            session.execute(
                sa.update(table)
                .where(table.c.uid == uid, table.c.fingerprint == stored[uid].fingerprint)
                .values(
                    sequence=table.c.sequence + 1,
                    fingerprint=seen[uid].fingerprint,
                    changed_at=max(now, seen[uid].updated),
                )
            )
        session.commit()
        session.expire_all()
        stored.update(_stored(session, [uid for uid in uids if uid not in stored] + changed))
    return {
        uid: Revision(stored[uid].sequence, max(stored[uid].changed_at, seen[uid].updated))
        for uid in uids
    }
