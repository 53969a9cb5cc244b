"""Imported drafts through the JSON API: import, list, show, fix, accept, reject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.importing.models import ImportDraft
from governance.records.models import Event, Person
from tests.newsletter import load_newsletter

API = "/api/v1/imports"
ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "data" / "newsletter-2021-01.txt"
UNION = "集团召开三届一次会员代表大会"


def load_people(session: Session) -> None:
    load_newsletter(
        session, [ROOT / "fixtures" / "organisations.yaml", ROOT / "fixtures" / "people.yaml"]
    )


def import_corpus(client: TestClient, **extra: Any) -> dict[str, Any]:  # type: ignore[type-arg]
    body = {"source": "newsletter-2021-01.txt", "text": CORPUS.read_text(encoding="utf-8"), **extra}
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


def draft_id(client: TestClient, title: str) -> int:  # type: ignore[type-arg]
    items = client.get(API, params={"limit": 100}).json()["items"]
    return int(next(d["id"] for d in items if d["title"] == title))


def test_importing_stores_drafts_that_no_event_list_shows(client: TestClient) -> None:  # type: ignore[type-arg]
    report = import_corpus(client)
    assert (report["articles"], report["created"], report["unchanged"]) == (13, 13, 0)
    assert (report["duplicates"], report["joins"], report["furniture"]) == (19, 8, 6)
    assert (report["year"], report["year_source"]) == (2021, "printed 12 times in the issue")
    listing = client.get(API).json()
    assert listing["total"] == 13
    assert [d["position"] for d in listing["items"]] == list(range(1, 14))
    assert {d["status"] for d in listing["items"]} == {"pending"}
    assert client.get("/api/v1/events").json()["total"] == 0
    assert UNION not in client.get("/").text


def test_importing_the_same_issue_again_creates_no_duplicates(
    client: TestClient,
    session: Session,  # type: ignore[type-arg]
) -> None:
    import_corpus(client)
    again = import_corpus(client)
    assert (again["created"], again["unchanged"]) == (0, 13)
    assert client.get(API).json()["total"] == 13
    assert len(session.exec(select(ImportDraft)).all()) == 13


def test_a_dry_run_stores_nothing(client: TestClient) -> None:  # type: ignore[type-arg]
    report = import_corpus(client, dry_run=True)
    assert (report["articles"], report["created"]) == (13, 13)
    assert [d["title"] for d in report["drafts"]][5] == UNION
    assert client.get(API).json()["total"] == 0


def test_a_draft_shows_the_cleaned_article_and_what_was_found(
    client: TestClient,
    session: Session,  # type: ignore[type-arg]
) -> None:
    load_people(session)
    import_corpus(client)
    draft = client.get(f"{API}/{draft_id(client, UNION)}").json()
    assert (draft["date"], draft["kind"], draft["status"], draft["event_id"]) == (
        "2021-01-20",
        "congress",
        "pending",
        None,
    )
    assert (draft["organiser"], draft["body"], draft["session_label"]) == (
        "聊城水务集团工会",
        "会员代表大会",
        "三届一次",
    )
    people = {p.name: p.id for p in session.exec(select(Person)).all()}
    assert [(p["name"], p["title"], p["role"], p["person_id"]) for p in draft["participants"]] == [
        ("韩洪锋", "二级调研员", "莅临指导", people["韩洪锋"]),
        ("孔国政", "组织部长、一级主任科员", "莅临指导", people["孔国政"]),
        ("谭相彦", "党委书记、董事长", "出席", people["谭相彦"]),
        ("王吾雪", "党委副书记、董事、总经理", "出席", people["王吾雪"]),
        ("张永正", "职工董事、工会主席", "出席", people["张永正"]),
        ("武长卿", "工会副主席", "主持", people["武长卿"]),
        ("谭相彦", "", "作报告", people["谭相彦"]),
    ]
    assert draft["counts"] == [
        {
            "label": "工会会员代表",
            "count": 41,
            "approximate": False,
            "role": "参加",
            "organisation": "集团",
        }
    ]
    assert draft["text"].startswith(
        UNION + "\n本报讯 1月20日，聊城水务集团工会三届一次会员代表大会召开。"
    )


def test_accepting_creates_the_event_with_its_people_and_links_it(
    client: TestClient,
    session: Session,  # type: ignore[type-arg]
) -> None:
    load_people(session)
    import_corpus(client)
    ident = draft_id(client, UNION)
    response = client.post(f"{API}/{ident}/accept")
    assert response.status_code == 200, response.text
    accepted = response.json()
    assert accepted["status"] == "accepted" and accepted["event_id"] is not None
    event = client.get(f"/api/v1/events/{accepted['event_id']}").json()
    assert (
        event["title"],
        event["kind"],
        event["start"],
        event["status"],
        event["visibility"],
    ) == (UNION, "congress", "2021-01-20", "held", "public")
    assert (
        event["session_label"],
        event["term"],
        event["session"],
        event["delegates_present"],
    ) == ("三届一次", 3, 1, 41)
    assert event["key"] == "import-" + accepted["key"]
    assert [(p["name"], p["role"]) for p in event["participants"]] == [
        ("韩洪锋", "莅临指导"),
        ("孔国政", "莅临指导"),
        ("谭相彦", "出席"),
        ("王吾雪", "出席"),
        ("张永正", "出席"),
        ("武长卿", "主持"),
        ("谭相彦", "作报告"),
    ]
    assert all(p["person_id"] is not None for p in event["participants"])
    assert event["people_by_role"]["出席"] == (
        "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正"
    )
    assert (
        event["people_by_role"]["莅临指导"]
        == "聊城市总工会二级调研员韩洪锋，组织部长、一级主任科员孔国政"
    )
    assert event["people_by_role"]["作报告"] == "谭相彦"
    assert [(g["label"], g["count"], g["role"]) for g in event["groups"]] == [
        ("工会会员代表", 41, "参加")
    ]
    assert event["summary"].startswith("1月20日，聊城水务集团工会三届一次会员代表大会召开。")
    assert "为推动聊城经济社会发展建功立业" in event["notes"]
    listing = client.get("/api/v1/events").json()
    assert [e["title"] for e in listing["items"]] == [UNION]
    assert client.get(API, params={"status": "pending"}).json()["total"] == 12


def test_accepting_records_unknown_people_as_guests_or_creates_them(
    client: TestClient,
    session: Session,  # type: ignore[type-arg]
) -> None:
    import_corpus(client)  # an empty database: nobody is known
    assessment = draft_id(client, "市管企业党建考核组到水务集团进行党建工作考核")
    guests = client.post(f"{API}/{assessment}/accept", json={"new_people": "guest"}).json()
    event = client.get(f"/api/v1/events/{guests['event_id']}").json()
    assert [
        (
            p["guest_name"],
            p["guest_title"],
            p["guest_organisation"],
            p["role"],
            p["delegation"],
            p["delegation_size"],
        )
        for p in event["participants"]
    ] == [
        ("李树新", "党委委员、副主任", "市国资委", "带领", "市管国有企业考核三组", 4),
        ("谭相彦", "", "", "作报告", "", None),
    ]
    assert session.exec(select(Person)).all() == []
    series = draft_id(client, "集团召开系列工作考核")
    created = client.post(f"{API}/{series}/accept", json={"new_people": "create"}).json()
    event = client.get(f"/api/v1/events/{created['event_id']}").json()
    names = sorted(p.name for p in session.exec(select(Person)).all())
    assert names == ["崔好发", "谭相彦"]
    assert [(p["name"], p["role"], p["person_id"] is not None) for p in event["participants"]] == [
        ("谭相彦", "出席", True),
        ("谭相彦", "讲话", True),
        ("崔好发", "通报", True),
    ]


def test_a_draft_without_a_date_cannot_be_accepted_until_fixed(
    client: TestClient,
    session: Session,  # type: ignore[type-arg]
) -> None:
    import_corpus(client)
    ident = draft_id(client, "伯阳设计公司完成朱老庄镇农村饮水安全项目设计任务")
    refused = client.post(f"{API}/{ident}/accept", json={})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "date: the draft has no date: fix it before accepting"
    assert session.exec(select(Event)).all() == []
    assert client.get(f"{API}/{ident}").json()["status"] == "pending"
    fixed = client.patch(
        f"{API}/{ident}", json={"date": "2021-01-15", "kind": "other", "title": "完成设计任务"}
    )
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["date"], fixed.json()["title"]) == ("2021-01-15", "完成设计任务")
    accepted = client.post(f"{API}/{ident}/accept").json()
    event = client.get(f"/api/v1/events/{accepted['event_id']}").json()
    assert (event["title"], event["start"], event["kind"]) == (
        "完成设计任务",
        "2021-01-15",
        "other",
    )


def test_fixing_replaces_the_people_and_the_event_takes_the_fix(client: TestClient) -> None:  # type: ignore[type-arg]
    import_corpus(client)
    ident = draft_id(client, "聊城水务集团召开2021年工作会议")
    participants = client.get(f"{API}/{ident}").json()["participants"]
    fix = [{k: p[k] for k in ("name", "title", "organisation", "role")} for p in participants]
    fix.insert(
        0, {"name": "谭相彦", "title": "党委书记、董事长", "organisation": "集团", "role": "作报告"}
    )
    response = client.patch(f"{API}/{ident}", json={"participants": fix})
    assert response.status_code == 200, response.text
    assert [(p["name"], p["role"]) for p in response.json()["participants"]] == [
        ("谭相彦", "作报告"),
        ("王吾雪", "作报告"),
        ("崔好发", "主持"),
    ]
    event_id = client.post(f"{API}/{ident}/accept").json()["event_id"]
    event = client.get(f"/api/v1/events/{event_id}").json()
    assert [(p["name"], p["title"], p["role"]) for p in event["participants"]] == [
        ("谭相彦", "集团党委书记、董事长", "作报告"),
        ("王吾雪", "集团党委副书记、董事、总经理", "作报告"),
        ("崔好发", "集团党委副书记", "主持"),
    ]
    assert [(g["label"], g["role"]) for g in event["groups"]][:2] == [
        ("集团领导班子成员", "出席"),
        ("外部董事", "出席"),
    ]


def test_rejecting_keeps_the_draft_out_even_when_imported_again(client: TestClient) -> None:  # type: ignore[type-arg]
    import_corpus(client)
    ident = draft_id(client, "寒潮之下 供水服务有温度")
    response = client.post(f"{API}/{ident}/reject", json={"note": "不是会议活动"})
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["note"], response.json()["event_id"]) == (
        "rejected",
        "不是会议活动",
        None,
    )
    again = import_corpus(client)
    assert (again["created"], again["unchanged"]) == (0, 13)
    assert client.get(f"{API}/{ident}").json()["status"] == "rejected"
    assert client.get(API, params={"status": "rejected"}).json()["total"] == 1
    assert client.get("/api/v1/events").json()["total"] == 0


@pytest.mark.parametrize("action", ["accept", "reject", "fix"])
def test_a_draft_already_decided_cannot_be_changed(client: TestClient, action: str) -> None:  # type: ignore[type-arg]
    import_corpus(client)
    ident = draft_id(client, UNION)
    assert client.post(f"{API}/{ident}/accept").status_code == 200
    response = (
        client.patch(f"{API}/{ident}", json={"title": "改"})
        if action == "fix"
        else client.post(f"{API}/{ident}/{action}", json={})
    )
    assert response.status_code == 409
    assert response.json()["detail"] == f"status: import draft {ident} is already accepted"
    assert response.json()["code"] == "draft_already_accepted"
    assert response.json()["message"] == "该草稿已被接受，不能再修改"


@pytest.mark.parametrize(
    ("body", "status", "detail", "code"),
    [
        (
            {"date": "2021-01-22", "end": "2021-01-20"},
            400,
            "end is before date",
            "draft_end_before_date",
        ),
        ({"organiser_id": 999}, 422, "organiser_id: no organisation with id 999", None),
        (
            {"participants": [{"name": "某某", "role": "出席", "person_id": 999}]},
            422,
            "participants[0].person_id: no person with id 999",
            "draft_person_missing",
        ),
        ({"participants": [{"name": "某某", "role": "主席"}]}, 400, "participants.0.role", None),
        ({"colour": "red"}, 400, "colour", "unknown_field"),
        ({"title": None}, 422, "title: must not be null", "draft_field_not_null"),
    ],
    ids=[
        "end-before-date",
        "unknown-organiser",
        "unknown-person",
        "unknown-role",
        "unknown-field",
        "null-title",
    ],
)
def test_bad_fixes_are_refused_naming_the_field(
    client: TestClient,
    body: dict[str, Any],
    status: int,
    detail: str,  # type: ignore[type-arg]
    code: str | None,
) -> None:
    import_corpus(client)
    ident = draft_id(client, UNION)
    before = client.get(f"{API}/{ident}").json()
    response = client.patch(f"{API}/{ident}", json=body)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]
    if code is not None:
        assert response.json()["code"] == code
    assert client.get(f"{API}/{ident}").json() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"{API}/4242"),
        ("patch", f"{API}/4242"),
        ("post", f"{API}/4242/accept"),
        ("post", f"{API}/4242/reject"),
    ],
)
def test_missing_drafts_are_404(client: TestClient, method: str, path: str) -> None:  # type: ignore[type-arg]
    response = getattr(client, method)(path, json={}) if method != "get" else client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"] == "import draft 4242 not found"


def test_text_with_control_characters_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.post(API, json={"source": "x.txt", "text": "本报讯\x00 1月1日"})
    assert response.status_code == 400
    assert "text" in response.json()["detail"]
    assert client.get(API).json()["total"] == 0
