"""Events through the JSON API: one request with participants, groups and agenda; lists; errors."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.factories import group_leaders, make_body, make_event, make_org

API = "/api/v1/events"


def congress(people: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "congress",
        "title": "集团召开三届一次会员代表大会",
        "start": "2021-01-20",
        "organiser_id": people["group"].id,
        "status": "held",
        "delegates_due": 45,
        "delegates_present": 41,
        "participants": [
            {
                "guest": {"name": "韩洪锋", "title": "二级调研员", "organisation": "聊城市总工会"},
                "role": "莅临指导",
            },
            {"person_id": people["zhang"].id, "role": "出席"},
            {"person_id": people["tan"].id, "role": "出席"},
            {"person_id": people["wang"].id, "role": "出席"},
            {"person_id": people["tan"].id, "role": "作报告", "printed_title": ""},
        ],
        "groups": [{"label": "工会会员代表", "organisation_id": people["group"].id, "count": 41}],
        "agenda": [
            {
                "title": "第二届工会委员会工作报告",
                "kind": "report",
                "presenter_id": people["tan"].id,
            },
            {
                "title": "审议通过选举办法",
                "kind": "vote",
                "outcome": "通过",
                "document": {"title": "《选举办法》(草案)", "kind": "rules", "status": "adopted"},
            },
        ],
        "documents": [{"title": "《监票人、计票人建议名单》", "kind": "list", "status": "adopted"}],
    }
    body.update(overrides)
    return body


def test_create_event_with_everything_in_one_request(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    response = client.post(API, json=congress(people))
    assert response.status_code == 201, response.text
    event = response.json()
    assert event["title"] == "集团召开三届一次会员代表大会"
    assert (event["start"], event["end"], event["all_day"]) == ("2021-01-20", "2021-01-20", True)
    assert event["date_label"] == "1月20日"
    assert [p["name"] for p in event["participants"]] == [
        "韩洪锋",
        "张永正",
        "谭相彦",
        "王吾雪",
        "谭相彦",
    ]
    assert event["participants"][2]["title"] == "集团党委书记、董事长"
    assert event["participants"][4]["title"] == ""  # printed_title overrides the chain
    # Attendees printed by rank, whatever order they were entered in.
    assert event["people_by_role"]["出席"] == (
        "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正"
    )
    assert event["people_by_role"]["莅临指导"] == "聊城市总工会二级调研员韩洪锋"
    assert event["groups"][0]["count"] == 41
    assert [a["title"] for a in event["agenda"]] == ["第二届工会委员会工作报告", "审议通过选举办法"]
    documents = {d["id"]: d["title"] for d in event["documents"]}
    assert documents[event["agenda"][1]["document_id"]] == "《选举办法》(草案)"
    assert sorted(documents.values()) == ["《监票人、计票人建议名单》", "《选举办法》(草案)"]
    again = client.get(f"{API}/{event['id']}").json()
    assert again == event


def test_title_comes_from_body_numbering_when_omitted(client: TestClient, session: Session) -> None:
    org = make_org(session)
    body = make_body(session, org, "职工代表大会")
    response = client.post(
        API,
        json={
            "kind": "congress",
            "body_id": body.id,
            "term": 3,
            "session": 1,
            "start": "2021-01-22",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "三届一次职工代表大会"
    assert response.json()["session_label"] == "三届一次"


def test_multi_day_and_timed_events(client: TestClient) -> None:
    multi = client.post(
        API,
        json={"kind": "other", "title": "两会安全供水", "start": "2021-01-26", "end": "2021-01-30"},
    ).json()
    assert (multi["start"], multi["end"], multi["date_label"]) == (
        "2021-01-26",
        "2021-01-30",
        "1月26日—30日",
    )
    timed = client.post(
        API,
        json={
            "kind": "work_conference",
            "title": "工作会议",
            "start": "2021-01-22T09:00:00",
            "end": "2021-01-22T11:30:00+08:00",
        },
    )
    assert timed.status_code == 201, timed.text
    assert timed.json()["start"] == "2021-01-22T09:00:00+08:00"  # naive input means Shanghai time
    assert timed.json()["all_day"] is False
    utc = client.post(
        API, json={"kind": "other", "title": "跨日", "start": "2021-01-21T17:00:00Z"}
    ).json()
    assert utc["start"] == "2021-01-22T01:00:00+08:00" and utc["date_label"] == "1月22日"


@pytest.mark.parametrize(
    ("change", "field", "words", "code"),
    [
        ({"start": "2021-01-22", "end": "2021-01-21"}, "end", "before start", "end_before_start"),
        (
            {"start": "2021-01-22T10:00:00", "end": "2021-01-22T09:00:00"},
            "end",
            "before start",
            "end_before_start",
        ),
        (
            {"start": "2021-01-22", "end": "2021-01-22T09:00:00"},
            "end",
            "must be a date",
            "end_needs_date",
        ),
        (
            {"delegates_due": 40, "delegates_present": 41},
            "delegates_present",
            "more than delegates_due",
            "delegates_present_over_due",
        ),
        ({"delegates_present": -1}, "delegates_present", "greater than or equal to 0", "too_small"),
        (
            {"organiser_id": 999},
            "organiser_id",
            "no organisation with id 999",
            "reference_not_found",
        ),
        ({"body_id": 999}, "body_id", "no standing body with id 999", "reference_not_found"),
        ({"parent_id": 2**31 - 1}, "parent_id", "no event", "reference_not_found"),
        ({"title": "x" * 201}, "title", "at most 200", "too_long"),
        ({"title": "会议\x00"}, "title", "NUL", "control_characters"),
        ({"kind": "party"}, "kind", "congress", "unknown_choice"),
        ({"title": None, "body_id": None}, "title", "required", "event_title_required"),
        ({"unexpected": 1}, "unexpected", "Extra inputs", "unknown_field"),
        (
            {"participants": [{"person_id": 999, "role": "出席"}]},
            "participants[0].person_id",
            "no person",
            "reference_not_found",
        ),
        (
            {"participants": [{"role": "出席"}]},
            "participants",
            "exactly one of person_id and guest",
            "participant_person_or_guest",
        ),
        (
            {"participants": [{"guest": {"name": "甲"}, "role": "主席"}]},
            "role",
            "出席",
            "unknown_choice",
        ),
        (
            {"groups": [{"label": "团员", "count": -3}]},
            "count",
            "greater than or equal to 0",
            "too_small",
        ),
        (
            {"agenda": [{"title": "报告", "presenter_id": 77}]},
            "agenda[0].presenter_id",
            "no person",
            "reference_not_found",
        ),
        (
            {"agenda": [{"title": "报告", "document_id": 5}]},
            "agenda[0].document_id",
            "no document",
            "agenda_document_not_at_this_event",
        ),
    ],
)
def test_create_rejects_bad_input_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str, words: str, code: str
) -> None:
    body = {"kind": "congress", "title": "会议", "start": "2021-01-22", **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post(API, json=body)
    assert response.status_code in (400, 422), response.text
    assert field in response.text and words in response.text
    assert response.json()["code"] == code
    assert client.get(API).json()["total"] == 0  # nothing half-written


def test_duplicate_participant_is_refused(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    twice = [
        {"person_id": people["tan"].id, "role": "出席"},
        {"person_id": people["tan"].id, "role": "出席"},
    ]
    response = client.post(API, json=congress(people, participants=twice))
    assert response.status_code == 422
    assert (
        "participants[1]" in response.json()["detail"] and "duplicate" in response.json()["detail"]
    )
    assert response.json()["code"] == "duplicate_participant"
    assert response.json()["message"] == "与第 1 行是同一人员、同一角色，重复了"
    # The same person in two roles is fine.
    two_roles = [
        {"person_id": people["tan"].id, "role": "出席"},
        {"person_id": people["tan"].id, "role": "讲话"},
    ]
    assert client.post(API, json=congress(people, participants=two_roles)).status_code == 201


def test_malformed_json_and_out_of_range_ids(client: TestClient) -> None:
    response = client.post(
        API, content=b'{"kind": "congress",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert client.get(f"{API}/99999999999999999999").status_code in (400, 404)
    assert client.get(f"{API}/0").status_code == 400
    assert client.get(f"{API}/{2**31 - 1}").status_code == 404
    assert "event 5 not found" in client.get(f"{API}/5").json()["detail"]


def test_update_replaces_given_lists_and_keeps_the_rest(
    client: TestClient, session: Session
) -> None:
    people = group_leaders(session)
    event = client.post(API, json=congress(people)).json()
    response = client.patch(
        f"{API}/{event['id']}",
        json={
            "location": "集团本部会议室",
            "participants": [{"person_id": people["wang"].id, "role": "主持"}],
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["location"] == "集团本部会议室"
    assert [(p["name"], p["role"]) for p in updated["participants"]] == [("王吾雪", "主持")]
    assert updated["agenda"] == event["agenda"] and updated["groups"] == event["groups"]
    assert updated["updated_at"] >= event["updated_at"]


def test_update_rejects_end_before_start(client: TestClient) -> None:
    event = client.post(
        API, json={"kind": "other", "title": "活动", "start": "2021-01-26", "end": "2021-01-30"}
    ).json()
    response = client.patch(f"{API}/{event['id']}", json={"end": "2021-01-25"})
    assert response.status_code == 422 and "end" in response.json()["detail"]
    moved = client.patch(f"{API}/{event['id']}", json={"start": "2021-02-01"}).json()
    assert (moved["start"], moved["end"]) == ("2021-02-01", "2021-02-01")
    assert client.patch(f"{API}/{event['id']}", json={"parent_id": event["id"]}).status_code == 422


def test_delete_event_removes_its_parts(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    event = client.post(API, json=congress(people)).json()
    assert client.delete(f"{API}/{event['id']}").status_code == 204
    assert client.get(f"{API}/{event['id']}").status_code == 404
    assert client.get("/api/v1/participations").json()["total"] == 0
    assert client.get("/api/v1/documents").json()["total"] == 0


def test_parent_event_cannot_be_deleted_under_its_child(client: TestClient) -> None:
    parent = client.post(
        API, json={"kind": "congress", "title": "会员代表大会", "start": "2021-01-20"}
    ).json()
    client.post(
        API,
        json={
            "kind": "committee_meeting",
            "title": "第一次全体会议",
            "start": "2021-01-20",
            "parent_id": parent["id"],
        },
    )
    response = client.delete(f"{API}/{parent['id']}")
    assert response.status_code == 409 and "still referred to" in response.json()["detail"]


def test_list_filters_combine(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    other_org = make_org(
        session,
        "聊城市人民政府国有资产监督管理委员会",
        short_name="市国资委",
        prefix="市国资委",
        kind="authority",
    )
    make_event(
        session,
        title="三届一次职工代表大会",
        start="2021-01-22",
        status="held",
        organiser_id=people["group"].id,
        participants=[{"person_id": people["tan"].id, "role": "出席"}],
    )
    make_event(
        session,
        kind="assessment",
        title="党建工作考核",
        start="2021-01-12",
        organiser_id=other_org.id,
        summary="现场考核",
        status="held",
    )
    make_event(
        session,
        kind="other",
        title="两会安全供水",
        start="2021-01-26",
        end="2021-01-30",
        status="held",
    )
    make_event(
        session,
        kind="work_conference",
        title="2022年工作会议",
        start="2022-01-20",
        status="planned",
    )

    def titles(**params: Any) -> list[str]:
        body = client.get(API, params=params).json()
        assert body["total"] == len(body["items"])
        return [e["title"] for e in body["items"]]

    assert titles() == ["2022年工作会议", "两会安全供水", "三届一次职工代表大会", "党建工作考核"]
    assert titles(kind="assessment") == ["党建工作考核"]
    assert titles(**{"from": "2021-01-28", "to": "2021-12-31"}) == ["两会安全供水"]
    assert titles(**{"from": "2021-01-13", "to": "2021-01-22"}) == ["三届一次职工代表大会"]
    assert titles(organisation_id=other_org.id) == ["党建工作考核"]
    assert titles(person_id=people["tan"].id) == ["三届一次职工代表大会"]
    assert titles(status="planned") == ["2022年工作会议"]
    assert titles(q="考核") == ["党建工作考核"]
    assert titles(q="现场") == ["党建工作考核"]
    assert titles(q="工作", kind="work_conference") == ["2022年工作会议"]
    page = client.get(API, params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and [e["title"] for e in page["items"]] == [
        "两会安全供水",
        "三届一次职工代表大会",
    ]
    assert client.get(API, params={"limit": 0}).status_code == 400
    assert client.get(API, params={"kind": "nonsense"}).status_code == 400


def test_dates_outside_the_supported_years_are_refused(client: TestClient) -> None:
    response = client.get(API, params={"from": "0001-01-01"})
    assert response.status_code == 422 and "from: year 1 is outside" in response.json()["detail"]
    assert response.json()["code"] == "year_out_of_range"
    assert response.json()["message"] == "年份 1 超出范围（1900–2999 年）"
    created = client.post(API, json={"kind": "other", "title": "古", "start": "0001-01-01"})
    assert created.status_code == 422 and "start" in created.json()["detail"]
    late = client.post(
        API,
        json={
            "kind": "other",
            "title": "远",
            "start": "2021-01-01T00:00:00",
            "end": "9999-12-31T23:59:59",
        },
    )
    assert late.status_code == 422 and "end" in late.json()["detail"]
