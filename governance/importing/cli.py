"""`governance import-newsletter FILE [--year YYYY] [--dry-run] [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlmodel import Session

from governance.core.db import engine_from_settings, upgrade
from governance.core.errors import DomainError
from governance.core.settings import Settings
from governance.importing import service
from governance.importing.reader import ReadError, read_paragraphs
from governance.importing.schemas import DraftData, ImportReport

# Issues longer than this get a progress bar (on standard error).
LARGE_ISSUE = 300  # paragraphs


def _stdout() -> Console:
    # A terminal's own width; a pipe or file gets wide lines rather than a squeezed table.
    return Console(width=None if sys.stdout.isatty() else 200)


def _people(draft: DraftData) -> str:
    return "，".join(f"{p.name}（{p.role}）" for p in draft.participants)


def _counts(draft: DraftData) -> str:
    parts = []
    for c in draft.counts:
        number = "" if c.count is None else f" {c.count}{'余' if c.approximate else ''}名"
        parts.append(f"{c.label}{number}（{c.role}）")
    return "，".join(parts)


def _table(report: ImportReport, console: Console) -> None:
    table = Table(title=f"{report.source}: {report.articles} articles")
    for column in ("#", "date", "kind", "title", "people", "groups", "documents", "notes"):
        table.add_column(column, overflow="fold")
    for d in report.drafts:
        day = "" if d.date is None else d.date.isoformat()
        if d.end:
            day += f"–{d.end.isoformat()}"
        table.add_row(
            str(d.position),
            day or "?",
            d.kind,
            d.title,
            _people(d),
            _counts(d),
            "；".join(d.documents),
            " ".join(d.warnings),
        )
    console.print(table)


def import_newsletter(
    file: Annotated[Path, typer.Argument(help="The scanned issue: a .txt or .docx file.")],
    year: Annotated[
        int | None,
        typer.Option(min=1949, max=2100, help="Year of the issue (else read from the text)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Store nothing.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the drafts as a JSON list.")
    ] = False,
) -> None:
    """Import a scanned newsletter issue: clean it, split it into articles and store one draft
    event per article for review (accept or reject them at /imports)."""
    err = Console(stderr=True)
    try:
        paragraphs = read_paragraphs(file)
    except ReadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    engine = engine_from_settings(Settings.from_env())
    upgrade(engine)
    progress = Progress(
        TextColumn("drafting"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=len(paragraphs) < LARGE_ISSUE,
    )
    task = progress.add_task("drafting", total=None)
    try:
        with progress, Session(engine) as session:
            report = service.import_issue(
                session,
                paragraphs,
                file.name,
                year,
                dry_run,
                lambda done, total: progress.update(task, completed=done, total=total),
            )
    except DomainError as exc:
        typer.echo(f"error: {file}: {exc.detail}", err=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()  # a command, not a server: close the connections it opened
    if as_json:
        drafts = [d.model_dump(mode="json") for d in report.drafts]
        typer.echo(json.dumps(drafts, ensure_ascii=False, indent=2))
    else:
        _table(report, _stdout())
    summary = (
        f"Year {report.year if report.year else 'unknown'} ({report.year_source}). "
        f"{report.articles} articles; {report.duplicates} duplicated paragraphs dropped, "
        f"{report.joins} cut paragraphs joined, {report.furniture} lines of furniture dropped."
    )
    stored = (
        "Dry run: nothing was written."
        if dry_run
        else f"Stored {report.created} new drafts for review; {report.unchanged} already imported."
    )
    out = err if as_json else _stdout()
    out.print(summary, highlight=False, soft_wrap=True)
    out.print(stored, highlight=False, soft_wrap=True)
