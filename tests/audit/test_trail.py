"""The audit trail written by the session listeners: every create, update, delete and
transition, with actor, request id and the changed columns; append-only in the database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from governance.audit import service
from governance.audit.models import AuditEntry
from governance.calendar.models import CalendarFeed, CalendarFeedToken
from governance.core.context import Actor, current_actor, current_request_id
from governance.core.errors import Conflict, NotFound
from governance.records import bin as event_bin
from governance.records import service as records
from governance.records.bin import DELETED_ONLY
from governance.records.models import Document, Event, Organisation, Participation
from governance.records.schemas import EventUpdate
from tests.factories import make_event, make_org, make_person


def entries(session: Session, table: str | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)  # type: ignore[arg-type]
    if table:
        stmt = stmt.where(AuditEntry.table_name == table)
    return list(session.exec(stmt).all())


def test_creating_a_row_records_its_values_as_the_system_without_a_user(session: Session) -> None:
    org = make_org(session, "聊城市水务集团")
    [entry] = entries(session, "organisation")
    assert (entry.action, entry.record_id, entry.actor, entry.actor_id) == (
        "create",
        str(org.id),
        "system",
        None,
    )
    assert entry.changes["name"] == {"before": None, "after": "聊城市水务集团"}
    assert entry.changes["kind"] == {"before": None, "after": "group"}
    assert "version" not in entry.changes
    assert entry.at.tzinfo is not None


def test_an_update_records_only_changed_columns_with_actor_and_request_id(
    session: Session,
) -> None:
    org = make_org(session)
    actor = current_actor.set(Actor(user_id=7, username="secretary"))
    request = current_request_id.set("req-1")
    try:
        org.short_name = "水务集团"
        org.rank = 0  # unchanged value: not recorded
        session.add(org)
        session.commit()
    finally:
        current_actor.reset(actor)
        current_request_id.reset(request)
    entry = entries(session, "organisation")[-1]
    assert entry.action == "update"
    assert (entry.actor_id, entry.actor, entry.request_id) == (7, "secretary", "req-1")
    assert entry.changes == {"short_name": {"before": "聊城水务集团", "after": "水务集团"}}


def test_a_status_change_is_recorded_as_a_transition(session: Session) -> None:
    event = make_event(session, status="planned")
    records.update_event(session, event.id or 0, EventUpdate(status="held"))  # type: ignore[arg-type]
    entry = entries(session, "event")[-1]
    assert entry.action == "transition"
    assert entry.changes["status"] == {"before": "planned", "after": "held"}


def test_replacing_participants_records_each_removed_and_added_row_under_the_event(
    session: Session,
) -> None:
    tan = make_person(session, "谭相彦")
    wang = make_person(session, "王吾雪")
    event = make_event(session, participants=[{"person_id": tan.id, "role": "出席"}])
    records.update_event(
        session,
        event.id or 0,
        EventUpdate.model_validate({"participants": [{"person_id": wang.id, "role": "主持"}]}),
    )
    rows = entries(session, "participation")
    assert [(e.action, e.parent_table, e.parent_id) for e in rows] == [
        ("create", "event", str(event.id)),
        ("delete", "event", str(event.id)),  # the bulk DELETE of the old list
        ("create", "event", str(event.id)),
    ]
    assert rows[1].changes["person_id"] == {"before": tan.id, "after": None}
    assert rows[2].changes["person_id"] == {"before": None, "after": wang.id}
    history = service.history(session, "event", event.id or 0)
    # The event row itself only got a new updated_at (not recorded): its lists changed.
    assert [e.table_name for e in history] == ["event", *["participation"] * 3]


def test_a_bulk_update_is_recorded_per_row_and_secrets_are_redacted(session: Session) -> None:
    owner = make_person(session, "谭相彦")
    feed = CalendarFeed(name="日程", owner_id=owner.id or 0, scope="person")
    session.add(feed)
    session.flush()
    session.add(CalendarFeedToken(feed_id=feed.id or 0, token_hash="secret-digest"))
    session.commit()
    session.execute(
        sa.update(CalendarFeedToken).values(token_hash="other-digest")  # a bulk UPDATE
    )
    session.commit()
    created, updated = entries(session, "calendar_feed_token")
    assert created.changes["token_hash"] == {"before": None, "after": "[redacted]"}
    assert updated.changes == {
        "token_hash": {"before": "[redacted]", "after": "[redacted] (changed)"}
    }
    assert updated.parent_table == "calendar_feed"
    assert "secret-digest" not in str([e.changes for e in entries(session)])


def test_an_orm_delete_records_the_removed_values(session: Session) -> None:
    org = make_org(session)
    session.delete(org)
    session.commit()
    entry = entries(session, "organisation")[-1]
    assert entry.action == "delete"
    assert entry.changes["name"] == {"before": org.name, "after": None}


@pytest.mark.parametrize(
    "statement",
    [
        sa.text("UPDATE audit_entry SET actor = 'someone else'"),
        sa.text("DELETE FROM audit_entry"),
    ],
)
def test_the_database_refuses_to_change_or_delete_audit_entries(
    session: Session, statement: sa.TextClause
) -> None:
    make_org(session)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        session.execute(statement)
    session.rollback()
    assert len(entries(session)) == 1


def test_a_deleted_event_is_hidden_from_queries_and_comes_back_on_restore(
    session: Session,
) -> None:
    event = make_event(session)
    kept = make_event(session, title="集团召开党委会")
    event_bin.delete_event(session, event.id or 0)
    session.expunge_all()
    assert session.get(Event, event.id) is None
    assert session.exec(select(Event.id)).all() == [kept.id]
    assert session.exec(select(sa.func.count()).select_from(Event)).one() == 1
    session.info[DELETED_ONLY] = True
    assert session.exec(select(Event.id)).all() == [event.id]
    del session.info[DELETED_ONLY]
    restored = event_bin.restore_event(session, event.id or 0)
    assert restored.deleted_at is None
    assert [e.action for e in entries(session, "event") if e.record_id == str(event.id)] == [
        "create",
        "delete",
        "restore",
    ]


def test_restoring_an_event_that_is_not_deleted_is_a_conflict(session: Session) -> None:
    event = make_event(session)
    with pytest.raises(Conflict, match="not deleted"):
        event_bin.restore_event(session, event.id or 0)
    with pytest.raises(NotFound):
        event_bin.restore_event(session, 999)


def test_approved_minutes_lock_the_event_and_its_lists_until_reopened(session: Session) -> None:
    event = make_event(session, documents=[{"title": "《选举办法》", "kind": "rules"}])
    service.approve_minutes(session, event.id or 0)
    with pytest.raises(Conflict, match="minutes are approved") as caught:
        records.update_event(session, event.id or 0, EventUpdate(title="改过的标题"))
    assert caught.value.code == "minutes_locked"
    assert caught.value.message.startswith("纪要已审定，记录已锁定")
    session.rollback()
    document = session.exec(select(Document)).one()
    document.title = "改过的文件"
    session.add(document)
    with pytest.raises(Conflict, match="minutes are approved"):
        session.commit()
    session.rollback()
    session.add(Participation(event_id=event.id or 0, guest_name="韩洪锋", role="出席"))  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="minutes are approved"):
        session.commit()
    session.rollback()
    with pytest.raises(Conflict, match="minutes are approved"):
        event_bin.delete_event(session, event.id or 0)
    session.rollback()
    service.reopen_minutes(session, event.id or 0)
    changed = records.update_event(session, event.id or 0, EventUpdate(title="改过的标题"))
    assert changed.title == "改过的标题"


def test_a_write_from_a_stale_read_fails_instead_of_overwriting(engine: sa.Engine) -> None:
    with Session(engine, expire_on_commit=False) as first:
        org = make_org(first)
    with Session(engine) as one, Session(engine) as two:
        a = one.get(Organisation, org.id)
        b = two.get(Organisation, org.id)
        assert a is not None and b is not None
        a.short_name = "甲"
        one.commit()
        b.short_name = "乙"
        with pytest.raises(StaleDataError):
            two.commit()
    with Session(engine) as check:
        stored = check.get(Organisation, org.id)
        assert stored is not None
        assert (stored.short_name, stored.version) == ("甲", 2)


def test_column_selects_like_the_feeds_use_skip_deleted_events_and_their_lists(
    session: Session,
) -> None:
    event = make_event(session, participants=[{"guest": {"name": "韩洪锋"}, "role": "出席"}])
    kept = make_event(session, title="集团党委会")
    event_bin.delete_event(session, event.id or 0)
    ids = select(Event.id).where(Event.id.in_([event.id, kept.id]))  # type: ignore[union-attr]
    assert session.execute(sa.select(Event.id, Event.title).where(Event.id.in_(ids))).all() == [
        (kept.id, "集团党委会")
    ]
    assert session.execute(sa.select(Participation.id)).all() == []
