"""Counting rules: quorum, who is elected, and whether a resolution passes (whether the counts
are consistent: consistency.py).

Pure functions over the procedure (procedures.py) and the counts: no database, no HTTP, no clock.
Every comparison is made in integers ("超过" is >, "以上" is ≥): `5*present > 4*due`, never
floating point, so exactly half fails a "more than half" rule. An inconsistency is a `Problem`:
its field, a code and the numbers; the words are the catalogue's (templates/messages/).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from governance.core import messages
from governance.elections.procedures import Base, Procedure, ShortfallRule, Threshold, TieRule
from governance.elections.strokes import stroke_order, stroke_sorted


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Voters(_Frozen):
    due: int = Field(ge=0, description="应到会有选举权（表决权）的人数")
    present: int = Field(ge=0, description="实到会有选举权（表决权）的人数")
    total: int = Field(ge=0, description="全体代表（会员）人数")


class Ballots(_Frozen):
    issued: int = Field(ge=0, description="发出选票")
    returned: int = Field(ge=0, description="收回选票")
    valid: int = Field(ge=0, description="有效票")
    invalid: int = Field(ge=0, description="无效票")
    over_marked: int = Field(default=0, ge=0, description="无效：所选人数多于应选人数")
    stray_marks: int = Field(default=0, ge=0, description="无效：有其他标记或无法辨认")
    other: int = Field(default=0, ge=0, description="无效：其他原因")


# Ballots' fields as the tally form, the API and the stored count name them.
BALLOT_FIELDS = (
    "ballots_issued",
    "ballots_returned",
    "ballots_valid",
    "ballots_invalid",
    "invalid_over_marked",
    "invalid_stray_marks",
    "invalid_other",
)


class Count(_Frozen):
    """One name's votes: a candidate's for / against / abstain, or a write-in's for-votes."""

    name: str
    votes_for: int = Field(ge=0)
    votes_against: int = Field(default=0, ge=0)
    votes_abstain: int = Field(default=0, ge=0)
    write_in: bool = False


class Problem(_Frozen):
    """One inconsistency, naming its field; its words are the catalogue's
    (templates/messages/elections.yaml): `message` in Chinese, `detail` in English."""

    field: str
    code: str
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def message(self) -> str:
        return messages.render(self.code, self.params, "zh")

    @property
    def detail(self) -> str:
        return messages.render(self.code, self.params, "en")


class Status(StrEnum):
    VALID = "valid"
    VOID = "void"  # more ballots returned than issued: 选举无效，重新选举
    NO_QUORUM = "no_quorum"  # too few present: the vote cannot be held


class Outcome(StrEnum):
    ELECTED = "elected"
    NOT_ELECTED = "not_elected"
    TIED = "tied"  # tied at the cut-off: goes to a re-vote (or further election)


class RoundKind(StrEnum):
    FIRST = "first"
    REVOTE = "revote"  # among the tied only
    FURTHER = "further_election"  # 另行选举 for the seats still empty
    RERUN = "rerun"  # the whole election again, after a void one


class CandidateResult(_Frozen):
    name: str
    write_in: bool
    votes_for: int
    votes_against: int
    votes_abstain: int
    reached_threshold: bool
    outcome: Outcome


class NextRound(_Frozen):
    kind: RoundKind
    seats: int
    candidates: list[str] = Field(description="Revote: the tied; further election: by votes")


class ElectionResult(_Frozen):
    status: Status
    quorum_met: bool
    quorum_needed: int = Field(description="Fewest voters present that meet the quorum")
    threshold_base: int = Field(description="The number the election threshold is a share of")
    votes_needed: int = Field(description="Fewest for-votes that reach the threshold")
    seats: int
    elected: list[str] = Field(description="In surname stroke order")
    candidates: list[CandidateResult] = Field(description="In surname stroke order")
    vacant_seats: int = Field(description="Seats neither filled nor tied")
    next_round: NextRound | None


class ResolutionResult(_Frozen):
    quorum_met: bool
    quorum_needed: int
    threshold_base: int
    votes_needed: int
    adopted: bool


# --- thresholds ------------------------------------------------------------------------------
def met(value: int, base_value: int, threshold: Threshold) -> bool:
    """value / base_value > (or ≥) numerator / denominator, compared in integers."""
    left = value * threshold.denominator
    right = threshold.numerator * base_value
    return left > right if threshold.strict else left >= right


