"""50 writers change one event at the same time: each write is applied or refused, and the
stored event holds exactly the applied ones (no update lost)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from governance.core.errors import Conflict
from governance.records import service
from governance.records.models import Event
from governance.records.schemas import EventUpdate
from tests.factories import make_event

WRITERS = 50


def test_fifty_concurrent_updates_of_one_event_lose_nothing(engine: sa.Engine) -> None:
    with Session(engine, expire_on_commit=False) as setup:
        event_id = make_event(setup, notes="").id or 0
    barrier = threading.Barrier(WRITERS)

    def write(i: int) -> tuple[int, bool]:
        with Session(engine, expire_on_commit=False) as session:
            event = session.get(Event, event_id)
            assert event is not None
            read = event.notes
            session.commit()  # hand the connection back (the pool has fewer than 50)
            barrier.wait()  # all have read the same version: as much contention as can be
            try:
                service.update_event(
                    session,
                    event_id,
                    EventUpdate(
                        notes=f"{read}[{i}]",
                        participants=[{"guest": {"name": f"来宾{i}"}, "role": "出席"}],  # type: ignore[list-item]
                    ),
                )
            except (StaleDataError, Conflict):
                session.rollback()
                return i, False
            return i, True

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        results = list(pool.map(write, range(WRITERS)))

    applied = [i for i, ok in results if ok]
    assert applied, "at least one writer gets through"
    with Session(engine) as check:
        stored = check.get(Event, event_id)
        assert stored is not None
        marks = [int(m) for m in stored.notes.strip("[]").split("][")]
        # Every applied write is in the notes, each exactly once, nothing else is.
        assert sorted(marks) == sorted(applied)
        assert stored.version == 1 + len(applied)
        # The participants are those of the last applied write (the one whose mark ends notes).
        rows = check.execute(
            sa.text("SELECT guest_name FROM participation WHERE event_id = :e"), {"e": event_id}
        ).all()
        assert [r[0] for r in rows] == [f"来宾{marks[-1]}"]


def test_writers_that_reread_after_a_refusal_all_get_through(engine: sa.Engine) -> None:
    with Session(engine, expire_on_commit=False) as setup:
        event_id = make_event(setup, notes="").id or 0

    def write(i: int) -> None:
        for _attempt in range(200):
            with Session(engine, expire_on_commit=False) as session:
                event = session.get(Event, event_id)
                assert event is not None
                try:
                    service.update_event(
                        session, event_id, EventUpdate(notes=f"{event.notes}[{i}]")
                    )
                    return
                except (StaleDataError, Conflict):
                    session.rollback()
        raise AssertionError(f"writer {i} never got through")

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(write, range(20)))
    with Session(engine) as check:
        stored = check.get(Event, event_id)
        assert stored is not None
        assert sorted(int(m) for m in stored.notes.strip("[]").split("][")) == list(range(20))
        assert stored.version == 21
