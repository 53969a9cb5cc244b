"""Benchmark of the tasks API on many tasks: lists (with the warning colour computed on read),
one task in full, the ledger in both formats and the reminders.

    /work/venv/bin/python bench/tasks.py [--tasks 10000] [--repeat 20] [--database-url URL]

Fills a fresh database (SQLite in a temp dir unless --database-url names an empty one) with bulk
inserts — a tenth of the tasks are sub-tasks, deadlines spread over two years around the day
measured, states mixed — then calls the app in-process (Litestar's test client, so the numbers
are the handler, the queries and the serialisation, without a network) and prints a table.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from litestar.testing import TestClient

from governance.app import create_app
from governance.core.db import make_engine, upgrade
from governance.core.settings import Settings
from governance.records import models as m
from governance.tasks.models import Task, TaskStatus, TaskTransition

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _auth import admin_headers

TODAY = date(2021, 6, 25)
STATES = [s.value for s in TaskStatus]


def fill(engine: sa.Engine, count: int) -> None:
    rng = random.Random(7)
    now = datetime(2021, 6, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            sa.insert(m.Organisation),
            [{"id": i, "name": f"单位{i}", "short_name": "", "prefix": "", "kind": "company",
              "rank": 0} for i in range(1, 21)],
        )  # fmt: skip
        connection.execute(
            sa.insert(m.Person),
            [{"id": i, "name": f"人员{i}", "internal": True, "organisation_id": 1 + i % 20,
              "notes": ""} for i in range(1, 201)],
        )  # fmt: skip
        rows = []
        for i in range(1, count + 1):
            start = TODAY - timedelta(days=rng.randint(0, 365))
            ongoing = rng.random() < 0.05
            rows.append(
                {
                    "id": i,
                    "key": None,
                    "parent_id": rng.randint(1, i - 1) if i > 10 and rng.random() < 0.1 else None,
                    "title": f"整改事项{i}",
                    "problem": "存在问题" * 5,
                    "target": "整改目标",
                    "measures": "整改措施" * 10,
                    "source_kind": None,
                    "source_note": "",
                    "responsible_leader_id": rng.randint(1, 200),
                    "responsible_unit_id": rng.randint(1, 20),
                    "responsible_person_id": rng.randint(1, 200),
                    "starts_on": start,
                    "due_on": None if ongoing else start + timedelta(days=rng.randint(10, 400)),
                    "ongoing": ongoing,
                    "priority": "normal",
                    "weight": 1,
                    "progress": rng.randint(0, 100),
                    "status": rng.choice(STATES),
                    "notes": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        connection.execute(sa.insert(Task), rows)
        connection.execute(
            sa.insert(TaskTransition),
            [{"task_id": i, "from_status": None, "to_status": "registered", "actor_id": 1,
              "at": now, "comment": ""} for i in range(1, count + 1)],
        )  # fmt: skip


def measure(client: TestClient, path: str, repeat: int) -> tuple[float, float, int]:  # type: ignore[type-arg]
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
        size = len(response.content)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    fill(engine, args.tasks)
    print(
        f"{args.tasks} tasks inserted in {time.perf_counter() - started:.1f} s ({engine.dialect.name})"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {sys.platform}")
    day = f"today={TODAY.isoformat()}"
    paths = [
        f"/api/v1/tasks?{day}",
        f"/api/v1/tasks?{day}&open=true&unit_id=3",
        f"/api/v1/tasks?{day}&warning=red",
        f"/api/v1/tasks?{day}&warning=yellow&limit=500",
        f"/api/v1/tasks/{args.tasks // 2}?{day}",
        f"/api/v1/tasks/reminders?{day}&days=7",
        f"/api/v1/tasks/ledger.csv?{day}",
        f"/api/v1/tasks/ledger.xlsx?{day}",
    ]
    app = create_app(Settings(data_dir=folder, database_url=url), engine=engine)
    with TestClient(app) as client:
        client.headers.update(admin_headers(engine))
        print(f"{'request':<58}{'median ms':>11}{'p95 ms':>9}{'bytes':>11}")
        for path in paths:
            repeat = max(2, args.repeat // 5) if "ledger" in path else args.repeat
            median, p95, size = measure(client, path, repeat)
            print(f"{path:<58}{median:>11.1f}{p95:>9.1f}{size:>11}")
    engine.dispose()


if __name__ == "__main__":
    main()
