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
import math
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlmodel import Session

from governance.core.db import make_engine, upgrade
from governance.core.timing import SHANGHAI
from governance.records import models as m
from governance.records.rules import chinese_number

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _auth import admin_headers

HEADERS: dict[str, str] = {}  # the admin's API token, set once the database is filled


def words(text: str) -> list[str]:
    return text.split()


def table(text: str, sep: str = "/") -> list[list[str]]:
    """A table written as text: rows separated by whitespace, fields by `sep`."""
    return [row.split(sep) for row in text.split()]


# name/short name/prefix/kind/parent row ("-" for none); the first 17 are the group's own.
ORGS = table("""聊城市城市水务集团有限公司/聊城水务集团/集团/group/-
聊城水务集团党委/-/集团党委/party_committee/0 聊城水务集团工会/-/集团工会/union/0
聊城水务集团共青团/-/集团团委/league/0 润达水业公司/润达水业/-/company/0
伯阳供水公司/伯阳供水/-/company/0 水兴市政公司/水兴市政/-/company/0 东郊水厂/-/-/company/0
伯阳设计公司/伯阳设计/-/company/0 污水处理公司/-/-/company/0 党群党支部/-/-/party_branch/1
行政党支部/-/-/party_branch/1 润达水业党支部/-/-/party_branch/1 办公室/-/集团办公室/department/0
财务部/-/集团财务部/department/0 工程管理部/-/集团工程管理部/department/0
安全生产部/-/集团安全生产部/department/0 市国资委/-/-/authority/- 市住建局/-/-/authority/-
市水利局/-/-/authority/- 市总工会/-/-/authority/-""")
OWN_ORGS = 17
POSTS = {
    kind: titles.split(",")
    for kind, titles in table("""group/党委书记,董事长,党委副书记,董事
party_committee/委员 union/主席,副主席,委员 league/书记,副书记 company/党支部书记,经理,副经理
department/主任,副主任 party_branch/书记,组织委员,宣传委员 authority/主任,副主任,处长""")
}
POSTS["group"] += ["总经理", "纪委书记", "副总经理"]
POSTS["company"] += ["总工程师"]
KINDS = {
    kind: (word, int(weight))
    for kind, word, weight in table("""congress/代表大会/10
committee_meeting/党委会/14 visit/调研/8 work_conference/工作会议/12 assessment/考核/6
inspection/检查/10 themed_activity/主题党日活动/12 other/座谈会/5 ceremony/表彰大会/5
publicity/宣传活动/5 broadcast/直播访谈/3 training/专题培训/10""")
}
TOPICS = words("""安全生产 防汛 供水保障 党风廉政建设 优化营商环境 二次供水改造 水质检测
老旧小区改造 节水宣传 冬季保供 管网改造 污水处理提标 乡村振兴 党史学习教育""")
PLACES = words("集团四楼会议室 集团一楼报告厅 东郊水厂 润达水业会议室 伯阳供水调度中心")
ROLES = words("参加 参加 参加 参加 参加 参加 列席 陪同 请假 邀请 通报")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡"
GIVEN = "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红建国庆文斌志新晓云海波宁相彦吾雪"
N_PEOPLE, FIRST_DAY, DAYS = 200, date(2020, 1, 1), 5 * 365
NOW = datetime(2025, 1, 1, tzinfo=UTC)
WORD = "防汛"  # searched for with q=
Row = dict[str, Any]
Path = Callable[[random.Random], str]


def rec(columns: str, *values: Any) -> Row:
    return dict(zip(columns.split(), values, strict=True))


PARTICIPANT = rec("guest_name guest_title guest_organisation printed_title", "", "", "", None)
PARTICIPANT |= rec("delegation delegation_size remarks", "", None, "")


def insert(session: Session, model: Any, rows: list[Row]) -> None:
    if rows:
        session.execute(sa.insert(model.__table__), rows)


