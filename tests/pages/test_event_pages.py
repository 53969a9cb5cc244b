"""Event pages over TestClient: the list and its filters, the month calendar, the event page,
and the form (create, edit, refusals that keep what was typed, rows moved without saving)."""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.records import service
from governance.records.models import AgendaItem, Document, Event, Participation, Person
from tests.factories import group_leaders, make_event, make_org


def form(**fields: Any) -> dict[str, str]:
    base = {
        "kind": "congress",
        "status": "held",
        "visibility": "internal",
        "start_date": "2021-01-20",
    }
    return {**base, **{k: str(v) for k, v in fields.items()}}


def test_list_filters_by_kind_dates_and_text_and_pages(
    client: TestClient, session: Session
) -> None:
    for day in range(1, 8):
        make_event(
            session, title=f"第{day}次会议", start=f"2021-01-{day:02d}", kind="work_conference"
        )
    make_event(session, title="党建工作考核", start="2021-02-12", kind="assessment")
    page = client.get("/events", params={"limit": 3})
    assert page.status_code == 200 and "共 8 项" in page.text
    assert "党建工作考核" in page.text and "第7次会议" in page.text and "第5次会议" not in page.text
    assert 'href="?offset=3&amp;limit=3"' in page.text
    assert "2021年2月12日" in page.text
    january = client.get("/events", params={"from": "2021-01-03", "to": "2021-01-05"}).text
    assert "共 3 项" in january and "第3次会议" in january and "第6次会议" not in january
    assessed = client.get("/events", params={"kind": "assessment", "q": "党建"}).text
    assert "共 1 项" in assessed and "清除筛选" in assessed


def test_month_calendar_puts_events_on_each_of_their_days(
    client: TestClient, session: Session
) -> None:
    make_event(session, title="集团召开三届一次会员代表大会", start="2021-01-20")
    make_event(session, title="两会供水保障", start="2021-01-26", end="2021-01-30", kind="other")
    make_event(session, title="二月的会", start="2021-02-03")
    page = client.get("/calendar", params={"month": "2021-01"})
    assert page.status_code == 200 and "2021年1月" in page.text
    cells = dict(re.findall(r'data-day="(\d{4}-\d\d-\d\d)">(.*?)</td>', page.text, re.S))
    assert "集团召开三届一次会员代表大会" in cells["2021-01-20"]
    assert all("两会供水保障" in cells[f"2021-01-{d}"] for d in range(26, 31))
    assert "两会供水保障" not in cells["2021-01-31"]
    assert "二月的会" not in page.text
    assert (
        'href="/calendar?month=2020-12"' in page.text
        and 'href="/calendar?month=2021-02"' in page.text
    )


def test_event_page_shows_attendance_agenda_documents_and_links(
    client: TestClient, session: Session
) -> None:
    people = group_leaders(session)
    event = make_event(
        session,
        title="集团召开三届一次会员代表大会",
        start="2021-01-20",
        status="held",
        delegates_present=41,
        participants=[
            {
                "guest": {"name": "韩洪锋", "title": "二级调研员", "organisation": "聊城市总工会"},
                "role": "莅临指导",
            },
            {"person_id": people["tan"].id, "role": "出席"},
            {"person_id": people["wang"].id, "role": "出席"},
        ],
        groups=[{"label": "工会会员代表", "count": 41, "role": "参加"}],
        agenda=[
            {
                "title": "第二届工会委员会工作报告",
                "kind": "report",
                "presenter_id": people["tan"].id,
            },
            {
                "title": "选举办法",
                "kind": "vote",
                "document": {"title": "《选举办法》(草案)", "kind": "rules", "status": "adopted"},
            },
        ],
    )
    text = client.get(f"/events/{event.id}").text
    assert "2021年1月20日" in text and "星期三" in text
    assert "聊城市总工会二级调研员韩洪锋" in text
    assert "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪" in text
    assert "工会会员代表 41名 参加" in text and "实到 41 名" in text
    assert "第二届工会委员会工作报告" in text and "《选举办法》(草案)（通过）" in text
    for link in (
        "/brief.docx",
        "/minutes.docx",
        f"/api/v1/events/{event.id}.ics",
        f"/events/{event.id}/brief",
    ):
        assert link in text
    assert "本活动没有选举。" in text and "没有来自本活动的督办任务。" in text


