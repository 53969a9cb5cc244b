"""The newsletter fixtures (fixtures/*.yaml) loaded with load_fixtures, checked through the API
against what the articles print; and the loader's errors, ordering and duplicate rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.records.fixtures import FixtureError, load_fixtures
from governance.records.models import Event, Organisation
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
API = "/api/v1/events"


def fixture_events() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        events.extend((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("events") or [])
    return events


def event_by_key(client: TestClient, key: str, query: str) -> dict[str, Any]:
    """Find the event through the list endpoint with `query`, then read it in full."""
    listed = client.get(f"{API}?{query}")
    assert listed.status_code == 200, listed.text
    ids = [e["id"] for e in listed.json()["items"] if e["key"] == key]
    assert len(ids) == 1, f"{key} not listed by ?{query}"
    response = client.get(f"{API}/{ids[0]}")
    assert response.status_code == 200, response.text
    return response.json()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def table_counts(session: Session) -> dict[str, int]:
    from sqlmodel import SQLModel

    return {
        t.name: session.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
    }


# --- the newsletter's facts ----------------------------------------------------------------------
def test_every_fixture_event_is_loaded_with_its_key(client: TestClient, session: Session) -> None:
    keys = [e["key"] for e in fixture_events()]
    assert len(keys) == len(set(keys)) > 0
    load_fixtures(session, [FIXTURES])  # the loader itself, not the copy of tests/newsletter.py
    listed = client.get(f"{API}?limit=100").json()
    assert listed["total"] == len(keys)
    assert sorted(e["key"] for e in listed["items"]) == sorted(keys)


def test_union_congress_prints_guides_and_41_representatives(
    client: TestClient,
    session: Session,
) -> None:
    load_newsletter(session)
    event = event_by_key(
        client, "2021-01-20-union-congress", "from=2021-01-20&to=2021-01-20&kind=congress"
    )
    assert event["title"] == "集团召开三届一次会员代表大会"
    assert event["session_label"] == "三届一次"
    assert event["people_by_role"]["莅临指导"] == (
        "聊城市总工会二级调研员韩洪锋，组织部长、一级主任科员孔国政"
    )
    assert event["delegates_present"] == 41
    assert event["delegates_due"] is None
    assert [(g["label"], g["count"], g["approximate"], g["role"]) for g in event["groups"]] == [
        ("工会会员代表", 41, False, "参加")
    ]


def test_workers_congress_prints_the_three_leaders_by_rank(
    client: TestClient,
    session: Session,
) -> None:
    load_newsletter(session)
    event = event_by_key(client, "2021-01-22-workers-congress", "from=2021-01-22&to=2021-01-22")
    assert event["people_by_role"] == {
        "出席": "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正"
    }
    assert event["session_label"] == "三届一次"
    assert (event["start"], event["end"], event["date_label"]) == (
        "2021-01-22",
        "2021-01-22",
        "1月22日",
    )


def test_league_congress_is_numbered_ordinally_and_adopted_the_election_rules(
    client: TestClient,
    session: Session,
) -> None:
    load_newsletter(session)
    event = event_by_key(client, "2021-01-20-league-congress", "q=团员大会")
    assert event["session_label"] == "第三次"
    documents = {d["id"]: d for d in event["documents"]}
    rules = [
        d
        for d in documents.values()
        if d["title"] == "《聊城水务集团第三次团员大会选举办法》(草案)"
    ]
    assert [(d["kind"], d["status"]) for d in rules] == [("rules", "adopted")]
    vote = next(a for a in event["agenda"] if a["document_id"] == rules[0]["id"])
    assert (vote["kind"], vote["outcome"]) == ("vote", "通过")
    assert [(g["label"], g["count"]) for g in event["groups"]] == [("团委委员", None), ("团员", 33)]


def test_lianghui_water_supply_spans_five_days(client: TestClient, session: Session) -> None:
    load_newsletter(session)
    event = event_by_key(
        client, "2021-01-26-lianghui-water-supply", "from=2021-01-28&to=2021-01-28"
    )
    assert (event["start"], event["end"], event["all_day"]) == ("2021-01-26", "2021-01-30", True)
    assert event["date_label"] == "1月26日—30日"


def test_sasac_assessment_delegation_of_four_led_by_li_shuxin(
    client: TestClient,
    session: Session,
) -> None:
    load_newsletter(session)
    event = event_by_key(client, "2021-01-12-sasac-party-building-assessment", "kind=assessment")
    leads = [p for p in event["participants"] if p["role"] == "带领"]
    assert [(p["name"], p["delegation"], p["delegation_size"]) for p in leads] == [
        ("李树新", "市管国有企业考核三组", 4)
    ]
    assert event["people_by_role"]["带领"] == "市国资委党委委员、副主任李树新"


def test_plenary_is_a_child_of_the_union_congress(client: TestClient, session: Session) -> None:
    load_newsletter(session)
    congress = event_by_key(client, "2021-01-20-union-congress", "kind=congress")
    plenary = event_by_key(client, "2021-01-20-union-committee-plenary", "kind=committee_meeting")
    assert plenary["parent_id"] == congress["id"]
    assert plenary["title"] == "第三届工会委员会第一次全体会议"


# --- errors name the file and the field ---------------------------------------------------------
EVENT = "events:\n  - key: bad\n    kind: other\n    title: 会议\n    start: 2021-01-22\n"


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (
            EVENT + "    participants:\n      - guest: {name: 甲}\n        role: 主席\n",
            "events[0].participants[0].role",
            "Input should be '出席'",
        ),
        (
            EVENT + "    organiser: 不存在的单位\n",
            "events[0].organiser",
            "no organisation named '不存在的单位'",
        ),
        (
            "events:\n  - key: bad\n    kind: other\n    title: 会议\n",
            "events[0].start",
            "Field required",
        ),
        (
            EVENT + "    participants:\n      - person: 无名氏\n        role: 出席\n",
            "events[0].participants[0].person",
            "no person named '无名氏'",
        ),
        (EVENT + "    colour: red\n", "events[0].colour", "Extra inputs are not permitted"),
        (EVENT + "    end: 2021-01-21\n", "events[0]: end", "is before start"),
        (EVENT.replace("title: 会议", "title: " + "会" * 201), "events[0].title", "at most 200"),
        (
            "people:\n  - name: 甲\n    tenures:\n      - post: 主席\n",
            "people[0].tenures[0].post",
            "no post '主席' in that organisation",
        ),
        (
            "organisations:\n  - name: 乙\n    kind: club\n",
            "organisations[0].kind",
            "Input should be",
        ),
        (
            "organisations:\n  - name: 乙\n    kind: company\n    parent: 丙\n",
            "organisations[0].parent",
            "no organisation named '丙'",
        ),
        ("- just a list\n", "", "the top level must be a mapping"),
    ],
)
def test_bad_fixture_names_file_and_field_and_writes_nothing(
    session: Session, tmp_path: Path, text: str, field: str, words: str
) -> None:
    good = write(tmp_path, "a-good.yaml", "organisations:\n  - name: 好单位\n    kind: external\n")
    bad = write(tmp_path, "b-bad.yaml", text)
    with pytest.raises(FixtureError) as caught:
        load_fixtures(session, [good, bad])
    message = str(caught.value)
    assert message.startswith(f"{bad}: {field}"), message
    assert words in message
    assert set(table_counts(session).values()) == {0}


def test_invalid_yaml_names_the_file_and_the_line(session: Session, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", "events:\n  - key: a\n    kind: [other\n")
    with pytest.raises(FixtureError) as caught:
        load_fixtures(session, [bad])
    assert str(caught.value).startswith(f"{bad}: not valid YAML: ")
    assert "line 4" in str(caught.value)


def test_missing_path_is_named(session: Session, tmp_path: Path) -> None:
    with pytest.raises(FixtureError) as caught:
        load_fixtures(session, [tmp_path / "nowhere.yaml"])
    assert str(caught.value) == f"{tmp_path / 'nowhere.yaml'}: no such file or folder"


def test_error_late_in_the_load_rolls_back_earlier_changes(
    session: Session, tmp_path: Path
) -> None:
    load_newsletter(session)
    before = table_counts(session)
    changed = write(tmp_path, "a.yaml", "organisations:\n  - name: 新单位\n    kind: external\n")
    bad = write(tmp_path, "b.yaml", EVENT + "    organiser: 不存在的单位\n")
    with pytest.raises(FixtureError, match=r"events\[0\]\.organiser"):
        load_fixtures(session, [FIXTURES, changed, bad])
    assert table_counts(session) == before
    assert session.exec(select(Organisation).where(Organisation.name == "新单位")).first() is None


# --- order and duplicates ----------------------------------------------------------------------
def test_parents_listed_after_children_still_load(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "order.yaml",
        """\
