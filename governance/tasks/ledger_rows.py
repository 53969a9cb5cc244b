"""The ledger (整改台账) read from the database: one numbered row per task, sub-tasks under their
parent, warnings as of a given day (the files are ledger.py's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from governance.core import timing
from governance.tasks import rules
from governance.tasks.labels import chinese_date
from governance.tasks.ledger import Cell
from governance.tasks.models import (
    EvidenceKind,
    Task,
    TaskCoOwner,
    TaskEvidence,
    TaskProgress,
    TaskStatus,
    TaskTransition,
)
from governance.tasks.selection import TaskFilter, select_tasks
from governance.tasks.summaries import Context, of_tasks


def _ledger_order(tasks: Sequence[Task]) -> list[tuple[str, Task]]:
    """Tasks with their numbers: 1, 2, … for top-level rows, 2.1, 2.2 for sub-tasks listed under
    their parent (when the parent is in the ledger too)."""
    ids = {t.id for t in tasks}
    children: dict[int | None, list[Task]] = {}
    for t in sorted(tasks, key=lambda t: t.id or 0):
        parent = t.parent_id if t.parent_id in ids else None
        children.setdefault(parent, []).append(t)
    ordered: list[tuple[str, Task]] = []
    stack = [(str(i), t) for i, t in enumerate(children.get(None, []), 1)][::-1]
    seen: set[int] = set()
    while stack:
        number, task = stack.pop()
        if (task.id or 0) in seen:
            continue
        seen.add(task.id or 0)
        ordered.append((number, task))
        kids = children.get(task.id, [])
        stack.extend((f"{number}.{i}", k) for i, k in reversed(list(enumerate(kids, 1))))
    return ordered


def ledger(
    session: Session, f: TaskFilter, today: date, warn_days: int
) -> tuple[list[str], list[list[Cell]]]:
    """The ledger's headings and rows for the tasks matching `f`, warnings as of `today`."""
    ctx = Context(session, today, warn_days)
    tasks, _ = select_tasks(session, f, ctx, None, 0)
    ids = [t.id or 0 for t in tasks]
    co_owners: dict[int, list[TaskCoOwner]] = {}
    for c in of_tasks(session, TaskCoOwner, ids, TaskCoOwner.position):
        co_owners.setdefault(c.task_id, []).append(c)
    latest = {p.task_id: p for p in of_tasks(session, TaskProgress, ids, TaskProgress.at)}
    evidence: dict[int, list[TaskEvidence]] = {}
    for e in of_tasks(session, TaskEvidence, ids, TaskEvidence.at):
        evidence.setdefault(e.task_id, []).append(e)
    closed_to = TaskTransition.to_status == TaskStatus.CLOSED
    closing = {
        h.task_id: h for h in of_tasks(session, TaskTransition, ids, TaskTransition.at, closed_to)
    }
    people = [c.person_id for cs in co_owners.values() for c in cs if c.person_id is not None]
    people += [h.actor_id for h in closing.values() if h.actor_id is not None]
    ctx.load(tasks, people)
    ctx.load_names(
        (), [c.organisation_id for cs in co_owners.values() for c in cs if c.organisation_id]
    )
    labels = ctx.labels
    rows: list[list[Cell]] = []
    for number, task in _ledger_order(tasks):
        ident = task.id or 0
        sched = ctx.schedule(task)
        colour = rules.warning(sched, ctx.today, ctx.warn_days)
        progress = latest.get(ident)
        closed = closing.get(ident) if task.status == TaskStatus.CLOSED else None
        texts = [e.text for e in evidence.get(ident, []) if e.kind == EvidenceKind.TEXT]
        names = [e.filename for e in evidence.get(ident, []) if e.kind == EvidenceKind.FILE]
        values: dict[str, Cell] = {
            "number": number,
            "source": ctx.source_label(task),
            "title": task.title,
            "problem": task.problem,
            "target": task.target,
            "measures": task.measures,
            "leader": ctx.people.get(task.responsible_leader_id or 0, ""),
            "unit": ctx.units.get(task.responsible_unit_id or 0, ""),
            "person": ctx.people.get(task.responsible_person_id or 0, ""),
            "co_owners": "、".join(ctx.co_owner_name(c) for c in co_owners.get(ident, [])),
            "deadline": labels.deadline(task.due_on, task.ongoing),
            "priority": labels.priority[task.priority],
            "progress": sched.progress,
            "status": labels.status[task.status],
            "warning": labels.colour_short[colour] if colour else "",
            "latest": _latest(progress),
            "evidence": "；".join(texts + names),
            "reviewer": ctx.people.get(closed.actor_id, "") if closed and closed.actor_id else "",
            "closed_on": chinese_date(timing.local_day(closed.at)) if closed else "",
            "notes": task.notes,
        }
        rows.append([values[code] for code, _ in labels.ledger])
    return [heading for _, heading in labels.ledger], rows


def _latest(progress: TaskProgress | None) -> str:
    if progress is None:
        return ""
    day = chinese_date(timing.local_day(progress.at))
    note = (
        f"{progress.note}（进度{progress.progress}%）"
        if progress.note
        else f"进度{progress.progress}%"
    )
    return f"{day}：{note}"
