"""The live checks of the tally form: the submitted form read into the counting rules' inputs,
every inconsistency next to its field, and the result it would give. Problems are kept as
(code, params) until the page renders them (`in_chinese`): the words are the catalogue's
(templates/messages/elections.yaml), and whether a field is merely empty is told by its code.

The page calls the same functions while the numbers are typed (a fragment) and on submit (the
service then checks again and stores). Pure: no database, no HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.core import messages
from governance.core.pages.forms import MAX_COUNT, text
from governance.elections import consistency, rules
from governance.elections.procedures import Base, Procedure

OPTIONAL_BALLOT_FIELDS = {"invalid_over_marked", "invalid_stray_marks", "invalid_other"}
WRITE_IN_ROWS = 3
MAX_NAME = 50
Coded = tuple[str, dict[str, Any]]  # a problem as (code, params), rendered by the page
# Codes of a field left empty: counted as "not yet typed", and not flagged while typing.
EMPTY_CODES = {"required", "tally_attendance_unknown"}
BASE_LABELS = {
    Base.PRESENT: "实到会有选举权的人数",
    Base.DUE: "应到会有选举权的人数",
    Base.ALL: "全体代表（成员）人数",
    Base.CAST: "收回选票数",
}


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class TallyForm:
    """What was typed, read into numbers; `errors` holds the problem of each field."""

    voters: rules.Voters | None
    ballots: rules.Ballots | None
    counts: list[rules.Count]
    errors: dict[str, Coded] = field(default_factory=dict)
    missing: int = 0


def in_chinese(problems: dict[str, Coded]) -> dict[str, str]:
    """The problems as the catalogue's Chinese, by field."""
    return {key: messages.render(code, params, "zh") for key, (code, params) in problems.items()}


def number(
    form: dict[str, Any], key: str, errors: dict[str, Coded], required: bool = True
) -> int | None:
    """A whole number ≥ 0, or None (pageforms.number, keeping the problem as a code)."""
    raw = text(form, key)
    if not raw:
        if required:
            errors[key] = ("required", {})
        return None
    if not raw.isdigit():
        errors[key] = ("not_a_count", {})
        return None
    value = int(raw)
    if value > MAX_COUNT:
        errors[key] = ("too_large", {"max": MAX_COUNT})
        return None
    return value


def read_form(
    form: dict[str, Any], candidates: list[str], frozen: dict[str, int | None]
) -> TallyForm:
    """Numbers of the tally form. Candidate rows are `for_i`, `against_i`, `abstain_i` in the
    order of `candidates`; write-ins `wi_name_j`, `wi_votes_j`. Attendance falls back to
    `frozen` (the election's or event's numbers) when left empty."""
    errors: dict[str, Coded] = {}
    got: dict[str, int] = {}
    for name in rules.BALLOT_FIELDS:
        value = number(form, name, errors, required=name not in OPTIONAL_BALLOT_FIELDS)
        got[name] = value if value is not None else 0
    for name in ("voters_due", "voters_present", "members_total"):
        value = number(form, name, errors, required=False)
        fallback = frozen.get(name)
        if value is None and name == "members_total":
            fallback = fallback if fallback is not None else got.get("voters_due")
        if value is None and fallback is None and name != "members_total":
            which = name.removeprefix("voters_")
            errors.setdefault(name, ("tally_attendance_unknown", {"which": which}))
        got[name] = value if value is not None else (fallback or 0)
    if not text(form, "members_total") and frozen.get("members_total") is None:
        got["members_total"] = got["voters_due"]
    counts: list[rules.Count] = []
    for i, name in enumerate(candidates):
        votes = [
            number(form, f"{kind}_{i}", errors, required=kind == "for")
            for kind in ("for", "against", "abstain")
        ]
        counts.append(
            rules.Count(
                name=name,
                votes_for=votes[0] or 0,
                votes_against=votes[1] or 0,
                votes_abstain=votes[2] or 0,
            )
        )
    seen = set(candidates)
    for j in range(WRITE_IN_ROWS):
        wi_name = text(form, f"wi_name_{j}")
        wi_votes = number(form, f"wi_votes_{j}", errors, required=bool(wi_name))
        if not wi_name:
            if wi_votes:
                errors[f"wi_name_{j}"] = ("tally_write_in_name_required", {})
            continue
        if len(wi_name) > MAX_NAME:
            errors[f"wi_name_{j}"] = ("too_long", {"max": MAX_NAME})
        elif wi_name in seen:
            errors[f"wi_name_{j}"] = ("tally_write_in_listed", {"name": wi_name})
        seen.add(wi_name)
        counts.append(rules.Count(name=wi_name, votes_for=wi_votes or 0, write_in=True))
    missing = sum(1 for code, _ in errors.values() if code in EMPTY_CODES)
    voters = rules.Voters(
        due=got["voters_due"], present=got["voters_present"], total=got["members_total"]
    )
    ballots = rules.Ballots(
        issued=got["ballots_issued"],
        returned=got["ballots_returned"],
        valid=got["ballots_valid"],
        invalid=got["ballots_invalid"],
        over_marked=got["invalid_over_marked"],
        stray_marks=got["invalid_stray_marks"],
        other=got["invalid_other"],
    )
    return TallyForm(voters=voters, ballots=ballots, counts=counts, errors=errors, missing=missing)


