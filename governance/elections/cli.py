"""`governance elections …`: list and show elections, enter a tally from a file, certify, print
the announcement, write the tally sheet, open the next round."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError

from governance.core.commands import command_session, fail
from governance.core.yamltext import load_yaml
from governance.elections import outputs, service, tallies
from governance.elections.schemas import CertifyIn, ElectionRead, TallyIn

elections_app = typer.Typer(
    help="Elections and their paper tallies (选举、计票).", no_args_is_help=True
)

ElectionId = Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="The election's id.")]
Counts = Annotated[bool, typer.Option("--counts", help="Print each name's for-votes.")]
STATUS = {"draft": "未计票", "counted": "已计票，未确认", "certified": "已确认"}
RESULT = {"valid": "有效", "void": "无效（收回选票多于发出选票）", "no_quorum": "不足法定人数"}
OUTCOME = {"elected": "当选", "not_elected": "未当选", "tied": "得票相等"}
ROUND = {"revote": "再次投票", "further_election": "另行选举", "rerun": "重新选举"}


def _read_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{path}: cannot read: {exc}") from exc
    try:
        return json.loads(text) if path.suffix == ".json" else load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix == ".json" else "YAML"
        raise fail(f"{path}: not valid {kind}: {exc}") from exc


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(parts)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cells(*cells: object) -> str:
    """One table row: a name left-aligned in 12 columns, then columns of 6, right-aligned, as a
    terminal shows them (a Chinese character takes two columns)."""
    name, *rest = (str(cell) for cell in cells)
    last = rest.pop()
    row = name + " " * (12 - _width(name))
    row += "".join(" " * (6 - _width(cell)) + cell for cell in rest)
    return f"{row}  {last}"


def _print(election: ElectionRead) -> None:
    """The election and its result, as a secretary checks it against the paper tally."""
    typer.echo(f"选举 {election.id}：{election.title}（第{election.round_number}轮）")
    typer.echo(f"会议：{election.event.title}（{election.event.date_label}）")
    typer.echo(f"状态：{STATUS[election.status]}")
    if election.tally and election.tally.certified_by:
        typer.echo(f"确认人：{election.tally.certified_by}（第{election.tally.version}版）")
    typer.echo(
        f"应选：{election.seats}名；应到：{election.voters_due}；实到：{election.voters_present}"
    )
    result = election.result
    if result is None or election.tally is None:
        typer.echo("候选人（按姓氏笔画为序）：" + "、".join(c.name for c in election.candidates))
        return
    tally = election.tally
    typer.echo(
        f"选票：发出{tally.ballots_issued}，收回{tally.ballots_returned}，"
        f"有效{tally.ballots_valid}，无效{tally.ballots_invalid}"
    )
    typer.echo(f"结果：{RESULT[result.status]}；当选至少{result.votes_needed}票")
    typer.echo(_cells("姓名", "赞成", "反对", "弃权", "结果"))
    for c in result.candidates:
        name = c.name + ("（另选）" if c.write_in else "")
        typer.echo(_cells(name, c.votes_for, c.votes_against, c.votes_abstain, OUTCOME[c.outcome]))
    typer.echo("当选：" + ("、".join(result.elected) or "无"))
    if result.next_round:
        plan = result.next_round
        typer.echo(
            f"下一轮：{ROUND[plan.kind]}，{plan.seats}名，候选人：{'、'.join(plan.candidates)}"
        )


@elections_app.command("list")
def list_command(
    event_id: Annotated[int | None, typer.Option(min=1, help="Only this event's.")] = None,
) -> None:
    """List elections: id, status, seats and title."""
    with command_session() as session:
        items, _ = service.list_elections(session, event_id, 500, 0)
    for item in items:
        typer.echo(f"{item.id}\t{STATUS[item.status]}\t{item.seats}名\t{item.title}")


@elections_app.command("procedures")
def procedures_command() -> None:
    """Print the preset vote procedures as JSON."""
    presets = [p.model_dump(mode="json") for p in service.presets()]
    typer.echo(json.dumps(presets, ensure_ascii=False, indent=1))


@elections_app.command("show")
def show_command(election_id: ElectionId) -> None:
    """Print an election with its count and computed result."""
    with command_session() as session:
        _print(service.election_read(session, service.get_election(session, election_id)))


@elections_app.command("tally")
def tally_command(
    election_id: ElectionId,
    file: Annotated[Path, typer.Argument(help="The count as YAML or JSON (fields of TallyIn).")],
    certify_by: Annotated[
        str | None, typer.Option("--certify-by", help="Certify it at once, by this person.")
    ] = None,
) -> None:
    """Enter the paper tally of an election from a file and print the result."""
    try:
        data = TallyIn.model_validate(_read_file(file))
        certify = CertifyIn(certified_by=certify_by) if certify_by is not None else None
    except ValidationError as exc:
        raise fail(f"{file}: {_validation_message(exc)}") from exc
    with command_session() as session:
        tallies.enter_tally(session, election_id, data)
        if certify is not None:
            tallies.certify(session, election_id, certify)
        _print(service.election_read(session, service.get_election(session, election_id)))


@elections_app.command("certify")
def certify_command(
    election_id: ElectionId,
    by: Annotated[str, typer.Option("--by", help="Who certifies the result.")],
) -> None:
    """Certify the latest count: it can no longer change (a correction is a new version)."""
    try:
        data = CertifyIn(certified_by=by)
    except ValidationError as exc:
        raise fail(f"--by: {_validation_message(exc)}") from exc
    with command_session() as session:
        tallies.certify(session, election_id, data)
        _print(service.election_read(session, service.get_election(session, election_id)))


@elections_app.command("announce")
def announce_command(election_id: ElectionId, counts: Counts = False) -> None:
    """Print the result announcement (当选名单 in surname stroke order)."""
    with command_session() as session:
        document = tallies.election_document(session, election_id)
    typer.echo(outputs.announcement(document, counts=counts), nl=False)


@elections_app.command("sheet")
def sheet_command(
    election_id: ElectionId,
    out: Annotated[Path, typer.Argument(help="Where to write the .docx file.")],
) -> None:
    """Write the tally sheet (计票结果报告单) as a Word document."""
    with command_session() as session:
        document = tallies.election_document(session, election_id)
    try:
        out.write_bytes(outputs.tally_sheet_docx(document))
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc}") from exc
    typer.echo(f"Wrote {out}")


@elections_app.command("round")
def round_command(election_id: ElectionId) -> None:
    """Open the round a certified result calls for (re-vote, 另行选举 or re-run)."""
    with command_session() as session:
        election = tallies.create_next_round(session, election_id)
        _print(service.election_read(session, election))
