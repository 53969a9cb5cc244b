"""Benchmark of the elections capability: the pure count, stroke order, and the API round trip.

    /work/venv/bin/python bench/elections.py [--candidates 200] [--repeat 200]

Times (median of several runs, one process, SQLite in a temp dir for the API part):
- `election_result` for a large list (a workers' congress electing a fifth of the candidates);
- `stroke_sorted` of 10,000 names;
- through the app (Litestar TestClient, in-process): create an election with its candidates,
  enter the tally, read it, and render the announcement and the .docx tally sheet.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar.testing import TestClient
from sqlmodel import Session

from governance.app import create_app
from governance.core.db import make_engine, upgrade
from governance.core.settings import Settings
from governance.elections.procedures import PRESETS
from governance.elections.rules import Ballots, Count, Voters, election_result
from governance.elections.strokes import _table, stroke_sorted
from governance.records import service as records
from governance.records.schemas import EventCreate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _auth import admin_headers

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅新建国志立文晓东海燕亮"


def names(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))))
    return sorted(seen)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median seconds of one call."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20210120)
    rows: list[tuple[str, float]] = []

    people = names(args.candidates, rng)
    seats = args.candidates // 5
    voters = Voters(due=400, present=380, total=400)
    ballots = Ballots(issued=380, returned=380, valid=378, invalid=2, over_marked=2)
    counts = [
        Count(name=n, votes_for=rng.randint(0, 378) * seats // args.candidates) for n in people
    ]
    procedure = PRESETS["workers_congress"]
    rows.append(
        (
            f"election_result: {args.candidates} candidates, {seats} seats",
            timed(lambda: election_result(procedure, seats, voters, ballots, counts), args.repeat),
        )
    )

    _table()  # load the stroke table once, as a running server has
    many = names(10_000, rng)
    rows.append(("stroke_sorted: 10,000 names", timed(lambda: stroke_sorted(many), 20)))

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        with Session(engine) as session:
            event = records.create_event(
                session,
                EventCreate.model_validate(
                    {
                        "kind": "congress",
                        "title": "职工代表大会",
                        "start": "2021-01-22",
                        "delegates_due": 400,
                        "delegates_present": 380,
                    }
                ),
            )
            event_id = event.id
        with TestClient(create_app(Settings(database_url=url), engine=engine)) as client:
            client.headers.update(admin_headers(engine))
            body = {
                "event_id": event_id,
                "title": "职工董事选举",
                "seats": seats,
                "preset": "workers_congress",
                "candidates": [{"name": n} for n in people],
            }
            tally = {
                "ballots_issued": 380,
                "ballots_returned": 380,
                "ballots_valid": 378,
                "ballots_invalid": 2,
                "invalid_over_marked": 2,
                "counts": [c.model_dump(exclude={"write_in"}) for c in counts],
            }
            ids: list[int] = []

            def create() -> None:
                response = client.post("/api/v1/elections", json=body)
                assert response.status_code == 201, response.text
                ids.append(response.json()["id"])

            rows.append(("POST /elections (with candidates)", timed(create, 20)))

            def enter() -> None:
                response = client.put(f"/api/v1/elections/{ids[-1]}/tally", json=tally)
                assert response.status_code == 200, response.text

            rows.append(("PUT /elections/{id}/tally", timed(enter, 20)))
            for label, path in (
                ("GET /elections/{id}", ""),
                ("GET /elections/{id}/announcement", "/announcement?counts=true"),
                ("GET /elections/{id}/tally-sheet.docx", "/tally-sheet.docx"),
            ):
                rows.append(
                    (
                        label,
                        timed(
                            lambda path=path: client.get(f"/api/v1/elections/{ids[-1]}{path}"), 20
                        ),
                    )
                )
        engine.dispose()

    width = max(len(label) for label, _ in rows)
    print(f"{'operation':<{width}}  median ms")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:9.2f}")


if __name__ == "__main__":
    main()