def test_form_creates_a_congress_with_people_guests_groups_and_agenda(
    client: TestClient, session: Session
) -> None:
    people = group_leaders(session)
    sent = form(
        title="集团召开三届一次会员代表大会",
        delegates_present=41,
        **{
            "participants[0].name": "韩洪锋",
            "participants[0].guest": "1",
            "participants[0].guest_title": "二级调研员",
            "participants[0].guest_organisation": "聊城市总工会",
            "participants[0].role": "莅临指导",
            "participants[1].name": "谭相彦",
            "participants[1].person_id": str(people["tan"].id),
            "participants[1].role": "出席",
            "participants[2].name": "王吾雪",  # typed without choosing a suggestion
            "participants[2].role": "出席",
            "participants[3].name": "",
            "participants[3].role": "出席",
            "groups[0].label": "工会会员代表",
            "groups[0].count": "41",
            "groups[0].role": "参加",
            "agenda[0].title": "第二届工会委员会工作报告",
            "agenda[0].kind": "report",
            "agenda[0].presenter": "谭相彦",
            "agenda[1].title": "审议选举办法",
            "agenda[1].kind": "vote",
            "agenda[1].presenter": "第二届团委",
            "agenda[1].doc_title": "《选举办法》(草案)",
            "agenda[1].doc_kind": "rules",
            "agenda[1].doc_status": "adopted",
        },
    )
    answer = client.post("/events/new", data=sent, follow_redirects=False)
    assert answer.status_code == 303
    event_id = int(answer.headers["location"].rsplit("/", 1)[1])
    read = service.event_read(session, session.get(Event, event_id))
    assert [(p.name, p.role.value, p.person_id is None) for p in read.participants] == [
        ("韩洪锋", "莅临指导", True),
        ("谭相彦", "出席", False),
        ("王吾雪", "出席", False),
    ]
    assert [(g.label, g.count) for g in read.groups] == [("工会会员代表", 41)]
    assert [(a.title, a.presenter_id, a.presenter_name) for a in read.agenda] == [
        ("第二届工会委员会工作报告", people["tan"].id, ""),
        ("审议选举办法", None, "第二届团委"),
    ]
    assert [(d.title, d.status.value) for d in read.documents] == [
        ("《选举办法》(草案)", "adopted")
    ]
    assert read.start.isoformat() == "2021-01-20" and read.delegates_present == 41


def test_refused_form_keeps_everything_typed_with_messages_in_chinese(
    client: TestClient, session: Session
) -> None:
    group_leaders(session)
    sent = form(
        title="集团召开三届一次会员代表大会",
        start_date="2021-01-20",
        end_date="2021-01-19",
        delegates_due="40",
        delegates_present="41",
        summary="会议摘要，不能丢",
        **{
            "participants[0].name": "不存在的人",
            "participants[0].role": "出席",
            "groups[0].label": "工会会员代表",
            "groups[0].count": "四十一",
        },
    )
    answer = client.post("/events/new", data=sent)
    assert answer.status_code == 422
    text = answer.text
    assert "未能保存" in text
    assert "人员库中没有此人" in text and "请填写整数" in text
    assert 'value="不存在的人"' in text and 'value="四十一"' in text and "会议摘要，不能丢" in text
    assert 'value="2021-01-19"' in text and 'aria-invalid="true"' in text
    assert session.exec(select(Event)).all() == []
    # The people are fixed: the service's own rules speak next: end before start.
    fixed = {**sent, "participants[0].name": "谭相彦", "groups[0].count": "41"}
    text = client.post("/events/new", data=fixed).text
    assert "结束不能早于开始" in text and 'value="谭相彦"' in text
    fixed["end_date"] = ""
    text = client.post("/events/new", data=fixed).text
    assert "实到 41 人多于应到 40 人" in text
    assert session.exec(select(Event)).all() == []


