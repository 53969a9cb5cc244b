"""`governance audit show TABLE ID` and `governance events restore ID`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from governance.audit import service
from governance.audit.models import AuditEntry
from governance.core.commands import command_session
from governance.core.timing import SHANGHAI
from governance.records import bin as event_bin

audit_app = typer.Typer(help="The audit trail: who changed what, when.", no_args_is_help=True)
events_app = typer.Typer(help="Events kept in the bin.", no_args_is_help=True)


def describe(entry: AuditEntry) -> str:
    """One entry as lines a person reads: time (Asia/Shanghai), who, what, then each change."""
    when = entry.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    who = entry.actor if entry.actor_id is None else f"{entry.actor} (#{entry.actor_id})"
    head = f"{when}  {who}  {entry.action} {entry.table_name} {entry.record_id}"
    if entry.request_id:
        head += f"  [{entry.request_id}]"
    lines = [head]
    for column, change in entry.changes.items():
        before = json.dumps(change.get("before"), ensure_ascii=False)
        after = json.dumps(change.get("after"), ensure_ascii=False)
        lines.append(f"    {column}: {before} → {after}")
    return "\n".join(lines)


@audit_app.command("show")
def show(
    table: Annotated[str, typer.Argument(help="Table of the record: event, task, organisation…")],
    record_id: Annotated[int, typer.Argument(help="Id of the record")],
) -> None:
    """Print the history of one record, oldest first (its lists included)."""
    with command_session(migrate=False) as session:
        found = service.history(session, table, record_id)
    if not found:
        typer.echo(f"no audit entries for {table} {record_id}")
        return
    for entry in found:
        typer.echo(describe(entry))


@events_app.command("restore")
def restore(event_id: Annotated[int, typer.Argument(help="Id of the deleted event")]) -> None:
    """Bring a deleted event back from the bin."""
    with command_session(migrate=False) as session:
        event = event_bin.restore_event(session, event_id)
        typer.echo(f"restored event {event.id}: {event.title}")
