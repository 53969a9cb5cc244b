"""Communications staff open an event's brief page, switch the template (the preview follows
without a reload) and download the Word brief."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from governance.briefs import service
from governance.records.models import Event
from tests.browser.conftest import shoot
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_brief_page_previews_and_downloads_the_docx(
    page: Page, session: Session, tmp_path: Path
) -> None:
    load_newsletter(session)
    event = session.exec(select(Event).where(Event.key == "2021-01-20-union-congress")).one()
    page.goto(f"/events/{event.id}")
    page.get_by_role("link", name="简讯稿").click()
    draft = service.brief(session, event.id or 0)
    expect(page.locator("#draft .headline")).to_have_text(draft.headline)
    expect(page.locator("#draft")).to_contain_text(draft.item.lead)
    shoot(page, "brief-page")

    other = service.brief(session, event.id or 0, "other")
    page.get_by_label("模板").select_option("other")
    expect(page.locator("#draft")).to_contain_text(other.item.lead)
    expect(page.locator("#download-brief")).to_have_attribute(
        "href", f"/api/v1/events/{event.id}/brief.docx?template=other"
    )
    with page.expect_download() as info:
        page.locator("#download-brief").click()
    saved = tmp_path / "brief.docx"
    info.value.save_as(saved)
    with zipfile.ZipFile(saved) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert draft.headline in body
