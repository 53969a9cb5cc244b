"""Briefs and minutes composed from records built with the factories: wording, rules, templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from governance.briefs import service
from governance.briefs.compose import TemplateError, compose_brief, environment, template_names
from governance.core.errors import Invalid, NotFound
from governance.core.plugin import REGISTRY
from governance.records import service as records
from governance.records.models import Event, OrganisationKind
from governance.records.schemas import EventCreate
from tests.briefs import election_stub
from tests.factories import group_leaders, make_body, make_event, make_org, make_person, make_post


def world(session: Session) -> dict[str, Any]:
    """The group's leaders, a union under it, the city federation above it, and a peer."""
    people = group_leaders(session)
    group = people["group"]
    union = make_org(
        session,
        "聊城水务集团工会",
        short_name="",
        prefix="",
        kind=OrganisationKind.UNION,
        parent_id=group.id,
    )
    federation = make_org(
        session,
        "聊城市总工会",
        short_name="",
        prefix="聊城市总工会",
        kind=OrganisationKind.AUTHORITY,
        rank=10,
    )
    peer = make_org(
        session,
        "东昌水务公司",
        short_name="",
        prefix="东昌水务公司",
        kind=OrganisationKind.EXTERNAL,
        rank=20,
    )
    vice_chair = make_post(session, group, "工会副主席", 90)
    researcher = make_post(session, federation, "二级调研员", 10)
    manager = make_post(session, peer, "总经理", 10)
    people.update(
        union=union,
        federation=federation,
        peer=peer,
        wu=make_person(session, "武长卿", group, (vice_chair,)),
        han=make_person(session, "韩洪锋", federation, (researcher,), internal=False),
        li=make_person(session, "李明", peer, (manager,), internal=False),
        body=make_body(session, union, "会员代表大会"),
    )
    return people


def congress(session: Session, w: dict[str, Any], **overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "kind": "congress",
        "title": "集团召开三届一次会员代表大会",
        "body_id": w["body"].id,
        "term": 3,
        "session": 1,
        "organiser_id": w["union"].id,
        "start": "2021-01-20",
        "status": "held",
        "participants": [
            {"person_id": w["han"].id, "role": "莅临指导"},
            {"person_id": w["zhang"].id, "role": "出席"},
            {"person_id": w["tan"].id, "role": "出席"},
            {"person_id": w["wang"].id, "role": "出席"},
            {"person_id": w["wu"].id, "role": "主持"},
        ],
        "groups": [
            {"label": "工会会员代表", "organisation_id": w["group"].id, "count": 41, "role": "参加"}
        ],
        "agenda": [
            {"title": "第二届工会委员会工作报告", "kind": "report", "presenter_id": w["tan"].id},
            {
                "title": "审议通过选举办法",
                "kind": "vote",
                "document": {"title": "《选举办法》(草案)", "kind": "rules", "status": "adopted"},
            },
            {"title": "宣读表彰决定", "kind": "reading"},
        ],
    }
    fields.update(overrides)
    # Not make_event: its `session` argument would clash with the event's session number.
    return records.create_event(session, EventCreate.model_validate(fields))


def test_congress_brief_reads_like_the_newsletter(session: Session) -> None:
    w = world(session)
    event = congress(session, w)
    draft = service.brief(session, event.id or 0, authors=["高立伟", "张敬恩"])
    assert draft.headline == "集团召开三届一次会员代表大会"
    assert draft.lead == (
        "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。会议邀请了聊城市总工会二级"
        "调研员韩洪锋莅临指导，集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪，"
        "职工董事、工会主席张永正出席。会议由集团工会副主席武长卿主持。"
        "集团41名工会会员代表参加。"
    )
    assert draft.item.paragraphs == (
        "会上，谭相彦向大会作第二届工会委员会工作报告。",
        "会议审议通过了《选举办法》（草案），宣读了表彰决定。",
    )
    assert draft.text().endswith("\n\n高立伟 张敬恩\n")


def test_a_guest_who_is_no_superior_is_not_written_as_lailin(session: Session) -> None:
    w = world(session)
    event = congress(
        session,
        w,
        participants=[
            {"person_id": w["han"].id, "role": "莅临指导"},
            {"person_id": w["li"].id, "role": "莅临指导"},
            {"person_id": w["tan"].id, "role": "出席"},
        ],
        groups=[],
        agenda=[],
    )
    draft = service.brief(session, event.id or 0)
    assert draft.lead == (
        "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。会议邀请了聊城市总工会二级"
        "调研员韩洪锋莅临指导，东昌水务公司总经理李明应邀出席，集团党委书记、董事长谭相彦出席。"
    )
    assert draft.warnings == ("李明：不是主办单位的上级，不写“莅临指导”，写作“应邀出席”",)


