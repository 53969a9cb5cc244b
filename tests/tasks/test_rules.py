"""The pure rules: the workflow table, what each step needs, warning colours at their
boundaries (the day is an argument, so the clock is always frozen), and progress roll-up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.core import messages
from governance.tasks import rules
from governance.tasks.models import TaskStatus as S
from governance.tasks.rules import Colour, Node, Schedule, TransitionFacts

# --- the workflow ----------------------------------------------------------------------------
LEGAL = {
    (S.REGISTERED, S.ASSIGNED): "assign",
    (S.REGISTERED, S.CANCELLED): "cancel",
    (S.ASSIGNED, S.IN_PROGRESS): "start",
    (S.ASSIGNED, S.CANCELLED): "cancel",
    (S.IN_PROGRESS, S.REPORTED): "report",
    (S.IN_PROGRESS, S.CANCELLED): "cancel",
    (S.REPORTED, S.CLOSED): "close",
    (S.REPORTED, S.IN_PROGRESS): "send_back",
    (S.REPORTED, S.CANCELLED): "cancel",
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_workflow_has_exactly_the_documented_steps(current: S, target: S) -> None:
    assert rules.action(current, target) == LEGAL.get((current, target))


def test_closed_and_cancelled_are_final() -> None:
    assert rules.allowed(S.CLOSED) == [] and rules.allowed(S.CANCELLED) == []
    assert {S.CLOSED, S.CANCELLED} == rules.FINAL
    assert {S.REGISTERED, S.ASSIGNED, S.IN_PROGRESS, S.REPORTED} == rules.OPEN


def facts(current: S, target: S, **overrides: object) -> TransitionFacts:
    values: dict[str, object] = {
        "current": current,
        "target": target,
        "actor_id": 9,
        "comment": "",
        "responsible_person_id": 2,
        "has_owner": True,
        "has_deadline": True,
        "evidence_count": 1,
        "open_subtasks": (),
    }
    values.update(overrides)
    return TransitionFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "current,target,overrides,problems",
    [
        (S.REGISTERED, S.ASSIGNED, {}, []),
        (
            S.REGISTERED,
            S.ASSIGNED,
            {"has_owner": False},
            [("responsible_person_id", "assigning needs a responsible unit or person")],
        ),
        (
            S.REGISTERED,
            S.ASSIGNED,
            {"has_deadline": False},
            [("due_on", "assigning needs a deadline, or the task marked ongoing")],
        ),
        (S.ASSIGNED, S.IN_PROGRESS, {"actor_id": 2}, []),  # the owner starts the work
        (S.IN_PROGRESS, S.REPORTED, {"actor_id": 2, "evidence_count": 0}, []),
        (S.REPORTED, S.CLOSED, {}, []),
        (
            S.REPORTED,
            S.CLOSED,
            {"evidence_count": 0},
            [("evidence", "closing needs evidence: add a text or a file first")],
        ),
        (
            S.REPORTED,
            S.CLOSED,
            {"actor_id": 2},
            [("actor_id", "the reviewer must not be the responsible person (close by the owner)")],
        ),
        (
            S.REPORTED,
            S.CLOSED,
            {"open_subtasks": (4, 7)},
            [("subtasks", "closing needs every sub-task closed first: 4, 7")],
        ),
        (S.REPORTED, S.CLOSED, {"responsible_person_id": None}, []),
        (S.REPORTED, S.IN_PROGRESS, {"comment": "佐证不足"}, []),
        (
            S.REPORTED,
            S.IN_PROGRESS,
            {"comment": "  "},
            [("comment", "send_back needs a comment saying why")],
        ),
        (
            S.REPORTED,
            S.IN_PROGRESS,
            {"comment": "佐证不足", "actor_id": 2},
            [
                (
                    "actor_id",
                    "the reviewer must not be the responsible person (send_back by the owner)",
                )
            ],
        ),
        (S.ASSIGNED, S.CANCELLED, {"comment": "合并到其他任务"}, []),
        (S.ASSIGNED, S.CANCELLED, {}, [("comment", "cancel needs a comment saying why")]),
    ],
)
def test_transition_problems(
    current: S, target: S, overrides: dict[str, object], problems: list[tuple[str, str]]
) -> None:
    found = rules.transition_problems(facts(current, target, **overrides))
    # The English of each code is the API's detail (templates/messages/tasks.yaml).
    assert [(p.field, messages.render(p.code, p.params, "en")) for p in found] == problems


# --- warnings --------------------------------------------------------------------------------
START = date(2021, 1, 1)
DUE = date(2021, 1, 31)  # 30 days after START


def sched(
    progress: int = 0,
    status: S = S.IN_PROGRESS,
    due: date | None = DUE,
    ongoing: bool = False,
    start: date = START,
) -> Schedule:
    return Schedule(status, start, due, ongoing, progress)


@pytest.mark.parametrize(
    "today,progress,expected",
    [
        (date(2021, 1, 1), 0, None),  # nothing elapsed yet
        (date(2021, 1, 2), 0, Colour.YELLOW),  # 1/30 elapsed, 0% done
        (date(2021, 1, 2), 4, None),  # 4% ≥ 3.33%
        (date(2021, 1, 2), 3, Colour.YELLOW),  # 3% < 3.33%
        (date(2021, 1, 16), 50, None),  # 15/30 elapsed: exactly on schedule
        (date(2021, 1, 16), 49, Colour.YELLOW),
        (date(2021, 1, 23), 80, None),  # 8 days left: not yet blue (N = 7), on schedule
        (date(2021, 1, 24), 80, Colour.BLUE),  # 7 days left: blue
        (date(2021, 1, 24), 76, Colour.YELLOW),  # behind (23/30 = 76.7%) outranks blue
        (date(2021, 1, 24), 77, Colour.BLUE),
        (date(2021, 1, 31), 99, Colour.YELLOW),  # due today, not done
        (date(2021, 1, 31), 100, Colour.BLUE),  # due today, done but not closed
        (date(2021, 2, 1), 100, Colour.RED),  # a day late: red, whatever the progress
        (date(2022, 1, 1), 0, Colour.RED),
    ],
)
def test_warning_colours_at_their_boundaries(
    today: date, progress: int, expected: Colour | None
) -> None:
    assert rules.warning(sched(progress), today, 7) == expected


@pytest.mark.parametrize(
    "warn_days,today,expected",
    [
        (0, date(2021, 1, 30), None),
        (0, date(2021, 1, 31), Colour.BLUE),
        (3, date(2021, 1, 27), None),
        (3, date(2021, 1, 28), Colour.BLUE),
        (30, date(2021, 1, 1), Colour.BLUE),
    ],
)
def test_blue_window_is_configurable(warn_days: int, today: date, expected: Colour | None) -> None:
    assert rules.warning(sched(100), today, warn_days) == expected


@pytest.mark.parametrize(
    "schedule,today,expected",
    [
        (sched(0, status=S.CLOSED), date(2022, 1, 1), None),
        (sched(0, status=S.CANCELLED), date(2022, 1, 1), None),
        (sched(0, ongoing=True, due=None), date(2099, 1, 1), None),
        (sched(0, ongoing=True), date(2099, 1, 1), None),  # ongoing wins over a stray date
        (sched(0, due=None), date(2099, 1, 1), None),  # no deadline yet
        (sched(0, status=S.REPORTED), date(2021, 1, 20), None),  # reported: never yellow
        (sched(0, status=S.REPORTED), date(2021, 1, 30), Colour.BLUE),
        (sched(0, status=S.REPORTED), date(2021, 2, 1), Colour.RED),
        (sched(0, status=S.REGISTERED), date(2021, 1, 20), Colour.YELLOW),
        (sched(0, start=DUE), DUE, Colour.YELLOW),  # set and due the same day
        (sched(0, start=date(2021, 2, 10)), date(2021, 1, 20), None),  # starts later
    ],
)
def test_warning_special_cases(schedule: Schedule, today: date, expected: Colour | None) -> None:
    assert rules.warning(schedule, today, 7) == expected


@pytest.mark.parametrize(
    "today,expected",
    [
        (date(2020, 12, 1), 0),
        (START, 0),
        (date(2021, 1, 11), 33),
        (DUE, 100),
        (date(2021, 3, 1), 100),
    ],
)
def test_expected_progress_is_the_share_of_time_elapsed(today: date, expected: int) -> None:
    assert rules.expected_progress(sched(), today) == expected


def test_days_left_counts_from_today() -> None:
    assert rules.days_left(sched(), date(2021, 1, 24)) == 7
    assert rules.days_left(sched(), date(2021, 2, 3)) == -3
    assert rules.days_left(sched(ongoing=True), date(2021, 2, 3)) is None


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
schedules = st.builds(
    Schedule,
    status=st.sampled_from(list(S)),
    starts_on=days,
    due_on=st.none() | days,
    ongoing=st.booleans(),
    progress=st.integers(0, 100),
)


@given(schedules, days, st.integers(0, 365))
def test_ongoing_tasks_never_turn_red(s: Schedule, today: date, warn_days: int) -> None:
    if s.ongoing:
        assert rules.warning(s, today, warn_days) is None


@given(schedules, days, st.integers(0, 365))
def test_red_exactly_when_open_with_a_passed_deadline(
    s: Schedule, today: date, warn_days: int
) -> None:
    overdue = s.status in rules.OPEN and not s.ongoing and s.due_on is not None and today > s.due_on
    assert (rules.warning(s, today, warn_days) == Colour.RED) == overdue


@given(schedules, days, st.integers(0, 365))
def test_final_tasks_have_no_warning(s: Schedule, today: date, warn_days: int) -> None:
    if s.status in rules.FINAL:
        assert rules.warning(s, today, warn_days) is None


@given(schedules, days, st.integers(0, 365))
def test_blue_only_within_the_window(s: Schedule, today: date, warn_days: int) -> None:
    if rules.warning(s, today, warn_days) == Colour.BLUE:
        assert s.due_on is not None and 0 <= (s.due_on - today).days <= warn_days


@given(schedules, days, st.integers(0, 365))
def test_yellow_only_when_behind_and_not_reported(s: Schedule, today: date, warn_days: int) -> None:
    if rules.warning(s, today, warn_days) == Colour.YELLOW:
        assert s.status != S.REPORTED and rules.behind_schedule(s, today)
        assert s.progress < (rules.expected_progress(s, today) or 0) + 1


@given(schedules, days, st.integers(0, 365), st.integers(0, 100))
def test_more_progress_never_makes_a_warning_worse(
    s: Schedule, today: date, warn_days: int, more: int
) -> None:
    better = Schedule(s.status, s.starts_on, s.due_on, s.ongoing, min(100, s.progress + more))
    severity = {None: 0, **rules.SEVERITY}
    assert (
        severity[rules.warning(better, today, warn_days)]
        <= severity[rules.warning(s, today, warn_days)]
    )


@given(schedules, days, st.integers(1, 3000))
def test_an_overdue_task_stays_red_as_days_pass(s: Schedule, today: date, later: int) -> None:
    if rules.warning(s, today, 7) == Colour.RED:
        assert rules.warning(s, today + timedelta(days=later), 7) == Colour.RED


# --- reminders -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "schedule,today,days,expected",
    [
        (sched(), date(2021, 1, 23), 7, False),
        (sched(), date(2021, 1, 24), 7, True),
        (sched(), date(2021, 3, 1), 0, True),  # overdue
        (sched(status=S.CLOSED), date(2021, 3, 1), 7, False),
        (sched(ongoing=True, due=None), date(2021, 3, 1), 7, False),
        (sched(due=None), date(2021, 3, 1), 7, False),
        (sched(status=S.REPORTED), date(2021, 1, 31), 0, True),
    ],
)
def test_due_for_reminder(schedule: Schedule, today: date, days: int, expected: bool) -> None:
    assert rules.due_for_reminder(schedule, today, days) is expected


# --- roll-up ---------------------------------------------------------------------------------
def test_parent_progress_is_the_weighted_mean_of_its_subtasks_rounded_down() -> None:
    nodes = [
        Node(1, None, S.IN_PROGRESS, 0),
        Node(2, 1, S.IN_PROGRESS, 50, 1),
        Node(3, 1, S.IN_PROGRESS, 20, 2),
        Node(4, 1, S.CLOSED, 0, 1),  # closed counts as 100
        Node(5, 1, S.CANCELLED, 0, 5),  # cancelled is left out
        Node(6, None, S.IN_PROGRESS, 35),  # no sub-tasks: its own
    ]
    # (50*1 + 20*2 + 100*1) / 4 = 47.5
    assert rules.rolled_up(nodes) == {1: 47, 2: 50, 3: 20, 4: 100, 5: 0, 6: 35}


def test_roll_up_goes_through_every_level() -> None:
    nodes = [
        Node(1, None, S.IN_PROGRESS, 0),
        Node(2, 1, S.IN_PROGRESS, 0),
        Node(3, 2, S.CLOSED, 0),
        Node(4, 2, S.IN_PROGRESS, 0),
        Node(5, 1, S.IN_PROGRESS, 100),
    ]
    assert rules.rolled_up(nodes) == {1: 75, 2: 50, 3: 100, 4: 0, 5: 100}


def test_a_parent_whose_subtasks_are_all_cancelled_keeps_its_own_progress() -> None:
    nodes = [Node(1, None, S.IN_PROGRESS, 30), Node(2, 1, S.CANCELLED, 90)]
    assert rules.rolled_up(nodes)[1] == 30


def test_roll_up_survives_a_cycle_and_a_deep_chain() -> None:
    # A cycle (which the service refuses) is cut where it closes: 2 keeps its own 20, and 1
    # rolls up from 2.
    cycle = [Node(1, 2, S.IN_PROGRESS, 10), Node(2, 1, S.IN_PROGRESS, 20)]
    assert rules.rolled_up(cycle) == {1: 20, 2: 20}
    chain = [Node(i, i - 1 if i > 1 else None, S.IN_PROGRESS, 0) for i in range(1, 5001)]
    chain[-1] = Node(5000, 4999, S.CLOSED, 0)
    assert rules.rolled_up(chain)[1] == 100


@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.sampled_from(list(S)), st.integers(1, 100)),
        min_size=1,
        max_size=20,
    )
)
def test_rolled_up_progress_stays_between_0_and_100(children: list[tuple[int, S, int]]) -> None:
    nodes = [Node(1, None, S.IN_PROGRESS, 0)]
    nodes += [Node(i + 2, 1, st_, p, w) for i, (p, st_, w) in enumerate(children)]
    result = rules.rolled_up(nodes)
    assert all(0 <= v <= 100 for v in result.values())
    active = [(p if s != S.CLOSED else 100, w) for p, s, w in children if s != S.CANCELLED]
    if active:
        assert result[1] == sum(p * w for p, w in active) // sum(w for _, w in active)


@pytest.mark.parametrize(
    "parents,task,new_parent,cycle",
    [
        ({1: None, 2: 1, 3: 2}, 1, 3, True),
        ({1: None, 2: 1, 3: 2}, 3, 1, False),
        ({1: None, 2: None}, 1, 1, True),
        ({1: None, 2: None}, 1, 2, False),
    ],
)
def test_would_cycle(
    parents: dict[int, int | None], task: int, new_parent: int, cycle: bool
) -> None:
    assert rules.would_cycle(parents, task, new_parent) is cycle
