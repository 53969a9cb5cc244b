"""Reading follow-up tasks: lists with filters (selection.py picks them) and one task in full
with its co-owners, history, progress reports and evidence."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from governance.tasks import rules
from governance.tasks.models import (
    EvidenceKind,
    Task,
    TaskCoOwner,
    TaskEvidence,
    TaskProgress,
    TaskTransition,
)
from governance.tasks.schemas import (
    AllowedRead,
    CoOwnerRead,
    EvidenceRead,
    ProgressRead,
    Ref,
    TaskRead,
    TaskSummary,
    TransitionRead,
)
from governance.tasks.selection import TaskFilter, select_tasks
from governance.tasks.summaries import Context, of_tasks


def list_tasks(
    session: Session, f: TaskFilter, today: date, warn_days: int, limit: int, offset: int
) -> tuple[list[TaskSummary], int]:
    ctx = Context(session, today, warn_days)
    rows, total = select_tasks(session, f, ctx, limit, offset)
    ctx.load(rows)
    return [ctx.summary(t) for t in rows], total


def task_read(session: Session, task: Task, today: date, warn_days: int) -> TaskRead:
    task_id = task.id or 0
    ctx = Context(session, today, warn_days)
    subtasks = list(
        session.exec(select(Task).where(Task.parent_id == task_id).order_by(col(Task.id)))
    )
    co_owners = of_tasks(session, TaskCoOwner, [task_id], TaskCoOwner.position)
    history = of_tasks(session, TaskTransition, [task_id], TaskTransition.at)
    reports = of_tasks(session, TaskProgress, [task_id], TaskProgress.at)
    evidence = of_tasks(session, TaskEvidence, [task_id], TaskEvidence.at)
    actors = [h.actor_id for h in history if h.actor_id is not None]
    actors += [r.actor_id for r in reports] + [e.actor_id for e in evidence]
    actors += [c.person_id for c in co_owners if c.person_id is not None]
    ctx.load([task, *subtasks], actors)
    ctx.load_names((), [c.organisation_id for c in co_owners if c.organisation_id is not None])
    summary = ctx.summary(task)
    labels = ctx.labels

    def actor(ident: int) -> Ref:
        return Ref(id=ident, name=ctx.people.get(ident, ""))

    return TaskRead(
        **summary.model_dump(),
        problem=task.problem,
        target=task.target,
        measures=task.measures,
        notes=task.notes,
        weight=task.weight,
        co_owners=[
            CoOwnerRead(
                person_id=c.person_id, organisation_id=c.organisation_id, name=ctx.co_owner_name(c)
            )
            for c in co_owners
        ],
        allowed_transitions=[
            AllowedRead(to=to, action=name, label=labels.action[name])
            for to, name in rules.WORKFLOW[task.status].items()
        ],
        subtasks=[ctx.summary(s) for s in subtasks],
        history=[
            TransitionRead(
                id=h.id or 0,
                from_status=h.from_status,
                to_status=h.to_status,
                action=rules.action(h.from_status, h.to_status) if h.from_status else None,
                actor=actor(h.actor_id) if h.actor_id is not None else None,
                at=h.at,
                comment=h.comment,
            )
            for h in history
        ],
        progress_reports=[
            ProgressRead(
                id=r.id or 0, actor=actor(r.actor_id), at=r.at, progress=r.progress, note=r.note
            )
            for r in reports
        ],
        evidence=[
            EvidenceRead(
                id=e.id or 0,
                kind=e.kind,
                text=e.text,
                filename=e.filename,
                content_type=e.content_type,
                size=e.size,
                sha256=e.sha256,
                actor=actor(e.actor_id),
                at=e.at,
                download=f"/api/v1/tasks/{task_id}/evidence/{e.id}/file"
                if e.kind == EvidenceKind.FILE
                else None,
            )
            for e in evidence
        ],
        created_at=task.created_at,
        updated_at=task.updated_at,
    )
