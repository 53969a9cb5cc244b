"""Audit trail, versions, minutes approval and the bin through the JSON API."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient
from sqlmodel import Session

from tests.factories import make_org

API = "/api/v1/events"


def new_event(client: TestClient, **fields: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    body = {"kind": "committee_meeting", "title": "集团党委会", "start": "2021-01-20", **fields}
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_change_is_attributed_to_the_user_and_request(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.post(
        API,
        json={"kind": "committee_meeting", "title": "集团党委会", "start": "2021-01-20"},
        headers={"X-Request-ID": "import-42"},
    )
    assert response.headers["x-request-id"] == "import-42"
    event_id = response.json()["id"]
    audit = client.get("/api/v1/audit", params={"table": "event", "record_id": event_id}).json()
    assert (audit["total"], audit["limit"], audit["offset"]) == (1, 50, 0)
    [entry] = audit["items"]
    assert (entry["action"], entry["actor"], entry["request_id"]) == (
        "create",
        "test-admin",
        "import-42",
    )
    assert entry["actor_id"] is not None
    assert entry["changes"]["title"] == {"before": None, "after": "集团党委会"}


def test_an_unusable_request_id_is_replaced_by_a_new_one(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get(API, headers={"X-Request-ID": "bad id with spaces"})
    assert response.status_code == 200
    given = response.headers["x-request-id"]
    assert given != "bad id with spaces" and len(given) == 32


def test_reading_an_event_gives_its_version_as_etag(client: TestClient) -> None:  # type: ignore[type-arg]
    event = new_event(client)
    response = client.get(f"{API}/{event['id']}")
    assert response.json()["version"] == 1
    assert response.headers["etag"] == '"1"'


def test_a_stale_if_match_is_refused_with_412_and_changes_nothing(client: TestClient) -> None:  # type: ignore[type-arg]
    event = new_event(client)
    url = f"{API}/{event['id']}"
    first = client.patch(url, json={"location": "会议室"}, headers={"If-Match": '"1"'})
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"'
    stale = client.patch(url, json={"location": "礼堂"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert "version 2" in stale.json()["detail"]
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["detail"].startswith("event has changed since you read it (you sent")
    stored = client.get(url).json()
    assert (stored["location"], stored["version"]) == ("会议室", 2)


def test_a_stale_version_in_the_body_is_a_409(client: TestClient) -> None:  # type: ignore[type-arg]
    event = new_event(client)
    url = f"{API}/{event['id']}"
    assert client.patch(url, json={"notes": "甲", "version": 1}).status_code == 200
    response = client.patch(url, json={"notes": "乙", "version": 1})
    assert response.status_code == 409
    assert response.json()["extra"][0]["key"] == "version"
    assert response.json()["code"] == "stale_version"
    assert response.json()["message"] == (
        "保存前已有他人修改了这条记录：请打开最新内容，重新修改后再保存"
    )
    assert client.get(url).json()["notes"] == "甲"


def test_simple_records_take_if_match_too(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    org = make_org(session)
    url = f"/api/v1/organisations/{org.id}"
    assert client.get(url).headers["etag"] == '"1"'
    assert client.patch(url, json={"rank": 3}, headers={"If-Match": '"7"'}).status_code == 412
    assert client.delete(url, headers={"If-Match": '"7"'}).status_code == 412
    response = client.patch(url, json={"rank": 3}, headers={"If-Match": 'W/"1"'})
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_deleted_events_go_to_the_bin_and_come_back(client: TestClient) -> None:  # type: ignore[type-arg]
    kept = new_event(client, title="集团办公会")
    event = new_event(client)
    url = f"{API}/{event['id']}"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.patch(url, json={"notes": "x"}).status_code == 404
    assert [e["id"] for e in client.get(API).json()["items"]] == [kept["id"]]
    assert [e["id"] for e in client.get(API, params={"q": "党委"}).json()["items"]] == []
    assert [e["id"] for e in client.get(API, params={"deleted": True}).json()["items"]] == [
        event["id"]
    ]
    restored = client.post(f"{url}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["deleted_at"] is None
    assert client.get(url).status_code == 200
    again = client.post(f"{url}/restore")
    assert (again.status_code, again.json()["code"]) == (409, "bin_event_not_deleted")
    assert again.json()["message"] == "该活动不在回收站中"
    actions = [e["action"] for e in client.get(f"{url}/history").json()["items"]]
    assert actions == ["restore", "delete", "create"]


def test_approved_minutes_lock_the_record_until_reopened(client: TestClient) -> None:  # type: ignore[type-arg]
    event = new_event(
        client,
        participants=[{"guest": {"name": "韩洪锋"}, "role": "出席"}],
        documents=[{"title": "《选举办法》", "kind": "rules"}],
    )
    url = f"{API}/{event['id']}"
    approved = client.post(f"{url}/minutes/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["minutes_approved_by"] == "test-admin"
    refused = client.patch(url, json={"title": "改"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "minutes_locked"
    assert refused.json()["message"].startswith("纪要已审定，记录已锁定")
    assert (
        refused.json()["detail"]
        == f"event {event['id']} minutes are approved; reopen them to change the record"
    )
    participation = event["participants"][0]["id"]
    document = event["documents"][0]["id"]
    assert (
        client.patch(f"/api/v1/participations/{participation}", json={"remarks": "x"}).status_code
        == 409
    )
    assert client.delete(f"/api/v1/documents/{document}").status_code == 409
    assert client.delete(url).status_code == 409
    assert client.post(f"{url}/minutes/approve").status_code == 409  # already approved
    assert client.post(f"{url}/minutes/reopen").status_code == 200
    assert client.patch(url, json={"title": "改"}).status_code == 200


def test_history_lists_the_changes_of_the_event_and_its_lists(client: TestClient) -> None:  # type: ignore[type-arg]
    event = new_event(client, participants=[{"guest": {"name": "韩洪锋"}, "role": "出席"}])
    url = f"{API}/{event['id']}"
    client.patch(url, json={"status": "held"})
    items = client.get(f"{url}/history").json()["items"]
    assert [(e["table_name"], e["action"]) for e in items] == [
        ("event", "transition"),
        ("participation", "create"),
        ("event", "create"),
    ]
    assert items[0]["changes"]["status"] == {"before": "planned", "after": "held"}


def test_no_route_changes_the_audit_trail(client: TestClient) -> None:  # type: ignore[type-arg]
    schema = client.get("/schema/openapi.json").json()
    for path, operations in schema["paths"].items():
        if "audit" in path:
            assert set(operations) <= {"get"}, path


def test_only_editors_may_open_the_bin(client_as) -> None:  # type: ignore[no-untyped-def]
    editor = client_as("secretariat")
    event = new_event(editor)
    assert editor.delete(f"{API}/{event['id']}").status_code == 204
    for role in ("viewer", "leader", "communications"):
        refused = client_as(role).get(API, params={"deleted": True})
        assert refused.status_code == 403, role
        assert "deleted" in refused.json()["detail"]
    assert editor.get(API, params={"deleted": True}).json()["total"] == 1
