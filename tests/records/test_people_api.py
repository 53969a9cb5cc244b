"""Organisations, people, posts and tenures through the JSON API; title chains on a date."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.factories import group_leaders, make_event

V1 = "/api/v1"


def post_ok(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{V1}/{path}", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_title_chain_follows_tenures_over_time(client: TestClient) -> None:
    group = post_ok(
        client,
        "organisations",
        {
            "name": "聊城市城市水务集团有限公司",
            "short_name": "聊城水务集团",
            "prefix": "集团",
            "kind": "group",
        },
    )
    manager = post_ok(
        client, "posts", {"organisation_id": group["id"], "title": "总经理", "precedence": 50}
    )
    deputy = post_ok(
        client, "posts", {"organisation_id": group["id"], "title": "党委副书记", "precedence": 30}
    )
    wang = post_ok(client, "people", {"name": "王吾雪", "organisation_id": group["id"]})
    post_ok(
        client,
        "tenures",
        {"person_id": wang["id"], "post_id": manager["id"], "starts_on": "2018-01-01"},
    )
    post_ok(
        client,
        "tenures",
        {
            "person_id": wang["id"],
            "post_id": deputy["id"],
            "starts_on": "2020-06-01",
            "ends_on": "2023-05-31",
        },
    )

    def chain(on: str) -> str:
        return client.get(f"{V1}/people/{wang['id']}", params={"on": on}).json()["title_chain"]  # type: ignore[no-any-return]

    assert chain("2017-12-31") == ""
    assert chain("2019-03-01") == "集团总经理"
    assert chain("2021-01-20") == "集团党委副书记、总经理"
    assert chain("2023-05-31") == "集团党委副书记、总经理"  # the last day is still held
    assert chain("2023-06-01") == "集团总经理"


def test_person_detail_lists_tenures_and_events(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    make_event(
        session,
        title="三届一次职工代表大会",
        start="2021-01-22",
        participants=[
            {"person_id": people["tan"].id, "role": "出席"},
            {"person_id": people["tan"].id, "role": "讲话"},
        ],
    )
    make_event(
        session,
        title="第三次团员大会",
        start="2021-01-20",
        participants=[{"person_id": people["tan"].id, "role": "出席"}],
    )
    detail = client.get(f"{V1}/people/{people['tan'].id}", params={"on": "2021-01-20"}).json()
    assert detail["title_chain"] == "集团党委书记、董事长"
    assert [t["post_title"] for t in detail["tenures"]] == ["党委书记", "董事长"]
    assert [(e["title"], e["date"], e["roles"]) for e in detail["events"]] == [
        ("三届一次职工代表大会", "2021-01-22", ["出席", "讲话"]),
        ("第三次团员大会", "2021-01-20", ["出席"]),
    ]


def test_event_titles_use_the_chain_on_the_event_date(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    later = post_ok(
        client,
        "posts",
        {"organisation_id": people["group"].id, "title": "副总经理", "precedence": 60},
    )
    sun = post_ok(client, "people", {"name": "孙庆贤", "organisation_id": people["group"].id})
    post_ok(
        client,
        "tenures",
        {"person_id": sun["id"], "post_id": later["id"], "starts_on": "2022-01-01"},
    )
    old = make_event(
        session,
        title="旧会",
        start="2021-01-06",
        participants=[{"person_id": sun["id"], "role": "参加"}],
    )
    new = make_event(
        session,
        title="新会",
        start="2022-03-01",
        participants=[{"person_id": sun["id"], "role": "参加"}],
    )
    assert client.get(f"{V1}/events/{old.id}").json()["participants"][0]["title"] == ""
    assert client.get(f"{V1}/events/{new.id}").json()["participants"][0]["title"] == "集团副总经理"


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("organisations", {"name": "", "kind": "group"}, 400, "name"),
        ("organisations", {"name": "甲", "kind": "club"}, 400, "kind"),
        (
            "organisations",
            {"name": "甲", "kind": "group", "parent_id": 42},
            422,
            "parent_id: no organisation with id 42",
        ),
        ("people", {"name": "x" * 51}, 400, "name"),
        ("people", {"name": "张三", "organisation_id": 9}, 422, "organisation_id: no organisation"),
        ("posts", {"organisation_id": 3, "title": "董事长"}, 422, "organisation_id"),
        (
            "tenures",
            {"person_id": 1, "post_id": 1, "starts_on": "2021-02-01", "ends_on": "2021-01-01"},
            400,
            "ends_on",
        ),
        ("tenures", {"person_id": 1, "post_id": 1}, 422, "person_id: no person with id 1"),
        (
            "bodies",
            {"organisation_id": 1, "name": "职工代表大会", "numbering": "roman"},
            400,
            "numbering",
        ),
        (
            "participations",
            {"event_id": 1, "role": "出席", "guest": {"name": "甲"}},
            422,
            "event_id: no event",
        ),
        ("documents", {"title": "《办法》", "status": "passed"}, 400, "status"),
        ("groups", {"event_id": 1, "label": "团员", "count": -1}, 400, "count"),
    ],
)
def test_create_rejects_bad_records(
    client: TestClient, path: str, body: dict[str, Any], status: int, words: str
) -> None:
    response = client.post(f"{V1}/{path}", json=body)
    assert response.status_code == status, response.text
    assert words in response.text


def test_unique_names_give_409_naming_the_field(client: TestClient) -> None:
    group = post_ok(
        client, "organisations", {"name": "聊城市城市水务集团有限公司", "kind": "group"}
    )
    response = client.post(
        f"{V1}/organisations", json={"name": "聊城市城市水务集团有限公司", "kind": "group"}
    )
    assert response.status_code == 409 and "name" in response.json()["detail"]
    assert response.json()["code"] == "already_exists"
    assert response.json()["message"] == f"已有同名的组织（编号 {group['id']}）"
    post_ok(client, "posts", {"organisation_id": group["id"], "title": "董事长"})
    again = client.post(f"{V1}/posts", json={"organisation_id": group["id"], "title": "董事长"})
    assert again.status_code == 409 and "title" in again.json()["detail"]
    assert (again.json()["code"], again.json()["field"]) == ("already_exists", "title")


def test_organisation_cannot_become_its_own_ancestor(client: TestClient) -> None:
    group = post_ok(client, "organisations", {"name": "集团", "kind": "group"})
    union = post_ok(
        client, "organisations", {"name": "集团工会", "kind": "union", "parent_id": group["id"]}
    )
    response = client.patch(f"{V1}/organisations/{group['id']}", json={"parent_id": union["id"]})
    assert response.status_code == 422 and "ancestor" in response.json()["detail"]
    assert response.json()["code"] == "organisation_own_ancestor"


def test_records_in_use_are_not_deleted(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    make_event(session, participants=[{"person_id": people["tan"].id, "role": "出席"}])
    response = client.delete(f"{V1}/people/{people['tan'].id}")
    assert response.status_code == 409 and "still referred to" in response.json()["detail"]
    assert response.json()["code"] == "record_still_referred_to"
    assert response.json()["message"] == (
        f"仍有其他记录引用该人员（编号 {people['tan'].id}），请先删除或改挂这些记录"
    )
    assert client.delete(f"{V1}/organisations/{people['group'].id}").status_code == 409
    assert client.get(f"{V1}/people/{people['tan'].id}").status_code == 200


def test_crud_round_trip_for_every_simple_record(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    event = make_event(session)
    cases: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        (
            "organisations",
            {"name": "聊城市总工会", "kind": "authority"},
            {"short_name": "市总工会"},
        ),
        ("people", {"name": "韩洪锋", "internal": False}, {"notes": "二级调研员"}),
        ("posts", {"organisation_id": people["group"].id, "title": "副总经理"}, {"precedence": 60}),
        (
            "tenures",
            {"person_id": people["wang"].id, "post_id": people["secretary"].id},
            {"ends_on": "2030-01-01"},
        ),
        (
            "bodies",
            {"organisation_id": people["group"].id, "name": "团员大会", "numbering": "ordinal"},
            {"name": "共青团团员大会"},
        ),
        (
            "participations",
            {"event_id": event.id, "person_id": people["wang"].id, "role": "主持"},
            {"role": "讲话"},
        ),
        ("groups", {"event_id": event.id, "label": "团员", "count": 33}, {"approximate": True}),
        ("documents", {"event_id": event.id, "title": "《选举办法》(草案)"}, {"status": "adopted"}),
        ("agenda-items", {"event_id": event.id, "title": "工作报告"}, {"outcome": "通过"}),
    ]
    for path, create, change in cases:
        created = post_ok(client, path, create)
        listed = client.get(f"{V1}/{path}").json()
        assert created["id"] in [item["id"] for item in listed["items"]], path
        patched = client.patch(f"{V1}/{path}/{created['id']}", json=change)
        assert patched.status_code == 200, (path, patched.text)
        assert all(patched.json()[k] == v for k, v in change.items()), path
        assert client.get(f"{V1}/{path}/{created['id']}").status_code == 200
        assert client.delete(f"{V1}/{path}/{created['id']}").status_code == 204, path
        assert client.get(f"{V1}/{path}/{created['id']}").status_code == 404, path
        assert client.patch(f"{V1}/{path}/{created['id']}", json=change).status_code == 404, path


def test_participation_duplicates_and_guest_rules(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    event = make_event(session, participants=[{"person_id": people["tan"].id, "role": "出席"}])
    again = client.post(
        f"{V1}/participations",
        json={"event_id": event.id, "person_id": people["tan"].id, "role": "出席"},
    )
    assert again.status_code == 409 and "already listed" in again.json()["detail"]
    assert again.json()["code"] == "participant_already_listed"
    assert again.json()["message"] == "已以“出席”身份列在本活动中"
    both = client.post(
        f"{V1}/participations",
        json={
            "event_id": event.id,
            "person_id": people["tan"].id,
            "guest": {"name": "甲"},
            "role": "讲话",
        },
    )
    assert both.status_code == 400 and "exactly one" in both.text
    assert both.json()["code"] == "participant_person_or_guest"
    guest = post_ok(
        client,
        "participations",
        {
            "event_id": event.id,
            "guest": {"name": "韩洪锋", "title": "二级调研员", "organisation": "聊城市总工会"},
            "role": "莅临指导",
        },
    )
    assert (guest["guest_name"], guest["person_id"]) == ("韩洪锋", None)
    detail = client.get(f"{V1}/events/{event.id}").json()
    assert detail["people_by_role"]["莅临指导"] == "聊城市总工会二级调研员韩洪锋"


def test_lists_page_and_filter(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    all_people = client.get(f"{V1}/people", params={"limit": 2}).json()
    assert (all_people["total"], len(all_people["items"]), all_people["limit"]) == (3, 2, 2)
    assert (
        client.get(f"{V1}/people", params={"q": "谭"}).json()["items"][0]["id"] == people["tan"].id
    )
    posts = client.get(f"{V1}/posts", params={"organisation_id": people["group"].id}).json()
    assert [p["title"] for p in posts["items"]] == [
        "党委书记",
        "董事长",
        "党委副书记",
        "董事",
        "总经理",
        "职工董事",
        "工会主席",
    ]
    assert client.get(f"{V1}/tenures", params={"person_id": people["wang"].id}).json()["total"] == 3
    assert client.get(f"{V1}/people", params={"offset": -1}).status_code == 400
