"""Reminder addresses of people: /api/v1/task-contacts."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.tasks.factories import make_cast

API = "/api/v1/task-contacts"


def test_contacts_crud(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    created = client.post(API, json={"person_id": cast.owner.id, "email": "zhang@example.org"})
    assert created.status_code == 201
    contact = created.json()
    assert contact == {
        "id": contact["id"],
        "person_id": cast.owner.id,
        "email": "zhang@example.org",
    }
    listed = client.get(API, params={"person_id": cast.owner.id}).json()
    assert (listed["total"], listed["items"]) == (1, [contact])
    changed = client.patch(f"{API}/{contact['id']}", json={"email": "yz@example.org"}).json()
    assert changed["email"] == "yz@example.org"
    twice = client.post(API, json={"person_id": cast.owner.id, "email": "b@example.org"})
    assert twice.status_code == 409
    assert client.delete(f"{API}/{contact['id']}").status_code == 204
    assert client.get(API).json()["total"] == 0


@pytest.mark.parametrize(
    "body,status,words",
    [
        ({"person_id": 999, "email": "a@example.org"}, 422, "person_id: no person with id 999"),
        ({"person_id": 1, "email": "not an address"}, 400, "email"),
        ({"person_id": 1}, 400, "email"),
        ({"person_id": 1, "email": "a\x00b@example.org"}, 400, "email"),
    ],
)
def test_contact_errors(client: TestClient, body: dict, status: int, words: str) -> None:  # type: ignore[type-arg]
    response = client.post(API, json=body)
    assert response.status_code == status
    assert words in response.json()["detail"]
