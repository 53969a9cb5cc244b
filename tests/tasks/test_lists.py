"""Lists of tasks: by unit, person, state, warning colour, source and deadline range; paging;
warnings and roll-up computed for the day asked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.core.settings import TaskSettings
from governance.tasks.models import TaskStatus
from tests.factories import make_event
from tests.tasks.factories import Cast, make_cast, make_task, move

API = "/api/v1/tasks"
TODAY = "2021-06-25"  # the day the warnings below are computed for


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


@pytest.fixture
def board(session: Session, cast: Cast) -> dict[str, Any]:
    """Six tasks with known warnings on 2021-06-25 (blue window 7 days)."""
    inspection = make_event(session, kind="inspection", title="巡察", start="2021-01-10")
    conference = make_event(session, kind="work_conference", title="工作会议", start="2021-01-22")
    tasks = {
        # due in 5 days, on schedule: blue
        "blue": make_task(session, cast, title="蓝", due_on=date(2021, 6, 30)),
        # due in 36 days, nothing done after half the time: yellow
        "yellow": make_task(
            session,
            cast,
            title="黄",
            due_on=date(2021, 7, 31),
            responsible_person_id=cast.clerk.id,
            responsible_unit_id=cast.boyang.id,
            source_kind="finding",
            source_id=inspection.id,
        ),
        # overdue: red
        "red": make_task(
            session,
            cast,
            title="红",
            due_on=date(2021, 5, 31),
            co_owners=[{"organisation_id": cast.boyang.id}],
            source_kind="finding",
            source_id=inspection.id,
        ),
        # ongoing: never a colour
        "ongoing": make_task(
            session,
            title="长期",
            ongoing=True,
            responsible_leader_id=cast.leader.id,
            source_kind="event",
            source_id=conference.id,
        ),
        # overdue but closed: no colour
        "closed": make_task(session, cast, title="销号", due_on=date(2021, 3, 31)),
        # far away and on schedule: none
        "calm": make_task(
            session, cast, title="从容", starts_on=date(2021, 6, 25), due_on=date(2021, 12, 31)
        ),
    }
    move(session, tasks["closed"], cast, TaskStatus.CLOSED)
    move(session, tasks["blue"], cast, TaskStatus.IN_PROGRESS)
    from governance.tasks import workflow
    from governance.tasks.schemas import ProgressIn

    workflow.add_progress(
        session, tasks["blue"].id or 0, ProgressIn(actor_id=cast.owner.id or 0, progress=99)
    )
    return {"tasks": tasks, "inspection": inspection, "conference": conference}


def titles(client: TestClient, **params: Any) -> list[str]:  # type: ignore[type-arg]
    response = client.get(API, params={"today": TODAY, **params})
    assert response.status_code == 200, response.text
    return [t["title"] for t in response.json()["items"]]


def test_warning_colours_on_the_day(client: TestClient, board: dict[str, Any]) -> None:
    items = client.get(API, params={"today": TODAY}).json()["items"]
    assert [(t["title"], t["warning"], t["days_left"]) for t in items] == [
        ("销号", None, -86),
        ("红", "red", -25),
        ("蓝", "blue", 5),
        ("黄", "yellow", 36),
        ("从容", None, 189),
        ("长期", None, None),
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"warning": "red"}, ["红"]),
        ({"warning": "yellow"}, ["黄"]),
        ({"warning": "blue"}, ["蓝"]),
        ({"status": "closed"}, ["销号"]),
        ({"status": "in_progress"}, ["蓝"]),
        ({"open": "false"}, ["销号"]),
        ({"open": "true"}, ["红", "蓝", "黄", "从容", "长期"]),
        ({"ongoing": "true"}, ["长期"]),
        ({"source_kind": "finding"}, ["红", "黄"]),
        ({"due_from": "2021-06-01", "due_to": "2021-07-31"}, ["蓝", "黄"]),
        ({"due_to": "2021-05-31"}, ["销号", "红"]),
        ({"q": "从"}, ["从容"]),
        ({"priority": "high"}, []),
        ({"top_level": "true"}, ["销号", "红", "蓝", "黄", "从容", "长期"]),
    ],
)
def test_filters(
    client: TestClient, board: dict[str, Any], params: dict[str, str], expected: list[str]
) -> None:
    assert titles(client, **params) == expected


def test_by_unit_includes_co_owning_units(
    client: TestClient, board: dict[str, Any], cast: Cast
) -> None:
    assert titles(client, unit_id=cast.boyang.id) == ["红", "黄"]
    assert titles(client, unit_id=cast.runda.id) == ["销号", "红", "蓝", "从容"]


def test_by_person_includes_leaders_and_co_owners(
    client: TestClient, board: dict[str, Any], cast: Cast
) -> None:
    assert titles(client, person_id=cast.clerk.id) == ["黄"]
    assert titles(client, person_id=cast.leader.id) == [
        "销号",
        "红",
        "蓝",
        "黄",
        "从容",
        "长期",
    ]


def test_by_source_event(client: TestClient, board: dict[str, Any]) -> None:
    assert titles(client, event_id=board["inspection"].id) == ["红", "黄"]
    assert titles(client, event_id=board["conference"].id) == ["长期"]


def test_paging_with_and_without_a_colour_filter(client: TestClient, board: dict[str, Any]) -> None:
    page = client.get(API, params={"today": TODAY, "limit": 2, "offset": 1}).json()
    assert ([t["title"] for t in page["items"]], page["total"]) == (["红", "蓝"], 6)
    assert (page["limit"], page["offset"]) == (2, 1)
    coloured = client.get(API, params={"today": TODAY, "open": "true", "limit": 1}).json()
    assert coloured["total"] == 5
    red = client.get(API, params={"today": TODAY, "warning": "red", "offset": 1}).json()
    assert (red["items"], red["total"]) == ([], 1)


def test_the_blue_window_comes_from_settings_or_the_request(
    client: TestClient, board: dict[str, Any]
) -> None:
    assert titles(client, warning="blue", warn_days=4) == []
    client.app.state.task_settings = TaskSettings(warn_days=4)
    assert titles(client, warning="blue") == []
    assert titles(client, warning="blue", warn_days=5) == ["蓝"]


def test_warnings_are_computed_for_the_day_asked(client: TestClient, board: dict[str, Any]) -> None:
    assert titles(client, warning="red") == ["红"]
    assert titles(client, warning="red", today="2021-07-01") == ["红", "蓝"]
    assert titles(client, warning="red", today="2022-01-01") == ["红", "蓝", "黄", "从容"]


@pytest.mark.parametrize(
    "params",
    [
        {"warning": "green"},
        {"status": "done"},
        {"limit": 0},
        {"limit": 501},
        {"unit_id": 0},
        {"due_from": "not-a-date"},
        {"warn_days": 366},
        {"today": "2021-13-01"},
    ],
)
def test_bad_list_parameters_are_400(client: TestClient, params: dict[str, Any]) -> None:
    assert client.get(API, params=params).status_code == 400


def test_subtasks_list_under_their_parent_with_rolled_up_progress(
    client: TestClient, session: Session, cast: Cast
) -> None:
    parent = make_task(session, cast, title="加快重点工程项目建设")
    for weight, progress in ((1, 40), (3, 80)):
        child = make_task(session, cast, parent_id=parent.id, weight=weight)
        move(session, child, cast, TaskStatus.IN_PROGRESS)
        client.post(
            f"{API}/{child.id}/progress", json={"actor_id": cast.owner.id, "progress": progress}
        )
    listed = client.get(API, params={"parent_id": parent.id}).json()
    assert [t["progress"] for t in listed["items"]] == [40, 80]
    top = client.get(API, params={"top_level": "true"}).json()["items"]
    assert [(t["title"], t["progress"], t["own_progress"], t["subtask_count"]) for t in top] == [
        ("加快重点工程项目建设", 70, 0, 2)
    ]


def test_reminders_endpoint_groups_by_responsible_person(
    client: TestClient, board: dict[str, Any]
) -> None:
    groups = client.get(f"{API}/reminders", params={"today": TODAY, "days": 7}).json()
    assert [(g["label"], [t["title"] for t in g["tasks"]], g["email"]) for g in groups] == [
        ("张永正", ["红", "蓝"], None)
    ]
    groups = client.get(f"{API}/reminders", params={"today": TODAY, "days": 40}).json()
    assert [(g["label"], [t["title"] for t in g["tasks"]]) for g in groups] == [
        ("张永正", ["红", "蓝"]),
        ("崔好发", ["黄"]),
    ]


@pytest.mark.parametrize("path", [API, "/tasks", f"{API}/ledger.csv"])
def test_search_text_with_nul_is_400(client: TestClient, path: str) -> None:
    response = client.get(path, params={"q": "整改\x00"})
    assert response.status_code == 400
    if path != "/tasks":
        # The shared search parameter refuses control characters before the handler runs.
        detail = response.json()["detail"]
        assert "q: Expected `str` matching regex" in detail and "x00" in detail
