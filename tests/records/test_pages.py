"""The read-only pages render the records in Chinese."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import Session

from tests.factories import group_leaders, make_event


def test_event_list_and_page_show_the_record(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    event = make_event(
        session,
        title="集团召开三届一次职工代表大会",
        start="2021-01-22",
        status="held",
        participants=[
            {"person_id": people["wang"].id, "role": "出席"},
            {"person_id": people["tan"].id, "role": "出席"},
        ],
        groups=[{"label": "职工代表", "count": 30, "approximate": True}],
    )
    make_event(session, kind="assessment", title="党建工作考核", start="2021-01-12")
    listing = client.get("/")
    assert listing.status_code == 200 and "text/html" in listing.headers["content-type"]
    assert "集团召开三届一次职工代表大会" in listing.text and "共 2 项" in listing.text
    filtered = client.get("/", params={"kind": "assessment"}).text
    assert "党建工作考核" in filtered and "职工代表大会" not in filtered
    page = client.get(f"/events/{event.id}").text
    assert "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪" in page
    assert "1月22日" in page and "已召开" in page and "职工代表 30余名" in page


def test_missing_event_page_is_404(client: TestClient) -> None:
    assert client.get("/events/42").status_code == 404
