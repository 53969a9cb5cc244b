"""The communications page: the brief's text beside the record, a template choice that the
preview follows, and links to the Word brief and minutes."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.briefs import service
from governance.records.models import Event
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def union_congress(session: Session) -> int:
    load_newsletter(session)
    event = session.exec(select(Event).where(Event.key == "2021-01-20-union-congress")).one()
    return event.id or 0


def test_page_shows_the_draft_beside_the_facts(client: TestClient, session: Session) -> None:
    event_id = union_congress(session)
    page = client.get(f"/events/{event_id}/brief")
    assert page.status_code == 200
    draft = service.brief(session, event_id)
    assert f'<h2 class="headline">{draft.headline}</h2>' in page.text
    assert f"<p>{draft.item.lead}</p>" in page.text
    assert "<dt>时间</dt><dd>1月20日</dd>" in page.text
    assert '<option value="congress" >代表大会（congress）</option>' in page.text
    assert '<option value="" selected>按活动类别（代表大会）</option>' in page.text
    assert f'href="/api/v1/events/{event_id}/brief.docx"' in page.text
    assert f'href="/api/v1/events/{event_id}/minutes.docx"' in page.text


def test_template_choice_changes_the_preview_and_the_download(
    client: TestClient, session: Session
) -> None:
    event_id = union_congress(session)
    chosen = service.brief(session, event_id, "other")
    fragment = client.get(
        f"/events/{event_id}/brief/preview", params={"template": "other", "author": "高立伟 张敬恩"}
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert f"<p>{chosen.item.lead}</p>" in fragment.text
    assert '<p class="authors">高立伟 张敬恩</p>' in fragment.text
    assert (
        f'href="/api/v1/events/{event_id}/brief.docx?template=other&amp;author=%E9%AB%98%E7%AB%8B%E4%BC%9F'
        '&amp;author=%E5%BC%A0%E6%95%AC%E6%81%A9"' in fragment.text
    )
    page = client.get(f"/events/{event_id}/brief", params={"template": "other"})
    assert '<option value="other" selected>' in page.text


def test_download_link_gives_the_word_file(client: TestClient, session: Session) -> None:
    event_id = union_congress(session)
    answer = client.get(f"/api/v1/events/{event_id}/brief.docx", params={"template": "congress"})
    assert answer.status_code == 200 and answer.content[:2] == b"PK"


def test_unknown_template_is_refused_in_chinese_with_the_default_draft(
    client: TestClient, session: Session
) -> None:
    event_id = union_congress(session)
    page = client.get(f"/events/{event_id}/brief", params={"template": "nosuch"})
    assert page.status_code == 422
    assert "没有这个模板，请从列表中选择" in page.text
    assert f"<p>{service.brief(session, event_id).item.lead}</p>" in page.text


def test_unknown_event_is_404(client: TestClient) -> None:
    assert client.get("/events/999/brief").status_code == 404
    assert client.get("/events/1/brief", params={"template": "../x"}).status_code == 400