def test_duplicate_participant_is_refused_on_its_row(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    row = {"name": "谭相彦", "person_id": str(people["tan"].id), "role": "出席"}
    sent = form(
        title="会议", **{f"participants[{i}].{k}": v for i in (0, 1) for k, v in row.items()}
    )
    answer = client.post("/events/new", data=sent)
    assert answer.status_code == 422
    assert "与第 1 行是同一人员、同一角色，重复了" in answer.text


def test_rows_move_and_grow_without_saving(client: TestClient, session: Session) -> None:
    sent = form(
        title="会议",
        form_action="up:agenda:1",
        **{
            "agenda[0].title": "甲",
            "agenda[1].title": "乙",
            "agenda[0].kind": "other",
            "agenda[1].kind": "other",
        },
    )
    answer = client.post("/events/new", data=sent)
    assert answer.status_code == 200
    assert answer.text.index('value="乙"') < answer.text.index('value="甲"')
    grown = client.post("/events/new", data={**sent, "form_action": "more:participants"}).text
    assert grown.count("data-person-search") == 3 + 3
    removed = client.post("/events/new", data={**sent, "form_action": "remove:agenda:0"}).text
    assert 'value="甲"' not in removed and 'value="乙"' in removed
    assert session.exec(select(Event)).all() == []


def test_edit_form_shows_the_record_and_saves_changes(client: TestClient, session: Session) -> None:
    people = group_leaders(session)
    event = make_event(
        session,
        title="集团共青团召开第三次团员大会",
        start="2021-01-20",
        end="2021-01-21",
        delegates_present=33,
        participants=[
            {"person_id": people["tan"].id, "role": "出席"},
            {"person_id": people["zhang"].id, "role": "作报告", "printed_title": ""},
        ],
        agenda=[
            {
                "title": "选举办法",
                "kind": "vote",
                "document": {"title": "《选举办法》", "kind": "rules"},
            }
        ],
    )
    page = client.get(f"/events/{event.id}/edit").text
    assert 'value="集团共青团召开第三次团员大会"' in page and 'value="张永正"' in page
    assert "文件：《选举办法》" in page
    doc_id = session.exec(select(Document.id)).one()
    sent = form(
        title="集团共青团召开第三次团员大会",
        location="集团四楼会议室",
        **{
            "participants[0].name": "张永正",
            "participants[0].person_id": str(people["zhang"].id),
            "participants[0].role": "作报告",
            "participants[0].bare_name": "1",
            "participants[1].name": "谭相彦",
            "participants[1].person_id": str(people["tan"].id),
            "participants[1].role": "出席",
            "agenda[0].title": "选举办法",
            "agenda[0].kind": "vote",
            "agenda[0].document_id": str(doc_id),
        },
    )
    answer = client.post(f"/events/{event.id}/edit", data=sent, follow_redirects=False)
    assert answer.status_code == 303
    session.expire_all()
    read = service.event_read(session, session.get(Event, event.id))
    assert read.location == "集团四楼会议室"
    assert [(p.name, p.printed_title) for p in read.participants] == [
        ("张永正", ""),
        ("谭相彦", None),
    ]
    assert [a.document_id for a in read.agenda] == [doc_id]
    assert read.delegates_present is None and read.end == read.start
    assert len(session.exec(select(Document)).all()) == 1


def test_guest_can_be_saved_as_a_person_with_the_event(
    client: TestClient, session: Session
) -> None:
    sent = form(
        title="会议",
        **{
            "participants[0].name": "孔国政",
            "participants[0].guest": "1",
            "participants[0].save_person": "1",
            "participants[0].guest_organisation": "聊城市总工会",
            "participants[0].guest_title": "组织部长",
            "participants[0].role": "莅临指导",
        },
    )
    assert client.post("/events/new", data=sent, follow_redirects=False).status_code == 303
    person = session.exec(select(Person)).one()
    assert (person.name, person.internal) == ("孔国政", False)
    part = session.exec(select(Participation)).one()
    assert (part.person_id, part.printed_title) == (person.id, "聊城市总工会组织部长")


def test_people_search_answers_suggestions_with_titles(
    client: TestClient, session: Session
) -> None:
    group_leaders(session)
    make_org(session, "聊城市总工会", short_name="市总工会", prefix="市总工会")
    found = client.get("/people/search", params={"q": "谭", "on": "2021-01-20"})
    assert found.status_code == 200
    assert [(p["name"], p["title"]) for p in found.json()] == [("谭相彦", "集团党委书记、董事长")]
    assert client.get("/people/search", params={"q": ""}).json() == []
    assert session.exec(select(AgendaItem)).all() == []


def test_missing_event_pages_are_404(client: TestClient) -> None:
    assert client.get("/events/42").status_code == 404
    assert client.get("/events/42/edit").status_code == 404
    assert client.post("/events/42/edit", data=form(title="x")).status_code == 404


def test_event_page_shows_an_election_result_from_the_elections_service(
    client: TestClient, session: Session
) -> None:
    from tests.elections.helpers import API, election_body, league_congress, tally_body

    event = league_congress(session)
    election = client.post(API, json=election_body(event))
    assert election.status_code == 201, election.text
    counted = client.put(f"{API}/{election.json()['id']}/tally", json=tally_body())
    assert counted.status_code == 200, counted.text
    text = client.get(f"/events/{event.id}").text
    assert "共青团第三届委员会委员选举" in text and "应选 5 名" in text
    assert re.search(r"当选：<strong>[^<]*王立新[^<]*</strong>", text)
    assert "赵敏" in text and "未当选" in text


def test_two_people_of_one_name_are_told_apart_without_javascript(
    client: TestClient, session: Session
) -> None:
    group = make_org(session)
    first = Person(name="李娜", organisation_id=group.id)
    second = Person(name="李娜", internal=False)
    session.add_all([first, second])
    session.commit()
    sent = form(title="会议", **{"participants[0].name": "李娜", "participants[0].role": "出席"})
    refused = client.post("/events/new", data=sent)
    assert refused.status_code == 422 and "有 2 位同名人员：请选择是哪一位" in refused.text
    assert f'<option value="{second.id}">李娜（无职务，编号 {second.id}）</option>' in refused.text
    chosen = {**sent, "participants[0].person_id": str(second.id)}
    assert client.post("/events/new", data=chosen, follow_redirects=False).status_code == 303
    assert session.exec(select(Participation.person_id)).all() == [second.id]


def test_event_page_shows_the_history_to_editors_only(client: TestClient, client_as: Any) -> None:
    created = client.post(
        "/api/v1/events",
        json={"title": "集团召开2021年工作会议", "kind": "work_conference", "start": "2021-01-26"},
    ).json()
    url = f"/api/v1/events/{created['id']}"
    assert client.patch(url, json={"location": "集团四楼会议室"}).status_code == 200
    page = client.get(f"/events/{created['id']}").text
    assert "修改记录" in page
    assert re.search(rf"修改\s*活动 #{created['id']}", page)
    assert "集团四楼会议室" in page.split("修改记录")[1]
    assert "修改记录" not in client_as("viewer").get(f"/events/{created['id']}").text


def test_editors_move_an_event_to_the_bin_and_restore_it(
    client: TestClient, client_as: Any
) -> None:
    created = client.post(
        "/api/v1/events",
        json={"title": "集团召开2021年工作会议", "kind": "work_conference", "start": "2021-01-26"},
    ).json()
    page = client.get(f"/events/{created['id']}").text
    assert f'action="/events/{created["id"]}/delete"' in page
    moved = client.post(f"/events/{created['id']}/delete", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/events/bin"
    assert client.get(f"/events/{created['id']}").status_code == 404
    assert "集团召开2021年工作会议" not in client.get("/events").text
    in_bin = client.get("/events/bin").text
    assert "集团召开2021年工作会议" in in_bin and "2021年1月26日" in in_bin
    assert client_as("viewer").get("/events/bin").status_code == 403
    back = client.post(f"/events/{created['id']}/restore", follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == f"/events/{created['id']}"
    assert "集团召开2021年工作会议" in client.get("/events").text
    assert "回收站是空的" in client.get("/events/bin").text


def test_an_event_others_refer_to_stays_out_of_the_bin_with_a_chinese_reason(
    client: TestClient,
) -> None:
    parent = client.post(
        "/api/v1/events",
        json={"title": "集团召开一届四次职工代表大会", "kind": "congress", "start": "2021-01-20"},
    ).json()
    client.post(
        "/api/v1/events",
        json={
            "title": "第三届工会委员会第一次全体会议",
            "kind": "committee_meeting",
            "start": "2021-01-20",
            "parent_id": parent["id"],
        },
    )
    refused = client.post(f"/events/{parent['id']}/delete")
    assert refused.status_code == 409
    assert "未能删除：仍有其他记录引用它（event 2）" in refused.text
    assert client.get(f"/events/{parent['id']}").status_code == 200
