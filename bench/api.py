"""Load benchmark of the records API against a bare Litestar endpoint of the same response size.

    /work/venv/bin/python bench/api.py [--events 10000] [--seconds 5] [--database-url URL]

Fills a fresh database (SQLite in a temp dir unless --database-url names an empty one) with bulk
inserts, serves the real app and a bare app with uvicorn, each in its own subprocess on 127.0.0.1,
and drives them from client threads (stdlib http.client, keep-alive) in this process.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, time as clock, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session

from governance.db import make_engine, upgrade
from governance.models import (AgendaItem, AttendanceGroup, Document, Event, Organisation,
                               Participation, Person, Post, StandingBody, Tenure)
from governance.records.rules import chinese_number
from governance.records.timing import SHANGHAI

ORGS: list[tuple[str, str, str, str, int | None]] = [  # name, short name, prefix, kind, parent
    ("聊城市城市水务集团有限公司", "聊城水务集团", "集团", "group", None),
    ("聊城水务集团党委", "", "集团党委", "party_committee", 0),
    ("聊城水务集团工会", "", "集团工会", "union", 0),
    ("聊城水务集团共青团", "", "集团团委", "league", 0),
    *[(n, n.removesuffix("公司"), "", "company", 0) for n in
      ("润达水业公司", "伯阳供水公司", "水兴市政公司", "伯阳设计公司", "东郊水厂", "污水处理公司")],
    *[(n, "", "", "party_branch", 1) for n in ("党群党支部", "行政党支部", "润达水业党支部")],
    *[(n, "", "集团" + n, "department", 0) for n in ("办公室", "财务部", "工程管理部", "安全生产部")],
    *[(n, "", "", "authority", None) for n in ("市国资委", "市住建局", "市水利局", "市总工会")],
]
POSTS = {
    "group": ["党委书记", "董事长", "党委副书记", "董事", "总经理", "纪委书记", "副总经理", "职工董事"],
    "party_committee": ["委员"], "union": ["主席", "副主席", "委员"], "league": ["书记", "副书记"],
    "company": ["党支部书记", "经理", "副经理", "总工程师"], "department": ["主任", "副主任"],
    "party_branch": ["书记", "组织委员", "宣传委员"], "authority": ["主任", "副主任", "处长"],
}
KINDS = {"congress": ("代表大会", 10), "committee_meeting": ("党委会", 14),
         "work_conference": ("工作会议", 12), "assessment": ("考核", 6), "inspection": ("检查", 10),
         "visit": ("调研", 8), "themed_activity": ("主题党日活动", 12), "ceremony": ("表彰大会", 5),
         "publicity": ("宣传活动", 5), "broadcast": ("直播访谈", 3), "training": ("专题培训", 10),
         "other": ("座谈会", 5)}
TOPICS = ["安全生产", "防汛", "供水保障", "党风廉政建设", "优化营商环境", "二次供水改造", "水质检测",
          "老旧小区改造", "节水宣传", "冬季保供", "管网改造", "污水处理提标", "乡村振兴", "党史学习教育"]
PLACES = ["集团四楼会议室", "集团一楼报告厅", "东郊水厂", "润达水业会议室", "伯阳供水调度中心"]
ROLES = ["参加"] * 6 + ["列席", "陪同", "请假", "邀请", "通报"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红建国庆文斌志新晓云海波宁相彦吾雪"
N_PEOPLE, FIRST_DAY, DAYS = 200, date(2020, 1, 1), 5 * 365
NOW = datetime(2025, 1, 1, tzinfo=UTC)
Row = dict[str, Any]


def insert(session: Session, model: Any, rows: list[Row]) -> None:
    if rows:
        session.execute(sa.insert(model.__table__), rows)


def fill_directory(session: Session, rng: random.Random) -> None:
    insert(session, Organisation, [
        {"id": i + 1, "name": n, "short_name": s, "prefix": p, "kind": k,
         "parent_id": None if par is None else par + 1, "rank": i}
        for i, (n, s, p, k, par) in enumerate(ORGS)])
    posts = [(o + 1, t, 10 * j) for o, org in enumerate(ORGS) for j, t in enumerate(POSTS[org[3]])]
    insert(session, Post, [{"id": i + 1, "organisation_id": o, "title": t, "precedence": p}
                           for i, (o, t, p) in enumerate(posts)])
    by_org: dict[int, list[int]] = {}
    for i, (o, _, _) in enumerate(posts):
        by_org.setdefault(o, []).append(i + 1)
    people, tenures = [], []
    for pid in range(1, N_PEOPLE + 1):
        internal = pid <= N_PEOPLE * 3 // 4
        org = rng.randint(1, 17) if internal else rng.randint(18, len(ORGS))
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        people.append({"id": pid, "name": name, "internal": internal, "organisation_id": org,
                       "notes": ""})
        held = [rng.choice(by_org[org])]
        if internal and rng.random() < 0.4:  # a second hat: party, union or league
            held.append(rng.choice(by_org[rng.choice([2, 3, 4, *range(11, 14)])]))
        for post in held:
            start = None if rng.random() < 0.3 else date(2017, 1, 1) + timedelta(rng.randint(0, 2500))
            end = None
            if rng.random() < 0.4:
                end = (start or FIRST_DAY) + timedelta(rng.randint(300, 1500))
            tenures.append({"id": len(tenures) + 1, "person_id": pid, "post_id": post,
                            "starts_on": start, "ends_on": end})
    insert(session, Person, people)
    insert(session, Tenure, tenures)
    insert(session, StandingBody, [
        {"id": 1, "organisation_id": 1, "name": "职工代表大会", "numbering": "term_session"},
        {"id": 2, "organisation_id": 3, "name": "会员代表大会", "numbering": "term_session"},
        {"id": 3, "organisation_id": 4, "name": "团员大会", "numbering": "ordinal"}])


def event_rows(eid: int, rng: random.Random, ids: dict[str, int]) -> dict[str, list[Row]]:
    kind = rng.choices(list(KINDS), [w for _, w in KINDS.values()])[0]
    org = rng.randint(1, 17)
    day = FIRST_DAY + timedelta(rng.randint(0, DAYS - 1))
    all_day = rng.random() < 0.7
    starts = datetime.combine(day, clock(0 if all_day else rng.choice([9, 14])), SHANGHAI)
    ends = starts + (timedelta(days=rng.randint(1, 3)) if all_day else timedelta(hours=2))
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    body, term, sess, due = None, None, None, None
    if kind == "congress":
        body, term, sess, due = rng.randint(1, 3), rng.randint(1, 5), rng.randint(1, 6), 120
        title = f"聊城水务集团{chinese_number(term)}届{chinese_number(sess)}次职工代表大会"
    else:
        title = f"{ORGS[org - 1][1] or ORGS[org - 1][0]}{day.year}年{topic}{KINDS[kind][0]}"
    people = rng.sample(range(1, N_PEOPLE + 1), rng.randint(5, 40))
    parts: list[Row] = []
    for pos, pid in enumerate(people):
        role = "主持" if pos == 0 else "出席" if pos < 3 else "讲话" if pos == 3 else rng.choice(ROLES)
        guest = rng.random() < 0.03
        parts.append({"event_id": eid, "person_id": None if guest else pid,
                      "guest_name": rng.choice(SURNAMES) + "主任" if guest else "",
                      "guest_title": "主任" if guest else "",
                      "guest_organisation": "市水利局" if guest else "", "role": role,
                      "printed_title": "" if rng.random() < 0.05 else None, "delegation": "",
                      "delegation_size": None, "position": pos, "remarks": ""})
    lead = ORGS[org - 1][1] or ORGS[org - 1][0]
    summary = (f"{day.month}月{day.day}日，{lead}在{place}召开{title}。会议由主要负责同志主持。"
               + "".join(f"会议强调，要扎实做好{t}工作，确保各项任务落到实处。"
                         for t in rng.sample(TOPICS, 3)))
    docs = []
    for _ in range(rng.randint(0, 3)):
        ids["doc"] += 1
        docs.append({"id": ids["doc"], "event_id": eid, "kind": rng.choice(["report", "plan"]),
                     "title": f"{day.year}年{lead}{rng.choice(TOPICS)}工作报告",
                     "status": rng.choice(["draft", "adopted"])})
    agenda = [{"event_id": eid, "position": i, "kind": rng.choice(["report", "vote", "speech"]),
               "title": f"听取并审议{rng.choice(TOPICS)}工作情况的报告",
               "presenter_id": rng.choice(people), "presenter_name": "",
               "document_id": docs[i]["id"] if i < len(docs) else None, "outcome": "审议通过"}
              for i in range(rng.randint(2, 8))]
    groups = [{"event_id": eid, "label": rng.choice(["各部室负责人", "职工代表", "团员青年"]),
               "organisation_id": rng.choice([None, org]), "count": rng.randint(5, 120),
               "approximate": rng.random() < 0.3, "role": "参加", "position": i}
              for i in range(rng.randint(0, 3))]
    status = rng.choices(["held", "planned", "postponed", "cancelled"], [85, 9, 3, 3])[0]
    event = {"id": eid, "key": None, "kind": kind, "title": title, "body_id": body, "term": term,
             "session": sess, "organiser_id": org, "starts_at": starts, "ends_at": ends,
             "all_day": all_day, "location": place, "status": status,
             "visibility": rng.choice(["public", "internal", "internal", "confidential"]),
             "summary": summary, "notes": "", "parent_id": None, "delegates_due": due,
             "delegates_present": due and due - rng.randint(0, 10), "created_at": NOW,
             "updated_at": NOW}
    return {"event": [event], "doc": docs, "part": parts, "group": groups, "agenda": agenda}


def fill(engine: sa.Engine, n_events: int) -> None:
    rng, ids, started = random.Random(20210120), {"doc": 0}, time.perf_counter()
    models = {"event": Event, "doc": Document, "part": Participation, "group": AttendanceGroup,
              "agenda": AgendaItem}
    with Session(engine) as session:
        if session.execute(sa.select(sa.func.count()).select_from(Event)).scalar_one():
            sys.exit("the database already holds events: give an empty one")
        fill_directory(session, rng)
        for first in range(1, n_events + 1, 1000):
            batch: dict[str, list[Row]] = {name: [] for name in models}
            for eid in range(first, min(first + 1000, n_events + 1)):
                for name, rows in event_rows(eid, rng, ids).items():
                    batch[name].extend(rows)
            for name, model in models.items():
                insert(session, model, batch[name])
            session.commit()
            done = min(first + 999, n_events)
            bar = "#" * (30 * done // n_events)
            print(f"\r  filling [{bar:<30}] {done}/{n_events} events "
                  f"{time.perf_counter() - started:.1f} s", end="", file=sys.stderr, flush=True)
        if engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("organisation", "post", "person", "tenure", "standing_body", "event",
                          "document"):
                session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
            session.commit()
    print(file=sys.stderr)


def bare_payload(size: int) -> dict[str, Any]:
    """Constant JSON shaped like an event detail, padded to `size` bytes (compact UTF-8)."""
    payload: dict[str, Any] = {"id": 1, "title": "聊城水务集团三届一次职工代表大会", "notes": "",
                               "participants": []}
    encoded = lambda: len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())  # noqa: E731
    while encoded() < size - 300:
        payload["participants"].append({"id": len(payload["participants"]), "name": "谭相彦",
                                        "role": "出席", "title": "集团党委书记、董事长"})
    payload["notes"] = "会" * ((size - encoded()) // 3)
    payload["notes"] += "x" * (size - encoded())
    return payload


def serve(args: argparse.Namespace) -> None:
    import uvicorn
    from litestar import Litestar, get

    from governance.app import create_app
    from governance.settings import Settings

    if args.serve == "real":
        app = create_app(Settings(database_url=args.database_url), make_engine(args.database_url))
    else:
        payload = bare_payload(args.payload_size)

        @get("/bare")
        async def bare() -> dict[str, Any]:
            return payload

        app = Litestar(route_handlers=[bare])
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


def start_server(args: argparse.Namespace, kind: str, probe: str, size: int = 0) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--port", str(port),
                             "--database-url", args.database_url, "--payload-size", str(size)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            return proc, (get(port, probe)[0] == 200 and port) or port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"the {kind} server did not start")


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, path: Callable[[random.Random], str], seconds: float, threads: int,
         cap: int) -> tuple[list[float], int, float]:
    """Requests from `threads` keep-alive clients until `seconds` pass or `cap` are sent."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        rng, conn = random.Random(n), http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline and len(latencies[n]) < cap // threads:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path(rng))
                response = conn.getresponse()
                response.read()
                errors[n] += response.status != 200
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            latencies[n].append((time.perf_counter() - t0) * 1000)
        conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [x for lat in latencies for x in lat], sum(errors), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=200_000, help="per scenario")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--serve", choices=["real", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--payload-size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args)
    with tempfile.TemporaryDirectory(prefix="governance-bench-") as tmp:
        args.database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(args.database_url)
        upgrade(engine)
        fill(engine, args.events)
        year = (FIRST_DAY + timedelta(DAYS // 2)).year
        span = (f"{year}-01-01", f"{year}-12-31")
        with Session(engine) as session:  # widen to all five years if one year has too few
            n = session.execute(sa.select(sa.func.count()).where(
                Event.kind == "congress", Event.starts_at >= datetime(year, 1, 1, tzinfo=UTC),
                Event.starts_at < datetime(year + 1, 1, 1, tzinfo=UTC))).scalar_one()
        if n < 50:
            span = (FIRST_DAY.isoformat(), (FIRST_DAY + timedelta(DAYS)).isoformat())
        engine.dispose()
        real, real_port = start_server(args, "real", "/api/v1/events?limit=1")
        procs = [real]
        try:
            sizes = sorted(len(get(real_port, f"/api/v1/events/{i}")[1])
                           for i in random.Random(1).sample(range(1, args.events + 1), 25))
            size = sizes[len(sizes) // 2]
            bare, bare_port = start_server(args, "bare", "/bare", size)
            procs.append(bare)
            n = args.events
            filtered = f"/api/v1/events?limit=50&kind=congress&from={span[0]}&to={span[1]}"
            word = quote("防汛")
            scenarios: list[tuple[str, int, Callable[[random.Random], str]]] = [
                ("detail", real_port, lambda r: f"/api/v1/events/{r.randint(1, n)}"),
                ("list kind+dates", real_port, lambda r: filtered),
                ("list q=防汛", real_port, lambda r: f"/api/v1/events?limit=50&q={word}"),
                ("bare", bare_port, lambda r: "/bare"),
            ]
            rows: dict[str, tuple[int, float, float, float, int]] = {}
            for name, port, path in scenarios:
                probe = json.loads(get(port, path(random.Random()))[1])
                if "total" in probe:
                    name += f" ({len(probe['items'])} of {probe['total']})"
                load(port, path, min(1.0, args.seconds), args.concurrency, 2_000)  # warm-up
                lat, errors, elapsed = load(port, path, args.seconds, args.concurrency,
                                            args.max_requests)
                q = statistics.quantiles(lat, n=100) if len(lat) > 1 else lat * 99
                rows[name] = (len(lat), len(lat) / elapsed, q[49], q[94], errors)
                print(f"  {name}: done", file=sys.stderr)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(10)
    bare_size = len(json.dumps(bare_payload(size), ensure_ascii=False, separators=(",", ":")))
    print(f"\nPython {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} cores, database {engine.dialect.name}, {args.events} events, "
          f"{args.concurrency} client threads x {args.seconds:g} s per scenario")
    print(f"detail response median {size} bytes (sizes {sizes[0]}..{sizes[-1]}); bare "
          f"~{bare_size} chars\n")
    print(f"{'scenario':<28}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for name, (count, rps, p50, p95, errors) in rows.items():
        print(f"{name:<28}{count:>10}{rps:>10.0f}{p50:>9.2f}{p95:>9.2f}{errors:>8}")
    values = list(rows.values())
    ratio = values[0][1] / values[3][1]
    print(f"\ndetail req/s / bare req/s = {ratio:.2f}  target >= 0.5: "
          f"{'MET' if ratio >= 0.5 else 'NOT MET'}")
    p95 = values[1][3]
    verdict = "MET" if p95 <= 20 else "NOT MET"
    if engine.dialect.name != "sqlite":
        verdict += " (the target is set for SQLite)"
    print(f"filtered list p95 = {p95:.2f} ms  target <= 20 ms: {verdict}")


if __name__ == "__main__":
    main()
