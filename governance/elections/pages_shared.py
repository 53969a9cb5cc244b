"""What every elections page shares: the Chinese labels of presets, rounds, statuses, matters and
methods, the officers' form fields, and the event a page belongs to."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from governance.core import crud, messages
from governance.elections import checks, people, procedures, rules, tallies
from governance.elections.models import Matter, OfficerRole
from governance.elections.procedures import BallotKind
from governance.records.models import Event

PRESET_LABELS = {key: p.name for key, p in procedures.PRESETS.items()}
OFFICER_FIELDS = {
    OfficerRole.CHIEF_SCRUTINEER: "chief_scrutineer",
    OfficerRole.SCRUTINEER: "scrutineers",
    OfficerRole.TELLER: "tellers",
}
MATTER_LABELS = {
    Matter.DOCUMENT: "文件（如选举办法、决议）",
    Matter.REPORT: "工作报告",
    Matter.LIST: "名单（如监票人、计票人建议名单）",
    Matter.OTHER: "其他事项",
}
METHOD_LABELS = {
    BallotKind.SECRET: "无记名投票",
    BallotKind.SHOW_OF_HANDS: "举手表决",
    BallotKind.ROLL_CALL: "记名（唱名）表决",
}
ROUND_LABELS = {rules.RoundKind.FIRST: "第一轮", **tallies.ROUND_LABELS}
STATUS_LABELS = {"draft": "待计票", "counted": "已计票，待确认", "certified": "已确认"}
ROLES_OF_FIELDS = {key: people.OFFICER_LABELS[role] for role, key in OFFICER_FIELDS.items()}


def say(code: str, **params: Any) -> str:
    """A refusal of the catalogue in Chinese."""
    return messages.render(code, params, "zh")


def event_or_404(session: Session, event_id: int) -> Event:
    return crud.get_or_404(session, Event, event_id, "event")


def labels() -> dict[str, Any]:
    """The labels every elections template reads."""
    return {
        "preset_labels": PRESET_LABELS,
        "round_labels": ROUND_LABELS,
        "status_labels": STATUS_LABELS,
        "matter_labels": MATTER_LABELS,
        "method_labels": METHOD_LABELS,
        "base_labels": checks.BASE_LABELS,
    }
