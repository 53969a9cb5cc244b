"""The live checks of the tally form: the submitted form read into the counting rules' inputs,
every inconsistency worded in Chinese next to its field, and the result it would give.

The page calls the same functions while the numbers are typed (a fragment) and on submit (the
service then checks again and stores). Pure: no database, no HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from governance.elections import rules
from governance.elections.procedures import Base, Procedure
from governance.pageforms import number, required_message, text

BALLOT_FIELDS = (
    "ballots_issued",
    "ballots_returned",
    "ballots_valid",
    "ballots_invalid",
    "invalid_over_marked",
    "invalid_stray_marks",
    "invalid_other",
)
OPTIONAL_BALLOT_FIELDS = {"invalid_over_marked", "invalid_stray_marks", "invalid_other"}
WRITE_IN_ROWS = 3
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
    """What was typed, read into numbers; `errors` holds the Chinese message of each field."""

    voters: rules.Voters | None
    ballots: rules.Ballots | None
    counts: list[rules.Count]
    errors: dict[str, str] = field(default_factory=dict)
    missing: int = 0


def read_form(
    form: dict[str, Any], candidates: list[str], frozen: dict[str, int | None]
) -> TallyForm:
    """Numbers of the tally form. Candidate rows are `for_i`, `against_i`, `abstain_i` in the
    order of `candidates`; write-ins `wi_name_j`, `wi_votes_j`. Attendance falls back to
    `frozen` (the election's or event's numbers) when left empty."""
    errors: dict[str, str] = {}
    missing = 0
    got: dict[str, int] = {}
    for name in BALLOT_FIELDS:
        value = number(form, name, errors, required=name not in OPTIONAL_BALLOT_FIELDS)
        got[name] = value if value is not None else 0
    for name in ("voters_due", "voters_present", "members_total"):
        value = number(form, name, errors, required=False)
        fallback = frozen.get(name)
        if value is None and name == "members_total":
            fallback = fallback if fallback is not None else got.get("voters_due")
        if value is None and fallback is None and name != "members_total":
            errors.setdefault(name, f"{required_message()}（会议未记录应到、实到人数）")
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
                errors[f"wi_name_{j}"] = "请填写另选他人的姓名"
            continue
        if len(wi_name) > 50:
            errors[f"wi_name_{j}"] = "最多 50 个字"
        elif wi_name in seen:
            errors[f"wi_name_{j}"] = f"{wi_name}已列出：候选人的票请填在候选人一行，同一人只写一行"
        seen.add(wi_name)
        counts.append(rules.Count(name=wi_name, votes_for=wi_votes or 0, write_in=True))
    missing = sum(1 for message in errors.values() if message.startswith(required_message()))
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


def problems_in_chinese(
    procedure: Procedure,
    seats: int,
    tally: TallyForm,
    candidates: list[str],
) -> dict[str, str]:
    """The counting rules' problems, each as a Chinese message under its form field."""
    assert tally.voters is not None and tally.ballots is not None
    v, b, counts = tally.voters, tally.ballots, tally.counts
    out: dict[str, str] = {}
    for problem in rules.tally_problems(procedure, seats, v, b, counts):
        f = problem.field
        if f == "voters_present":
            out[f] = f"实到 {v.present} 人，多于应到的 {v.due} 人"
        elif f == "members_total":
            out[f] = f"应到 {v.due} 人，多于全体 {v.total} 人"
        elif f == "ballots_issued":
            out[f] = f"发出选票 {b.issued} 张，多于实到的 {v.present} 人"
        elif f == "ballots_valid":
            out[f] = (
                f"有效票 {b.valid} + 无效票 {b.invalid} = {b.valid + b.invalid} 张，"
                f"与收回的 {b.returned} 张不符"
            )
        elif f == "ballots_invalid":
            reasons = b.over_marked + b.stray_marks + b.other
            out[f] = f"无效票的原因合计 {reasons} 张，与无效票 {b.invalid} 张不符"
        elif f == "counts":
            total = sum(c.votes_for for c in counts)
            out[f] = (
                f"赞成票合计 {total} 票，多于 应选名额 {seats} × 有效票 {b.valid} = "
                f"{seats * b.valid} 票：有选票所选人数多于应选名额，应作废"
            )
        elif f == "write_ins":
            if not procedure.write_ins:
                out[f] = "本选举办法不允许另选他人"
            else:
                written = sum(c.votes_for for c in counts if c.write_in)
                against = sum(c.votes_against for c in counts if not c.write_in)
                out[f] = (
                    f"另选他人共 {written} 票，多于反对票 {against} 票：只有投反对票时才能另选他人"
                )
        elif f.startswith(("counts[", "write_ins[")):
            target = _row_field(f, candidates, counts)
            name = f[f.index("[") + 1 : f.index("]")]
            count = next(c for c in counts if c.name == name)
            if "." in f:
                kind = {"for": "赞成", "against": "反对", "abstain": "弃权"}[
                    f.rsplit(".", 1)[1].removeprefix("votes_")
                ]
                value = getattr(count, f.rsplit(".", 1)[1])
                out.setdefault(target, f"{name}{kind} {value} 票，多于有效票 {b.valid} 张")
            else:
                marks = count.votes_for + count.votes_against + count.votes_abstain
                out.setdefault(
                    target,
                    f"{name}赞成、反对、弃权合计 {marks} 票，多于有效票 {b.valid} 张",
                )
        else:
            out.setdefault(f, problem.message)
    return out


def checks(
    procedure: Procedure,
    seats: int,
    tally: TallyForm,
    result: rules.ElectionResult,
    problems: dict[str, str],
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


def evaluate(
    procedure: Procedure,
    seats: int,
    form: dict[str, Any],
    candidates: list[str],
    frozen: dict[str, int | None],
) -> tuple[TallyForm, dict[str, str], list[Check], rules.ElectionResult]:
    """Read, check and count a submitted tally form: (typed, problems by field, checks, result)."""
    tally = read_form(form, candidates, frozen)
    problems = dict(tally.errors)
    for key, message in problems_in_chinese(procedure, seats, tally, candidates).items():
        problems.setdefault(key, message)
    assert tally.voters is not None and tally.ballots is not None
    result = rules.election_result(procedure, seats, tally.voters, tally.ballots, tally.counts)
    return tally, problems, checks(procedure, seats, tally, result, problems), result
