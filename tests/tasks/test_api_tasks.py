"""Tasks through the JSON API: registering, reading, changing, deleting, and every error."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.tasks.models import TaskStatus
from tests.factories import make_event
from tests.newsletter import load_newsletter
from tests.tasks.factories import Cast, make_cast, make_task, move

API = "/api/v1/tasks"


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


def assessment(session: Session) -> Any:
    return make_event(
        session,
        kind="assessment",
        title="市管企业党建考核组到水务集团进行党建工作考核",
        start="2021-01-12",
        agenda=[{"title": "考核组提出存在问题及整改建议", "kind": "other"}],
    )


def test_register_a_finding_of_an_inspection_with_owners(
    client: TestClient, session: Session, cast: Cast
) -> None:
    event = assessment(session)
    body = {
        "title": "党支部规范化建设不够扎实",
        "problem": "部分支部“三会一课”记录不完整",
        "target": "支部记录规范完整",
        "measures": "逐支部检查并补齐记录",
        "source_kind": "finding",
        "source_id": event.id,
        "responsible_leader_id": cast.leader.id,
        "responsible_unit_id": cast.runda.id,
        "responsible_person_id": cast.owner.id,
        "co_owners": [{"organisation_id": cast.boyang.id}, {"person_id": cast.clerk.id}],
        "starts_on": "2021-01-15",
        "due_on": "2021-03-31",
        "priority": "high",
        "actor_id": cast.clerk.id,
    }
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    task = response.json()
    assert task["status"] == "registered" and task["status_label"] == "已登记"
    assert task["source"] == {
        "kind": "finding",
        "id": event.id,
        "event_id": event.id,
        "agenda_item_id": None,
        "resolution_id": None,
        "note": "",
        "label": "市管企业党建考核组到水务集团进行党建工作考核（2021年1月12日）反馈问题",
    }
    assert task["responsible_leader"] == {"id": cast.leader.id, "name": "王吾雪"}
    assert task["responsible_unit"] == {"id": cast.runda.id, "name": "润达水业"}
    assert task["responsible_person"] == {"id": cast.owner.id, "name": "张永正"}
    assert task["co_owners"] == [
        {"person_id": None, "organisation_id": cast.boyang.id, "name": "伯阳供水"},
        {"person_id": cast.clerk.id, "organisation_id": None, "name": "崔好发"},
    ]
    assert task["deadline_label"] == "2021年3月31日"
    assert (task["priority"], task["progress"], task["weight"]) == ("high", 0, 1)
    assert [a["to"] for a in task["allowed_transitions"]] == ["assigned", "cancelled"]
    assert [(h["from_status"], h["to_status"], h["actor"]["name"]) for h in task["history"]] == [
        (None, "registered", "崔好发")
    ]
    assert client.get(f"{API}/{task['id']}").json() == {**task, "days_left": task["days_left"]}


def test_source_from_an_agenda_item_names_the_meeting_and_the_item(
    client: TestClient, session: Session
) -> None:
    event = assessment(session)
    item_id = client.get(f"/api/v1/events/{event.id}").json()["agenda"][0]["id"]
    body = {"title": "整改", "source_kind": "agenda_item", "source_id": item_id}
    task = client.post(API, json=body).json()
    assert task["source"]["event_id"] == event.id
    assert task["source"]["label"] == (
        "市管企业党建考核组到水务集团进行党建工作考核（2021年1月12日）：考核组提出存在问题及整改建议"
    )
    # Editing the event replaces its agenda: the task keeps the event, loses only the item.
    assert client.patch(f"/api/v1/events/{event.id}", json={"agenda": []}).status_code == 200
    again = client.get(f"{API}/{task['id']}").json()["source"]
    assert (again["kind"], again["event_id"], again["agenda_item_id"]) == (
        "agenda_item",
        event.id,
        None,
    )
    assert again["label"] == "市管企业党建考核组到水务集团进行党建工作考核（2021年1月12日）"


def test_an_event_with_tasks_cannot_be_deleted(client: TestClient, session: Session) -> None:
    event = assessment(session)
    client.post(API, json={"title": "整改", "source_kind": "event", "source_id": event.id})
    response = client.delete(f"/api/v1/events/{event.id}")
    assert response.status_code == 409


def test_ongoing_task_has_no_deadline_and_no_warning(client: TestClient) -> None:
    body = {"title": "严守安全红线环保底线", "ongoing": True, "starts_on": "2021-01-22"}
    task = client.post(API, json=body).json()
    assert (task["ongoing"], task["due_on"], task["deadline_label"]) == (True, None, "长期坚持")
    far = client.get(f"{API}/{task['id']}", params={"today": "2030-01-01"}).json()
    assert (far["warning"], far["days_left"], far["expected_progress"]) == (None, None, None)


def test_starts_on_defaults_to_today(client: TestClient) -> None:
    from governance.tasks.api import local_today

    task = client.post(API, json={"title": "整改"}).json()
    assert task["starts_on"] == local_today().isoformat()


@pytest.mark.parametrize(
    "change,status,field,words",
    [
        ({"title": ""}, 400, "title", "at least 1 character"),
        ({"title": "x" * 201}, 400, "title", "at most 200 characters"),
        ({"title": "a\x00b"}, 400, "title", "control characters"),
        ({"nonsense": 1}, 400, "nonsense", "Extra inputs are not permitted"),
        ({"priority": "urgent"}, 400, "priority", "'high', 'normal' or 'low'"),
        ({"weight": 0}, 400, "weight", "greater than or equal to 1"),
        ({"due_on": "3000-01-01"}, 400, "due_on", "less than or equal to 2999-12-31"),
        ({"co_owners": [{}]}, 400, "co_owners", "exactly one of person_id and organisation_id"),
        ({"responsible_person_id": 0}, 400, "responsible_person_id", "greater than or equal"),
        ({"responsible_person_id": 999}, 422, "responsible_person_id", "no person with id 999"),
        ({"responsible_leader_id": 999}, 422, "responsible_leader_id", "no person with id 999"),
        ({"responsible_unit_id": 999}, 422, "responsible_unit_id", "no organisation with id 999"),
        ({"actor_id": 999}, 422, "actor_id", "no person with id 999"),
        ({"parent_id": 999}, 422, "parent_id", "no task with id 999"),
        ({"co_owners": [{"person_id": 999}]}, 422, "co_owners[0].person_id", "no person"),
        (
            {"co_owners": [{"organisation_id": 999}]},
            422,
            "co_owners[0].organisation_id",
            "no organisation with id 999",
        ),
        ({"source_kind": "event"}, 422, "source_id", "give the id of the event"),
        ({"source_id": 3}, 422, "source_kind", "say what source_id refers to"),
        ({"source_kind": "event", "source_id": 999}, 422, "source_id", "no event with id 999"),
        (
            {"source_kind": "agenda_item", "source_id": 999},
            422,
            "source_id",
            "no agenda item with id 999",
        ),
        (
            {"ongoing": True, "due_on": "2021-06-30"},
            422,
            "due_on",
            "an ongoing task (长期坚持) has no deadline",
        ),
        (
            {"starts_on": "2021-07-01", "due_on": "2021-06-30"},
            422,
            "due_on",
            "2021-06-30 is before starts_on 2021-07-01",
        ),
    ],
)
def test_create_rejects_bad_input_naming_the_field(
    client: TestClient, change: dict[str, Any], status: int, field: str, words: str
) -> None:
    response = client.post(API, json={"title": "整改", **change})
    assert response.status_code == status, response.text
    assert field in response.json()["detail"] and words in response.json()["detail"]
    assert client.get(API).json()["total"] == 0  # nothing half-written


def test_duplicate_co_owner_is_refused(client: TestClient, cast: Cast) -> None:
    owners = [{"person_id": cast.clerk.id}, {"person_id": cast.clerk.id}]
    response = client.post(API, json={"title": "整改", "co_owners": owners})
    assert response.status_code == 422
    assert response.json()["detail"] == "co_owners[1]: the same co-owner as co_owners[0]"
    assert response.json()["code"] == "task_co_owner_repeated"


def test_finding_must_come_from_an_assessment_or_inspection(
    client: TestClient, session: Session
) -> None:
    conference = make_event(session, kind="work_conference", title="2021年工作会议")
    response = client.post(
        API, json={"title": "整改", "source_kind": "finding", "source_id": conference.id}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"source_id: event {conference.id} is a work_conference; findings come from an "
        "assessment or an inspection"
    )


def test_resolution_sources_wait_for_the_resolutions_table(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.tasks import sources

    monkeypatch.setattr(sources, "resolution_table", lambda: None)
    response = client.post(API, json={"title": "整改", "source_kind": "resolution", "source_id": 1})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "source_kind: resolutions are not recorded in this installation yet"
    )


def test_resolution_source_is_checked_when_the_table_exists(
    client: TestClient, session: Session
) -> None:
    from governance.tasks import sources

    if sources.resolution_table() is None:
        pytest.skip("the resolutions table is not part of this build")
    response = client.post(
        API, json={"title": "整改", "source_kind": "resolution", "source_id": 4242}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "source_id: no resolution with id 4242"


def test_key_is_unique(client: TestClient) -> None:
    assert client.post(API, json={"title": "一", "key": "k-1"}).status_code == 201
    response = client.post(API, json={"title": "二", "key": "k-1"})
    assert response.status_code == 409
    assert response.json()["detail"] == "key: a task with key 'k-1' already exists (id 1)"
    assert (response.json()["code"], response.json()["field"]) == ("task_key_taken", "key")
    assert response.json()["message"] == "标识“k-1”已被其他任务使用（编号 1）"


def test_update_changes_given_fields_and_keeps_the_rest(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = make_task(session, cast, co_owners=[{"person_id": cast.clerk.id}])
    response = client.patch(f"{API}/{task.id}", json={"title": "新标题", "due_on": "2021-05-31"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["title"], body["due_on"], body["responsible_person"]["name"]) == (
        "新标题",
        "2021-05-31",
        "张永正",
    )
    assert [c["name"] for c in body["co_owners"]] == ["崔好发"]
    body = client.patch(f"{API}/{task.id}", json={"co_owners": []}).json()
    assert body["co_owners"] == []
    # Becoming ongoing means dropping the deadline in the same change.
    assert client.patch(f"{API}/{task.id}", json={"ongoing": True}).status_code == 422
    body = client.patch(f"{API}/{task.id}", json={"ongoing": True, "due_on": None}).json()
    assert (body["ongoing"], body["due_on"]) == (True, None)


@pytest.mark.parametrize("field", ["title", "priority", "starts_on", "weight", "co_owners"])
def test_update_refuses_null_for_required_fields(
    client: TestClient, session: Session, field: str
) -> None:
    task = make_task(session)
    response = client.patch(f"{API}/{task.id}", json={field: None})
    assert response.status_code == 422
    assert response.json()["detail"] == f"{field}: must not be null"
    assert response.json()["code"] == "task_not_null"


def test_update_can_set_and_clear_the_source(client: TestClient, session: Session) -> None:
    event = assessment(session)
    task = make_task(session)
    body = client.patch(
        f"{API}/{task.id}", json={"source_kind": "finding", "source_id": event.id}
    ).json()
    assert (body["source"]["kind"], body["source"]["id"]) == ("finding", event.id)
    body = client.patch(f"{API}/{task.id}", json={"source_note": "书面反馈第3条"}).json()
    assert body["source"]["label"].endswith("反馈问题；书面反馈第3条")
    body = client.patch(f"{API}/{task.id}", json={"source_kind": None}).json()
    assert (body["source"]["kind"], body["source"]["id"], body["source"]["event_id"]) == (
        None,
        None,
        None,
    )
    assert body["source"]["label"] == "书面反馈第3条"


def test_parent_cannot_be_the_task_or_its_subtask(client: TestClient, session: Session) -> None:
    parent = make_task(session, title="加快重点工程项目建设")
    child = make_task(session, title="伯阳供水生产设施改造", parent_id=parent.id)
    for new_parent in (parent.id, child.id):
        response = client.patch(f"{API}/{parent.id}", json={"parent_id": new_parent})
        assert response.status_code == 422
        assert response.json()["detail"] == (
            f"parent_id: task {new_parent} is this task or one of its sub-tasks"
        )
        assert response.json()["code"] == "task_parent_is_descendant"


def test_no_new_subtasks_under_a_closed_task(
    client: TestClient, session: Session, cast: Cast
) -> None:
    parent = move(session, make_task(session, cast), cast, TaskStatus.CLOSED)
    response = client.post(API, json={"title": "子任务", "parent_id": parent.id})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"parent_id: task {parent.id} is closed (已销号): no new sub-tasks under it"
    )
    assert (response.json()["code"], response.json()["field"]) == (
        "task_parent_closed",
        "parent_id",
    )


@pytest.mark.parametrize("state", [TaskStatus.CLOSED, TaskStatus.CANCELLED])
def test_closed_and_cancelled_tasks_cannot_be_changed(
    client: TestClient, session: Session, cast: Cast, state: TaskStatus
) -> None:
    task = move(session, make_task(session, cast), cast, state)
    response = client.patch(f"{API}/{task.id}", json={"title": "改"})
    assert response.status_code == 409
    label = {"closed": "已销号", "cancelled": "已取消"}[state]
    assert response.json()["detail"] == (
        f"task {task.id} is {state.value} ({label}): changing it is not possible on a closed "
        "or cancelled task"
    )
    assert response.json()["code"] == "task_closed_no_change"
    assert response.json()["message"] == f"任务{label}，不能再修改"


def test_delete_only_while_registered(client: TestClient, session: Session, cast: Cast) -> None:
    mistake = make_task(session, cast)
    assert client.delete(f"{API}/{mistake.id}").status_code == 204
    assert client.get(f"{API}/{mistake.id}").status_code == 404
    session.expunge(mistake)  # SQLite may give its id to the next task
    started = move(session, make_task(session, cast), cast, TaskStatus.ASSIGNED)
    response = client.delete(f"{API}/{started.id}")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"task {started.id} is assigned (已交办): only a registered task can be deleted; "
        "cancel it instead"
    )
    assert response.json()["code"] == "task_delete_not_registered"


def test_delete_refuses_a_task_with_subtasks(client: TestClient, session: Session) -> None:
    parent = make_task(session)
    make_task(session, parent_id=parent.id)
    response = client.delete(f"{API}/{parent.id}")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"task {parent.id} has sub-tasks: delete or move them first"
    )
    assert response.json()["code"] == "task_delete_has_subtasks"


def test_delete_refuses_a_task_with_evidence(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = make_task(session, cast)
    client.post(f"{API}/{task.id}/evidence", json={"actor_id": cast.owner.id, "text": "已整改"})
    response = client.delete(f"{API}/{task.id}")
    assert response.status_code == 409
    assert response.json()["detail"] == f"task {task.id} has evidence: cancel it instead"
    assert response.json()["code"] == "task_delete_has_evidence"
    assert response.json()["message"] == "该任务已有佐证材料，不能删除；不再办理的任务请取消"


def test_a_co_owner_is_a_person_or_a_unit_in_chinese(client: TestClient) -> None:
    response = client.post(API, json={"title": "整改", "co_owners": [{}]})
    assert response.status_code == 400
    body = response.json()
    assert "give exactly one of person_id and organisation_id" in body["detail"]
    assert body["code"] == "task_co_owner_one_of"
    assert "每个配合方请选择一个人员或一个单位" in body["message"]


def test_a_person_who_owns_a_task_cannot_be_deleted(
    client: TestClient, session: Session, cast: Cast
) -> None:
    make_task(session, cast)
    assert client.delete(f"/api/v1/people/{cast.owner.id}").status_code == 409


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/99"),
        ("patch", "/99"),
        ("delete", "/99"),
        ("post", "/99/transitions"),
        ("post", "/99/progress"),
        ("post", "/99/evidence"),
        ("get", "/99/evidence/1/file"),
        ("delete", "/99/evidence/1"),
    ],
)
def test_unknown_task_is_404(client: TestClient, cast: Cast, method: str, path: str) -> None:
    bodies = {
        "/99": {"title": "x"},
        "/99/transitions": {"to": "assigned", "actor_id": cast.owner.id},
        "/99/progress": {"progress": 10, "actor_id": cast.owner.id},
        "/99/evidence": {"text": "x", "actor_id": cast.owner.id},
    }
    kwargs: dict[str, Any] = {}
    if method in ("post", "patch"):
        kwargs["json"] = bodies[path]
    response = getattr(client, method)(API + path, **kwargs)
    assert response.status_code == 404, response.text
    assert response.json()["detail"] == "task 99 not found"


@pytest.mark.parametrize("path", ["/0", "/99999999999", "/abc", "/-1"])
def test_bad_ids_are_400_or_404(client: TestClient, path: str) -> None:
    assert client.get(API + path).status_code in (400, 404)


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(API, content=b'{"title": ', headers={"content-type": "application/json"})
    assert response.status_code == 400


def test_a_task_can_come_from_a_recorded_resolution(client: TestClient, session: Session) -> None:
    import sqlalchemy as sa

    from governance.tasks import sources

    table = sources.resolution_table()
    if table is None:
        pytest.skip("the resolutions table is not part of this build")
    load_newsletter(session)
    row = session.execute(sa.select(table).order_by(table.c.id)).mappings().first()
    if row is None:
        pytest.skip("no resolution among the fixtures")
    body = {"title": "落实决议", "source_kind": "resolution", "source_id": row["id"]}
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    source = response.json()["source"]
    assert (source["kind"], source["id"], source["resolution_id"], source["event_id"]) == (
        "resolution",
        row["id"],
        row["id"],
        row["event_id"],
    )
    assert source["label"].endswith(f"：{row['title']}")
    listed = client.get(API, params={"resolution_id": row["id"]}).json()
    assert [t["title"] for t in listed["items"]] == ["落实决议"]
