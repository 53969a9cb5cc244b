"""Certified election results stay locked through the API; changes to them are refused."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import Session

from tests.elections.helpers import API, election_body, league_congress, tally_body


def test_a_certified_result_cannot_be_changed_or_deleted(
    client: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    election = client.post(API, json=election_body(league_congress(session))).json()
    url = f"{API}/{election['id']}"
    assert client.put(f"{url}/tally", json=tally_body()).status_code == 200
    assert client.post(f"{url}/certify", json={"certified_by": "孙海"}).status_code == 200
    before = client.get(url).json()

    candidates = client.patch(url, json={"candidates": [{"name": "新候选人"}]})
    assert candidates.status_code == 409, candidates.text
    assert client.delete(url).status_code == 409
    recount = client.put(f"{url}/tally", json=tally_body())
    assert recount.status_code == 409  # a correction needs its reason, and is a new version
    assert "certified result" in recount.json()["detail"]

    after = client.get(url).json()
    assert after["candidates"] == before["candidates"]
    assert after["tally"] == before["tally"]
    versions = client.get(f"{url}/tallies").json()
    assert [(v["version"], v["certified_by"]) for v in versions] == [(1, "孙海")]
    history = client.get("/api/v1/audit", params={"table": "election_tally"}).json()
    assert [e["action"] for e in history["items"]] == ["update", "create"]  # count, certify
