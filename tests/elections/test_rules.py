"""Counting rules: every preset at each boundary (table tests), and the invariants (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.core import messages
from governance.elections.consistency import resolution_problems, tally_problems
from governance.elections.procedures import (
    PRESETS,
    Base,
    CandidateMode,
    Candidates,
    ShortfallRule,
    Threshold,
    TieRule,
    apply_changes,
    candidate_count_problem,
    minimum_candidates,
)
from governance.elections.rules import (
    Ballots,
    Count,
    NextRound,
    Outcome,
    RoundKind,
    Status,
    Voters,
    election_result,
    least_passing,
    met,
    quorum_met,
    resolution_result,
)

PARTY, UNION, LEAGUE, WORKERS = (
    PRESETS[k] for k in ("party", "union", "league", "workers_congress")
)


def voters(due: int, present: int, total: int | None = None) -> Voters:
    return Voters(due=due, present=present, total=due if total is None else total)


def ballots(n: int, invalid: int = 0, issued: int | None = None) -> Ballots:
    return Ballots(
        issued=n if issued is None else issued,
        returned=n,
        valid=n - invalid,
        invalid=invalid,
        over_marked=invalid,
    )


def counts(**votes: int) -> list[Count]:
    return [Count(name=name, votes_for=v) for name, v in votes.items()]


# --- quorum: 4/5 strict (Party, League) vs 2/3 inclusive (union, workers' congress) ----------
@pytest.mark.parametrize(
    ("preset", "due", "present", "total", "ok"),
    [
        ("party", 45, 36, None, False),  # 36/45 is exactly 4/5: "超过" fails
        ("party", 45, 37, None, True),
        ("party", 41, 32, None, False),  # 4/5 of 41 is 32.8
        ("party", 41, 33, None, True),
        ("league", 45, 36, None, False),
        ("league", 45, 37, None, True),
        ("league", 10, 8, None, False),
        ("league", 10, 9, None, True),
        ("union", 45, 30, None, True),  # exactly 2/3: "以上" includes it
        ("union", 45, 29, None, False),
        ("union", 41, 27, None, False),  # 2/3 of 41 is 27.33
        ("union", 41, 28, None, True),
        ("workers_congress", 58, 40, 60, True),  # base: all delegates (60), 40 is exactly 2/3
        ("workers_congress", 58, 39, 60, False),
        ("workers_congress", 60, 40, 60, True),
    ],
)
def test_quorum_of_every_preset_at_its_boundary(
    preset: str, due: int, present: int, total: int | None, ok: bool
) -> None:
    assert quorum_met(PRESETS[preset], voters(due, present, total)) is ok


# --- to be elected: more than half, exactly half fails ---------------------------------------
@pytest.mark.parametrize(
    ("preset", "due", "present", "total", "votes", "elected"),
    [
        ("party", 45, 40, None, 20, False),  # half of those present: fails
        ("party", 45, 40, None, 21, True),
        ("party", 45, 41, None, 20, False),
        ("party", 45, 41, None, 21, True),
        ("league", 40, 36, None, 18, False),
        ("league", 40, 36, None, 19, True),
        ("union", 44, 41, None, 22, False),  # half of those due (44), not of those present
        ("union", 44, 41, None, 23, True),
        ("union", 45, 41, None, 22, False),  # 22 > 20.5 but not > 22.5
        ("union", 45, 41, None, 23, True),
        ("workers_congress", 58, 50, 60, 30, False),  # half of all delegates
        ("workers_congress", 58, 50, 60, 31, True),
    ],
)
def test_election_threshold_of_every_preset_at_its_boundary(
    preset: str, due: int, present: int, total: int | None, votes: int, elected: bool
) -> None:
    procedure = PRESETS[preset]
    result = election_result(
        procedure, 1, voters(due, present, total), ballots(present), counts(甲=votes)
    )
    assert result.status == Status.VALID
    assert (result.elected == ["甲"]) is elected
    assert result.candidates[0].reached_threshold is elected


@pytest.mark.parametrize(
    ("numerator", "denominator", "strict", "base", "needed"),
    [
        (1, 2, True, 41, 21),
        (1, 2, True, 40, 21),
        (1, 2, False, 40, 20),
        (2, 3, False, 45, 30),
        (2, 3, False, 41, 28),
        (4, 5, True, 45, 37),
        (4, 5, True, 41, 33),
        (0, 1, False, 41, 0),
    ],
)
def test_least_passing_is_the_boundary_of_met(
    numerator: int, denominator: int, strict: bool, base: int, needed: int
) -> None:
    threshold = Threshold(
        numerator=numerator, denominator=denominator, strict=strict, base=Base.PRESENT
    )
    assert least_passing(base, threshold) == needed
    assert met(needed, base, threshold)
    assert needed == 0 or not met(needed - 1, base, threshold)


# --- candidates ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("preset", "seats", "minimum"),
    [
        ("party", 7, 9),  # 7 × 20% = 1.4, rounded up to 2
        ("party", 5, 6),
        ("party", 10, 12),
        ("party", 1, 2),
        ("league", 7, 9),
        ("league", 5, 6),
        ("union", 7, 8),  # 7 × 5% = 0.35 → 1
        ("union", 20, 21),
        ("union", 21, 23),  # 21 × 5% = 1.05 → 2
        ("workers_congress", 7, 7),
    ],
)
def test_minimum_candidates_of_every_preset(preset: str, seats: int, minimum: int) -> None:
    rule = PRESETS[preset].candidates
    assert minimum_candidates(seats, rule) == minimum
    assert candidate_count_problem(seats, minimum, rule) is None
    assert candidate_count_problem(seats, minimum - 1, rule) is not None


def words(problem: tuple[str, dict[str, Any]] | None, lang: str = "en") -> str:
    assert problem is not None
    return messages.render(*problem, lang)


def test_candidate_count_problems_say_what_is_wrong() -> None:
    differential = candidate_count_problem(7, 8, PARTY.candidates)
    assert words(differential) == (
        "差额选举: 7 seats need at least 9 candidates (1/5 more than the seats, rounded up), "
        "8 given"
    )
    assert words(differential, "zh") == "差额选举：应选 7 名，候选人至少 9 名，现有 8 名"
    equal = Candidates(mode=CandidateMode.EQUAL)
    assert words(candidate_count_problem(5, 6, equal)) == (
        "等额选举: 5 seats need exactly 5 candidates, 6 given"
    )
    assert candidate_count_problem(5, 5, equal) is None
    assert candidate_count_problem(3, 2, WORKERS.candidates) == (
        "candidates_too_few",
        {"seats": 3, "needed": 3, "count": 2},
    )
    assert words(candidate_count_problem(3, 2, WORKERS.candidates)) == (
        "3 seats need at least 3 candidates, 2 given"
    )


# --- results ---------------------------------------------------------------------------------
def test_tie_at_the_cut_off_goes_to_a_revote_among_the_tied_only() -> None:
    result = election_result(
        LEAGUE, 3, voters(40, 36), ballots(36), counts(甲=30, 乙=25, 丙=20, 丁=20, 戊=10)
    )
    assert result.elected == ["乙", "甲"]  # stroke order: 乙 (1) before 甲 (5)
    outcomes = {c.name: c.outcome for c in result.candidates}
    assert outcomes == {
        "甲": Outcome.ELECTED,
        "乙": Outcome.ELECTED,
        "丙": Outcome.TIED,
        "丁": Outcome.TIED,
        "戊": Outcome.NOT_ELECTED,
    }
    assert result.next_round == NextRound(kind=RoundKind.REVOTE, seats=1, candidates=["丁", "丙"])
    assert result.vacant_seats == 0


def test_tied_candidates_below_the_threshold_are_simply_not_elected() -> None:
    result = election_result(LEAGUE, 2, voters(40, 36), ballots(36), counts(甲=30, 乙=18, 丙=18))
    assert result.elected == ["甲"]
    assert result.next_round == NextRound(kind=RoundKind.FURTHER, seats=1, candidates=["乙", "丙"])
    assert {c.outcome for c in result.candidates if c.name != "甲"} == {Outcome.NOT_ELECTED}


def test_shortfall_goes_to_a_further_election_never_to_the_runner_up() -> None:
    result = election_result(
        UNION, 3, voters(45, 41), ballots(41), counts(甲=30, 乙=23, 丙=22, 丁=5)
    )
    assert result.elected == ["乙", "甲"]
    assert result.votes_needed == 23
    assert result.next_round == NextRound(kind=RoundKind.FURTHER, seats=1, candidates=["丙", "丁"])
    assert result.vacant_seats == 1


def test_shortfall_with_reduce_seats_leaves_the_seat_empty() -> None:
    procedure = apply_changes(UNION, {"shortfall": ShortfallRule.REDUCE_SEATS.value})
    result = election_result(procedure, 3, voters(45, 41), ballots(41), counts(甲=30, 乙=10))
    assert (result.elected, result.next_round, result.vacant_seats) == (["甲"], None, 2)


def test_tie_rule_further_election_sends_the_tied_seats_there() -> None:
    procedure = apply_changes(LEAGUE, {"tie": TieRule.FURTHER_ELECTION.value})
    result = election_result(procedure, 2, voters(40, 36), ballots(36), counts(甲=30, 乙=20, 丙=20))
    assert result.elected == ["甲"]
    assert result.next_round == NextRound(kind=RoundKind.FURTHER, seats=1, candidates=["乙", "丙"])
    assert result.vacant_seats == 1


def test_more_returned_than_issued_makes_the_election_void_not_an_error() -> None:
    tally = Ballots(issued=40, returned=41, valid=41, invalid=0)
    problems = tally_problems(LEAGUE, 2, voters(45, 41), tally, counts(甲=30, 乙=29, 丙=3))
    assert problems == []
    result = election_result(LEAGUE, 2, voters(45, 41), tally, counts(甲=30, 乙=29, 丙=3))
    assert result.status == Status.VOID
    assert result.elected == []
    assert result.next_round == NextRound(
        kind=RoundKind.RERUN, seats=2, candidates=["甲", "乙", "丙"]
    )


def test_without_quorum_nobody_is_elected_and_no_round_follows() -> None:
    result = election_result(PARTY, 1, voters(45, 36), ballots(36), counts(甲=36, 乙=0))
    assert (result.status, result.quorum_met, result.quorum_needed) == (
        Status.NO_QUORUM,
        False,
        37,
    )
    assert (result.elected, result.next_round) == ([], None)


def test_write_ins_are_elected_like_candidates_when_they_pass() -> None:
    tally = [*counts(甲=10, 乙=25), Count(name="丙", votes_for=22, write_in=True)]
    result = election_result(LEAGUE, 2, voters(40, 40), ballots(40), tally)
    assert result.elected == ["乙", "丙"]
    assert [c.name for c in result.candidates] == ["乙", "甲", "丙"]  # write-ins last


# --- tally consistency -----------------------------------------------------------------------
def problem_messages(tally: Ballots, lines: list[Count], seats: int = 2) -> list[str]:
    return [
        f"{p.field}: {p.detail}"
        for p in tally_problems(LEAGUE, seats, voters(45, 41), tally, lines)
    ]


def test_valid_plus_invalid_must_equal_returned() -> None:
    tally = Ballots(issued=41, returned=41, valid=39, invalid=1, stray_marks=1)
    assert problem_messages(tally, counts(甲=1, 乙=1, 丙=1)) == [
        "ballots_valid: valid (39) + invalid (1) = 40 ballots, but 41 were returned"
    ]


def test_invalid_reasons_must_add_up() -> None:
    tally = Ballots(issued=41, returned=41, valid=39, invalid=2, over_marked=1)
    assert problem_messages(tally, counts(甲=1, 乙=1, 丙=1)) == [
        "ballots_invalid: the reasons add up to 1 (over-marked 1, stray marks 0, other 0), "
        "but 2 ballots are invalid"
    ]


def test_a_candidate_cannot_have_more_votes_than_valid_ballots() -> None:
    lines = [Count(name="甲", votes_for=40, votes_against=2), *counts(乙=1, 丙=1)]
    assert problem_messages(ballots(41, invalid=1), lines) == [
        "counts[甲]: 甲: 40 for + 2 against + 0 abstentions = 42, more than the 40 valid ballots"
    ]
    assert problem_messages(ballots(41, invalid=1), counts(甲=41, 乙=1, 丙=1)) == [
        "counts[甲].votes_for: 甲: 41 for votes, more than the 40 valid ballots",
        "counts[甲]: 甲: 41 for + 0 against + 0 abstentions = 41, more than the 40 valid ballots",
    ]


def test_more_names_marked_than_seats_is_refused() -> None:
    assert problem_messages(ballots(10), counts(甲=10, 乙=10, 丙=1), seats=2) == [
        "counts: 21 for-votes in all on 10 valid ballots, more than 2 seats × 10 = 20: more "
        "names elected than seats on some ballot, which makes that ballot invalid"
    ]


def test_more_ballots_issued_than_voters_present_is_refused() -> None:
    tally = Ballots(issued=42, returned=41, valid=41, invalid=0)
    assert problem_messages(tally, counts(甲=1, 乙=1, 丙=1)) == [
        "ballots_issued: 42 ballots issued to 41 voters present"
    ]


def test_write_ins_need_an_against() -> None:
    lines = [
        Count(name="甲", votes_for=30, votes_against=2),
        *counts(乙=20, 丙=3),
        Count(name="丁", votes_for=3, write_in=True),
    ]
    assert problem_messages(ballots(41), lines) == [
        "write_ins: 3 write-in votes but only 2 against-votes: a name may be written in only "
        "beside an against (另选他人)"
    ]
    no_write_ins = apply_changes(LEAGUE, {"write_ins": False})
    lines[0] = Count(name="甲", votes_for=30, votes_against=3)
    assert [
        p.detail for p in tally_problems(no_write_ins, 2, voters(45, 41), ballots(41), lines)
    ] == ["this procedure allows no write-in names"]


def test_attendance_must_be_consistent() -> None:
    tally = tally_problems(
        LEAGUE, 1, Voters(due=40, present=41, total=39), ballots(41), counts(甲=1)
    )
    assert [(p.field, p.code, p.detail) for p in tally] == [
        ("voters_present", "voters_present_over_due", "41 voters present, more than the 40 due"),
        (
            "members_total",
            "voters_due_over_total",
            "40 voters due, more than the 39 members in all",
        ),
    ]
    assert [p.message for p in tally] == [
        "实到 41 人，多于应到的 40 人",
        "应到 40 人，多于全体 39 人",
    ]


# --- resolutions -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("preset", "due", "present", "total", "votes_for", "adopted"),
    [
        ("workers_congress", 58, 55, 60, 30, False),  # half of all delegates fails
        ("workers_congress", 58, 55, 60, 31, True),
        ("workers_congress", 58, 39, 60, 39, False),  # no quorum (39 < 2/3 of 60)
        ("party", 45, 40, None, 22, False),  # half of those due: 22 ≤ 22.5
        ("party", 45, 40, None, 23, True),
        ("union", 44, 40, None, 22, False),
        ("union", 44, 40, None, 23, True),
        ("league", 40, 36, None, 18, False),  # half of those present
        ("league", 40, 36, None, 19, True),
    ],
)
def test_resolution_threshold_of_every_preset(
    preset: str, due: int, present: int, total: int | None, votes_for: int, adopted: bool
) -> None:
    result = resolution_result(PRESETS[preset], voters(due, present, total), votes_for, 0, 0)
    assert result.adopted is adopted


def test_resolution_abstentions_count_as_taking_part_not_as_for() -> None:
    cast_based = apply_changes(LEAGUE, {"resolution": {"base": "cast"}})
    assert resolution_result(cast_based, voters(40, 36), 10, 9, 0).adopted is True
    assert resolution_result(cast_based, voters(40, 36), 10, 9, 2).adopted is False


def test_resolution_votes_cannot_exceed_those_present() -> None:
    [problem] = resolution_problems(voters(40, 36), 30, 5, 2)
    assert (problem.field, problem.code) == ("votes_for", "resolution_votes_over_present")
    assert problem.detail == (
        "30 for + 5 against + 2 abstentions = 37, more than the 36 voters present"
    )
    assert problem.message == "赞成、反对、弃权合计 37 票，多于实到的 36 人"


# --- properties ------------------------------------------------------------------------------
NAMES = ["王五", "丁一", "张三", "李四", "赵六", "孙七", "周八", "吴九", "郑十", "欧阳明", "方明"]


@st.composite
def elections(draw: st.DrawFn) -> tuple:
    procedure = apply_changes(
        PRESETS[draw(st.sampled_from(sorted(PRESETS)))],
        {
            "tie": draw(st.sampled_from(list(TieRule))).value,
            "shortfall": draw(st.sampled_from(list(ShortfallRule))).value,
        },
    )
    due = draw(st.integers(1, 60))
    present = draw(st.integers(0, due))
    total = draw(st.integers(due, due + 10))
    returned = draw(st.integers(0, present + 1))
    valid = draw(st.integers(0, returned))
    seats = draw(st.integers(1, 6))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES), unique=True))
    lines = [
        Count(name=name, votes_for=draw(st.integers(0, valid)), write_in=draw(st.booleans()))
        for name in names
    ]
    tally = Ballots(issued=present, returned=returned, valid=valid, invalid=returned - valid)
    return procedure, seats, Voters(due=due, present=present, total=total), tally, lines


@given(elections())
def test_nobody_at_or_below_the_threshold_is_elected(case: tuple) -> None:
    procedure, seats, people, tally, lines = case
    result = election_result(procedure, seats, people, tally, lines)
    votes = {c.name: c.votes_for for c in lines}
    for name in result.elected:
        assert votes[name] >= result.votes_needed
        assert met(votes[name], result.threshold_base, procedure.election)


@given(elections())
def test_never_more_elected_than_seats(case: tuple) -> None:
    procedure, seats, people, tally, lines = case
    result = election_result(procedure, seats, people, tally, lines)
    assert len(result.elected) <= seats
    if result.next_round is not None and result.status == Status.VALID:
        assert len(result.elected) + result.next_round.seats <= seats


@given(elections(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_input_order(case: tuple, random: object) -> None:
    procedure, seats, people, tally, lines = case
    shuffled = list(lines)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert election_result(procedure, seats, people, tally, shuffled) == election_result(
        procedure, seats, people, tally, lines
    )


@given(elections())
def test_a_tie_at_the_cut_off_never_elects_both(case: tuple) -> None:
    procedure, seats, people, tally, lines = case
    result = election_result(procedure, seats, people, tally, lines)
    by_votes: dict[int, set[Outcome]] = {}
    for candidate in result.candidates:
        by_votes.setdefault(candidate.votes_for, set()).add(candidate.outcome)
    # Equal votes, equal fate: never one of two tied people elected and the other not.
    assert all(len(outcomes) == 1 for outcomes in by_votes.values())
