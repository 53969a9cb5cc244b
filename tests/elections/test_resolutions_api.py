"""Resolutions through the JSON API: the threshold from the procedure, and a document's status."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.records.models import Document, DocumentStatus
from tests.elections.helpers import league_congress
from tests.factories import make_event

API = "/api/v1/resolutions"
RULES = "《聊城水务集团第三次团员大会选举办法》(草案)"


def league_with_rules(session: Session) -> tuple[int, int]:
    event = league_congress(session)
    document = Document(event_id=event.id, title=RULES, kind="rules")
    session.add(document)
    session.commit()
    return event.id or 0, document.id or 0


def body(event_id: int, document_id: int | None, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "event_id": event_id,
        "title": f"审议通过{RULES}",
        "matter": "document",
        "document_id": document_id,
        "preset": "league",
        "votes_for": 30,
        "votes_against": 4,
        "votes_abstain": 2,
    }
    values.update(overrides)
    return values


def status(session: Session, document_id: int) -> DocumentStatus:
    session.expire_all()
    document = session.get(Document, document_id)
    assert document is not None
    return document.status


def test_adopting_a_document_sets_its_status(client: TestClient, session: Session) -> None:
    event_id, document_id = league_with_rules(session)
    response = client.post(API, json=body(event_id, document_id))
    assert response.status_code == 201, response.text
    resolution = response.json()
    assert (resolution["adopted"], resolution["document_status"]) == (True, "adopted")
    assert resolution["method"] == "show_of_hands"  # the procedure's default
    assert (resolution["voters_due"], resolution["voters_present"]) == (40, 36)
    assert resolution["result"] == {
        "quorum_met": True,
        "quorum_needed": 33,
        "threshold_base": 36,
        "votes_needed": 19,
        "adopted": True,
    }
    assert status(session, document_id) == DocumentStatus.ADOPTED
    # Fewer votes for: not adopted, and the document is marked rejected.
    changed = client.patch(f"{API}/{resolution['id']}", json={"votes_for": 18}).json()
    assert (changed["adopted"], changed["document_status"]) == (False, "rejected")
    # The resolution removed: its document is a draft again.
    assert client.delete(f"{API}/{resolution['id']}").status_code == 204
    assert status(session, document_id) == DocumentStatus.DRAFT


@pytest.mark.parametrize(
    ("votes_for", "adopted"),
    [(18, False), (19, True)],  # exactly half of the 36 present fails
)
def test_resolution_threshold_is_the_procedures(
    client: TestClient, session: Session, votes_for: int, adopted: bool
) -> None:
    event_id, document_id = league_with_rules(session)
    response = client.post(
        API, json=body(event_id, document_id, votes_for=votes_for, votes_against=10)
    )
    assert response.json()["adopted"] is adopted


def test_workers_congress_resolution_needs_more_than_half_of_all_delegates(
    client: TestClient, session: Session
) -> None:
    event = make_event(session, delegates_due=58, delegates_present=55)
    values = body(event.id or 0, None, matter="report", preset="workers_congress")
    values.update(members_total=60, votes_for=30, votes_against=20, title="审议通过工作报告")
    assert client.post(API, json=values).json()["adopted"] is False
    values["votes_for"] = 31
    assert client.post(API, json=values).json()["adopted"] is True


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"document_id": 999}, "document_id", "no document with id 999"),
        ({"event_id": 999}, "event_id", "no event with id 999"),
        (
            {"votes_for": 30, "votes_against": 5, "votes_abstain": 2},
            "votes_for",
            "30 for + 5 against + 2 abstentions = 37, more than the 36 voters present",
        ),
        (
            {"procedure": {"resolution": {"strict": False}}},
            "deviation_reason",
            "the procedure deviates from the league preset in resolution.strict: give the reason",
        ),
    ],
)
def test_resolution_errors_name_the_field(
    client: TestClient, session: Session, change: dict[str, Any], field: str, message: str
) -> None:
    event_id, document_id = league_with_rules(session)
    response = client.post(API, json={**body(event_id, document_id), **change})
    assert response.status_code == 422, response.text
    assert response.json()["detail"].endswith(f"{field}: {message}")
    assert client.get(API).json()["total"] == 0
    assert status(session, document_id) == DocumentStatus.DRAFT


def test_a_document_of_another_event_is_refused(client: TestClient, session: Session) -> None:
    event_id, document_id = league_with_rules(session)
    other = league_congress(session)
    response = client.post(API, json=body(other.id or 0, document_id))
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"document_id: document {document_id} belongs to event {event_id}"
    )
    assert response.json()["code"] == "resolution_document_elsewhere"
    assert response.json()["message"] == "所选文件属于另一个活动，不属于本活动"


def test_list_resolutions_of_an_event(client: TestClient, session: Session) -> None:
    event_id, document_id = league_with_rules(session)
    client.post(API, json=body(event_id, document_id))
    listed = client.get(API, params={"event_id": event_id}).json()
    assert (listed["total"], listed["items"][0]["title"]) == (1, f"审议通过{RULES}")
    assert client.get(API, params={"event_id": event_id + 1}).json()["total"] == 0
