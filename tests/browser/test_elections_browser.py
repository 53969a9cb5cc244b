"""A secretary sets up the League committee election from its congress, types the paper tally
and watches the live checks, saves it, sees who is elected and certifies the result."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.browser.conftest import shoot
from tests.elections.helpers import CANDIDATES, league_congress

VOTES = {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 20, "赵敏": 15}


def test_secretary_enters_a_tally_and_sees_the_result(page: Page, session: Session) -> None:
    event = league_congress(session)
    page.goto(f"/events/{event.id}")
    page.get_by_role("link", name="新建选举").click()
    page.get_by_label("选举名称").fill("共青团第三届委员会委员选举")
    page.get_by_label("选举办法").select_option("league")
    page.get_by_label("应选名额").fill("5")
    page.get_by_label("候选人").fill("\n".join(CANDIDATES))
    page.get_by_label("总监票人").fill("孙海")
    page.get_by_label("计票人").fill("吴强\n郑洁")
    page.get_by_role("button", name="保存选举").click()
    expect(page.get_by_role("heading", name="共青团第三届委员会委员选举")).to_be_visible()

    page.get_by_role("link", name="录入计票").click()
    expect(page.get_by_role("heading", name="录入计票")).to_be_visible()
    page.get_by_label("发出选票").fill("36")
    page.get_by_label("收回选票").fill("36")
    page.get_by_label("有效票").fill("35")
    page.locator("#f-ballots_invalid").fill("2")  # a slip: the reasons give 1
    page.get_by_label("所选人数多于应选人数").fill("1")
    for name, votes in VOTES.items():
        page.get_by_label(f"{name} 赞成票").fill(str(votes))
        page.get_by_label(f"{name} 反对票").fill(str(35 - votes))
    checks = page.locator("#checks")
    expect(checks).to_contain_text("当选（5/5）：王立新、刘晓东、李娜、张伟、陈静")
    expect(page.locator("#error-ballots_valid")).to_have_text(
        "有效票 35 + 无效票 2 = 37 张，与收回的 36 张不符"
    )
    expect(checks.locator("li.bad")).to_have_count(2)
    shoot(page, "election-tally-live-check")

    page.locator("#f-ballots_invalid").fill("1")
    expect(checks.locator("li.bad")).to_have_count(0)
    expect(page.locator("#error-ballots_valid")).to_have_text("")
    page.get_by_label("录入人").fill("吴强")
    shoot(page, "election-tally-checked")
    page.get_by_role("button", name="保存计票结果").click()

    expect(page.locator("p.elected")).to_have_text(
        "当选（按姓氏笔画为序）：王立新、刘晓东、李娜、张伟、陈静"
    )
    page.get_by_label("确认人").fill("孙海")
    page.get_by_role("button", name="确认结果").click()
    expect(page.get_by_text("确认人：孙海")).to_be_visible()
    shoot(page, "election-result")


def test_tally_form_refused_without_javascript_keeps_the_numbers(
    page: Page, session: Session
) -> None:
    from governance.elections import service
    from governance.elections.schemas import ElectionCreate

    event = league_congress(session)
    election = service.create_election(
        session,
        ElectionCreate(
            event_id=event.id or 0,
            title="共青团第三届委员会委员选举",
            seats=5,
            preset="league",  # type: ignore[arg-type]
            candidates=[{"name": n} for n in CANDIDATES],  # type: ignore[misc]
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"/elections/{election.id}/tally")
    page.get_by_label("发出选票").fill("40")
    page.get_by_role("button", name="保存计票结果").click()
    expect(page.locator("#error-ballots_issued")).to_have_text("发出选票 40 张，多于实到的 36 人")
    expect(page.get_by_label("发出选票")).to_have_value("40")
    expect(page.locator("#error-ballots_returned")).to_have_text("必填")
    shoot(page, "election-tally-phone-refused")