def fill_directory(session: Session, rng: random.Random) -> None:
    cols = "id name short_name prefix kind parent_id rank"
    orgs = []
    for i, (name, short, prefix, kind, parent) in enumerate(ORGS):
        parent_id = None if parent == "-" else int(parent) + 1
        orgs.append(rec(cols, i + 1, name, short.strip("-"), prefix.strip("-"), kind, parent_id, i))
    insert(session, m.Organisation, orgs)
    posts = [(o + 1, t, 10 * j) for o, org in enumerate(ORGS) for j, t in enumerate(POSTS[org[3]])]
    cols = "id organisation_id title precedence"
    insert(session, m.Post, [rec(cols, i + 1, *post) for i, post in enumerate(posts)])
    by_org: dict[int, list[int]] = {}
    for i, (o, _, _) in enumerate(posts):
        by_org.setdefault(o, []).append(i + 1)
    people: list[Row] = []
    tenures: list[Row] = []
    for pid in range(1, N_PEOPLE + 1):
        internal = pid <= N_PEOPLE * 3 // 4
        org = rng.randint(1, OWN_ORGS) if internal else rng.randint(OWN_ORGS + 1, len(ORGS))
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        people.append(rec("id name internal organisation_id notes", pid, name, internal, org, ""))
        held = [rng.choice(by_org[org])]
        if internal and rng.random() < 0.4:  # a second post: party, union, league or branch
            held.append(rng.choice(by_org[rng.choice([2, 3, 4, 11, 12, 13])]))
        for post in held:  # open or dated tenures, so title chains change over the five years
            day = date(2016, 1, 1) + timedelta(rng.randint(0, 2400))
            start = None if rng.random() < 0.4 else day
            end: date | None = (start or FIRST_DAY) + timedelta(rng.randint(700, 2200))
            if rng.random() < 0.6:  # most tenures are still held
                end = None
            cols = "id person_id post_id starts_on ends_on"
            tenures.append(rec(cols, len(tenures) + 1, pid, post, start, end))
    insert(session, m.Person, people)
    insert(session, m.Tenure, tenures)
    cols = "id organisation_id name numbering"
    bodies = [(1, 1, "职工代表大会", "term_session"), (2, 3, "会员代表大会", "term_session")]
    bodies.append((3, 4, "团员大会", "ordinal"))
    insert(session, m.StandingBody, [rec(cols, *body) for body in bodies])


def event_rows(eid: int, rng: random.Random, docs_so_far: int) -> dict[str, list[Row]]:
    kind = rng.choices(list(KINDS), [weight for _, weight in KINDS.values()])[0]
    org = rng.randint(1, OWN_ORGS)
    lead = ORGS[org - 1][1].strip("-") or ORGS[org - 1][0]
    day = FIRST_DAY + timedelta(rng.randint(0, DAYS - 1))
    all_day, place = rng.random() < 0.7, rng.choice(PLACES)
    starts = datetime(day.year, day.month, day.day, 0 if all_day else 9, tzinfo=SHANGHAI)
    ends = starts + (timedelta(days=rng.randint(1, 3)) if all_day else timedelta(hours=2))
    body = term = sess = due = None
    title = f"{lead}{day.year}年{rng.choice(TOPICS)}{KINDS[kind][0]}"
    if kind == "congress":
        body, term, sess, due = rng.randint(1, 3), rng.randint(1, 5), rng.randint(1, 6), 120
        title = f"聊城水务集团{chinese_number(term)}届{chinese_number(sess)}次职工代表大会"
    summary = f"{day.month}月{day.day}日，{lead}在{place}召开{title}。会议由主要负责同志主持。"
    for topic in rng.sample(TOPICS, 3):
        summary += f"会议强调，要扎实做好{topic}工作，确保各项任务落到实处。"
    people = rng.sample(range(1, N_PEOPLE + 1), rng.randint(5, 40))
    parts = []
    for pos, pid in enumerate(people):
        role = ["主持", "出席", "出席", "讲话"][pos] if pos < 4 else rng.choice(ROLES)
        row = PARTICIPANT | rec("event_id person_id role position", eid, pid, role, pos)
        if rng.random() < 0.03:  # a guest recorded as printed, without a person record
            cols = "person_id guest_name guest_title guest_organisation"
            row |= rec(cols, None, rng.choice(SURNAMES) + rng.choice(GIVEN), "局长", "市水利局")
        elif rng.random() < 0.05:  # the article printed the bare name
            row["printed_title"] = ""
        parts.append(row)
    docs = []
    for d in range(docs_so_far + 1, docs_so_far + 1 + rng.randint(0, 3)):
        doc_title = f"{day.year}年{lead}{rng.choice(TOPICS)}工作报告"
        doc_kind, status = rng.choice(["report", "plan"]), rng.choice(["draft", "adopted"])
        docs.append(rec("id event_id kind status title", d, eid, doc_kind, status, doc_title))
    agenda = []
    for pos in range(rng.randint(2, 8)):
        doc = docs[pos]["id"] if pos < len(docs) else None
        what = rng.choice(["report", "vote", "speech"]), f"听取{rng.choice(TOPICS)}工作报告"
        cols = "event_id position kind title presenter_id presenter_name document_id outcome"
        agenda.append(rec(cols, eid, pos, *what, rng.choice(people), "", doc, "审议通过"))
    groups = []
    for pos in range(rng.randint(0, 3)):
        label, count = rng.choice(["各部室负责人", "职工代表", "团员青年"]), rng.randint(5, 120)
        cols = "event_id label organisation_id count approximate role position"
        groups.append(rec(cols, eid, label, org, count, rng.random() < 0.3, "参加", pos))
    status = rng.choices(["held", "planned", "postponed", "cancelled"], [85, 9, 3, 3])[0]
    visibility = rng.choice(["public", "internal", "internal", "confidential"])
    cols = "id key kind title body_id term session organiser_id starts_at ends_at all_day"
    event = rec(cols, eid, None, kind, title, body, term, sess, org, starts, ends, all_day)
    cols = "location status visibility summary notes parent_id created_at updated_at"
    event |= rec(cols, place, status, visibility, summary, "", None, NOW, NOW)
    event |= {"delegates_due": due, "delegates_present": due and due - rng.randint(0, 10)}
    return {"event": [event], "doc": docs, "part": parts, "group": groups, "agenda": agenda}


