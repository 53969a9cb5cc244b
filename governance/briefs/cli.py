"""`governance brief`, `governance minutes` and `governance brief-batch`: Word drafts on disk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from governance.briefs import docx_brief, docx_minutes, service
from governance.core.commands import command_session, fail
from governance.core.errors import DomainError

EventId = Annotated[int, typer.Argument(min=1, max=2**31 - 1, help="The event's id.")]
Output = Annotated[Path, typer.Option("-o", "--output", help="The file to write.")]
Template = Annotated[
    str | None, typer.Option("--template", help="Another template of templates/briefs/.")
]
Day = Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="A day, YYYY-MM-DD.")]


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise fail(f"{path}: cannot write: {exc.strerror or exc}") from exc


def brief_command(
    event_id: EventId,
    output: Output,
    template: Template = None,
    also: Annotated[
        list[int] | None, typer.Option("--also", help="An event appended as 又讯 (repeatable).")
    ] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", help="An author's name (repeatable).")
    ] = None,
) -> None:
    """Write an event's news brief (本报讯) as Word (.docx), or as text when FILE ends in .txt."""
    with command_session() as session:
        try:
            draft = service.brief(session, event_id, template, also or [], author or [])
        except DomainError as exc:
            raise fail(exc.detail) from exc
    as_text = output.suffix.lower() == ".txt"
    _write(output, draft.text().encode("utf-8") if as_text else docx_brief.render(draft))
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Wrote {output}: {draft.headline}")


def minutes_command(event_id: EventId, output: Output, template: Template = None) -> None:
    """Write an event's minutes (会议纪要, GB/T 9704-2012 layout) as Word (.docx)."""
    with command_session() as session:
        try:
            draft = service.minutes(session, event_id, template)
        except DomainError as exc:
            raise fail(exc.detail) from exc
    _write(output, docx_minutes.render(draft))
    typer.echo(f"Wrote {output}: {draft.title}")


def batch_command(
    start: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")],
    end: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")],
    briefs: Annotated[bool, typer.Option("--briefs/--no-briefs", help="Write briefs.")] = True,
    minutes: Annotated[bool, typer.Option("--minutes/--no-minutes", help="Write minutes.")] = True,
) -> None:
    """Write the brief and minutes of every event from --from to --to into a folder."""
    if end < start:
        raise fail("--to is before --from")
    if not (briefs or minutes):
        raise fail("nothing to write: give --briefs or --minutes")
    with command_session() as session:
        events = service.events_between(session, start.date(), end.date())
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        written = 0
        with Progress(*columns, transient=False) as progress:
            task = progress.add_task("起草", total=len(events))
            try:
                for drafted in service.draft_all(session, events, briefs, minutes):
                    if drafted.brief is not None:
                        _write(output / f"{drafted.name}-brief.docx", drafted.brief)
                        written += 1
                    if drafted.minutes is not None:
                        _write(output / f"{drafted.name}-minutes.docx", drafted.minutes)
                        written += 1
                    progress.advance(task)
            except DomainError as exc:
                raise fail(exc.detail) from exc
    typer.echo(f"Wrote {written} files for {len(events)} events into {output}")


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_command)
    app.command("minutes")(minutes_command)
    app.command("brief-batch")(batch_command)
