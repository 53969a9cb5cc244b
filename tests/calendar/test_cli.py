"""`governance feeds create | list | rotate | revoke` against the test database."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from click.testing import Result
from litestar.testing import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from governance.calendar.models import CalendarFeed
from governance.cli import app
from tests.calendar.conftest import PUBLIC_URL, feed_path
from tests.factories import group_leaders, make_person

Cli = Callable[..., Result]
URL = re.compile(r"https:  (\S+)\nwebcal: (\S+)\n")


@pytest.fixture
def run(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("GOVERNANCE_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("GOVERNANCE_PUBLIC_URL", PUBLIC_URL)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["feeds", *args])

    return invoke


def test_create_prints_the_https_and_webcal_urls(
    run: Cli,
    session: Session,
    feeds: TestClient,  # type: ignore[type-arg]
) -> None:
    people = group_leaders(session)
    result = run("create", "--person", "谭相彦", "--kind", "congress", "--alarm", "30")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Feed 1 for 谭相彦: 谭相彦可见的会议和活动（代表大会）\n")
    https, webcal = URL.search(result.output).groups()  # type: ignore[union-attr]
    assert https.startswith(f"{PUBLIC_URL}/feeds/") and https.endswith(".ics")
    assert webcal == https.replace("https://", "webcal://")
    (feed,) = session.exec(select(CalendarFeed)).all()
    assert (feed.owner_id, feed.kinds, feed.alarm_minutes, feed.scope) == (
        people["tan"].id,
        "congress",
        30,
        "all",
    )
    assert feeds.get(feed_path(https)).status_code == 200


def test_create_by_id_with_organisation_and_options(run: Cli, session: Session) -> None:
    people = group_leaders(session)
    result = run(
        "create",
        "--person",
        str(people["wang"].id),
        "--organisation",
        "聊城水务集团",
        "--no-tasks",
        "--deadline-events",
        "--history-days",
        "365",
        "--name",
        "集团会议",
    )
    assert result.exit_code == 0, result.output
    feed = session.exec(select(CalendarFeed)).one()
    assert (feed.organisation_id, feed.include_tasks, feed.deadline_events, feed.history_days) == (
        people["group"].id,
        False,
        True,
        365,
    )
    assert result.output.startswith("Feed 1 for 王吾雪: 集团会议\n")


def test_create_explains_what_is_wrong(run: Cli, session: Session) -> None:
    group = group_leaders(session)["group"]
    make_person(session, "谭相彦", group)  # a namesake
    for args, message in [
        (["--person", "无名氏"], "error: person '无名氏' not found"),
        (
            ["--person", "谭相彦"],
            "error: person: 2 people are called 谭相彦 (ids 1, 4): give the id",
        ),
        (
            ["--person", "1", "--organisation", "无此单位"],
            "error: organisation '无此单位' not found",
        ),
    ]:
        result = run("create", *args)
        assert (result.exit_code, result.output.strip()) == (1, message), args
    assert run("create", "--person", "1", "--kind", "party").exit_code == 2


def test_list_revoke_and_rotate_by_id_token_or_url(
    run: Cli,
    session: Session,
    feeds: TestClient,  # type: ignore[type-arg]
) -> None:
    group_leaders(session)
    urls = []
    for person in ("谭相彦", "王吾雪", "张永正"):
        result = run("create", "--person", person)
        urls.append(URL.search(result.output).group(1))  # type: ignore[union-attr]
    listed = run("list")
    assert listed.exit_code == 0
    assert "谭相彦的会议日历" in listed.output and listed.output.endswith("3 feeds\n")
    token = urls[1].rsplit("/", 1)[1].removesuffix(".ics")
    for target, ident in ((str(1), 1), (token, 2), (urls[2], 3)):
        result = run("revoke", target)
        assert result.output == f"Feed {ident} revoked: its URLs now answer 410 Gone.\n"
    assert [feeds.get(feed_path(u)).status_code for u in urls] == [410, 410, 410]
    assert run("list").output.endswith("0 feeds\n")
    assert run("list", "--all").output.endswith("3 feeds\n")
    assert run("rotate", "1").exit_code == 1
    fresh = run("create", "--person", "谭相彦")
    old = URL.search(fresh.output).group(1)  # type: ignore[union-attr]
    rotated = run("rotate", old)
    assert rotated.exit_code == 0, rotated.output
    new = URL.search(rotated.output).group(1)  # type: ignore[union-attr]
    assert (feeds.get(feed_path(old)).status_code, feeds.get(feed_path(new)).status_code) == (
        410,
        200,
    )
    for bad in ("nonsense", "9999"):
        assert run("revoke", bad).exit_code == 1
