"""Consistency of a paper count and of a resolution's vote: every inconsistency found, each a
`rules.Problem` naming its field (its words are the catalogue's). Pure, like rules.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from governance.elections.procedures import Procedure
from governance.elections.rules import Ballots, Count, Problem, Voters


def _problem(field: str, code: str, **params: Any) -> Problem:
    return Problem(field=field, code=code, params=params)


def voters_problems(voters: Voters) -> list[Problem]:
    problems = []
    if voters.present > voters.due:
        problems.append(
            _problem(
                "voters_present", "voters_present_over_due", present=voters.present, due=voters.due
            )
        )
    if voters.due > voters.total:
        problems.append(
            _problem("members_total", "voters_due_over_total", due=voters.due, total=voters.total)
        )
    return problems


def tally_problems(
    procedure: Procedure,
    seats: int,
    voters: Voters,
    ballots: Ballots,
    counts: Sequence[Count],
) -> list[Problem]:
    """Every inconsistency of a paper tally, each naming its field. Returned above issued is
    not among them: it makes the election void (a result, see `election_result`)."""
    problems = voters_problems(voters)
    if ballots.issued > voters.present:
        problems.append(
            _problem(
                "ballots_issued",
                "tally_issued_over_present",
                issued=ballots.issued,
                present=voters.present,
            )
        )
    if ballots.valid + ballots.invalid != ballots.returned:
        problems.append(
            _problem(
                "ballots_valid",
                "tally_valid_invalid_mismatch",
                valid=ballots.valid,
                invalid=ballots.invalid,
                total=ballots.valid + ballots.invalid,
                returned=ballots.returned,
            )
        )
    reasons = ballots.over_marked + ballots.stray_marks + ballots.other
    if reasons != ballots.invalid:
        problems.append(
            _problem(
                "ballots_invalid",
                "tally_invalid_reasons_mismatch",
                reasons=reasons,
                over_marked=ballots.over_marked,
                stray_marks=ballots.stray_marks,
                other=ballots.other,
                invalid=ballots.invalid,
            )
        )
    valid = ballots.valid
    for count in counts:
        where = f"{'write_ins' if count.write_in else 'counts'}[{count.name}]"
        for label, value in (
            ("votes_for", count.votes_for),
            ("votes_against", count.votes_against),
            ("votes_abstain", count.votes_abstain),
        ):
            if value > valid:
                problems.append(
                    _problem(
                        f"{where}.{label}",
                        f"tally_{label.removeprefix('votes_')}_over_valid",
                        name=count.name,
                        value=value,
                        valid=valid,
                    )
                )
        marks = count.votes_for + count.votes_against + count.votes_abstain
        if marks > valid and not count.write_in:
            problems.append(
                _problem(
                    where,
                    "tally_marks_over_valid",
                    name=count.name,
                    votes_for=count.votes_for,
                    against=count.votes_against,
                    abstain=count.votes_abstain,
                    marks=marks,
                    valid=valid,
                )
            )
    total_for = sum(c.votes_for for c in counts)
    if total_for > seats * valid:
        problems.append(
            _problem(
                "counts",
                "tally_for_over_seats",
                total=total_for,
                valid=valid,
                seats=seats,
                most=seats * valid,
            )
        )
    write_ins = [c for c in counts if c.write_in]
    if write_ins and not procedure.write_ins:
        problems.append(_problem("write_ins", "tally_write_ins_not_allowed"))
    written = sum(c.votes_for for c in write_ins)
    against = sum(c.votes_against for c in counts if not c.write_in)
    if written > against:
        problems.append(
            _problem("write_ins", "tally_write_ins_over_against", written=written, against=against)
        )
    return problems


def resolution_problems(
    voters: Voters, votes_for: int, against: int, abstain: int
) -> list[Problem]:
    problems = voters_problems(voters)
    cast = votes_for + against + abstain
    if cast > voters.present:
        problems.append(
            _problem(
                "votes_for",
                "resolution_votes_over_present",
                votes_for=votes_for,
                against=against,
                abstain=abstain,
                cast=cast,
                present=voters.present,
            )
        )
    return problems
