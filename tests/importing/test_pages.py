"""The review pages in Chinese: the list of drafts and one draft with its forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.core.timing import local_day
from governance.importing.models import ImportDraft
from governance.importing.schemas import DraftStatus
from governance.records.models import Event

CORPUS = Path(__file__).parent / "data" / "newsletter-2021-01.txt"
UNION = "集团召开三届一次会员代表大会"


def imported(client: TestClient, session: Session) -> dict[str, int]:  # type: ignore[type-arg]
    body = {"source": "newsletter-2021-01.txt", "text": CORPUS.read_text(encoding="utf-8")}
    assert client.post("/api/v1/imports", json=body).status_code == 201
    return {d.title: d.id or 0 for d in session.exec(select(ImportDraft)).all()}


def test_the_list_page_shows_pending_drafts(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    page = client.get("/imports")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "简报导入 · 待审草稿" in page.text and "共 13 篇" in page.text
    assert f'<a href="/imports/{ids[UNION]}">{UNION}</a>' in page.text
    assert "1月20日" in page.text and "代表大会" in page.text and "待审核" in page.text
    everything = client.get("/imports", params={"status": ""}).text
    assert "共 13 篇" in everything


def test_the_draft_page_shows_what_was_found_and_the_forms(
    client: TestClient, session: Session
) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    page = client.get(f"/imports/{ids[UNION]}").text
    assert "<h1>集团召开三届一次会员代表大会</h1>" in page
    assert "三届一次会员代表大会" in page and "聊城水务集团工会" in page
    assert "<td>莅临指导</td><td>聊城市总工会</td><td>二级调研员</td><td>韩洪锋</td>" in page
    assert "工会会员代表 41名" in page
    assert f'action="/imports/{ids[UNION]}/accept"' in page
    assert f'action="/imports/{ids[UNION]}/reject"' in page
    assert "莅临指导｜韩洪锋｜二级调研员｜聊城市总工会" in page  # the fix form, one line a person
    assert "段落在“成绩，并提出了下一步工会”处中断" in page


def test_accepting_from_the_page_creates_the_event(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    response = client.post(
        f"/imports/{ids[UNION]}/accept", data={"new_people": "guest"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/imports/{ids[UNION]}"
    session.expire_all()
    draft = session.get(ImportDraft, ids[UNION])
    assert draft is not None and draft.status == DraftStatus.ACCEPTED and draft.event_id is not None
    page = client.get(f"/imports/{ids[UNION]}").text
    assert "已接受" in page and f'href="/events/{draft.event_id}"' in page
    assert 'action="/imports/' not in page  # decided: no more forms
    assert UNION in client.get("/").text


def test_rejecting_from_the_page_records_the_note(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    ident = ids["寒潮之下 供水服务有温度"]
    response = client.post(
        f"/imports/{ident}/reject", data={"note": "服务报道，不是活动"}, follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get(f"/imports/{ident}").text
    assert "已驳回" in page and "审核意见：服务报道，不是活动" in page
    assert session.exec(select(Event)).all() == []


def test_fixing_from_the_page_then_accepting(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    ident = ids["伯阳设计公司完成朱老庄镇农村饮水安全项目设计任务"]
    refused = client.post(f"/imports/{ident}/accept", data={})
    assert refused.status_code == 422
    assert "无法接受：草稿还没有日期：请先填写日期再接受" in refused.text
    form = {
        "title": "伯阳设计公司完成设计任务",
        "date": "2021-01-15",
        "end": "",
        "kind": "other",
        "participants": "出席｜张安康｜经理｜伯阳设计公司\n",
    }
    fixed = client.post(f"/imports/{ident}/fix", data=form, follow_redirects=False)
    assert fixed.status_code == 303
    page = client.get(f"/imports/{ident}").text
    assert "<h1>伯阳设计公司完成设计任务</h1>" in page and "1月15日（2021年）" in page
    assert "<td>出席</td><td>伯阳设计公司</td><td>经理</td><td>张安康</td>" in page
    assert (
        client.post(f"/imports/{ident}/accept", data={}, follow_redirects=False).status_code == 303
    )
    event = session.exec(select(Event)).one()
    assert (event.title, local_day(event.starts_at)) == (
        "伯阳设计公司完成设计任务",
        date(2021, 1, 15),
    )


def test_a_bad_fix_from_the_page_says_what_is_wrong(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = imported(client, session)
    ident = ids[UNION]
    bad_role = client.post(
        f"/imports/{ident}/fix", data={"title": UNION, "participants": "主席｜某某"}
    )
    assert bad_role.status_code == 422 and "第1行：角色“主席”不是可用的角色" in bad_role.text
    bad_date = client.post(f"/imports/{ident}/fix", data={"title": UNION, "date": "2021-02-30"})
    assert bad_date.status_code == 422 and "无法保存：日期格式应为" in bad_date.text
    long_name = client.post(
        f"/imports/{ident}/fix", data={"title": UNION, "participants": "出席｜" + "某" * 300}
    )
    assert long_name.status_code == 422 and "无法保存：第1行：不能超过" in long_name.text
    session.expire_all()
    draft = session.get(ImportDraft, ident)
    assert draft is not None and len(draft.participants) == 7


def test_missing_draft_page_is_404(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/imports/4242").status_code == 404
    assert client.post("/imports/4242/accept", data={}).status_code == 404