def least_passing(base_value: int, threshold: Threshold) -> int:
    """The smallest integer that meets the threshold (超过半数 of 41 → 21; of 40 → 21)."""
    product = threshold.numerator * base_value
    if threshold.strict:
        return product // threshold.denominator + 1
    return -(-product // threshold.denominator)


def base_value(base: Base, voters: Voters, cast: int) -> int:
    return {
        Base.PRESENT: voters.present,
        Base.DUE: voters.due,
        Base.ALL: voters.total,
        Base.CAST: cast,
    }[base]


def quorum_met(procedure: Procedure, voters: Voters) -> bool:
    quorum = procedure.quorum
    return met(voters.present, base_value(quorum.base, voters, voters.present), quorum)


def _quorum_needed(procedure: Procedure, voters: Voters) -> int:
    quorum = procedure.quorum
    return least_passing(base_value(quorum.base, voters, voters.present), quorum)


# --- results ---------------------------------------------------------------------------------
def election_result(
    procedure: Procedure,
    seats: int,
    voters: Voters,
    ballots: Ballots,
    counts: Sequence[Count],
) -> ElectionResult:
    """Who is elected, who is tied at the cut-off, and which round must follow.

    Only people whose for-votes reach the threshold can be elected; of those, the most votes
    win. A tie for the last seat(s) elects none of the tied: they go to a re-vote among
    themselves (or to the further election). Seats nobody reached are never filled from below
    the threshold: they go to a further election (另行选举), or stay empty where the statute
    lets the meeting reduce the seats. The answer does not depend on the order of `counts`.
    """
    base = base_value(procedure.election.base, voters, ballots.returned)
    needed = least_passing(base, procedure.election)
    quorum = quorum_met(procedure, voters)
    status = Status.VALID
    if not quorum:
        status = Status.NO_QUORUM
    elif ballots.returned > ballots.issued:
        status = Status.VOID
    passing = [c for c in counts if met(c.votes_for, base, procedure.election)]
    elected: list[Count] = []
    tied: list[Count] = []
    if status == Status.VALID:
        ranked = sorted(passing, key=lambda c: -c.votes_for)
        if len(ranked) <= seats:
            elected = ranked
        else:
            cutoff = ranked[seats - 1].votes_for
            elected = [c for c in ranked if c.votes_for > cutoff]
            at_cutoff = [c for c in ranked if c.votes_for == cutoff]
            if len(elected) + len(at_cutoff) <= seats:
                elected += at_cutoff
            else:
                tied = at_cutoff
    open_seats = seats - len(elected)
    next_round = _next_round(procedure, status, seats, counts, elected, tied, open_seats)
    vacant = 0 if tied and procedure.tie == TieRule.REVOTE else open_seats
    elected_names = {c.name for c in elected}
    passing_names = {c.name for c in passing}
    tied_names = {c.name for c in tied}
    return ElectionResult(
        status=status,
        quorum_met=quorum,
        quorum_needed=_quorum_needed(procedure, voters),
        threshold_base=base,
        votes_needed=needed,
        seats=seats,
        elected=stroke_sorted(c.name for c in elected),
        candidates=[
            CandidateResult(
                name=c.name,
                write_in=c.write_in,
                votes_for=c.votes_for,
                votes_against=c.votes_against,
                votes_abstain=c.votes_abstain,
                reached_threshold=c.name in passing_names,
                outcome=Outcome.ELECTED
                if c.name in elected_names
                else Outcome.TIED
                if c.name in tied_names
                else Outcome.NOT_ELECTED,
            )
            for c in sorted(counts, key=lambda c: (c.write_in, stroke_order(c.name)))
        ],
        vacant_seats=vacant,
        next_round=next_round,
    )


def _by_votes(counts: Sequence[Count]) -> list[str]:
    return [c.name for c in sorted(counts, key=lambda c: (-c.votes_for, stroke_order(c.name)))]


def _next_round(
    procedure: Procedure,
    status: Status,
    seats: int,
    counts: Sequence[Count],
    elected: list[Count],
    tied: list[Count],
    open_seats: int,
) -> NextRound | None:
    if status == Status.NO_QUORUM:
        return None
    nominated = [c for c in counts if not c.write_in]
    if status == Status.VOID:
        return NextRound(kind=RoundKind.RERUN, seats=seats, candidates=_by_votes(nominated))
    if tied and procedure.tie == TieRule.REVOTE:
        return NextRound(kind=RoundKind.REVOTE, seats=open_seats, candidates=_by_votes(tied))
    if tied or (open_seats and procedure.shortfall == ShortfallRule.FURTHER_ELECTION):
        chosen = {c.name for c in elected}
        rest = [c for c in counts if c.name not in chosen and (not c.write_in or c in tied)]
        return NextRound(kind=RoundKind.FURTHER, seats=open_seats, candidates=_by_votes(rest))
    return None


# --- resolutions -----------------------------------------------------------------------------
def resolution_result(
    procedure: Procedure, voters: Voters, votes_for: int, against: int, abstain: int
) -> ResolutionResult:
    """Adopted when the quorum is met and the for-votes pass the procedure's threshold;
    abstentions count as taking part, never as for-votes."""
    base = base_value(procedure.resolution.base, voters, votes_for + against + abstain)
    quorum = quorum_met(procedure, voters)
    return ResolutionResult(
        quorum_met=quorum,
        quorum_needed=_quorum_needed(procedure, voters),
        threshold_base=base,
        votes_needed=least_passing(base, procedure.resolution),
        adopted=quorum and met(votes_for, base, procedure.resolution),
    )