def test_a_delegation_visit_names_the_leader_the_size_and_the_hosts(session: Session) -> None:
    w = world(session)
    event = make_event(
        session,
        kind="visit",
        title="东昌水务公司到集团参观考察",
        organiser_id=w["group"].id,
        start="2021-03-02",
        participants=[
            {
                "person_id": w["li"].id,
                "role": "带领",
                "delegation": "东昌水务公司考察团",
                "delegation_size": 5,
            },
            {"person_id": w["tan"].id, "role": "陪同"},
            {"person_id": w["wang"].id, "role": "陪同"},
        ],
    )
    draft = service.brief(session, event.id or 0)
    assert draft.lead == (
        "本报讯 3月2日，东昌水务公司总经理李明带领东昌水务公司考察团一行5人，到集团参观考察。"
        "集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪陪同参观考察。"
    )


def test_the_summary_extends_a_generated_clause_and_is_not_repeated(session: Session) -> None:
    w = world(session)
    event = make_event(
        session,
        kind="work_conference",
        title="聊城水务集团召开2021年工作会议",
        organiser_id=w["group"].id,
        start="2021-01-22",
        summary="1月22日，聊城水务集团召开2021年工作会议，部署2021年重点工作任务。会议表彰了先进。",
        notes="会前对会议室进行了消杀。",
        participants=[{"person_id": w["tan"].id, "role": "出席"}],
    )
    draft = service.brief(session, event.id or 0)
    assert draft.lead == (
        "本报讯 1月22日，聊城水务集团召开2021年工作会议，部署2021年重点工作任务。"
        "集团党委书记、董事长谭相彦出席会议。"
    )
    assert draft.item.paragraphs == ("会议表彰了先进。", "会前对会议室进行了消杀。")
    structured = compose_brief(service.gather(session, event), use_prose=False)
    assert structured.lead.startswith("本报讯 1月22日，聊城水务集团召开2021年工作会议。")


def test_an_appended_item_opens_with_youxun(session: Session) -> None:
    w = world(session)
    first = congress(session, w, agenda=[])
    second = make_event(
        session,
        kind="themed_activity",
        title="党群党支部开展主题党日活动",
        start="2021-01-28",
        groups=[{"label": "党员志愿者", "count": 30, "approximate": True}],
        location="利民社区",
    )
    draft = service.brief(session, first.id or 0, also=[second.id or 0])
    assert [item.lead for item in draft.also] == [
        "又讯 1月28日，党群党支部，组织30余名党员志愿者，前往利民社区开展主题党日活动。"
    ]
    assert "\n\n又讯 1月28日" in draft.text()


def test_a_child_event_is_told_at_the_end(session: Session) -> None:
    w = world(session)
    parent = congress(session, w, agenda=[])
    make_event(
        session,
        kind="committee_meeting",
        title="第三届工会委员会第一次全体会议",
        start="2021-01-20",
        organiser_id=w["union"].id,
        parent_id=parent.id,
    )
    draft = service.brief(session, parent.id or 0)
    assert draft.item.paragraphs[-1] == "随后还召开了第三届工会委员会第一次全体会议。"


def test_a_date_range_is_printed_with_a_dash(session: Session) -> None:
    event = make_event(
        session, kind="other", title="圆满完成安全供水任务", start="2021-01-26", end="2021-01-30"
    )
    assert (
        service.brief(session, event.id or 0).lead == "本报讯 1月26日—30日，圆满完成安全供水任务。"
    )


def test_a_named_template_replaces_the_kinds_template(session: Session) -> None:
    w = world(session)
    event = congress(session, w, summary="1月20日，大会胜利召开。")
    assert service.brief(session, event.id or 0).lead.startswith(
        "本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。会议邀请了"
    )
    assert service.brief(session, event.id or 0, template="other").lead.startswith(
        "本报讯 1月20日，大会胜利召开。会议邀请了"
    )


@pytest.mark.parametrize("name", ["nope", "../_base", "_base", "Congress"])
def test_an_unknown_template_is_refused_by_name(session: Session, name: str) -> None:
    w = world(session)
    event = congress(session, w)
    with pytest.raises(Invalid) as caught:
        service.brief(session, event.id or 0, template=name)
    assert (caught.value.field, caught.value.code) == ("template", "brief_unknown_template")
    assert repr(name) in caught.value.detail


