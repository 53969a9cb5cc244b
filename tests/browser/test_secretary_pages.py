"""A secretary records the union congress of 20 January 2021 (from the newsletter) in the
browser: attendees found by typing, a guest added inline, groups and agenda; then sees it on
the event page and in the month calendar. A refused form keeps what was typed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session

from governance.records.models import OrganisationKind
from tests.browser.conftest import shoot
from tests.factories import group_leaders, make_body, make_org

TITLE = "集团召开三届一次会员代表大会"


def choose_person(page: Page, row: int, typed: str, name: str, keyboard: bool = False) -> None:
    """Types part of a name and picks the suggestion, with the mouse or the keyboard."""
    field = page.locator(f"[name='participants[{row}].name']")
    field.fill("")
    field.press_sequentially(typed, delay=30)
    option = page.locator(f"#participants-{row}-name-suggestions li", has_text=name)
    expect(option.first).to_be_visible()
    if keyboard:
        expect(option.first).to_have_attribute("aria-selected", "true")
        field.press("Enter")
    else:
        option.first.click()
    expect(field).to_have_value(name)
    expect(page.locator(f"[name='participants[{row}].person_id']")).not_to_have_value("")


def test_secretary_records_a_congress_and_finds_it_on_the_calendar(
    page: Page, session: Session
) -> None:
    people = group_leaders(session)
    union = make_org(
        session,
        "聊城市城市水务集团有限公司工会",
        short_name="聊城水务集团工会",
        prefix="集团工会",
        kind=OrganisationKind.UNION,
        parent_id=people["group"].id,
    )
    make_body(session, union, "会员代表大会")

    page.goto("/events")
    page.get_by_role("link", name="新建活动").click()
    expect(page.get_by_role("heading", name="新建活动")).to_be_visible()
    shoot(page, "event-form")
    shoot(page, "event-form-top", full_page=False)

    page.get_by_label("标题", exact=True).fill(TITLE)
    page.get_by_label("会议机构").select_option(label="聊城水务集团工会 · 会员代表大会")
    page.get_by_label("届", exact=True).fill("3")
    page.get_by_label("次", exact=True).fill("1")
    page.get_by_label("主办单位").select_option(label="聊城水务集团工会")
    page.get_by_label("开始日期").fill("2021-01-20")
    page.get_by_label("实到代表（名）").fill("41")

    # A guest from the municipal federation of trade unions, as the article prints him.
    page.locator("[name='participants[0].name']").fill("韩洪锋")
    page.locator("[name='participants[0].guest']").check()
    page.locator("[name='participants[0].guest_organisation']").fill("聊城市总工会")
    page.locator("[name='participants[0].guest_title']").fill("二级调研员")
    page.locator("[name='participants[0].role']").select_option("莅临指导")
    # Leaders found by typing part of the name.
    choose_person(page, 1, "谭", "谭相彦")
    choose_person(page, 2, "吾雪", "王吾雪")
    # More rows (a round trip that saves nothing) keep everything typed so far.
    page.get_by_role("button", name="再加 3 位").click()
    expect(page.locator("[name='participants[0].guest_title']")).to_have_value("二级调研员")
    expect(page.locator("[name='participants[2].name']")).to_have_value("王吾雪")
    choose_person(page, 3, "张永", "张永正", keyboard=True)

    page.locator("[name='groups[0].label']").fill("工会会员代表")
    page.locator("[name='groups[0].count']").fill("41")
    page.locator("[name='agenda[0].title']").fill("强化思想引领，牢牢把握工会工作正确政治方向")
    page.locator("[name='agenda[0].kind']").select_option("speech")
    page.locator("[name='agenda[0].presenter']").fill("韩洪锋")
    page.locator("[name='agenda[1].title']").fill("第二届工会委员会工作报告")
    page.locator("[name='agenda[1].kind']").select_option("report")
    page.locator("[name='agenda[1].presenter']").fill("谭相彦")
    # The report goes first: move it up (works without JavaScript, too).
    page.get_by_role("button", name="第 2 项上移").click()
    expect(page.locator("[name='agenda[0].title']")).to_have_value("第二届工会委员会工作报告")
    shoot(page, "event-form-filled")

    page.locator(".savebar").get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    event_url = page.url
    assert re.search(r"/events/\d+$", event_url)
    main = page.locator("main")
    expect(main).to_contain_text("聊城市总工会二级调研员韩洪锋")
    expect(main).to_contain_text(
        "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，职工董事、工会主席张永正"
    )
    expect(main).to_contain_text("工会会员代表 41名 参加")
    expect(main).to_contain_text("2021年1月20日")
    expect(page.locator("ol.agenda li").first).to_contain_text("第二届工会委员会工作报告")
    expect(page.get_by_role("link", name="会议纪要（Word）")).to_be_visible()
    shoot(page, "event-page")

    page.get_by_role("link", name="日历", exact=True).click()
    page.goto("/calendar?month=2021-01")
    day = page.locator("td[data-day='2021-01-20']")
    expect(day.get_by_role("link", name=TITLE)).to_be_visible()
    shoot(page, "calendar")

    page.goto("/events")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    shoot(page, "events-list")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(event_url)
    shoot(page, "event-page-phone")
    page.goto("/calendar?month=2021-01")
    expect(page.locator(".month-list")).to_contain_text(TITLE)
    shoot(page, "calendar-phone")
    page.goto("/events/new")
    shoot(page, "event-form-phone", full_page=False)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/people/{people['tan'].id}?on=2021-01-20")
    expect(page.locator("#chain")).to_have_text("集团党委书记、董事长谭相彦")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    shoot(page, "person-page")

    page.get_by_role("link", name="聊城市城市水务集团有限公司", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("党委书记")
    shoot(page, "organisation-page")


def test_refused_form_shows_chinese_messages_and_keeps_what_was_typed(
    page: Page, session: Session
) -> None:
    group_leaders(session)
    page.goto("/events/new")
    page.get_by_label("标题", exact=True).fill(TITLE)
    page.get_by_label("摘要", exact=True).fill("41名工会会员代表参加。")
    page.locator("[name='participants[0].name']").fill("查无此人")
    page.locator("[name='groups[0].count']").fill("41")  # a count without saying of whom
    page.locator(".savebar").get_by_role("button", name="保存").click()

    expect(page.locator("#form-errors")).to_contain_text("未能保存")
    expect(page.locator("#start_date-error")).to_have_text("必填")
    expect(page.locator("#participants-0-name-error")).to_contain_text("人员库中没有此人")
    expect(page.locator("#groups-0-label-error")).to_have_text("必填")
    expect(page.get_by_label("标题", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("摘要", exact=True)).to_have_value("41名工会会员代表参加。")
    expect(page.locator("[name='participants[0].name']")).to_have_value("查无此人")
    expect(page.locator("[name='groups[0].count']")).to_have_value("41")
    shoot(page, "event-form-errors")
