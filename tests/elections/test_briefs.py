"""What briefs and minutes say about an event's elections (governance/elections/briefs.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.elections.briefs import result_sentences
from governance.elections.procedures import PRESETS
from governance.elections.rules import Ballots, Count, Voters, election_result
from tests.elections.helpers import API, election_body, league_congress, tally_body
from tests.elections.test_outputs import BALLOTS, COUNTS, VOTERS, document

OFFICE = "共青团聊城市城市水务集团有限公司第三届委员会委员"


def _result(seats: int, counts: list[Count], voters: Voters = VOTERS, ballots: Ballots = BALLOTS):  # type: ignore[no-untyped-def]
    return election_result(PRESETS["league"], seats, voters, ballots, counts)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {},
            [f"方晓宇、田甜、孙悦、杨帆、郭佳琪当选为{OFFICE}（按姓氏笔画为序）"],
        ),
        (
            {"sample": True, "certified_by": None},
            [
                f"方晓宇、田甜、孙悦、杨帆、郭佳琪当选为{OFFICE}（按姓氏笔画为序）"
                "（样例数据）（计票结果尚待总监票人签字确认）"
            ],
        ),
        (
            {"round_kind": "further_election", "round_number": 2, "seats": 1},
            ["经另行选举，杨帆当选为" + OFFICE],
        ),
    ],
)
def test_elected_people_are_named_in_stroke_order_with_marks(
    changes: dict[str, object], expected: list[str]
) -> None:
    doc = replace(document(), **changes)  # type: ignore[arg-type]
    if "seats" in changes:
        doc = replace(doc, result=_result(1, COUNTS))
    assert result_sentences(doc) == expected


def test_a_tie_at_the_cut_off_announces_the_revote() -> None:
    counts = [
        Count(name="杨帆", votes_for=37),
        Count(name="孙悦", votes_for=30),
        Count(name="田甜", votes_for=30),
    ]
    doc = replace(document(seats=2, counts=counts), result=_result(2, counts))
    assert result_sentences(doc) == [
        f"杨帆当选为{OFFICE}",
        "田甜、孙悦得票相等，将就一个名额再次投票",
    ]


def test_seats_nobody_reached_go_to_a_further_election() -> None:
    counts = [Count(name="杨帆", votes_for=37), Count(name="韩雪", votes_for=5)]
    doc = replace(document(seats=2, counts=counts), result=_result(2, counts))
    assert result_sentences(doc) == [f"杨帆当选为{OFFICE}", "尚余一个名额，将另行选举"]


def test_no_quorum_and_void_elections_say_why_nobody_was_elected() -> None:
    few = Voters(due=40, present=10, total=40)
    no_quorum = replace(document(), voters=few, result=_result(5, COUNTS, voters=few))
    over = Ballots(issued=38, returned=39, valid=39, invalid=0)
    void = replace(document(), ballots=over, result=_result(5, COUNTS, ballots=over))
    title = "共青团聊城市城市水务集团有限公司第三届委员会委员选举"
    assert result_sentences(no_quorum)[0] == f"{title}因实到会人数不足规定人数，未能进行"
    assert result_sentences(void)[0] == (f"{title}因收回选票多于发出选票，选举无效，将重新进行选举")


def test_the_brief_and_minutes_print_the_certified_result(
    client: TestClient,  # type: ignore[type-arg]
    session: Session,
) -> None:
    event = league_congress(session)
    election = client.post(API, json=election_body(event)).json()
    url = f"{API}/{election['id']}"
    brief_url = f"/api/v1/events/{event.id}/brief.txt"
    assert "当选" not in client.get(brief_url).text  # set up, not counted: nothing to report
    assert client.put(f"{url}/tally", json=tally_body()).status_code == 200
    elected = "王立新、刘晓东、李娜、张伟、陈静当选为共青团第三届委员会委员（按姓氏笔画为序）"
    pending = client.get(brief_url).text
    assert f"{elected}（计票结果尚待总监票人签字确认）。" in pending
    assert client.post(f"{url}/certify", json={"certified_by": "孙海"}).status_code == 200
    assert f"{elected}。" in client.get(brief_url).text
    minutes = client.get(f"/api/v1/events/{event.id}/minutes.docx")
    assert minutes.status_code == 200