organisations:
  - name: 子公司
    kind: company
    parent: 母公司
  - name: 母公司
    kind: group
events:
  - key: child
    kind: committee_meeting
    title: 全体会议
    start: 2021-01-20
    parent: parent
  - key: parent
    kind: congress
    title: 代表大会
    start: 2021-01-20
""",
    )
    report = load_fixtures(session, [path])
    assert (report.created["organisation"], report.created["event"]) == (2, 2)
    orgs = {o.name: o for o in session.exec(select(Organisation)).all()}
    assert orgs["子公司"].parent_id == orgs["母公司"].id
    events = {e.key: e for e in session.exec(select(Event)).all()}
    assert events["child"].parent_id == events["parent"].id
    again = load_fixtures(session, [path])
    assert not again.changed
    assert (again.unchanged["organisation"], again.unchanged["event"]) == (2, 2)


def test_duplicate_event_keys_across_files_are_refused(session: Session, tmp_path: Path) -> None:
    first = write(tmp_path, "one.yaml", EVENT)
    second = write(tmp_path, "two.yaml", EVENT.replace("会议", "另一个会议"))
    with pytest.raises(FixtureError) as caught:
        load_fixtures(session, [first, second])
    assert str(caught.value) == f"{first}: events[0].key: 'bad' is used by more than one event"
    assert set(table_counts(session).values()) == {0}


def test_duplicate_event_key_in_the_newsletter_folder_is_refused(
    session: Session, tmp_path: Path
) -> None:
    extra = write(
        tmp_path, "extra.yaml", EVENT.replace("key: bad", "key: 2021-01-22-workers-congress")
    )
    with pytest.raises(
        FixtureError, match="'2021-01-22-workers-congress' is used by more than one event"
    ):
        load_fixtures(session, [FIXTURES, extra])
    assert set(table_counts(session).values()) == {0}


def test_loading_twice_changes_nothing(session: Session) -> None:
    first = load_fixtures(session, [FIXTURES])
    assert first.created["event"] == len(fixture_events())
    second = load_fixtures(session, [FIXTURES])
    assert not second.changed
    assert second.unchanged == first.created


def test_changed_parent_is_reported_as_one_update(session: Session, tmp_path: Path) -> None:
    original = "organisations:\n  - name: 甲\n    kind: group\n  - name: 乙\n    kind: company\n"
    path = write(tmp_path, "orgs.yaml", original)
    load_fixtures(session, [path])
    write(tmp_path, "orgs.yaml", original + "    parent: 甲\n")
    report = load_fixtures(session, [path])
    assert (
        report.created["organisation"],
        report.updated["organisation"],
        report.unchanged["organisation"],
    ) == (0, 1, 1)
    # A parent change still counts when another organisation is created in the same load.
    write(tmp_path, "orgs.yaml", original + "  - name: 丙\n    kind: company\n    parent: 乙\n")
    report = load_fixtures(session, [path])
    assert (
        report.created["organisation"],
        report.updated["organisation"],
        report.unchanged["organisation"],
    ) == (1, 1, 1)
    orgs = {o.name: o.parent_id for o in session.exec(select(Organisation)).all()}
    ids = {o.name: o.id for o in session.exec(select(Organisation)).all()}
    assert orgs == {"甲": None, "乙": None, "丙": ids["乙"]}
