"""Elections through the JSON API: set up, count, certify, correct, further rounds, errors."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.elections.helpers import API, election_body, league_congress, tally_body
from tests.factories import make_person


def create(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(API, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def counted(client: TestClient, session: Session, **tally: Any) -> dict[str, Any]:
    election = create(client, election_body(league_congress(session)))
    response = client.put(f"{API}/{election['id']}/tally", json=tally_body(**tally))
    assert response.status_code == 200, response.text
    return response.json()


def test_create_election_lists_candidates_in_stroke_order_with_the_event_attendance(
    client: TestClient, session: Session
) -> None:
    event = league_congress(session)
    election = create(client, election_body(event))
    assert [c["name"] for c in election["candidates"]] == [
        "王立新",
        "刘晓东",
        "李娜",
        "张伟",
        "陈静",
        "赵敏",
    ]
    assert [(o["role"], o["name"]) for o in election["officers"]] == [
        ("chief_scrutineer", "孙海"),
        ("scrutineer", "周兰"),
        ("teller", "吴强"),
        ("teller", "郑洁"),
    ]
    assert (election["voters_due"], election["voters_present"], election["members_total"]) == (
        40,
        36,
        40,
    )
    assert (election["status"], election["voters_frozen"], election["minimum_candidates"]) == (
        "draft",
        False,
        6,
    )
    assert election["event"]["title"] == "集团共青团召开第三次团员大会"
    assert election["procedure"]["election"] == {
        "numerator": 1,
        "denominator": 2,
        "strict": True,
        "base": "present",
    }
    assert (election["deviations"], election["tally"], election["result"]) == ([], None, None)
    assert election["rounds"] == [
        {"id": election["id"], "round_number": 1, "round_kind": "first", "seats": 5}
    ]
    assert client.get(f"{API}/{election['id']}").json() == election


@pytest.mark.parametrize(
    ("change", "status", "field", "message"),
    [
        (
            {"officers": [{"role": "teller", "name": "李娜"}]},
            422,
            "officers[0]",
            "李娜 is a candidate and cannot be 计票人: a candidate may be neither scrutineer nor "
            "teller",
        ),
        (
            {"officers": [{"role": "chief_scrutineer", "name": "王立新"}]},
            422,
            "officers[0]",
            "王立新 is a candidate and cannot be 总监票人: a candidate may be neither scrutineer "
            "nor teller",
        ),
        (
            {
                "officers": [
                    {"role": "chief_scrutineer", "name": "孙海"},
                    {"role": "chief_scrutineer", "name": "周兰"},
                ]
            },
            422,
            "officers[1].role",
            "an election has one chief scrutineer (总监票人)",
        ),
        (
            {"candidates": [{"name": "李娜"}, {"name": "李娜"}]},
            422,
            "candidates[1].name",
            "李娜 is listed twice",
        ),
        (
            {"candidates": [{"person_id": 999}]},
            422,
            "candidates[0].person_id",
            "no person with id 999",
        ),
        ({"event_id": 999}, 422, "event_id", "no event with id 999"),
        (
            {"procedure": {"election": {"base": "due"}}},
            422,
            "deviation_reason",
            "the procedure deviates from the league preset in election.base: give the reason",
        ),
        (
            {"procedure": {"quorum": {"numerator": 5, "denominator": 4}}},
            422,
            "procedure.quorum",
            "Value error, numerator must not exceed denominator (a share of at most 1)",
        ),
    ],
    ids=[
        "candidate-as-teller",
        "candidate-as-chief",
        "two-chiefs",
        "duplicate-candidate",
        "unknown-person",
        "unknown-event",
        "deviation-without-reason",
        "share-above-one",
    ],
)
def test_create_election_refuses_with_a_message_naming_the_field(
    client: TestClient,
    session: Session,
    change: dict[str, Any],
    status: int,
    field: str,
    message: str,
) -> None:
    response = client.post(API, json=election_body(league_congress(session), **change))
    assert response.status_code == status, response.text
    assert response.json()["detail"] == f"{field}: {message}"
    assert (response.json()["code"], response.json()["field"]) == (CREATE_CODES[field], field)
    assert client.get(API).json()["total"] == 0


CREATE_CODES = {
    "officers[0]": "election_candidate_as_officer",
    "officers[1].role": "election_one_chief_scrutineer",
    "candidates[1].name": "election_name_twice",
    "candidates[0].person_id": "elections_no_such",
    "event_id": "elections_no_such",
    "deviation_reason": "elections_deviation_needs_reason",
    "procedure.quorum": "elections_share_above_one",
}


def test_schema_rules_answer_their_code_and_chinese(client: TestClient, session: Session) -> None:
    nameless = client.post(API, json=election_body(league_congress(session), candidates=[{}]))
    assert nameless.status_code == 400, nameless.text
    assert (nameless.json()["code"], nameless.json()["field"]) == (
        "elections_name_or_person",
        "candidates.0",
    )
    assert nameless.json()["message"] == "candidates.0：请填写姓名或选择人员"
    assert nameless.json()["extra"][0]["detail"] == "give name or person_id"
    election = counted(client, session)
    far_off = client.post(
        f"{API}/{election['id']}/certify",
        json={"certified_by": "孙海", "certified_at": "3021-01-20T08:00:00"},
    )
    assert far_off.json()["code"] == "elections_certified_year"
    assert far_off.json()["extra"][0]["message"] == "确认日期应在 1949 年至 2999 年之间"


def test_a_candidate_linked_to_a_person_cannot_be_an_officer_under_another_name(
    client: TestClient, session: Session
) -> None:
    person = make_person(session, "武长卿")
    body = election_body(
        league_congress(session),
        candidates=[
            {"person_id": person.id},
            *election_body(league_congress(session, 1, 1))["candidates"],
        ],
        officers=[{"role": "scrutineer", "name": "武长卿（副主席）", "person_id": person.id}],
    )
    response = client.post(API, json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "officers[0]: 武长卿（副主席） is a candidate and cannot be 监票人: a candidate may be "
        "neither scrutineer nor teller"
    )


def test_a_deviation_is_recorded_with_its_reason(client: TestClient, session: Session) -> None:
    body = election_body(
        league_congress(session),
        procedure={"election": {"base": "due"}, "candidates": {"surplus_numerator": 1}},
        deviation_reason="本次大会通过的选举办法规定：得票超过应到会团员的半数始得当选",
    )
    election = create(client, body)
    assert election["deviations"] == [
        {"field": "election.base", "preset": "present", "value": "due"}
    ]
    assert election["deviation_reason"] == body["deviation_reason"]
    assert election["procedure"]["election"]["base"] == "due"
    # An unrelated change keeps the deviation; going back to the preset drops it.
    patched = client.patch(f"{API}/{election['id']}", json={"seats": 4}).json()
    assert patched["deviations"] == election["deviations"]
    back = client.patch(f"{API}/{election['id']}", json={"procedure": {}}).json()
    assert (back["deviations"], back["deviation_reason"]) == ([], "")


def test_entering_the_count_computes_the_result_and_freezes_the_attendance(
    client: TestClient, session: Session
) -> None:
    election = counted(client, session)
    assert election["status"] == "counted"
    assert election["voters_frozen"] is True
    result = election["result"]
    assert (result["status"], result["quorum_met"], result["votes_needed"]) == ("valid", True, 19)
    assert result["elected"] == ["王立新", "刘晓东", "李娜", "张伟", "陈静"]
    assert [(c["name"], c["outcome"]) for c in result["candidates"]][-1] == (
        "赵敏",
        "not_elected",
    )
    assert result["next_round"] is None
    tally = election["tally"]
    assert (tally["version"], tally["voters_due"], tally["voters_present"]) == (1, 40, 36)
    # The event's attendance changes later: the count keeps what it was entered with.
    client.patch(f"/api/v1/events/{election['event_id']}", json={"delegates_present": 30})
    again = client.get(f"{API}/{election['id']}").json()
    assert (again["voters_present"], again["result"]) == (36, result)
    refused = client.patch(f"{API}/{election['id']}", json={"voters_present": 35})
    assert refused.status_code == 409
    assert (refused.json()["code"], refused.json()["field"]) == (
        "election_frozen_after_count",
        "voters_present",
    )
    assert refused.json()["detail"] == (
        f"voters_present: election {election['id']} has a count (version 1); its seats, "
        "candidates, officers, procedure and attendance are frozen"
    )
    renamed = client.patch(f"{API}/{election['id']}", json={"title": "团委委员选举"})
    assert (renamed.status_code, renamed.json()["title"]) == (200, "团委委员选举")


def test_a_draft_count_may_be_entered_again_and_replaces_the_first(
    client: TestClient, session: Session
) -> None:
    election = counted(client, session)
    votes = {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 17, "赵敏": 15}
    again = client.put(f"{API}/{election['id']}/tally", json=tally_body(votes)).json()
    assert (again["versions"], again["tally"]["version"]) == (1, 1)
    assert again["result"]["elected"] == ["王立新", "刘晓东", "李娜", "张伟"]
    assert again["result"]["next_round"] == {
        "kind": "further_election",
        "seats": 1,
        "candidates": ["陈静", "赵敏"],
    }


BAD_TALLIES = [
    (
        {"ballots_invalid": 0, "invalid_over_marked": 0},
        "ballots_valid",
        "valid (35) + invalid (0) = 35 ballots, but 36 were returned",
    ),
    (
        {"ballots_issued": 37, "ballots_returned": 37, "ballots_valid": 36},
        "ballots_issued",
        "37 ballots issued to 36 voters present",
    ),
    (
        {"invalid_over_marked": 0},
        "ballots_invalid",
        "the reasons add up to 0 (over-marked 0, stray marks 0, other 0), but 1 ballots are "
        "invalid",
    ),
    (
        {
            "counts": [
                {"name": n, "votes_for": v, "votes_against": 2}
                for n, v in {
                    "王立新": 34,
                    "刘晓东": 30,
                    "李娜": 28,
                    "张伟": 25,
                    "陈静": 20,
                    "赵敏": 15,
                }.items()
            ]
        },
        "counts[王立新]",
        "王立新: 34 for + 2 against + 0 abstentions = 36, more than the 35 valid ballots",
    ),
    (
        {
            "counts": [
                {"name": n, "votes_for": 35}
                for n in ["王立新", "刘晓东", "李娜", "张伟", "陈静", "赵敏"]
            ]
        },
        "counts",
        "210 for-votes in all on 35 valid ballots, more than 5 seats × 35 = 175: more names "
        "elected than seats on some ballot, which makes that ballot invalid",
    ),
    (
        {
            "write_ins": [{"name": "钱多", "votes": 2}],
            "counts": [
                {"name": n, "votes_for": 10}
                for n in ["王立新", "刘晓东", "李娜", "张伟", "陈静", "赵敏"]
            ],
        },
        "write_ins",
        "2 write-in votes but only 0 against-votes: a name may be written in only beside an "
        "against (另选他人)",
    ),
]


BAD_TALLY_CODES = {
    "ballots_valid": "tally_valid_invalid_mismatch",
    "ballots_issued": "tally_issued_over_present",
    "ballots_invalid": "tally_invalid_reasons_mismatch",
    "counts[王立新]": "tally_marks_over_valid",
    "counts": "tally_for_over_seats",
    "write_ins": "tally_write_ins_over_against",
}


def test_an_inconsistent_count_is_worded_in_chinese_for_people(
    client: TestClient, session: Session
) -> None:
    election = create(client, election_body(league_congress(session)))
    body = tally_body(ballots_invalid=2, invalid_over_marked=1)
    refusal = client.put(f"{API}/{election['id']}/tally", json=body).json()
    assert refusal["message"] == (
        "计票数字前后不符：有效票 35 + 无效票 2 = 37 张，与收回的 36 张不符；"
        "无效票的原因合计 1 张，与无效票 2 张不符"
    )
    assert [item["code"] for item in refusal["extra"]] == [
        "tally_valid_invalid_mismatch",
        "tally_invalid_reasons_mismatch",
    ]


@pytest.mark.parametrize(("change", "field", "message"), BAD_TALLIES)
def test_an_inconsistent_count_is_refused_saying_what_is_wrong_and_nothing_is_written(
    client: TestClient, session: Session, change: dict[str, Any], field: str, message: str
) -> None:
    election = create(client, election_body(league_congress(session)))
    response = client.put(f"{API}/{election['id']}/tally", json=tally_body(**change))
    assert response.status_code == 422, response.text
    refusal = response.json()
    assert refusal["detail"] == f"the count is inconsistent: {field}: {message}"
    assert (refusal["code"], refusal["field"]) == ("tally_inconsistent", field)
    assert [(item["key"], item["message"]) for item in refusal["extra"]] == [(field, message)]
    assert refusal["extra"][0]["code"] == BAD_TALLY_CODES[field]
    assert refusal["message"].startswith("计票数字前后不符：")
    assert client.get(f"{API}/{election['id']}").json()["tally"] is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"counts": tally_body()["counts"][:5]},
            "counts",
            "no line for 赵敏: every candidate needs one (0 if no votes)",
        ),
        (
            {"counts": [*tally_body()["counts"], {"name": "钱多", "votes_for": 1}]},
            "counts[6].name",
            "钱多 is not a candidate of this election",
        ),
        (
            {"write_ins": [{"name": "李娜", "votes": 1}]},
            "write_ins[0].name",
            "李娜 is a candidate: count those votes in the candidate's line",
        ),
        (
            {"correction_reason": "看错了"},
            "correction_reason",
            "nothing certified to correct: leave it empty",
        ),
    ],
)
def test_count_lines_must_match_the_candidates(
    client: TestClient, session: Session, change: dict[str, Any], field: str, message: str
) -> None:
    election = create(client, election_body(league_congress(session)))
    response = client.put(f"{API}/{election['id']}/tally", json=tally_body(**change))
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == f"{field}: {message}"


def test_too_few_candidates_for_a_differential_election_is_refused(
    client: TestClient, session: Session
) -> None:
    election = create(client, election_body(league_congress(session), seats=6))
    response = client.put(f"{API}/{election['id']}/tally", json=tally_body())
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "candidates: 差额选举: 6 seats need at least 8 candidates (1/5 more than the seats, "
        "rounded up), 6 given"
    )
    assert response.json()["code"] == "candidates_differential_count"
    assert response.json()["message"] == "差额选举：应选 6 名，候选人至少 8 名，现有 6 名"


def test_unknown_attendance_is_refused(client: TestClient, session: Session) -> None:
    election = create(client, election_body(league_congress(session, due=None, present=None)))
    response = client.put(f"{API}/{election['id']}/tally", json=tally_body())
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "voters_due: unknown: give it with the count, on the election, or on the event "
        "(delegates_due)"
    )
    assert response.json()["code"] == "tally_attendance_unknown"
    given = client.put(
        f"{API}/{election['id']}/tally",
        json=tally_body(voters_due=40, voters_present=36),
    )
    assert given.status_code == 200
    assert given.json()["tally"]["members_total"] == 40


def test_more_ballots_returned_than_issued_makes_a_void_result_not_an_error(
    client: TestClient, session: Session
) -> None:
    election = counted(
        client,
        session,
        ballots_issued=35,
        ballots_returned=36,
    )
    assert election["result"]["status"] == "void"
    assert election["result"]["elected"] == []
    assert election["result"]["next_round"]["kind"] == "rerun"


def test_certified_result_is_immutable_and_a_correction_is_a_new_version(
    client: TestClient, session: Session
) -> None:
    election = counted(client, session)
    url = f"{API}/{election['id']}"
    certified = client.post(f"{url}/certify", json={"certified_by": "孙海"})
    assert certified.status_code == 200
    assert certified.json()["status"] == "certified"
    assert certified.json()["tally"]["certified_by"] == "孙海"
    twice = client.post(f"{url}/certify", json={"certified_by": "孙海"})
    assert twice.json()["code"] == "tally_already_certified"
    assert twice.json()["message"] == "第 1 版计票结果已由孙海确认，不能重复确认"
    assert (twice.status_code, twice.json()["detail"]) == (
        409,
        f"version 1 of election {election['id']} was certified by 孙海; a certified result is "
        "not certified again",
    )
    votes = {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 21, "赵敏": 15}
    refused = client.put(f"{url}/tally", json=tally_body(votes))
    assert refused.status_code == 409
    assert refused.json()["code"] == "tally_correction_needs_reason"
    assert refused.json()["detail"] == (
        f"correction_reason: election {election['id']} has a certified result; a correction "
        "needs its reason and becomes a new version (the certified one is kept)"
    )
    corrected = client.put(
        f"{url}/tally", json=tally_body(votes, correction_reason="陈静得票误记为20票，应为21票")
    ).json()
    assert (corrected["status"], corrected["versions"]) == ("counted", 2)
    assert corrected["tally"]["correction_reason"] == "陈静得票误记为20票，应为21票"
    versions = client.get(f"{url}/tallies").json()
    assert [(v["version"], v["certified_by"]) for v in versions] == [(1, "孙海"), (2, None)]
    assert [c["votes_for"] for c in versions[0]["counts"] if c["name"] == "陈静"] == [20]
    assert client.delete(url).status_code == 409


def test_certify_without_a_count_is_refused(client: TestClient, session: Session) -> None:
    election = create(client, election_body(league_congress(session)))
    response = client.post(f"{API}/{election['id']}/certify", json={"certified_by": "孙海"})
    assert response.json()["code"] == "tally_none_to_certify"
    assert (response.status_code, response.json()["detail"]) == (
        409,
        f"election {election['id']} has no count to certify",
    )


def test_a_tie_at_the_cut_off_leads_to_a_revote_round_among_the_tied(
    client: TestClient, session: Session
) -> None:
    votes = {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 20, "赵敏": 20}
    election = counted(client, session, counts=tally_body(votes)["counts"])
    assert election["result"]["elected"] == ["王立新", "刘晓东", "李娜", "张伟"]
    assert election["result"]["next_round"] == {
        "kind": "revote",
        "seats": 1,
        "candidates": ["陈静", "赵敏"],
    }
    url = f"{API}/{election['id']}"
    early = client.post(f"{url}/rounds")
    assert early.json()["code"] == "election_round_needs_certified"
    assert (early.status_code, early.json()["detail"]) == (
        409,
        f"certify the result of election {election['id']} before the next round",
    )
    client.post(f"{url}/certify", json={"certified_by": "孙海"})
    second = client.post(f"{url}/rounds")
    assert second.status_code == 201, second.text
    revote = second.json()
    assert (revote["round_kind"], revote["round_number"], revote["seats"]) == ("revote", 2, 1)
    assert (revote["first_round_id"], revote["previous_round_id"]) == (election["id"],) * 2
    assert revote["title"] == "共青团第三届委员会委员选举（再次投票）"
    assert [c["name"] for c in revote["candidates"]] == ["陈静", "赵敏"]
    assert [o["name"] for o in revote["officers"]] == ["孙海", "周兰", "吴强", "郑洁"]
    # Two candidates for one seat is fine in a re-vote: the surplus rule is for new lists.
    result = client.put(
        f"{API}/{revote['id']}/tally",
        json=tally_body({"陈静": 22, "赵敏": 13}),
    ).json()["result"]
    assert result["elected"] == ["陈静"]
    assert [r["round_kind"] for r in client.get(url).json()["rounds"]] == ["first", "revote"]
    assert client.post(f"{url}/rounds").json()["detail"] == (
        f"election {election['id']} is already followed by round {revote['id']}"
    )


def test_procedures_list_the_four_presets(client: TestClient) -> None:
    presets = client.get(f"{API}/procedures").json()
    assert [p["key"] for p in presets] == ["party", "union", "league", "workers_congress"]
    assert presets[1]["procedure"]["quorum"] == {
        "numerator": 2,
        "denominator": 3,
        "strict": False,
        "base": "due",
    }
    league = client.get(f"{API}/procedures", params={"key": "league"}).json()
    assert [p["key"] for p in league] == ["league"]
    assert client.get(f"{API}/procedures", params={"key": "church"}).status_code == 400


def test_list_filters_by_event(client: TestClient, session: Session) -> None:
    first = create(client, election_body(league_congress(session)))
    create(client, election_body(league_congress(session)))
    listed = client.get(API, params={"event_id": first["event_id"]}).json()
    assert (listed["total"], [e["id"] for e in listed["items"]]) == (1, [first["id"]])
    assert listed["items"][0]["status"] == "draft"


def test_delete_a_draft_election(client: TestClient, session: Session) -> None:
    election = create(client, election_body(league_congress(session)))
    assert client.delete(f"{API}/{election['id']}").status_code == 204
    assert client.get(f"{API}/{election['id']}").status_code == 404
