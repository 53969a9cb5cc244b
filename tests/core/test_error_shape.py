"""Every error answer of the API has one shape — status, code, field, Chinese message, English
detail, the problems one by one — whoever refuses: a service, validation, the server itself."""

from __future__ import annotations

from litestar.testing import TestClient

SHAPE = {"status_code", "code", "field", "message", "detail", "extra"}


def test_a_rule_broken_in_a_service(client: TestClient) -> None:  # type: ignore[type-arg]
    answer = client.post(
        "/api/v1/events",
        json={"kind": "congress", "title": "会", "start": "2021-01-20", "end": "2021-01-19"},
    )
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) == SHAPE
    assert (body["code"], body["field"], body["message"]) == (
        "end_before_start",
        "end",
        "结束不能早于开始",
    )


def test_validation_of_the_body(client: TestClient) -> None:  # type: ignore[type-arg]
    body = client.post("/api/v1/events", json={"kind": "bogus", "start": "2021-01-20"}).json()
    assert set(body) == SHAPE
    assert (body["code"], body["field"]) == ("unknown_choice", "kind")
    assert body["message"] == "kind：请从列表中选择"
    assert body["extra"][0]["code"] == "unknown_choice"


def test_a_missing_record(client: TestClient) -> None:  # type: ignore[type-arg]
    body = client.get("/api/v1/events/999").json()
    assert (body["status_code"], body["code"], body["message"]) == (
        404,
        "not_found",
        "活动（编号 999）不存在",
    )


def test_the_server_itself_no_route_and_no_method(client: TestClient) -> None:  # type: ignore[type-arg]
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert set(missing.json()) == SHAPE
    assert (missing.json()["code"], missing.json()["message"]) == (
        "route_not_found",
        "没有这个地址",
    )
    wrong = client.put("/api/v1/events")
    assert wrong.status_code == 405
    assert (wrong.json()["code"], wrong.json()["message"]) == (
        "method_not_allowed",
        "这个地址不接受这种请求",
    )
    assert "GET" in wrong.headers.get("allow", "")


def test_sign_in_refusals(anonymous_client: TestClient) -> None:  # type: ignore[type-arg]
    body = anonymous_client.get("/api/v1/events").json()
    assert set(body) == SHAPE
    assert (body["code"], body["message"]) == ("login_required", "需要登录")
