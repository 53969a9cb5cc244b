"""The workflow through the API: the whole way from registration to closing, every illegal
step refused with 409 naming the current and allowed states, and the rules of each step."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.tasks import rules
from governance.tasks.models import TaskStatus
from tests.tasks.factories import Cast, make_cast, make_task, move

API = "/api/v1/tasks"
LABELS = {
    "registered": "已登记",
    "assigned": "已交办",
    "in_progress": "整改中",
    "reported": "已报送待销号",
    "closed": "已销号",
    "cancelled": "已取消",
}


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


def step(client: TestClient, task_id: int, to: str, actor: int, comment: str = "") -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"{API}/{task_id}/transitions", json={"to": to, "actor_id": actor, "comment": comment}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_from_registration_to_closing_with_every_step_recorded(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = make_task(session, cast)
    owner, reviewer = cast.owner.id or 0, cast.reviewer.id or 0
    step(client, task.id or 0, "assigned", cast.clerk.id or 0, "请于6月底前完成")
    step(client, task.id or 0, "in_progress", owner)
    progress = client.post(
        f"{API}/{task.id}/progress", json={"actor_id": owner, "progress": 60, "note": "已完成自查"}
    )
    assert progress.status_code == 201 and progress.json()["progress"] == 60
    step(client, task.id or 0, "reported", owner, "整改完成，请审核")
    step(client, task.id or 0, "in_progress", reviewer, "佐证材料不全")  # sent back
    evidence = client.post(
        f"{API}/{task.id}/evidence", json={"actor_id": owner, "text": "补齐支部会议记录12份"}
    )
    assert evidence.status_code == 201
    step(client, task.id or 0, "reported", owner)
    closed = step(client, task.id or 0, "closed", reviewer, "同意销号")
    assert (closed["status"], closed["status_label"], closed["progress"]) == (
        "closed",
        "已销号",
        100,
    )
    assert closed["allowed_transitions"] == []
    assert [
        (h["from_status"], h["to_status"], h["action"], h["actor"]["name"], h["comment"])
        for h in closed["history"]
    ] == [
        (None, "registered", None, "崔好发", ""),
        ("registered", "assigned", "assign", "崔好发", "请于6月底前完成"),
        ("assigned", "in_progress", "start", "张永正", ""),
        ("in_progress", "reported", "report", "张永正", "整改完成，请审核"),
        ("reported", "in_progress", "send_back", "谭相彦", "佐证材料不全"),
        ("in_progress", "reported", "report", "张永正", ""),
        ("reported", "closed", "close", "谭相彦", "同意销号"),
    ]
    times = [h["at"] for h in closed["history"]]
    assert times == sorted(times) and all(t.endswith("Z") for t in times)
    assert [(p["actor"]["name"], p["progress"], p["note"]) for p in closed["progress_reports"]] == [
        ("张永正", 60, "已完成自查")
    ]


ILLEGAL = [
    (current, target)
    for current in TaskStatus
    for target in TaskStatus
    if rules.action(current, target) is None
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=[f"{c}-{t}" for c, t in ILLEGAL])
def test_every_illegal_transition_is_refused_with_409(
    client: TestClient, session: Session, cast: Cast, current: TaskStatus, target: TaskStatus
) -> None:
    task = move(session, make_task(session, cast), cast, current)
    response = client.post(
        f"{API}/{task.id}/transitions",
        json={"to": target.value, "actor_id": cast.reviewer.id, "comment": "试试"},
    )
    assert response.status_code == 409, response.text
    body = response.json()
    allowed = rules.allowed(current)
    shown = ", ".join(f"{s.value} ({LABELS[s.value]})" for s in allowed) or "none (final state)"
    assert body["detail"] == (
        f"task {task.id} is {current.value} ({LABELS[current.value]}) and cannot move to "
        f"{target.value} ({LABELS[target.value]}); allowed: {shown}"
    )
    assert (body["current"], body["allowed"]) == (current.value, [s.value for s in allowed])
    assert (body["code"], body["field"]) == ("task_illegal_transition", "to")
    assert body["message"] == (
        f"任务当前为“{LABELS[current.value]}”，不能改为“{LABELS[target.value]}”：请刷新页面后再试"
    )
    after = client.get(f"{API}/{task.id}").json()
    assert after["status"] == current.value  # nothing changed
    assert len(after["history"]) == 1 + len(
        {
            TaskStatus.REGISTERED: [],
            TaskStatus.ASSIGNED: [1],
            TaskStatus.IN_PROGRESS: [1, 2],
            TaskStatus.REPORTED: [1, 2, 3],
            TaskStatus.CLOSED: [1, 2, 3, 4],
            TaskStatus.CANCELLED: [1],
        }[current]
    )


def test_assigning_needs_an_owner_and_a_deadline(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = make_task(session, title="待交办", due_on=None)
    response = client.post(
        f"{API}/{task.id}/transitions", json={"to": "assigned", "actor_id": cast.clerk.id}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "responsible_person_id: assigning needs a responsible unit or person; "
        "due_on: assigning needs a deadline, or the task marked ongoing"
    )
    body = response.json()
    assert (body["code"], body["field"]) == ("task_assign_needs_owner", "responsible_person_id")
    assert [(item["key"], item["code"]) for item in body["extra"]] == [
        ("responsible_person_id", "task_assign_needs_owner"),
        ("due_on", "task_assign_needs_deadline"),
    ]
    assert body["message"] == "交办前须指定责任单位或责任人；交办前须填写整改时限，或勾选长期坚持"
    client.patch(f"{API}/{task.id}", json={"responsible_unit_id": cast.runda.id, "ongoing": True})
    assert step(client, task.id or 0, "assigned", cast.clerk.id or 0)["status"] == "assigned"


def test_closing_needs_evidence(client: TestClient, session: Session, cast: Cast) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.REPORTED)
    response = client.post(
        f"{API}/{task.id}/transitions", json={"to": "closed", "actor_id": cast.reviewer.id}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "evidence: closing needs evidence: add a text or a file first"
    )
    assert response.json()["code"] == "task_close_needs_evidence"
    assert client.get(f"{API}/{task.id}").json()["status"] == "reported"


def test_the_responsible_person_cannot_close_or_send_back_their_own_task(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.REPORTED)
    client.post(f"{API}/{task.id}/evidence", json={"actor_id": cast.owner.id, "text": "已整改"})
    for to in ("closed", "in_progress"):
        response = client.post(
            f"{API}/{task.id}/transitions",
            json={"to": to, "actor_id": cast.owner.id, "comment": "自己审"},
        )
        assert response.status_code == 422
        assert response.json()["detail"].startswith(
            "actor_id: the reviewer must not be the responsible person"
        )
        assert response.json()["code"] == "task_reviewer_is_owner"
    # The responsible leader is not the responsible person: they may close it.
    assert step(client, task.id or 0, "closed", cast.leader.id or 0)["status"] == "closed"


@pytest.mark.parametrize("to,current", [("in_progress", "reported"), ("cancelled", "assigned")])
def test_send_back_and_cancel_need_a_comment(
    client: TestClient, session: Session, cast: Cast, to: str, current: str
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus(current))
    response = client.post(
        f"{API}/{task.id}/transitions", json={"to": to, "actor_id": cast.reviewer.id}
    )
    assert response.status_code == 422
    name = {"in_progress": "send_back", "cancelled": "cancel"}[to]
    assert response.json()["detail"] == f"comment: {name} needs a comment saying why"
    assert response.json()["code"] == "task_needs_comment"


def test_a_parent_closes_only_after_its_subtasks(
    client: TestClient, session: Session, cast: Cast
) -> None:
    parent = make_task(session, cast, title="加快重点工程项目建设")
    done = move(session, make_task(session, cast, parent_id=parent.id), cast, TaskStatus.CLOSED)
    open_ = make_task(session, cast, parent_id=parent.id)
    dropped = make_task(session, cast, parent_id=parent.id)
    move(session, dropped, cast, TaskStatus.CANCELLED)
    move(session, parent, cast, TaskStatus.REPORTED)
    client.post(f"{API}/{parent.id}/evidence", json={"actor_id": cast.owner.id, "text": "见子任务"})
    response = client.post(
        f"{API}/{parent.id}/transitions", json={"to": "closed", "actor_id": cast.reviewer.id}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"subtasks: closing needs every sub-task closed first: {open_.id}"
    )
    assert response.json()["code"] == "task_close_needs_subtasks_closed"
    # Progress rolls up: one closed (100) and one open (0); the cancelled one is left out.
    body = client.get(f"{API}/{parent.id}").json()
    assert (body["progress"], body["subtask_count"]) == (50, 3)
    assert [(s["id"], s["status"]) for s in body["subtasks"]] == [
        (done.id, "closed"),
        (open_.id, "registered"),
        (dropped.id, "cancelled"),
    ]
    move(session, open_, cast, TaskStatus.CLOSED)
    assert step(client, parent.id or 0, "closed", cast.reviewer.id or 0)["progress"] == 100


def test_progress_is_reported_only_while_in_progress(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.ASSIGNED)
    response = client.post(
        f"{API}/{task.id}/progress", json={"actor_id": cast.owner.id, "progress": 10}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"task {task.id} is assigned (已交办): progress is reported while it is in_progress"
    )
    assert response.json()["code"] == "task_progress_not_in_progress"
    assert response.json()["message"] == "整改中的任务才能报告进度，本任务当前为“已交办”"


@pytest.mark.parametrize(
    "body,status,words",
    [
        ({"progress": 101}, 400, "less than or equal to 100"),
        ({"progress": -1}, 400, "greater than or equal to 0"),
        ({"progress": 10, "actor_id": 999}, 422, "actor_id: no person with id 999"),
    ],
)
def test_progress_report_errors(
    client: TestClient,
    session: Session,
    cast: Cast,
    body: dict,
    status: int,
    words: str,  # type: ignore[type-arg]
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.IN_PROGRESS)
    response = client.post(f"{API}/{task.id}/progress", json={"actor_id": cast.owner.id, **body})
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_a_parent_takes_no_progress_of_its_own(
    client: TestClient, session: Session, cast: Cast
) -> None:
    parent = move(session, make_task(session, cast), cast, TaskStatus.IN_PROGRESS)
    make_task(session, cast, parent_id=parent.id)
    response = client.post(
        f"{API}/{parent.id}/progress", json={"actor_id": cast.owner.id, "progress": 50}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"progress: task {parent.id} has sub-tasks: its progress rolls up from them"
    )
    assert response.json()["code"] == "task_progress_rolls_up"


@pytest.mark.parametrize(
    "body,words",
    [
        ({"to": "finished", "actor_id": 1}, "to"),
        ({"to": "assigned"}, "actor_id"),
        ({"to": "assigned", "actor_id": 0}, "actor_id"),
        ({"to": "assigned", "actor_id": 1, "extra": True}, "extra"),
    ],
)
def test_transition_input_errors_are_400(
    client: TestClient,
    session: Session,
    cast: Cast,
    body: dict,
    words: str,  # type: ignore[type-arg]
) -> None:
    task = make_task(session, cast)
    response = client.post(f"{API}/{task.id}/transitions", json=body)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_transition_by_an_unknown_person_is_422(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = make_task(session, cast)
    response = client.post(f"{API}/{task.id}/transitions", json={"to": "assigned", "actor_id": 999})
    assert response.status_code == 422
    assert response.json()["detail"] == "actor_id: no person with id 999"
    assert response.json()["code"] == "task_no_such_record"
    assert response.json()["message"] == "所选人员不存在（编号 999）"


def test_an_overdue_task_stays_open_and_red(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.IN_PROGRESS)
    for day in ("2021-07-01", "2022-07-01"):
        body = client.get(f"{API}/{task.id}", params={"today": day}).json()
        assert (body["status"], body["warning"], body["warning_label"]) == (
            "in_progress",
            "red",
            "红色预警（逾期未完成）",
        )
    assert client.get(f"{API}/{task.id}", params={"today": "2021-07-01"}).json()["days_left"] == -1