def _row_field(where: str, candidates: list[str], counts: list[rules.Count]) -> str:
    """`counts[李娜].votes_for` → the form field `for_2`; write-ins → `wi_votes_j`."""
    head, _, part = where.partition(".")
    name = head[head.index("[") + 1 : -1]
    if head.startswith("write_ins"):
        write_ins = [c.name for c in counts if c.write_in]
        return f"wi_votes_{write_ins.index(name)}" if name in write_ins else "write_ins"
    if name not in candidates:
        return "counts"
    i = candidates.index(name)
    return f"{part.removeprefix('votes_') if part else 'for'}_{i}"


def count_problems(
    procedure: Procedure,
    seats: int,
    tally: TallyForm,
    candidates: list[str],
) -> dict[str, Coded]:
    """The counting rules' problems, each under its form field (a vote under its row's cell)."""
    assert tally.voters is not None and tally.ballots is not None
    out: dict[str, Coded] = {}
    for problem in consistency.tally_problems(
        procedure, seats, tally.voters, tally.ballots, tally.counts
    ):
        target = problem.field
        if target.startswith(("counts[", "write_ins[")):
            target = _row_field(target, candidates, tally.counts)
        out.setdefault(target, (problem.code, problem.params))
    return out


def checks(
    procedure: Procedure,
    seats: int,
    tally: TallyForm,
    result: rules.ElectionResult,
    problems: dict[str, Coded],
) -> list[Check]:
    """The list the clerk sees beside the form: each rule met or not, with the numbers."""
    assert tally.voters is not None and tally.ballots is not None
    v, b = tally.voters, tally.ballots
    votes_ok = not any(k.startswith(("for_", "against_", "abstain_")) for k in problems)
    return [
        Check(
            "收回选票不多于发出选票",
            b.returned <= b.issued,
            f"发出 {b.issued} 张，收回 {b.returned} 张"
            + ("" if b.returned <= b.issued else "：选举无效，应重新选举"),
        ),
        Check("发出选票不多于实到人数", "ballots_issued" not in problems, f"实到 {v.present} 人"),
        Check(
            "有效票 + 无效票 = 收回选票",
            "ballots_valid" not in problems,
            f"{b.valid} + {b.invalid} = {b.valid + b.invalid}，收回 {b.returned}",
        ),
        Check(
            "无效票原因合计 = 无效票",
            "ballots_invalid" not in problems,
            f"{b.over_marked} + {b.stray_marks} + {b.other} = "
            f"{b.over_marked + b.stray_marks + b.other}，无效票 {b.invalid}",
        ),
        Check("每人得票不多于有效票", votes_ok, f"有效票 {b.valid} 张"),
        Check(
            "赞成票合计不多于 名额 × 有效票",
            "counts" not in problems,
            f"{sum(c.votes_for for c in tally.counts)} ≤ {seats} × {b.valid} = {seats * b.valid}",
        ),
        Check(
            "另选他人不多于反对票",
            "write_ins" not in problems,
            f"另选他人 {sum(c.votes_for for c in tally.counts if c.write_in)} 票",
        ),
        Check(
            "到会人数符合法定人数",
            result.quorum_met,
            f"应到 {v.due} 人，实到 {v.present} 人，至少需 {result.quorum_needed} 人",
        ),
    ]


# What `evaluate` finds: (typed, problems by field, checks, result).
Evaluation = tuple[TallyForm, dict[str, Coded], list[Check], rules.ElectionResult]


def evaluate(
    procedure: Procedure,
    seats: int,
    form: dict[str, Any],
    candidates: list[str],
    frozen: dict[str, int | None],
) -> Evaluation:
    """Read, check and count a submitted tally form: (typed, problems by field, checks, result)."""
    tally = read_form(form, candidates, frozen)
    problems = dict(tally.errors)
    for key, problem in count_problems(procedure, seats, tally, candidates).items():
        problems.setdefault(key, problem)
    assert tally.voters is not None and tally.ballots is not None
    result = rules.election_result(procedure, seats, tally.voters, tally.ballots, tally.counts)
    return tally, problems, checks(procedure, seats, tally, result, problems), result
