"""Readable factories for task tests: make_task(session, title=..., due_on=...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from governance.records.models import Organisation, OrganisationKind, Person
from governance.tasks import evidence, service, workflow
from governance.tasks.models import Task, TaskStatus
from governance.tasks.schemas import TaskCreate, TextEvidenceIn, TransitionIn
from tests.factories import make_org, make_person

TODAY = date(2021, 3, 1)
# The path from registered to each state, and who takes each step (owner or reviewer).
PATH = {
    TaskStatus.REGISTERED: [],
    TaskStatus.ASSIGNED: [TaskStatus.ASSIGNED],
    TaskStatus.IN_PROGRESS: [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS],
    TaskStatus.REPORTED: [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED],
    TaskStatus.CLOSED: [
        TaskStatus.ASSIGNED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.REPORTED,
        TaskStatus.CLOSED,
    ],
    TaskStatus.CANCELLED: [TaskStatus.CANCELLED],
}


@dataclass
class Cast:
    """The people and units of a task's story."""

    group: Organisation
    runda: Organisation
    boyang: Organisation
    leader: Person  # 王吾雪, responsible leader
    owner: Person  # 张永正, responsible person
    reviewer: Person  # 谭相彦, reviews and closes
    clerk: Person  # 崔好发, registers


def make_cast(session: Session) -> Cast:
    group = make_org(session)
    runda = make_org(
        session, "润达水业公司", short_name="润达水业", prefix="", kind=OrganisationKind.COMPANY
    )
    boyang = make_org(session, "伯阳供水", short_name="", prefix="", kind=OrganisationKind.COMPANY)
    return Cast(
        group=group,
        runda=runda,
        boyang=boyang,
        leader=make_person(session, "王吾雪", group),
        owner=make_person(session, "张永正", runda),
        reviewer=make_person(session, "谭相彦", group),
        clerk=make_person(session, "崔好发", group),
    )


def make_task(session: Session, cast: Cast | None = None, **fields: Any) -> Task:
    """A registered task; with a cast, owned by its responsible person and unit."""
    fields.setdefault("title", "落实考核组反馈问题")
    fields.setdefault("starts_on", date(2021, 1, 1))
    if cast is not None:
        fields.setdefault("responsible_person_id", cast.owner.id)
        fields.setdefault("responsible_unit_id", cast.runda.id)
        fields.setdefault("responsible_leader_id", cast.leader.id)
        fields.setdefault("actor_id", cast.clerk.id)
    if not fields.get("ongoing"):
        fields.setdefault("due_on", date(2021, 6, 30))
    return service.create_task(session, TaskCreate.model_validate(fields), TODAY)


def move(session: Session, task: Task, cast: Cast, to: TaskStatus) -> Task:
    """Take `task` from registered to `to` the lawful way (evidence before closing)."""
    for step in PATH[to]:
        if step == TaskStatus.CLOSED:
            evidence.add_text_evidence(
                session, task.id or 0, TextEvidenceIn(actor_id=cast.owner.id or 0, text="已整改")
            )
        actor = cast.reviewer if step == TaskStatus.CLOSED else cast.owner
        comment = "不再需要" if step == TaskStatus.CANCELLED else ""
        task = workflow.transition(
            session,
            task.id or 0,
            TransitionIn(to=step, actor_id=actor.id or 0, comment=comment),
        )
    return task
