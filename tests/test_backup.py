"""governance.backup: the whole database as one JSON document and back into an empty database."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from litestar.testing import TestClient
from sqlmodel import Session, SQLModel, select

from governance import backup
from governance.core.db import make_engine, upgrade
from governance.records import service
from governance.records.models import Event, Organisation, OrganisationKind, Person, Tenure
from governance.records.schemas import EventCreate
from tests.database import empty_database
from tests.factories import group_leaders, make_body, make_org

# The records' tables (other features add tables of their own, with their own tests).
EVENT_TABLES = {"event", "participation", "attendance_group", "document", "agenda_item"}
RECORD_TABLES = {"organisation", "person", "post", "tenure", "standing_body"} | EVENT_TABLES


def make_event(db: Session, **fields: Any) -> Event:
    return service.create_event(db, EventCreate.model_validate(fields))


@pytest.fixture
def fresh_database(engine: sa.Engine, tmp_path: Path) -> Iterator[Callable[[], sa.Engine]]:
    """An empty migrated database to restore into: a second file on SQLite; on PostgreSQL the
    test database itself, emptied (so export before calling this)."""
    made: list[sa.Engine] = []

    def make() -> sa.Engine:
        if engine.dialect.name != "sqlite":
            empty_database(engine)
            return engine
        other = make_engine(f"sqlite:///{tmp_path / f'restored-{len(made)}.db'}")
        upgrade(other)
        made.append(other)
        return other

    yield make
    for other in made:
        other.dispose()


def fill_records(session: Session) -> dict[str, Any]:
    """Organisations (one a child), posts, people, tenures with and without dates, a body."""
    people = group_leaders(session)
    union = make_org(
        session,
        "聊城水务集团工会",
        short_name="",
        prefix="",
        kind=OrganisationKind.UNION,
        parent_id=people["group"].id,
    )
    session.add(
        Tenure(
            person_id=people["zhang"].id or 0,
            post_id=people["secretary"].id or 0,
            starts_on=date(2019, 1, 1),
            ends_on=date(2020, 12, 31),
        )
    )
    session.commit()
    body = make_body(session, union, "会员代表大会")
    return {**people, "union": union, "body": body}


def fill_every_table(session: Session) -> dict[str, Any]:
    """Rows in every table: the records above, a timed event at +05:00, all-day events of one
    and of several days, a child event, participants (person and guest), groups, agenda items
    and documents (on the agenda and not)."""
    things = fill_records(session)
    tan = things["tan"].id
    congress = make_event(
        session,
        key="union-congress",
        kind="congress",
        body_id=things["body"].id,
        term=3,
        session=1,
        organiser_id=things["union"].id,
        start="2021-01-20",
        status="held",
        visibility="public",
        summary="1月20日，聊城水务集团工会三届一次会员代表大会召开。",
        notes="备注",
        delegates_due=45,
        delegates_present=41,
        participants=[
            {"person_id": tan, "role": "出席"},
            {
                "guest": {"name": "韩洪锋", "title": "二级调研员", "organisation": "聊城市总工会"},
                "role": "莅临指导",
            },
            {"person_id": tan, "role": "作报告", "printed_title": ""},
        ],
        groups=[
            {"label": "工会会员代表", "organisation_id": things["group"].id, "count": 41},
            {"label": "党员志愿者", "count": 30, "approximate": True},
        ],
        agenda=[
            {"title": "第二届工会委员会工作报告", "kind": "report", "presenter_id": tan},
            {
                "title": "通过选举办法",
                "kind": "vote",
                "outcome": "通过",
                "document": {"title": "《选举办法》(草案)", "kind": "rules", "status": "adopted"},
            },
        ],
        documents=[{"title": "监票人、计票人建议名单", "kind": "list", "status": "adopted"}],
    )
    plenary = make_event(
        session,
        kind="committee_meeting",
        title="第三届工会委员会第一次全体会议",
        start="2021-01-20",
        parent_id=congress.id,
    )
    timed = make_event(
        session,
        key="timed",
        kind="work_conference",
        title="工作会议",
        start="2021-01-22T09:00:00+05:00",
        end="2021-01-22T11:30:00+05:00",
    )
    multi = make_event(
        session, kind="other", title="两会安全供水", start="2021-01-26", end="2021-01-30"
    )
    return {**things, "congress": congress, "plenary": plenary, "timed": timed, "multi": multi}


# --- round trips ---------------------------------------------------------------------------------
def test_export_restore_export_gives_the_same_document(
    session: Session, engine: sa.Engine, fresh_database: Callable[[], sa.Engine]
) -> None:
    fill_every_table(session)
    exported = backup.export_json(engine)
    document = json.loads(exported)
    assert set(document["tables"]) == {t.name for t in SQLModel.metadata.sorted_tables}
    assert all(document["tables"][name] for name in RECORD_TABLES), "every records table has rows"
    target = fresh_database()
    counts = backup.restore_database(target, json.loads(exported))
    assert counts == {name: len(rows) for name, rows in document["tables"].items()}
    assert backup.export_json(target) == exported


def test_export_restore_export_of_records_without_events_gives_the_same_document(
    session: Session, engine: sa.Engine, fresh_database: Callable[[], sa.Engine]
) -> None:
    fill_records(session)
    exported = backup.export_json(engine)
    document = json.loads(exported)
    assert {name for name, rows in document["tables"].items() if rows} == (
        RECORD_TABLES - EVENT_TABLES
    ) | {"audit_entry"}  # the audit trail is exported too
    target = fresh_database()
    counts = backup.restore_database(target, json.loads(exported))
    assert counts == {name: len(rows) for name, rows in document["tables"].items()}
    assert (
        counts["organisation"],
        counts["post"],
        counts["person"],
        counts["tenure"],
        counts["standing_body"],
    ) == (2, 7, 3, 8, 1)
    assert backup.export_json(target) == exported


def test_export_header_and_the_form_of_values(session: Session, engine: sa.Engine) -> None:
    things = fill_every_table(session)
    document = backup.export_database(engine)
    assert document["format"] == "governance-export"
    assert document["schema"] == backup.head_revision(engine) == backup.current_revision(engine)
    assert document["schema"].startswith("0")
    events = {row["id"]: row for row in document["tables"]["event"]}
    timed = events[things["timed"].id]
    # Instants are written in UTC whatever offset they were entered with.
    assert (timed["starts_at"], timed["ends_at"], timed["all_day"]) == (
        "2021-01-22T04:00:00+00:00",
        "2021-01-22T06:30:00+00:00",
        False,
    )
    # All-day events: Shanghai midnight of the first day to the midnight after the last day.
    one_day = events[things["congress"].id]
    assert (one_day["starts_at"], one_day["ends_at"], one_day["all_day"]) == (
        "2021-01-19T16:00:00+00:00",
        "2021-01-20T16:00:00+00:00",
        True,
    )
    multi = events[things["multi"].id]
    assert (multi["starts_at"], multi["ends_at"], multi["all_day"]) == (
        "2021-01-25T16:00:00+00:00",
        "2021-01-30T16:00:00+00:00",
        True,
    )
    assert (one_day["kind"], one_day["status"], one_day["title"]) == (
        "congress",
        "held",
        "三届一次会员代表大会",
    )
    assert events[things["plenary"].id]["parent_id"] == things["congress"].id
    dated = [t for t in document["tables"]["tenure"] if t["starts_on"] is not None]
    assert [(t["starts_on"], t["ends_on"]) for t in dated] == [("2019-01-01", "2020-12-31")]
    for rows in document["tables"].values():
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    assert (
        backup.export_json(engine)
        == json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )


def test_restore_keeps_ids_including_gaps(
    session: Session, engine: sa.Engine, fresh_database: Callable[[], sa.Engine]
) -> None:
    things = fill_records(session)
    gone = Person(name="离职者")
    last = Person(name="新同事", organisation_id=things["union"].id)
    session.add(gone)
    session.add(last)
    session.commit()
    session.delete(gone)
    session.commit()
    document = backup.export_database(engine)
    target = fresh_database()
    backup.restore_database(target, document)
    with Session(target) as other:
        restored = {p.id: (p.name, p.organisation_id) for p in other.exec(select(Person)).all()}
        union = other.get(Organisation, things["union"].id)
        assert union is not None and union.parent_id == things["group"].id
    assert gone.id not in restored
    assert restored[last.id] == ("新同事", things["union"].id)
    assert restored[things["tan"].id] == ("谭相彦", things["group"].id)


def test_restore_keeps_event_ids_and_parents(
    session: Session, engine: sa.Engine, fresh_database: Callable[[], sa.Engine]
) -> None:
    things = fill_every_table(session)
    gone = make_event(session, kind="other", title="删除的会议", start="2021-01-23")
    last = make_event(
        session,
        kind="other",
        title="最后的会议",
        start="2021-01-24",
        parent_id=things["congress"].id,
    )
    session.delete(session.get(Event, gone.id))
    session.commit()
    document = backup.export_database(engine)
    target = fresh_database()
    backup.restore_database(target, document)
    with Session(target) as other:
        restored = {e.id: (e.title, e.parent_id) for e in other.exec(select(Event)).all()}
    assert gone.id not in restored
    assert restored[last.id] == ("最后的会议", things["congress"].id)
    assert restored[things["plenary"].id] == (
        "第三届工会委员会第一次全体会议",
        things["congress"].id,
    )


def test_restored_events_read_the_same_through_the_api(
    client: TestClient, session: Session, engine: sa.Engine
) -> None:
    things = fill_every_table(session)
    ids = [things[name].id for name in ("congress", "plenary", "timed", "multi")]
    before = {i: client.get(f"/api/v1/events/{i}").json() for i in ids}
    document = backup.export_database(engine)
    empty_database(engine)
    backup.restore_database(engine, document)
    after = {i: client.get(f"/api/v1/events/{i}").json() for i in ids}
    assert after == before
    timed = after[things["timed"].id]
    assert (timed["start"], timed["end"]) == (
        "2021-01-22T12:00:00+08:00",
        "2021-01-22T14:30:00+08:00",
    )
    multi = after[things["multi"].id]
    assert (multi["start"], multi["end"], multi["date_label"]) == (
        "2021-01-26",
        "2021-01-30",
        "1月26日—30日",
    )


def test_new_records_after_restore_get_fresh_ids(
    client: TestClient, session: Session, engine: sa.Engine
) -> None:
    fill_records(session)
    document = backup.export_database(engine)
    empty_database(engine)  # on PostgreSQL this also restarts the id sequences at 1
    backup.restore_database(engine, document)
    for path, body, table in [
        ("/api/v1/organisations", {"name": "新单位", "kind": "external"}, "organisation"),
        ("/api/v1/people", {"name": "新人"}, "person"),
        ("/api/v1/posts", {"organisation_id": 1, "title": "新职务"}, "post"),
        ("/api/v1/tenures", {"person_id": 1, "post_id": 1, "starts_on": "2022-01-01"}, "tenure"),
    ]:
        created = client.post(path, json=body)
        assert created.status_code == 201, created.text
        assert created.json()["id"] == max(row["id"] for row in document["tables"][table]) + 1


def test_new_events_after_restore_get_fresh_ids(
    client: TestClient, session: Session, engine: sa.Engine
) -> None:
    fill_every_table(session)
    document = backup.export_database(engine)
    empty_database(engine)
    backup.restore_database(engine, document)
    created = client.post(
        "/api/v1/events",
        json={
            "kind": "other",
            "title": "新会议",
            "start": "2021-02-01",
            "participants": [{"person_id": 1, "role": "出席"}],
            "agenda": [{"title": "议程", "document": {"title": "文件"}}],
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["id"] == max(row["id"] for row in document["tables"]["event"]) + 1


# --- refusals ------------------------------------------------------------------------------------
def test_restore_into_a_database_with_rows_is_refused(session: Session, engine: sa.Engine) -> None:
    make_org(session)
    document = backup.export_database(engine)
    with pytest.raises(
        backup.RestoreError, match=r"^the database is not empty \(table organisation has rows\)$"
    ):
        backup.restore_database(engine, document)
    assert backup.export_database(engine) == document


def _export_of_one_org(engine: sa.Engine) -> dict[str, Any]:
    row = {
        "id": 1,
        "name": "甲",
        "short_name": "",
        "prefix": "",
        "kind": "group",
        "parent_id": None,
        "rank": 0,
    }
    return {
        "format": "governance-export",
        "schema": backup.head_revision(engine),
        "tables": {"organisation": [row]},
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: [d], r"^not a governance export"),
        (lambda d: {**d, "format": "something-else"}, r"^not a governance export"),
        (
            lambda d: {**d, "schema": "0000"},
            r"^the export is of schema '0000', this program expects '{head}'",
        ),
        (lambda d: {**d, "schema": None}, r"^the export is of schema None"),
        (lambda d: {**d, "tables": []}, r"^\"tables\" must be a mapping"),
        (
            lambda d: {**d, "tables": {**d["tables"], "meeting": []}},
            r"^unknown tables in export: meeting$",
        ),
        (
            lambda d: {**d, "tables": {"organisation": {"id": 1}}},
            r"^table organisation: rows must be a list$",
        ),
        (
            lambda d: {
                **d,
                "tables": {"organisation": [{**d["tables"]["organisation"][0], "colour": 1}]},
            },
            r"^table organisation row 0: unexpected shape$",
        ),
        (
            lambda d: {**d, "tables": {"organisation": [1]}},
            r"^table organisation row 0: unexpected shape$",
        ),
        # A good organisation, then a post of an organisation that does not exist: nothing is kept.
        (
            lambda d: {
                **d,
                "tables": {
                    **d["tables"],
                    "post": [{"id": 1, "organisation_id": 99, "title": "主席", "precedence": 10}],
                },
            },
            r"^table post: ",
        ),
    ],
)
def test_restore_refuses_bad_documents_and_writes_nothing(
    engine: sa.Engine, change: Callable[[dict[str, Any]], Any], message: str
) -> None:
    head = re.escape(backup.head_revision(engine))
    with pytest.raises(backup.RestoreError, match=message.replace("{head}", head)):
        backup.restore_database(engine, change(_export_of_one_org(engine)))
    document = backup.export_database(engine)
    assert all(rows == [] for rows in document["tables"].values())


def test_a_minimal_document_restores(engine: sa.Engine) -> None:
    counts = backup.restore_database(engine, _export_of_one_org(engine))
    assert counts["organisation"] == 1 and sum(counts.values()) == 1
    with Session(engine) as session:
        assert [o.name for o in session.exec(select(Organisation)).all()] == ["甲"]


def test_restore_accepts_a_parent_with_a_higher_id(
    session: Session, engine: sa.Engine, fresh_database: Callable[[], sa.Engine]
) -> None:
    # Loading fixtures that list a child organisation before its parent gives exactly this.
    child = make_org(session, "子公司", short_name="", prefix="", kind=OrganisationKind.COMPANY)
    parent = make_org(session, "母公司", short_name="", prefix="")
    child.parent_id = parent.id
    session.add(child)
    session.commit()
    exported = backup.export_json(engine)
    target = fresh_database()
    backup.restore_database(target, json.loads(exported))
    assert backup.export_json(target) == exported
