"""A leader's calendar: pick the person, create a feed, see its https and webcal links and the
QR code once; rotating asks first and shows the new link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.browser.conftest import shoot
from tests.factories import make_person


def test_leader_creates_a_feed_and_sees_its_links_and_qr_code(page: Page, session: Session) -> None:
    make_person(session, "谭相彦")
    page.goto("/")
    page.get_by_role("link", name="我的日历").click()
    page.get_by_label("我是").select_option(label="谭相彦")
    expect(page.get_by_role("heading", name="谭相彦的订阅")).to_be_visible()
    page.get_by_label("会前提醒").select_option("30")
    page.get_by_role("button", name="生成订阅链接").click()

    url = page.locator("#feed-url").inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/feeds/[A-Za-z0-9_-]{32}\.ics", url)
    expect(page.locator("#feed-webcal")).to_have_attribute(
        "href", "webcal://" + url.split("://", 1)[1]
    )
    expect(page.locator("#feed-qr svg")).to_be_visible()
    expect(page.get_by_text("这个链接只显示这一次")).to_be_visible()
    shoot(page, "my-calendar-qr")
    feed = page.request.get(url)
    assert feed.status == 200 and feed.body().startswith(b"BEGIN:VCALENDAR")

    page.get_by_role("link", name="更换链接").click()
    page.get_by_role("button", name="确定更换").click()
    new_url = page.locator("#feed-url").inner_text()
    assert new_url != url
    assert page.request.get(url).status == 410
