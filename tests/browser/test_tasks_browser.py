"""The secretariat registers a follow-up task, assigns it with a button and sees its page."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.browser.conftest import shoot
from tests.tasks.factories import make_cast


def test_secretary_registers_and_assigns_a_task(page: Page, session: Session) -> None:
    cast = make_cast(session)
    page.goto("/tasks")
    page.get_by_role("link", name="登记任务").click()
    page.get_by_label("整改事项").fill("完善党建考核整改台账")
    page.get_by_label("存在问题").fill("部分支部记录不规范")
    page.get_by_label("责任单位").select_option(label="润达水业公司")
    page.get_by_label("责任人", exact=True).select_option(label="张永正")
    page.get_by_label("整改时限").fill("2099-06-30")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("heading", name="完善党建考核整改台账")).to_be_visible()
    if page.locator("#f-actor_id").count():
        page.locator("#f-actor_id").select_option(str(cast.clerk.id))
    page.locator("form.step", has=page.locator("input[value=assigned]")).get_by_role(
        "button"
    ).click()
    expect(page.locator(".task-facts")).to_contain_text("已交办")
    shoot(page, "task-page")
