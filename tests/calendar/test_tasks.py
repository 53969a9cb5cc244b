"""Follow-up tasks in feeds: as VTODO, and per feed each deadline as an all-day event.

Tasks reach the feed builder as a plain input list (FeedTask); the first tests use synthetic
ones, the last ones the real tasks capability through its tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.calendar import service
from governance.calendar.export import FeedTask, deadline_uid
from governance.calendar.loading import Selection
from governance.calendar.rules import TodoStatus
from governance.calendar.schemas import FeedCreate
from governance.records.models import Visibility
from tests.calendar.conftest import feed_path
from tests.calendar.parsers import icaljs, strict_icalendar, strict_vobject
from tests.calendar.samples import task
from tests.calendar.test_feeds_api import issue
from tests.factories import make_event, make_org, make_person

NOW = datetime(2021, 2, 1, tzinfo=UTC)


def synthetic(tasks: list[FeedTask]) -> Any:
    def source(_session: Session, _selection: Selection) -> list[FeedTask]:
        return tasks

    return source


def todo_titles(session: Session, owner: int, tasks: list[FeedTask], **fields: Any) -> set[str]:
    feed, _ = service.create_feed(session, FeedCreate(owner_id=owner, **fields), NOW)
    body = service.build_feed(session, feed, "https://x", NOW, synthetic(tasks)).body
    return {str(t["SUMMARY"]) for t in strict_icalendar(body).walk("VTODO")}


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    group = make_org(session)
    return {
        "mine": make_person(session, "甲", group).id or 0,
        "insider": make_person(session, "乙", group).id or 0,
        "outsider": make_person(session, "丙", group, internal=False).id or 0,
    }


def tasks_for(people: dict[str, int]) -> list[FeedTask]:
    mine = frozenset({people["mine"]})
    return [
        task(1, title="我的内部任务", responsible_ids=mine),
        task(2, title="我的机密任务", responsible_ids=mine, visibility=Visibility.CONFIDENTIAL),
        task(3, title="别人的内部任务", responsible_ids=frozenset({999})),
        task(
            4,
            title="别人的机密任务",
            responsible_ids=frozenset({999}),
            visibility=Visibility.CONFIDENTIAL,
        ),
        task(
            5,
            title="公开任务",
            responsible_ids=frozenset(),
            visibility=Visibility.PUBLIC,
            organisation_id=7,
            source_kind="inspection",
        ),
    ]


def test_personal_feed_holds_the_owners_tasks(session: Session, people: dict[str, int]) -> None:
    assert todo_titles(session, people["mine"], tasks_for(people)) == {
        "我的内部任务",
        "我的机密任务",
    }


@pytest.mark.parametrize(
    "who,seen",
    [
        ("mine", {"我的内部任务", "我的机密任务", "别人的内部任务", "公开任务"}),
        ("insider", {"我的内部任务", "别人的内部任务", "公开任务"}),
        ("outsider", {"公开任务"}),
    ],
)
def test_tasks_follow_the_visibility_rule(
    session: Session, people: dict[str, int], who: str, seen: set[str]
) -> None:
    assert todo_titles(session, people[who], tasks_for(people), scope="all") == seen


def test_task_filters_and_the_tasks_switch(session: Session, people: dict[str, int]) -> None:
    tasks = tasks_for(people)
    mine = people["mine"]
    assert todo_titles(session, mine, tasks, kinds=["inspection"]) == {"公开任务"}
    assert todo_titles(session, mine, tasks, scope="all", include_tasks=False) == set()


def test_cancelled_tasks_leave_after_30_days_and_old_finished_ones_outside_the_history(
    session: Session, people: dict[str, int]
) -> None:
    mine = frozenset({people["mine"]})
    tasks = [
        task(
            1,
            title="新取消",
            status=TodoStatus.CANCELLED,
            responsible_ids=mine,
            updated=NOW - timedelta(days=3),
        ),
        task(
            2,
            title="早已取消",
            status=TodoStatus.CANCELLED,
            responsible_ids=mine,
            updated=NOW - timedelta(days=40),
        ),
        task(
            3,
            title="早已完成",
            status=TodoStatus.COMPLETED,
            responsible_ids=mine,
            updated=NOW - timedelta(days=40),
        ),
        task(
            4,
            title="仍在进行",
            status=TodoStatus.IN_PROCESS,
            responsible_ids=mine,
            updated=NOW - timedelta(days=400),
        ),
    ]
    owner = people["mine"]
    assert todo_titles(session, owner, tasks) == {"新取消", "早已完成", "仍在进行"}
    assert todo_titles(session, owner, tasks, history_days=30) == {"新取消", "仍在进行"}


def test_task_sequence_rises_when_its_deadline_moves(
    session: Session, people: dict[str, int]
) -> None:
    feed, _ = service.create_feed(session, FeedCreate(owner_id=people["mine"]), NOW)
    first = task(1, responsible_ids=frozenset({people["mine"]}), due_on=date(2021, 3, 1))
    moved = task(1, responsible_ids=frozenset({people["mine"]}), due_on=date(2021, 4, 1))
    for item, sequence in ((first, 0), (first, 0), (moved, 1)):
        body = service.build_feed(session, feed, "https://x", NOW, synthetic([item])).body
        (todo,) = strict_icalendar(body).walk("VTODO")
        assert todo["SEQUENCE"] == sequence


# --- the real tasks capability ---------------------------------------------------------------
tasks_service = pytest.importorskip("governance.tasks.service")


def real_task(session: Session, **fields: Any) -> Any:
    from governance.tasks.schemas import TaskCreate

    fields.setdefault("starts_on", date(2021, 1, 13))
    fields.setdefault("due_on", date(2021, 3, 31))
    return tasks_service.create_task(session, TaskCreate.model_validate(fields), date(2021, 1, 13))


def test_real_tasks_reach_the_owners_feed_as_todos_and_deadlines(
    feeds: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    group = make_org(session)
    leader = make_person(session, "王吾雪", group)
    owner = make_person(session, "张永正", group)
    other = make_person(session, "崔好发", group)
    outsider = make_person(session, "韩洪锋", internal=False)
    secret = make_event(session, title="巡察反馈会", visibility="confidential", kind="inspection")
    real_task(
        session,
        title="落实考核组反馈问题",
        problem="党建责任制落实不到位",
        measures="逐条整改，按期销号",
        responsible_person_id=owner.id,
        responsible_leader_id=leader.id,
        responsible_unit_id=group.id,
        actor_id=other.id,
    )
    real_task(
        session,
        title="巡察整改",
        source_kind="event",
        source_id=secret.id,
        responsible_person_id=owner.id,
        actor_id=other.id,
    )
    issued = issue(feeds, owner_id=owner.id, deadline_events=True)
    body = feeds.get(feed_path(issued["url"])).content
    strict_vobject(body)
    parsed = icaljs(body)
    todos = {t["summary"]: t for t in parsed["todos"]}
    assert set(todos) == {"落实考核组反馈问题", "巡察整改"}
    first = todos["落实考核组反馈问题"]
    assert (first["status"], first["start"]["date"], first["due"]["date"]) == (
        "NEEDS-ACTION",
        "2021-01-13",
        "2021-03-31",
    )
    assert first["description"].startswith(
        "存在问题：党建责任制落实不到位\n整改措施：逐条整改，按期销号"
    )
    assert first["url"].endswith("/tasks/1")
    deadlines = {e["summary"] for e in parsed["events"]}
    assert deadlines == {"截止：落实考核组反馈问题", "截止：巡察整改"}
    for who, seen in ((leader, {"落实考核组反馈问题"}), (other, {"落实考核组反馈问题"})):
        url = issue(feeds, owner_id=who.id, scope="all")["url"]
        titles = {t["summary"] for t in icaljs(feeds.get(feed_path(url)).content)["todos"]}
        assert titles == seen  # the confidential inspection's task stays with its owner
    url = issue(feeds, owner_id=outsider.id, scope="all")["url"]
    assert icaljs(feeds.get(feed_path(url)).content)["todos"] == []
    assert deadline_uid(service.export.FeedTask(1, "u", "t", TodoStatus.COMPLETED, NOW, NOW)) == (
        "deadline-u"
    )
