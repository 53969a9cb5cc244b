"""Benchmark of calendar feeds: the HTTP endpoint against plain icalendar, the 304 path against a
bare endpoint, and how the build time grows with the number of events.

    /work/venv/bin/python bench/feeds.py [--events 10000] [--tasks 200] [--seconds 5]

Fills a fresh SQLite database in a temp dir with bulk inserts (events every two hours back from
now, 5-40 participants and 2-8 agenda items each, a summary of about 400 characters; follow-up
tasks if the tasks capability is installed), serves the real app and a bare app with uvicorn,
each in its own subprocess on 127.0.0.1, and drives them from this process (stdlib http.client).

1. A feed of 1,000 events and the tasks: median time of GET /feeds/{token}.ics (a fresh build
   each time: database, visibility, revisions, serialisation, HTTP) against serialising the same
   already-loaded events with icalendar directly (Calendar/Event/Todo + to_ical). Target <= 1.5x.
2. Conditional GETs answered 304 against a bare Litestar endpoint answering the same 304 with
   the same headers, from --concurrency keep-alive clients. Target >= 0.8x of its throughput.
3. Feeds of about 100, 1,000 and --events events (chosen with history_days): time per event.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from icalendar import Calendar, Event, Todo, vCalAddress
from litestar import Response
from sqlmodel import Session

from governance.calendar import export, rules, service
from governance.calendar.loading import event_filter, load_events, select_tasks
from governance.calendar.schemas import FeedCreate
from governance.calendar.tasks import feed_tasks
from governance.core.db import make_engine, upgrade
from governance.records import models as m

NOW = datetime.now(UTC).replace(microsecond=0)
PER_DAY = 12  # events every two hours, back from now
N_PEOPLE = 300
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌海波"
TOPICS = ["安全生产", "供水保障", "党风廉政建设", "老旧小区改造", "水质检测", "营商环境"]
ROLES = ["出席", "参加", "列席", "讲话", "作报告", "邀请", "请假"]


def fill(engine: sa.Engine, n_events: int, n_tasks: int) -> bool:
    """Bulk rows; returns whether tasks were added (the tasks capability may be absent)."""
    rng = random.Random(20210120)
    with Session(engine) as session:
        session.execute(
            sa.insert(m.Organisation),
            [
                {
                    "id": 1,
                    "name": "聊城市城市水务集团有限公司",
                    "short_name": "聊城水务集团",
                    "prefix": "集团",
                    "kind": "group",
                    "rank": 0,
                }
            ],
        )
        session.execute(
            sa.insert(m.Person),
            [
                {
                    "id": pid,
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "internal": pid <= N_PEOPLE * 3 // 4,
                    "organisation_id": 1,
                    "notes": "",
                }
                for pid in range(1, N_PEOPLE + 1)
            ],
        )
        events, parts, agenda = [], [], []
        for eid in range(1, n_events + 1):
            starts = NOW - timedelta(hours=2 * eid)
            all_day = rng.random() < 0.3
            if all_day:
                day = starts.astimezone(export.SHANGHAI).date()
                starts = datetime(day.year, day.month, day.day, tzinfo=export.SHANGHAI)
            ends = starts + (timedelta(days=rng.randint(1, 3)) if all_day else timedelta(hours=2))
            topic = rng.choice(TOPICS)
            summary = f"会议听取了{topic}工作汇报，研究部署下一阶段重点任务；" * 12
            # Person 1 owns the feeds: everything is visible to them (confidential ones only
            # because they take part), so feed sizes are the event counts.
            visibility = rng.choices(["public", "internal", "confidential"], [3, 6, 1])[0]
            events.append(
                {
                    "id": eid,
                    "key": None,
                    "kind": rng.choice(list(m.EventKind)).value,
                    "title": f"集团{topic}专题会议（第{eid}次）",
                    "body_id": None,
                    "term": None,
                    "session": None,
                    "organiser_id": 1,
                    "starts_at": starts,
                    "ends_at": ends,
                    "all_day": all_day,
                    "location": "集团三楼会议室",
                    "status": rng.choices(["held", "planned", "cancelled"], [90, 8, 2])[0],
                    "visibility": visibility,
                    "summary": summary,
                    "notes": "",
                    "parent_id": None,
                    "delegates_due": None,
                    "delegates_present": None,
                    "created_at": starts - timedelta(days=3),
                    "updated_at": starts - timedelta(days=1),
                }
            )
            people = rng.sample(range(2, N_PEOPLE + 1), rng.randint(5, 40))
            if visibility == "confidential" or rng.random() < 0.2:
                people[0] = 1
            for pos, pid in enumerate(people):
                role = "主持" if pos == 0 else rng.choice(ROLES)
                parts.append(
                    {
                        "event_id": eid,
                        "person_id": pid,
                        "guest_name": "",
                        "guest_title": "",
                        "guest_organisation": "",
                        "role": role,
                        "printed_title": None,
                        "delegation": "",
                        "delegation_size": None,
                        "position": pos,
                        "remarks": "",
                    }
                )
            for pos in range(rng.randint(2, 8)):
                agenda.append(
                    {
                        "event_id": eid,
                        "position": pos,
                        "kind": "report",
                        "title": f"听取{rng.choice(TOPICS)}工作报告",
                        "presenter_id": rng.choice(people),
                        "presenter_name": "",
                        "document_id": None,
                        "outcome": "",
                    }
                )
        for table, rows in ((m.Event, events), (m.Participation, parts), (m.AgendaItem, agenda)):
            for i in range(0, len(rows), 5000):
                session.execute(sa.insert(table), rows[i : i + 5000])
        session.commit()
        try:
            from governance.tasks.models import Task
        except ImportError:
            return False
        session.execute(
            sa.insert(Task),
            [
                {
                    "id": tid,
                    "title": f"{rng.choice(TOPICS)}整改任务{tid}",
                    "problem": "存在问题" * 20,
                    "target": "",
                    "measures": "整改措施" * 20,
                    "responsible_person_id": 1,
                    "responsible_unit_id": 1,
                    "starts_on": date(2021, 1, 1),
                    "due_on": (NOW + timedelta(days=rng.randint(-30, 120))).date(),
                    "status": rng.choice(["assigned", "in_progress", "reported", "closed"]),
                    "progress": rng.randint(0, 100),
                    "created_at": NOW - timedelta(days=40),
                    "updated_at": NOW - timedelta(days=2),
                }
                for tid in range(1, n_tasks + 1)
            ],
        )
        session.commit()
    return True


def plain_icalendar(events: list[export.FeedEvent], tasks: list[export.FeedTask]) -> bytes:
    """The same events, with the same properties, written with icalendar alone (Calendar, Event,
    Todo, add, to_ical): what the endpoint is measured against."""
    calendar = Calendar()
    for name, value in (
        ("PRODID", export.PRODID),
        ("VERSION", "2.0"),
        ("NAME", "日历"),
        ("X-WR-CALNAME", "日历"),
        ("X-WR-TIMEZONE", "Asia/Shanghai"),
    ):
        calendar.add(name, value)
    calendar.add_component(export.vtimezone())
    for e in events:
        item = Event()
        start, end = export.event_times(e)
        url = f"https://x/events/{e.id}"
        for name, value in (
            ("SUMMARY", e.title),
            ("DTSTART", start),
            ("DTSTAMP", e.updated),
            ("UID", e.uid),
            ("SEQUENCE", 0),
            ("CATEGORIES", [e.kind]),
            ("CLASS", "PRIVATE"),
            ("CREATED", e.created),
            (
                "DESCRIPTION",
                "\n\n".join(
                    [
                        e.summary,
                        "\n".join(
                            f"{n}. {a.title}（{a.presenter}）" for n, a in enumerate(e.agenda, 1)
                        ),
                        url,
                    ]
                ),
            ),
            ("LAST-MODIFIED", e.updated),
            ("LOCATION", e.location),
            ("STATUS", rules.EVENT_STATUS[e.status]),
            ("URL", url),
        ):
            item.add(name, value)
        if end is not None:
            item.add("DTEND", end)
        for a in e.attendees:
            address = vCalAddress(rules.attendee_uri(a.key))
            address.params.update({"CN": a.name, "ROLE": a.role})
            if a.partstat:
                address.params["PARTSTAT"] = a.partstat
            item.add("ATTENDEE", address)
        calendar.add_component(item)
    for t in tasks:
        todo = Todo()
        for name, value in (
            ("UID", t.uid),
            ("DTSTAMP", t.updated),
            ("CREATED", t.created),
            ("LAST-MODIFIED", t.updated),
            ("SEQUENCE", 0),
            ("SUMMARY", t.title),
            ("DESCRIPTION", t.description),
            ("STATUS", t.status.value),
            ("PERCENT-COMPLETE", t.percent),
            ("CATEGORIES", ["整改督办"]),
            ("CLASS", "PRIVATE"),
            ("URL", f"https://x{t.url_path}"),
        ):
            todo.add(name, value)
        if t.starts_on and t.due_on and t.starts_on <= t.due_on:
            todo.add("DTSTART", t.starts_on)
        if t.due_on:
            todo.add("DUE", t.due_on)
        calendar.add_component(todo)
    return calendar.to_ical()


def serve(args: argparse.Namespace) -> None:
    import uvicorn
    from litestar import Litestar, get

    from governance.app import create_app
    from governance.calendar import http as feed_http
    from governance.core.settings import Settings

    if args.serve == "real":
        settings = Settings(database_url=args.database_url, feed_cache_seconds=3600)
        app = create_app(settings, make_engine(args.database_url))
    else:
        headers = feed_http.validator_headers(f'"{"0" * 64}"', NOW)

        @get("/bare")
        async def bare() -> Response[bytes]:
            return Response(b"", status_code=304, headers=headers)

        app = Litestar(route_handlers=[bare])
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


def start_server(args: argparse.Namespace, kind: str) -> tuple[Any, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, __file__, "--serve", kind, "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--database-url", args.database_url])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"the {kind} server did not start")


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    result = response.status, response.read(), response.headers
    conn.close()
    return result


def timed_gets(port: int, path: str, reps: int) -> tuple[float, int]:
    """Median seconds of `reps` unconditional GETs (each one builds the feed) and the size."""
    times, size = [], 0
    for _ in range(reps):
        started = time.perf_counter()
        status, body, _ = fetch(port, path)
        times.append(time.perf_counter() - started)
        if status != 200 or not body:
            sys.exit(f"GET {path}: {status}")
        size = len(body)
    return statistics.median(times), size


def throughput(
    port: int, path: str, headers: dict[str, str], seconds: float, threads: int
) -> float:
    deadline = time.perf_counter() + seconds

    def client(_: int) -> int:
        conn, done = http.client.HTTPConnection("127.0.0.1", port, timeout=10), 0
        while time.perf_counter() < deadline and done < 200_000:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 304:
                sys.exit(f"GET {path}: expected 304, got {response.status}")
            done += 1
        conn.close()
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(client, range(threads)))
    return total / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="largest feed in the growth")
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput scenario")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--reps", type=int, default=5, help="timed builds per feed")
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--serve", choices=["real", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args)
    sizes = sorted({100, 1000, args.events})
    procs: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="governance-feeds-") as tmp:
        args.database_url = f"sqlite:///{tmp}/bench.db"
        engine = make_engine(args.database_url)
        upgrade(engine)
        print(f"  filling {args.events} events, {args.tasks} tasks ...", file=sys.stderr)
        has_tasks = fill(engine, args.events, args.tasks)
        tokens: dict[str, str] = {}
        with Session(engine) as session:
            # history_days picks the newest events: PER_DAY of them per day.
            for n in sizes:
                days = max(1, -(-n // PER_DAY))
                data = FeedCreate(owner_id=1, scope="all", history_days=days, include_tasks=False)
                tokens[f"growth {n}"] = service.create_feed(session, data, NOW)[1]
            main_data = FeedCreate(owner_id=1, scope="all", history_days=-(-1000 // PER_DAY))
            main_feed, tokens["main"] = service.create_feed(session, main_data, NOW)
            chosen = service.selection(session, main_feed)
            events = load_events(session, event_filter(chosen, NOW), chosen.viewer)
            tasks = select_tasks(feed_tasks(session, chosen), chosen, NOW)
        engine.dispose()
        try:
            real, port = start_server(args, "real")
            procs.append(real)
            bare, bare_port = start_server(args, "bare")
            procs.append(bare)
            main_path = f"/feeds/{tokens['main']}.ics"
            fetch(port, main_path)  # the first build records every item's revision
            # Interleaved, so both see the same share of a busy machine.
            built, direct = [], []
            for _ in range(args.reps):
                seconds, size = timed_gets(port, main_path, 1)
                built.append(seconds)
                started = time.perf_counter()
                plain_icalendar(events, tasks)
                direct.append(time.perf_counter() - started)
            endpoint, baseline = statistics.median(built), statistics.median(direct)
            _, _, headers = fetch(port, main_path)
            conditional = {"If-None-Match": headers["ETag"]}
            fetch(port, main_path, conditional)  # the validators are cached now
            print("  304 scenarios ...", file=sys.stderr)
            throughput(port, main_path, conditional, min(1.0, args.seconds), args.concurrency)
            throughput(bare_port, "/bare", {}, min(1.0, args.seconds), args.concurrency)
            # Alternating short rounds, so both see the same share of a busy machine.
            rounds, rates_304, rates_bare = 6, [], []
            for _ in range(rounds):
                share = args.seconds / rounds
                rates_304.append(throughput(port, main_path, conditional, share, args.concurrency))
                rates_bare.append(throughput(bare_port, "/bare", {}, share, args.concurrency))
            rps_304, rps_bare = statistics.mean(rates_304), statistics.mean(rates_bare)
            growth = []
            for n in sizes:
                path = f"/feeds/{tokens[f'growth {n}']}.ics"
                print(f"  growth: {n} events ...", file=sys.stderr)
                _, body, _ = fetch(port, path)  # revisions recorded on the first build
                count = body.count(b"BEGIN:VEVENT")
                seconds, _ = timed_gets(
                    port, path, args.reps if n <= 1000 else max(1, args.reps // 2)
                )
                growth.append((count, seconds, len(body)))
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(10)
    verdict = {True: "MET", False: "NOT MET"}
    print(
        f"\nPython {platform.python_version()}, SQLite, {os.cpu_count()} cores shared by the "
        f"client and both servers; median of {args.reps} builds"
    )
    print(
        f"\n1. feed of {len(events)} events and {len(tasks)} tasks"
        f"{'' if has_tasks else ' (tasks capability not installed)'}, {size / 1e6:.1f} MB"
    )
    print(f"{'':<44}{'seconds':>10}")
    print(f"{'GET /feeds/{token}.ics (fresh build)':<44}{endpoint:>10.3f}")
    print(f"{'the same events with icalendar directly':<44}{baseline:>10.3f}")
    ratio = endpoint / baseline
    print(f"endpoint / icalendar = {ratio:.2f}; target <= 1.5: {verdict[ratio <= 1.5]}")
    print(f"\n2. conditional GET answered 304, {args.concurrency} clients, {args.seconds:g} s")
    print(f"{'':<44}{'req/s':>10}")
    print(f"{'GET /feeds/{token}.ics, If-None-Match':<44}{rps_304:>10.0f}")
    print(f"{'bare Litestar endpoint answering 304':<44}{rps_bare:>10.0f}")
    ratio = rps_304 / rps_bare
    print(f"304 path / bare = {ratio:.2f}; target >= 0.8: {verdict[ratio >= 0.8]}")
    print("\n3. growth (feeds without tasks)")
    print(f"{'events':>8}{'MB':>8}{'seconds':>10}{'ms/event':>10}")
    for count, seconds, length in growth:
        print(f"{count:>8}{length / 1e6:>8.1f}{seconds:>10.3f}{1000 * seconds / count:>10.3f}")
    per_event = [s / c for c, s, _ in growth]
    spread = max(per_event) / min(per_event)
    print(
        f"time per event varies {spread:.2f}x from smallest to largest; "
        f"linear (<= 1.5x): {verdict[spread <= 1.5]}"
    )


if __name__ == "__main__":
    main()
