"""`governance tasks …`: list, show, move along the workflow, export the ledger, remind."""

from __future__ import annotations

import smtplib
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session, select

from governance.core.commands import command_session, fail
from governance.core.settings import SettingsError, TaskSettings
from governance.core.timing import SHANGHAI
from governance.records.models import Person
from governance.tasks import (
    ledger,
    ledger_rows,
    queries,
    remind,
    reminder_groups,
    service,
    workflow,
)
from governance.tasks.labels import load_labels
from governance.tasks.models import TaskStatus
from governance.tasks.rules import Colour
from governance.tasks.schemas import TransitionIn

tasks_app = typer.Typer(help="Follow-up tasks (整改 / 督办).", no_args_is_help=True)

TodayOption = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Compute warnings for this day (default: today)."),
]
StatusOption = Annotated[TaskStatus | None, typer.Option(help="Only tasks in this state.")]
WarningOption = Annotated[Colour | None, typer.Option(help="Only tasks with this warning.")]
UnitOption = Annotated[int | None, typer.Option(help="Responsible or co-owning unit (id).")]
PersonOption = Annotated[
    int | None, typer.Option(help="Responsible leader, person or co-owner (id).")
]


def _today(value: datetime | None) -> date:
    return value.date() if value else datetime.now(SHANGHAI).date()


def _task_settings() -> TaskSettings:
    try:
        return TaskSettings.from_env()  # only the tasks' variables: other commands need none
    except SettingsError as exc:
        raise fail(str(exc)) from exc


def _filter(
    status: TaskStatus | None, warning: Colour | None, unit: int | None, person: int | None
) -> queries.TaskFilter:
    return queries.TaskFilter(status=status, warning=warning, unit_id=unit, person_id=person)


@tasks_app.command("list")
def list_command(
    status: StatusOption = None,
    warning: WarningOption = None,
    unit: UnitOption = None,
    person: PersonOption = None,
    today: TodayOption = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 200,
) -> None:
    """List tasks with their warning, state, deadline, progress and owner."""
    settings = _task_settings()
    labels = load_labels()
    with command_session() as session:
        items, total = queries.list_tasks(
            session, _filter(status, warning, unit, person), _today(today),
            settings.warn_days, limit, 0,
        )  # fmt: skip
    for t in items:
        colour = labels.colour_short[t.warning] if t.warning else "—"
        owner = t.responsible_person or t.responsible_unit
        typer.echo(
            f"#{t.id:<5} [{colour}] {t.status_label:<6} {t.deadline_label:<12} {t.progress:>3}%  "
            f"{owner.name if owner else '未指定'}  {t.title}"
        )
    typer.echo(f"{total} task(s)" + (f", {len(items)} shown" if len(items) < total else ""))


@tasks_app.command("show")
def show_command(task_id: Annotated[int, typer.Argument(min=1)], today: TodayOption = None) -> None:
    """Show one task: source, owners, deadline, warning, history and evidence."""
    settings = _task_settings()
    with command_session() as session:
        task = queries.task_read(
            session, service.get_task(session, task_id), _today(today), settings.warn_days
        )
    lines = [
        f"#{task.id} {task.title}",
        f"状态：{task.status_label}   进度：{task.progress}%   期限：{task.deadline_label}",
        f"预警：{task.warning_label or '无'}",
        f"来源：{task.source.label or '—'}",
        f"责任领导：{task.responsible_leader.name if task.responsible_leader else '—'}   "
        f"责任单位：{task.responsible_unit.name if task.responsible_unit else '—'}   "
        f"责任人：{task.responsible_person.name if task.responsible_person else '—'}",
    ]
    for label, text in (("存在问题", task.problem), ("整改目标", task.target)):
        if text:
            lines.append(f"{label}：{text}")
    if task.measures:
        lines.append(f"整改措施：{task.measures}")
    for s in task.subtasks:
        lines.append(f"  子任务 #{s.id} {s.title}（{s.status_label}，{s.progress}%）")
    for h in task.history:
        at = h.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        who = h.actor.name if h.actor else "—"
        lines.append(f"  {at} {who}：{h.to_status.value}{('：' + h.comment) if h.comment else ''}")
    for e in task.evidence:
        lines.append(f"  佐证：{e.filename or e.text}")
    allowed = ", ".join(a.to.value for a in task.allowed_transitions) or "none"
    lines.append(f"Allowed next: {allowed}")
    typer.echo("\n".join(lines))