def fill(engine: sa.Engine, n_events: int) -> None:
    rng, docs, started = random.Random(20210120), 0, time.perf_counter()
    tables = {"event": m.Event, "doc": m.Document, "part": m.Participation}
    tables |= {"group": m.AttendanceGroup, "agenda": m.AgendaItem}
    with Session(engine) as session:
        if session.execute(sa.select(sa.func.count()).select_from(m.Event)).scalar_one():
            sys.exit("the database already holds events: give an empty one")
        fill_directory(session, rng)
        for first in range(1, n_events + 1, 1000):
            batch: dict[str, list[Row]] = {name: [] for name in tables}
            for eid in range(first, min(first + 1000, n_events + 1)):
                rows = event_rows(eid, rng, docs)
                docs += len(rows["doc"])  # document ids are given: agenda items refer to them
                for name, table_rows in rows.items():
                    batch[name].extend(table_rows)
            for name, model in tables.items():
                insert(session, model, batch[name])
            session.commit()
            done, took = min(first + 999, n_events), time.perf_counter() - started
            bar = f"[{'#' * (30 * done // n_events):<30}] {done}/{n_events} events, {took:.1f} s"
            print(f"\r  filling {bar}", end="", file=sys.stderr, flush=True)
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for t in words("organisation post person tenure standing_body event document"):
                sql = f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), max(id)) FROM {t}"
                session.execute(sa.text(sql))
            session.commit()
    print(file=sys.stderr)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as Litestar (msgspec) writes it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def bare_payload(size: int) -> dict[str, Any]:
    """Constant JSON shaped like an event detail, padded to `size` bytes."""
    payload: dict[str, Any] = {"id": 1, "title": "三届一次职工代表大会", "notes": "", "people": []}
    while len(dumps(payload)) < size - 300:
        payload["people"].append({"id": 1, "name": "谭相彦", "title": "集团党委书记、董事长"})
    payload["notes"] = "会" * ((size - len(dumps(payload))) // 3)
    payload["notes"] += "x" * (size - len(dumps(payload)))
    return payload


def serve(args: argparse.Namespace) -> None:
    import uvicorn
    from litestar import Litestar, get

    from governance.app import create_app
    from governance.core.settings import Settings

    if args.serve == "real":
        app = create_app(Settings(database_url=args.database_url), make_engine(args.database_url))
    else:
        payload = bare_payload(args.payload_size)

        @get("/bare")
        async def bare() -> dict[str, Any]:
            return payload

        app = Litestar(route_handlers=[bare])
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


def get(port: int, path: str) -> bytes:
    """One GET on a fresh connection; the body (stops the benchmark unless the status is 200)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=HEADERS)
    response = conn.getresponse()
    status, body = response.status, response.read()
    conn.close()
    if status != 200:
        sys.exit(f"GET {path}: {status} {body[:500]!r}")
    return body


def start_server(args: argparse.Namespace, kind: str, size: int = 0) -> tuple[Any, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
    cmd += ["--database-url", args.database_url, "--payload-size", str(size)]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"the {kind} server did not start")


def load(port: int, path: Path, seconds: float, threads: int, cap: int) -> tuple[list[float], int]:
    """GETs from `threads` keep-alive clients until `seconds` pass or `cap` requests are made."""
    deadline = time.perf_counter() + seconds

    def client(n: int) -> tuple[list[float], int]:
        rng, conn = random.Random(n), http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies: list[float] = []
        errors = 0
        while time.perf_counter() < deadline and len(latencies) < cap // threads:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path(rng), headers=HEADERS)
                response = conn.getresponse()
                errors += response.status != 200 or not response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            latencies.append((time.perf_counter() - t0) * 1000)
        conn.close()
        return latencies, errors

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(client, range(threads)))
    return [x for latencies, _ in results for x in latencies], sum(e for _, e in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=200_000, help="per scenario")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    parser.add_argument("--serve", choices=["real", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--payload-size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args)
    n, procs, rows, notes = args.events, [], {}, []
    with tempfile.TemporaryDirectory(prefix="governance-bench-") as tmp:
        args.database_url = args.database_url or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(args.database_url)
        upgrade(engine)
        fill(engine, n)
        HEADERS.update(admin_headers(engine))
        dialect = engine.dialect.name
        engine.dispose()
        try:
            real, real_port = start_server(args, "real")
            procs.append(real)
            ids = random.Random(1).sample(range(1, n + 1), min(n, 25))
            sizes = sorted(len(get(real_port, f"/api/v1/events/{i}")) for i in ids)
            size = sizes[len(sizes) // 2]  # a typical detail response
            bare, bare_port = start_server(args, "bare", size)
            procs.append(bare)
            notes.append(f"detail median {size} B ({sizes[0]}..{sizes[-1]})")
            notes.append(f"bare {len(get(bare_port, '/bare'))} B")
            span = "from=2022-01-01&to=2022-12-31"  # one year, or all five when it has too few
            if json.loads(get(real_port, f"/api/v1/events?kind=congress&{span}"))["total"] < 50:
                span = "from=2020-01-01&to=2024-12-31"
            filtered, search = f"kind=congress&{span}", f"q={quote(WORD)}"
            scenarios: list[tuple[str, int, Path]] = [
                ("detail", real_port, lambda r: f"/api/v1/events/{r.randint(1, n)}"),
                ("list kind+dates", real_port, lambda r: f"/api/v1/events?limit=50&{filtered}"),
                ("list q", real_port, lambda r: f"/api/v1/events?limit=50&{search}"),
                ("bare", bare_port, lambda r: "/bare"),
            ]
            for name, port, path in scenarios:
                if name.startswith("list"):
                    probe = json.loads(get(port, path(random.Random())))
                    notes.append(f"{name}: {len(probe['items'])} of {probe['total']}")
                load(port, path, min(1.0, args.seconds), args.concurrency, 2_000)  # warm-up
                started = time.perf_counter()
                lat, errors = load(port, path, args.seconds, args.concurrency, args.max_requests)
                rps = len(lat) / (time.perf_counter() - started)
                q = statistics.quantiles(lat, n=100) if len(lat) > 1 else (lat or [math.nan]) * 99
                rows[name] = (len(lat), rps, q[49], q[94], errors)
                print(f"  {name}: {len(lat)} requests", file=sys.stderr)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(10)
    machine = f"{os.cpu_count()} cores shared by the client and both servers"
    versions = f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {machine}"
    print(f"\n{versions}; {dialect}, {n} events; {args.concurrency} client threads, ", end="")
    print(f"{args.seconds:g} s per scenario after a warm-up")
    notes.insert(0, f"filters: q={WORD}, {filtered}")
    print("; ".join(notes) + "\n")
    print(f"{'scenario':<18}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for name, (count, rps, p50, p95, errors) in rows.items():
        print(f"{name:<18}{count:>10}{rps:>10.0f}{p50:>9.2f}{p95:>9.2f}{errors:>8}")
    ratio, p95 = rows["detail"][1] / rows["bare"][1], rows["list kind+dates"][3]
    verdict = {True: "MET", False: "NOT MET"}
    print(f"\ndetail req/s / bare req/s = {ratio:.2f}; target >= 0.50: {verdict[ratio >= 0.5]}")
    sqlite_only = "" if dialect == "sqlite" else " (not measured on SQLite)"
    print(f"filtered list p95 = {p95:.2f} ms; target <= 20 ms: {verdict[p95 <= 20]}{sqlite_only}")


if __name__ == "__main__":
    main()
