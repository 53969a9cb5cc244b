"""Loading the human-edited YAML fixtures (format: fixtures/README.md): the records first, then
the sections other capabilities declare, all in one transaction.

Records are matched by natural key, so loading twice changes nothing and an edited file updates
in place. Every error names the file and the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from governance.core.plugin import REGISTRY
from governance.records.fixture_files import FixtureError, LoadReport, fixture_paths, read_fixture
from governance.records.fixture_rows import FixtureLoader
from governance.records.models import Event, Organisation


def load_fixtures(session: Session, paths: Iterable[Path], dry_run: bool = False) -> LoadReport:
    """Load every file, all or nothing: one bad record leaves the database as it was."""
    files = [(path, read_fixture(path)) for path in fixture_paths(paths)]
    report = LoadReport()
    loader = FixtureLoader(session, report)

    def items(name: str) -> list[tuple[str, Any]]:
        return [
            (f"{path}: {name}[{i}]", item)
            for path, f in files
            for i, item in enumerate(f.section(name))
        ]

    try:
        loader.load_organisations(items("organisations"))
        for where, post in items("posts"):
            loader.load_post(where, post)
        names = Counter(p.name for _, p in items("people"))
        for where, person in items("people"):
            if names[person.name] > 1:
                raise FixtureError(f"{where}.name: {person.name!r} is listed more than once")
            loader.load_person(where, person)
        for where, body in items("bodies"):
            loader.load_body(where, body)
        events = items("events")
        keys = Counter(e.key for _, e in events)
        for where, e in events:
            if keys[e.key] > 1:
                raise FixtureError(f"{where}.key: {e.key!r} is used by more than one event")
        # Parents before children, whatever the file order.
        pending = list(events)
        while pending:
            known = {e.key for _, e in events} - {e.key for _, e in pending}
            ready = [
                (w, e)
                for w, e in pending
                if e.parent is None or e.parent in known or e.parent not in keys
            ]
            if not ready:
                where, e = pending[0]
                raise FixtureError(f"{where}.parent: events form a cycle through {e.key!r}")
            for where, e in ready:
                loader.load_event(where, e)
            pending = [item for item in pending if item not in ready]
        session.flush()
        # The capabilities' sections, in the order they plug in. A loader is called as
        # fn(session, items, report) with items = [("file: section[i]", raw item), …]; it
        # validates each item, counts in report.created/updated/unchanged[kind] and raises
        # FixtureError naming the item's place and field.
        for name, load_section in REGISTRY.fixture_sections.items():
            load_section(session, items(name), report)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return report


def is_empty(session: Session) -> bool:
    return (
        session.exec(select(col(Organisation.id)).limit(1)).first() is None
        and session.exec(select(col(Event.id)).limit(1)).first() is None
    )