def _person_id(session: Session, who: str) -> int:
    if who.isdigit():
        return int(who)
    ids = session.exec(select(Person.id).where(Person.name == who)).all()
    if len(ids) != 1:
        problem = "no person" if not ids else f"{len(ids)} people"
        raise fail(f"--by: {problem} named {who!r}; give the id")
    return ids[0] or 0


@tasks_app.command("transition")
def transition_command(
    task_id: Annotated[int, typer.Argument(min=1)],
    to: Annotated[TaskStatus, typer.Argument(help="The state to move to.")],
    by: Annotated[str, typer.Option("--by", help="Who does it: a person's id or name.")],
    comment: Annotated[str, typer.Option(help="Why (needed to send back or cancel).")] = "",
) -> None:
    """Move a task one step along the workflow (assign, start, report, close, send back, cancel)."""
    with command_session() as session:
        actor = _person_id(session, by)
        try:
            data = TransitionIn(to=to, actor_id=actor, comment=comment)
        except ValueError as exc:
            raise fail(str(exc)) from exc
        task = workflow.transition(session, task_id, data)
    typer.echo(f"task {task_id} is now {task.status.value} ({load_labels().status[task.status]})")


@tasks_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Where to write: .xlsx or .csv ('-': CSV out).")],
    status: StatusOption = None,
    warning: WarningOption = None,
    unit: UnitOption = None,
    person: PersonOption = None,
    today: TodayOption = None,
) -> None:
    """Write the ledger (整改台账) as an Excel workbook or CSV, chosen by the file's suffix."""
    settings = _task_settings()
    suffix = "csv" if str(file) == "-" else file.suffix.lower().lstrip(".")
    if suffix not in {"csv", "xlsx"}:
        raise fail(f"{file}: give a file ending in .xlsx or .csv")
    with command_session() as session:
        headings, rows = ledger_rows.ledger(
            session, _filter(status, warning, unit, person), _today(today), settings.warn_days
        )
    if suffix == "csv":
        content = ledger.to_csv(headings, rows)
    else:
        content = ledger.to_xlsx(load_labels().ledger_title, headings, rows)
    if str(file) == "-":
        typer.echo(content.decode("utf-8"), nl=False)
        return
    file.write_bytes(content)
    typer.echo(f"Exported {len(rows)} task(s) to {file}")


@tasks_app.command("remind")
def remind_command(
    days: Annotated[
        int | None,
        typer.Option(min=0, max=365, help="Due within N days (default: the warning days)."),
    ] = None,
    today: TodayOption = None,
    email: Annotated[
        bool, typer.Option("--email", help="Also e-mail each person (needs GOVERNANCE_SMTP_HOST).")
    ] = False,
) -> None:
    """Print what is due or overdue per responsible person (for a daily cron job)."""
    settings = _task_settings()
    ahead = settings.warn_days if days is None else days
    day = _today(today)
    if email and settings.smtp is None:
        raise fail("--email: no SMTP server configured (set GOVERNANCE_SMTP_HOST)")
    with command_session() as session:
        groups = reminder_groups.reminders(session, day, ahead, settings.warn_days)
    typer.echo(remind.render(groups, day, ahead), nl=False)
    if not email or settings.smtp is None:
        return
    batch = remind.messages(groups, day, ahead, settings.smtp.sender)
    try:
        remind.smtp_sender(settings.smtp)(batch)
    except (OSError, smtplib.SMTPException) as exc:
        raise fail(f"sending e-mail through {settings.smtp.host}: {exc}") from exc
    missing = [g.label for g in groups if not g.email]
    typer.echo(f"E-mails sent: {len(batch)}")
    if missing:
        typer.echo(f"No address for: {'、'.join(missing)}")
