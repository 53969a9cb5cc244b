"""Briefs per second over 500 events (run by hand).

    /work/venv/bin/python bench/briefs.py [--events 500] [--database-url URL]

Fills a fresh SQLite database (in a temp dir unless --database-url names an empty one) with the
newsletter fixtures and copies of its events (each with its people, groups and agenda, on other
days), then drafts every event and prints a table: what was timed, events, seconds, per second.
Stages: reading the records (gather), wording the brief (compose), the brief as text, as Word,
and the minutes as Word; then the whole of `brief-batch` (both files per event).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from governance.briefs import docx_brief, docx_minutes, service
from governance.briefs.compose import compose_brief, compose_minutes, environment
from governance.core.db import make_engine, upgrade
from governance.records import service as records
from governance.records.fixture_rows import stored_event_input
from governance.records.fixtures import load_fixtures
from governance.records.models import Event
from governance.records.schemas import EventCreate

ROOT = Path(__file__).resolve().parents[1]


def fill(session: Session, total: int) -> list[int]:
    """The fixtures' events, then copies of them a week apart until there are `total`."""
    load_fixtures(session, [ROOT / "fixtures"])
    originals = list(session.exec(select(Event).order_by(col(Event.id))).all())
    inputs = []
    for event in originals:
        data = stored_event_input(session, event)
        data.pop("parent", None)
        inputs.append(data)
    copy = 0
    while len(originals) + copy < total:
        data: dict[str, Any] = dict(inputs[copy % len(inputs)])
        shift = timedelta(days=7 * (1 + copy // len(inputs)))
        for field in ("start", "end"):
            if isinstance(data.get(field), date):
                data[field] = data[field] + shift
        data["key"] = f"bench-{copy}"
        data.pop("parent_id", None)
        records.create_event(session, EventCreate.model_validate(data), commit=False)
        copy += 1
    session.commit()
    return [e.id or 0 for e in session.exec(select(Event).order_by(col(Event.id))).all()][:total]


def timed(label: str, count: int, work: Callable[[], object]) -> tuple[str, int, float]:
    start = time.perf_counter()
    work()
    return label, count, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-briefs-"))
    engine = make_engine(args.database_url or f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        ids = fill(session, args.events)
        print(f"filled {len(ids)} events in {time.perf_counter() - started:.1f} s")
        events = [session.get(Event, i) for i in ids]
        env = environment()
        sources = [service.gather(session, e) for e in events if e is not None]
        briefs = [compose_brief(s, env=env) for s in sources]
        minutes = [compose_minutes(s, env=env) for s in sources]
        n = len(sources)
        rows = [
            timed(
                "gather (records → source)",
                n,
                lambda: [service.gather(session, e) for e in events if e],
            ),
            timed(
                "compose brief (templates)", n, lambda: [compose_brief(s, env=env) for s in sources]
            ),
            timed("brief as text", n, lambda: [b.text() for b in briefs]),
            timed("brief as Word", n, lambda: [docx_brief.render(b) for b in briefs]),
            timed("minutes as Word", n, lambda: [docx_minutes.render(m) for m in minutes]),
            timed(
                "brief.txt end to end",
                n,
                lambda: [service.brief(session, i).text() for i in ids],
            ),
            timed(
                "brief.docx end to end", n, lambda: [service.brief_docx(session, i) for i in ids]
            ),
            timed(
                "brief-batch (brief + minutes)",
                n,
                lambda: list(service.draft_all(session, [e for e in events if e])),
            ),
        ]
        sizes = [len(docx_brief.render(b)) for b in briefs[:50]]
    engine.dispose()

    print(f"python {platform.python_version()} on {platform.machine()}, {engine.dialect.name}")
    print(f"{'stage':<32}{'events':>8}{'seconds':>10}{'per second':>12}")
    for label, count, seconds in rows:
        print(f"{label:<32}{count:>8}{seconds:>10.2f}{count / seconds:>12.1f}")
    print(f"median .docx size of a brief: {statistics.median(sizes) / 1024:.1f} KiB")


if __name__ == "__main__":
    sys.exit(main())
