"""Vote procedures as data: what each body's statute says about quorum, candidates, ballots,
thresholds, write-ins, ties and shortfalls, with the four presets and their sources.

Pure data and pure functions (no database, no HTTP, no clock). An election or resolution carries
its effective procedure; where it differs from its preset, `deviations` lists each difference so
it can be recorded with the meeting's reason.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


class Base(StrEnum):
    """What a fraction is taken of."""

    PRESENT = "present"  # 实到会有选举权（表决权）的人数
    DUE = "due"  # 应到会有选举权的人数
    ALL = "all"  # 全体代表（会员）人数
    CAST = "cast"  # 收回的选票数 / 参加表决的人数


class CandidateMode(StrEnum):
    DIFFERENTIAL = "differential"  # 差额: more candidates than seats, by at least a share
    EQUAL = "equal"  # 等额: exactly as many candidates as seats
    FREE = "free"  # no rule beyond "at least as many candidates as seats"


class BallotKind(StrEnum):
    SECRET = "secret_ballot"  # 无记名投票
    SHOW_OF_HANDS = "show_of_hands"  # 举手表决
    ROLL_CALL = "roll_call"  # 记名（唱名）表决


class TieRule(StrEnum):
    REVOTE = "revote"  # 再次投票，在得票相等的人中进行
    FURTHER_ELECTION = "further_election"  # the tied seats go to the 另行选举


class ShortfallRule(StrEnum):
    FURTHER_ELECTION = "further_election"  # 对不足的名额另行选举
    REDUCE_SEATS = "reduce_seats"  # 减少名额，不再选举 (when the statute allows it)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Threshold(_Frozen):
    """`numerator/denominator` of `base`; strict is 超过 (>), inclusive is 以上/不少于 (≥)."""

    numerator: int = Field(ge=0, le=1000)
    denominator: int = Field(ge=1, le=1000)
    strict: bool
    base: Base

    @model_validator(mode="after")
    def _proper(self) -> Threshold:
        if self.numerator > self.denominator:
            raise PydanticCustomError(
                "elections_share_above_one",
                "numerator must not exceed denominator (a share of at most 1)",
            )
        return self


class Candidates(_Frozen):
    mode: CandidateMode
    # 差额: at least this share more candidates than seats, rounded up (1/5 = 20%).
    surplus_numerator: int = Field(default=0, ge=0, le=1000)
    surplus_denominator: int = Field(default=1, ge=1, le=1000)


class Procedure(_Frozen):
    name: str = Field(max_length=200)
    source: str = Field(default="", max_length=300)
    quorum: Threshold
    candidates: Candidates
    ballot: BallotKind
    election: Threshold  # to be elected: for-votes against this threshold
    write_ins: bool  # 另选他人, only together with an "against"
    tie: TieRule
    shortfall: ShortfallRule
    resolution: Threshold  # a resolution is adopted when its for-votes pass this
    resolution_ballot: BallotKind


def _t(numerator: int, denominator: int, strict: bool, base: Base) -> Threshold:
    return Threshold(numerator=numerator, denominator=denominator, strict=strict, base=base)


PRESETS: dict[str, Procedure] = {
    "party": Procedure(
        name="党组织（党员大会、党员代表大会）",
        source="《中国共产党基层组织选举工作条例》（2020年）",
        quorum=_t(4, 5, True, Base.DUE),
        candidates=Candidates(
            mode=CandidateMode.DIFFERENTIAL, surplus_numerator=1, surplus_denominator=5
        ),
        ballot=BallotKind.SECRET,
        election=_t(1, 2, True, Base.PRESENT),
        write_ins=True,
        tie=TieRule.REVOTE,
        shortfall=ShortfallRule.FURTHER_ELECTION,
        resolution=_t(1, 2, True, Base.DUE),
        resolution_ballot=BallotKind.SHOW_OF_HANDS,
    ),
    "union": Procedure(
        name="工会（会员大会、会员代表大会）",
        source="《工会基层组织选举工作条例》（2016年）",
        quorum=_t(2, 3, False, Base.DUE),
        candidates=Candidates(
            mode=CandidateMode.DIFFERENTIAL, surplus_numerator=1, surplus_denominator=20
        ),
        ballot=BallotKind.SECRET,
        election=_t(1, 2, True, Base.DUE),
        write_ins=True,
        tie=TieRule.REVOTE,
        shortfall=ShortfallRule.FURTHER_ELECTION,
        resolution=_t(1, 2, True, Base.DUE),
        resolution_ballot=BallotKind.SHOW_OF_HANDS,
    ),
    "league": Procedure(
        name="共青团（团员大会、团员代表大会）",
        source="《中国共产主义青年团基层组织选举工作条例》（2025年）",
        quorum=_t(4, 5, True, Base.DUE),
        candidates=Candidates(
            mode=CandidateMode.DIFFERENTIAL, surplus_numerator=1, surplus_denominator=5
        ),
        ballot=BallotKind.SECRET,
        election=_t(1, 2, True, Base.PRESENT),
        write_ins=True,
        tie=TieRule.REVOTE,
        shortfall=ShortfallRule.FURTHER_ELECTION,
        resolution=_t(1, 2, True, Base.PRESENT),
        resolution_ballot=BallotKind.SHOW_OF_HANDS,
    ),
    "workers_congress": Procedure(
        name="职工代表大会",
        source="《企业民主管理规定》",
        quorum=_t(2, 3, False, Base.ALL),
        candidates=Candidates(mode=CandidateMode.FREE),
        ballot=BallotKind.SECRET,
        election=_t(1, 2, True, Base.ALL),
        write_ins=True,
        tie=TieRule.REVOTE,
        shortfall=ShortfallRule.FURTHER_ELECTION,
        resolution=_t(1, 2, True, Base.ALL),
        resolution_ballot=BallotKind.SHOW_OF_HANDS,
    ),
}


# --- deviations from a preset ----------------------------------------------------------------
def _flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def apply_changes(preset: Procedure, changes: dict[str, Any]) -> Procedure:
    """The preset with some fields changed (nested: {"quorum": {"strict": False}})."""
    return Procedure.model_validate(_merge(preset.model_dump(mode="json"), changes))


class Deviation(_Frozen):
    field: str  # dotted path: "election.base"
    preset: Any
    value: Any


def deviations(preset: Procedure, effective: Procedure) -> list[Deviation]:
    """Every rule (not the name or source) where `effective` differs from `preset`."""
    before = _flatten(preset.model_dump(mode="json"))
    after = _flatten(effective.model_dump(mode="json"))
    return [
        Deviation(field=key, preset=before[key], value=after[key])
        for key in sorted(after)
        if key not in {"name", "source"} and before.get(key) != after[key]
    ]


def changes_of(preset: Procedure, effective: Procedure) -> dict[str, Any]:
    """The deviations as nested changes again (the input of `apply_changes`)."""
    changes: dict[str, Any] = {}
    for deviation in deviations(preset, effective):
        *parents, leaf = deviation.field.split(".")
        target = changes
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = deviation.value
    return changes


# --- candidates ------------------------------------------------------------------------------
def minimum_candidates(seats: int, rule: Candidates) -> int:
    """差额: seats plus the surplus share of seats rounded up (7 seats × 20% → 9)."""
    if seats < 1:
        raise ValueError(f"an election has at least one seat, got {seats}")
    if rule.mode != CandidateMode.DIFFERENTIAL:
        return seats
    extra = -(-seats * rule.surplus_numerator // rule.surplus_denominator)  # ceiling, in integers
    return seats + extra


def candidate_count_problem(
    seats: int, count: int, rule: Candidates
) -> tuple[str, dict[str, Any]] | None:
    """Why `count` candidates do not suit `seats` under the rule, as (code, params), or None."""
    if rule.mode == CandidateMode.EQUAL and count != seats:
        return "candidates_equal_count", {"seats": seats, "count": count}
    needed = minimum_candidates(seats, rule)
    if count < needed:
        params: dict[str, Any] = {"seats": seats, "needed": needed, "count": count}
        if rule.mode == CandidateMode.DIFFERENTIAL:
            share = f"{rule.surplus_numerator}/{rule.surplus_denominator}"
            return "candidates_differential_count", {**params, "share": share}
        return "candidates_too_few", params
    return None
