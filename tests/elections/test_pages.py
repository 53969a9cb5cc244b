"""The election pages: set an election up from its event, enter the tally with live checks,
certify it, correct it, open the next round; record resolutions. Refused forms answer 422 with
the Chinese message next to the field and every typed value kept."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.elections.models import Election, ElectionTally, Resolution
from governance.records.models import Document, DocumentKind, DocumentStatus
from tests.elections.helpers import CANDIDATES, league_congress

VOTES = [34, 30, 28, 25, 20, 15]  # in stroke order: 王立新 刘晓东 李娜 张伟 陈静 赵敏


def setup_form(**overrides: str) -> dict[str, str]:
    form = {
        "title": "共青团第三届委员会委员选举",
        "preset": "league",
        "seats": "5",
        "candidates": "\n".join(CANDIDATES),
        "chief_scrutineer": "孙海",
        "scrutineers": "周兰",
        "tellers": "吴强\n郑洁",
    }
    form.update(overrides)
    return form


def tally_form(votes: list[int] | None = None, **overrides: str) -> dict[str, str]:
    form = {
        "ballots_issued": "36",
        "ballots_returned": "36",
        "ballots_valid": "35",
        "ballots_invalid": "1",
        "invalid_over_marked": "1",
        "entered_by": "吴强",
    }
    for i, v in enumerate(votes or VOTES):
        form[f"for_{i}"] = str(v)
        form[f"against_{i}"] = str(35 - v)
        form[f"abstain_{i}"] = "0"
    form.update(overrides)
    return form


def error_of(html: str, field: str) -> str:
    found = re.search(
        rf'<span class="field-error" data-for="{re.escape(field)}"[^>]*>([^<]*)</span>', html
    )
    assert found, f"no error slot for {field}"
    return found.group(1)


def make_election(client: TestClient, session: Session, **overrides: str) -> int:
    event = league_congress(session)
    answer = client.post(
        f"/events/{event.id}/elections", data=setup_form(**overrides), follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def test_setup_form_renders_with_presets(client: TestClient, session: Session) -> None:
    event = league_congress(session)
    page = client.get(f"/events/{event.id}/elections/new")
    assert page.status_code == 200
    assert '<option value="league" >共青团（团员大会、团员代表大会）</option>' in page.text
    assert 'name="_csrf_token"' in page.text
    assert client.get("/events/999/elections/new").status_code == 404


def test_setup_stores_the_election_and_goes_to_its_page(
    client: TestClient, session: Session
) -> None:
    election_id = make_election(client, session)
    election = session.get(Election, election_id)
    assert election is not None and election.seats == 5 and election.preset == "league"
    page = client.get(f"/elections/{election_id}")
    assert page.status_code == 200
    assert "王立新、刘晓东、李娜、张伟、陈静、赵敏" in page.text  # stroke order
    assert "总监票人：孙海；监票人：周兰；计票人：吴强、郑洁" in page.text
    assert "还没有录入计票结果" in page.text


def test_setup_refuses_too_few_candidates_keeping_what_was_typed(
    client: TestClient, session: Session
) -> None:
    event = league_congress(session)
    form = setup_form(candidates="王立新\n刘晓东\n李娜\n张伟\n陈静", title="团委选举（草稿）")
    page = client.post(f"/events/{event.id}/elections", data=form)
    assert page.status_code == 422
    assert error_of(page.text, "candidates") == "差额选举：应选 5 名，候选人至少 6 名，现有 5 名"
    assert 'value="团委选举（草稿）"' in page.text
    assert "王立新\n刘晓东\n李娜\n张伟\n陈静</textarea>" in page.text
    assert session.exec(select(Election)).all() == []


def test_setup_refuses_a_candidate_as_teller(client: TestClient, session: Session) -> None:
    event = league_congress(session)
    page = client.post(f"/events/{event.id}/elections", data=setup_form(tellers="吴强\n李娜"))
    assert page.status_code == 422
    assert error_of(page.text, "tellers") == "李娜是候选人，候选人不能担任监票人或计票人"


def test_setup_refuses_missing_fields_in_chinese(client: TestClient, session: Session) -> None:
    event = league_congress(session)
    page = client.post(
        f"/events/{event.id}/elections", data=setup_form(title="", seats="五", preset="")
    )
    assert page.status_code == 422
    assert error_of(page.text, "seats") == "请填写不小于0的整数"
    assert error_of(page.text, "preset") == "请选择选举办法"
    assert error_of(page.text, "title") == "必填"
    assert 'value="五"' in page.text


def test_tally_form_lists_candidates_in_stroke_order(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    page = client.get(f"/elections/{election_id}/tally")
    assert page.status_code == 200
    names = re.findall(r'<th scope="row">([^<]+)</th>', page.text)
    assert names == ["王立新", "刘晓东", "李娜", "张伟", "陈静", "赵敏"]
    assert 'name="voters_present" type="number" value="36"' in page.text


def test_live_check_reports_each_rule_and_the_result(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    fragment = client.post(f"/elections/{election_id}/tally/check", data=tally_form())
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "当选须得赞成票 <strong>19</strong> 票以上" in fragment.text
    assert "<strong>当选（5/5）：</strong>王立新、刘晓东、李娜、张伟、陈静" in fragment.text
    assert '<li class="bad">' not in fragment.text
    assert '<script type="application/json" id="tally-problems">{}</script>' in fragment.text


def test_live_check_names_inconsistencies_in_chinese(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    form = tally_form(ballots_valid="34", for_0="40")
    fragment = client.post(f"/elections/{election_id}/tally/check", data=form).text
    assert '<li class="bad"><span aria-hidden="true">✗</span>' in fragment
    problems = re.search(r'id="tally-problems">(.*)</script>', fragment)
    assert problems is not None
    text = problems.group(1).encode().decode("unicode_escape")
    assert "有效票 34 + 无效票 1 = 35 张，与收回的 36 张不符" in text
    assert "王立新赞成 40 票，多于有效票 34 张" in text


def test_live_check_does_not_flag_fields_not_yet_typed(
    client: TestClient, session: Session
) -> None:
    election_id = make_election(client, session)
    fragment = client.post(f"/elections/{election_id}/tally/check", data={"ballots_issued": "36"})
    assert fragment.status_code == 200
    assert "必填" not in fragment.text


def test_live_check_counts_empty_fields_and_words_write_in_problems(
    client: TestClient, session: Session
) -> None:
    election_id = make_election(client, session)
    form = tally_form(for_1="", wi_name_0="李娜", wi_votes_0="1", wi_votes_1="2")
    fragment = client.post(f"/elections/{election_id}/tally/check", data=form).text
    assert "尚有 1 项未填，暂按 0 计算。" in fragment
    problems = re.search(r'id="tally-problems">(.*)</script>', fragment)
    assert problems is not None
    text = problems.group(1).encode().decode("unicode_escape")
    assert "李娜已列出：候选人的票请填在候选人一行，同一人只写一行" in text
    assert "请填写另选他人的姓名" in text
    assert "必填" not in text  # for_1 is not yet typed


def test_tally_is_stored_and_the_result_shown(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    answer = client.post(
        f"/elections/{election_id}/tally", data=tally_form(), follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/elections/{election_id}"
    tally = session.exec(select(ElectionTally)).one()
    assert (tally.ballots_valid, tally.entered_by, tally.version) == (35, "吴强", 1)
    page = client.get(f"/elections/{election_id}").text
    assert "<strong>当选（按姓氏笔画为序）：</strong>王立新、刘晓东、李娜、张伟、陈静" in page
    assert "当选须得赞成票 19 票以上" in page


def test_inconsistent_tally_is_refused_next_to_the_field_and_kept(
    client: TestClient, session: Session
) -> None:
    election_id = make_election(client, session)
    page = client.post(f"/elections/{election_id}/tally", data=tally_form(ballots_invalid="2"))
    assert page.status_code == 422
    assert (
        error_of(page.text, "ballots_valid") == "有效票 35 + 无效票 2 = 37 张，与收回的 36 张不符"
    )
    assert error_of(page.text, "ballots_invalid") == "无效票的原因合计 1 张，与无效票 2 张不符"
    assert 'name="ballots_invalid" type="number" value="2"' in page.text
    assert (
        'name="for_3" id="f-for_3" type="number" min="0" inputmode="numeric" value="25"'
        in page.text
    )
    assert session.exec(select(ElectionTally)).all() == []


def test_tally_refuses_a_blank_vote_in_chinese(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    page = client.post(f"/elections/{election_id}/tally", data=tally_form(for_2=""))
    assert page.status_code == 422
    assert error_of(page.text, "for_2") == "必填"


def test_tied_result_shows_the_revote(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    client.post(f"/elections/{election_id}/tally", data=tally_form([34, 30, 28, 25, 20, 20]))
    page = client.get(f"/elections/{election_id}").text
    assert "王立新、刘晓东、李娜、张伟</p>" in page
    assert "<strong>还需再次投票</strong>：1 个名额，人选 陈静、赵敏。" in page


def test_certify_then_correct_makes_a_new_version(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    client.post(f"/elections/{election_id}/tally", data=tally_form())
    refused = client.post(f"/elections/{election_id}/certify", data={"certified_by": ""})
    assert refused.status_code == 422
    assert error_of(refused.text, "certified_by").startswith("请填写确认人姓名")
    answer = client.post(
        f"/elections/{election_id}/certify", data={"certified_by": "孙海"}, follow_redirects=False
    )
    assert answer.status_code == 303
    page = client.get(f"/elections/{election_id}").text
    assert "已确认</span>" in page and "确认人：孙海" in page
    form = client.get(f"/elections/{election_id}/tally").text
    assert "再次录入即为更正" in form and 'value="34"' in form
    no_reason = client.post(f"/elections/{election_id}/tally", data=tally_form())
    assert no_reason.status_code == 422
    assert (
        error_of(no_reason.text, "correction_reason")
        == "结果已确认：更正须写明原因，将另存为新版本"
    )
    fixed = tally_form([34, 30, 28, 25, 21, 15], correction_reason="陈静一张选票漏计")
    assert (
        client.post(
            f"/elections/{election_id}/tally", data=fixed, follow_redirects=False
        ).status_code
        == 303
    )
    versions = session.exec(select(ElectionTally).order_by(ElectionTally.version)).all()
    assert [(v.version, v.certified_by) for v in versions] == [(1, "孙海"), (2, None)]
    page = client.get(f"/elections/{election_id}").text
    assert "<h2>计票版本与更正</h2>" in page and "陈静一张选票漏计" in page


def test_next_round_opens_from_the_certified_result(client: TestClient, session: Session) -> None:
    election_id = make_election(client, session)
    client.post(f"/elections/{election_id}/tally", data=tally_form([34, 30, 28, 25, 20, 20]))
    client.post(f"/elections/{election_id}/certify", data={"certified_by": "孙海"})
    answer = client.post(f"/elections/{election_id}/rounds", follow_redirects=False)
    assert answer.status_code == 303
    new_id = int(answer.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/elections/{new_id}").text
    assert "（再次投票）" in page and "应选 <strong>1</strong> 名" in page
    again = client.post(f"/elections/{election_id}/rounds")
    assert again.status_code == 422
    assert f"本选举已开始下一轮（编号 {new_id}）" in again.text


def test_event_elections_page_lists_elections_and_resolutions(
    client: TestClient, session: Session
) -> None:
    election_id = make_election(client, session)
    event_id = session.exec(select(Election.event_id)).one()
    page = client.get(f"/events/{event_id}/elections")
    assert page.status_code == 200
    assert f'<a href="/elections/{election_id}">共青团第三届委员会委员选举</a>' in page.text
    assert "还没有记录表决事项" in page.text


def resolution_form(**overrides: str) -> dict[str, str]:
    form = {
        "title": "审议通过《选举办法（草案）》",
        "matter": "document",
        "preset": "league",
        "votes_for": "35",
        "votes_against": "1",
    }
    form.update(overrides)
    return form


def test_resolution_is_stored_with_its_vote(client: TestClient, session: Session) -> None:
    event = league_congress(session)
    document = Document(
        event_id=event.id,
        title="选举办法（草案）",
        kind=DocumentKind.RULES,
        status=DocumentStatus.DRAFT,
    )
    session.add(document)
    session.commit()
    page = client.get(f"/events/{event.id}/resolutions/new")
    assert page.status_code == 200 and "选举办法（草案）</option>" in page.text
    answer = client.post(
        f"/events/{event.id}/resolutions",
        data=resolution_form(document_id=str(document.id)),
        follow_redirects=False,
    )
    assert answer.status_code == 303
    row = session.exec(select(Resolution)).one()
    assert (row.votes_for, row.votes_against, row.document_id) == (35, 1, document.id)
    listing = client.get(f"/events/{event.id}/elections").text
    assert '<span class="badge good">通过</span>' in listing


def test_resolution_refuses_more_votes_than_present(client: TestClient, session: Session) -> None:
    event = league_congress(session)
    page = client.post(f"/events/{event.id}/resolutions", data=resolution_form(votes_for="40"))
    assert page.status_code == 422
    assert error_of(page.text, "votes_for") == "赞成、反对、弃权合计 41 票，多于实到的 36 人"
    assert 'value="审议通过《选举办法（草案）》"' in page.text
    assert session.exec(select(Resolution)).all() == []


def test_resolution_needs_attendance_when_the_event_has_none(
    client: TestClient, session: Session
) -> None:
    event = league_congress(session, due=None, present=None)
    page = client.post(f"/events/{event.id}/resolutions", data=resolution_form())
    assert page.status_code == 422
    assert error_of(page.text, "voters_due") == "必填（会议未记录应到、实到人数）"