def test_appended_items_and_authors_are_checked(session: Session) -> None:
    w = world(session)
    event = congress(session, w)
    for also, authors, field in [
        ([event.id or 0], [], "also[0]"),
        ([999], [], "also[0]"),
        ([2**40], [], "also[0]"),
        ([], ["甲" * 51], "author[0]"),
        ([], ["高立伟", "\x00"], "author[1]"),
    ]:
        with pytest.raises(Invalid) as caught:
            service.brief(session, event.id or 0, also=also, authors=authors)
        assert caught.value.field == field
    with pytest.raises(NotFound):
        service.brief(session, 999)


def test_minutes_number_decisions_and_list_attendance(session: Session) -> None:
    w = world(session)
    event = congress(
        session,
        w,
        participants=[
            {"person_id": w["han"].id, "role": "莅临指导"},
            {"person_id": w["wang"].id, "role": "出席"},
            {"person_id": w["tan"].id, "role": "出席"},
            {"person_id": w["wu"].id, "role": "主持"},
            {"person_id": w["zhang"].id, "role": "请假"},
        ],
        groups=[],
    )
    minutes = service.minutes(session, event.id or 0)
    assert minutes.title == "聊城水务集团工会三届一次会员代表大会纪要"
    assert [(b.level, b.text) for b in minutes.blocks] == [
        (
            0,
            "2021年1月20日，聊城水务集团工会召开三届一次会员代表大会。会议由集团工会副主席"
            "武长卿主持，聊城市总工会二级调研员韩洪锋莅临指导，集团党委书记、董事长谭相彦，"
            "党委副书记、董事、总经理王吾雪出席会议。现将会议主要事项纪要如下：",
        ),
        (1, "一、会议听取的报告"),
        (2, "（一）第二届工会委员会工作报告"),
        (0, "谭相彦向大会作第二届工会委员会工作报告。"),  # titled once, in the opening
        (1, "二、会议审议和表决的事项"),
        (2, "（一）审议通过选举办法"),
        (0, "会议审议通过了《选举办法》（草案）。"),
        (2, "（二）宣读表彰决定"),  # says all there is: no sentence repeats it
    ]
    assert minutes.lists == (("出席", "谭相彦、王吾雪、武长卿、韩洪锋"), ("请假", "张永正"))


def test_every_event_kind_has_its_own_template() -> None:
    from governance.records.models import EventKind

    assert set(template_names()) >= {str(kind) for kind in EventKind}
    assert template_names(minutes=True) == ["default"]


def test_a_broken_staff_template_names_the_file(session: Session, tmp_path: Path) -> None:
    (tmp_path / "_base.j2").write_text("【导语】{{ no_such_thing }}", encoding="utf-8")
    w = world(session)
    event = congress(session, w)
    with pytest.raises(TemplateError) as caught:
        compose_brief(service.gather(session, event), env=environment(tmp_path))
    assert caught.value.code == "brief_template_broken"
    assert caught.value.detail.startswith("template _base.j2: UndefinedError")
    assert caught.value.message.startswith("模板文件 _base.j2 有误")


def test_templates_cannot_reach_python_internals(session: Session, tmp_path: Path) -> None:
    (tmp_path / "_base.j2").write_text("【导语】{{ people.__globals__ }}", encoding="utf-8")
    w = world(session)
    event = congress(session, w)
    with pytest.raises(TemplateError) as caught:
        compose_brief(service.gather(session, event), env=environment(tmp_path))
    assert "SecurityError" in caught.value.message


def test_election_results_come_through_the_elections_hook(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(session)
    event = congress(session, w, agenda=[])
    assert service.gather(session, event).election_results == ()  # no election counted
    monkeypatch.setattr(REGISTRY, "brief_sections", [election_stub.election_sentences])
    draft = service.brief(session, event.id or 0)
    assert draft.item.paragraphs == (
        "经无记名投票，选举产生了第三届工会委员会，谭相彦、王吾雪当选为委员。",
    )
    minutes = service.minutes(session, event.id or 0)
    assert [b.text for b in minutes.blocks][-2:] == [
        "一、选举事项",
        "经无记名投票，选举产生了第三届工会委员会，谭相彦、王吾雪当选为委员。",
    ]
