"""The event form: what the browser sends (flat fields named like the schema's paths,
`participants[0].role`) as rows of text, a stored event back to fields, and where errors show
on the form (event_payload.py turns the form into an EventCreate / EventUpdate).

Rows are plain dicts of the typed text, so a refused form is shown again exactly as typed.
Buttons that only change the form (more rows, move a row up or down, remove a row) send
`form_action` and the page is rendered again unsaved: all of it works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from governance.core.pages.forms import checked, text
from governance.records.models import AgendaKind, DocumentKind, DocumentStatus, Role
from governance.records.schemas import EventRead

EVENT_FIELDS = (
    "version",  # the version read, so a change made meanwhile by someone else is refused
    "kind",
    "title",
    "body_id",
    "term",
    "session",
    "organiser_id",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "location",
    "status",
    "visibility",
    "summary",
    "notes",
    "delegates_due",
    "delegates_present",
)
PARTICIPANT_FIELDS = (
    "name",
    "person_id",
    "role",
    "guest",
    "guest_title",
    "guest_organisation",
    "save_person",
    "printed_title",
    "bare_name",
    "delegation",
    "delegation_size",
)
GROUP_FIELDS = ("label", "organisation_id", "count", "approximate", "role")
AGENDA_FIELDS = (
    "title",
    "kind",
    "presenter",
    "outcome",
    "document_id",
    "document_label",
    "doc_title",
    "doc_kind",
    "doc_status",
)
LISTS = {"participants": PARTICIPANT_FIELDS, "groups": GROUP_FIELDS, "agenda": AGENDA_FIELDS}
BLANK_ROWS = {"participants": 3, "groups": 1, "agenda": 2}
MORE_ROWS = 3
_ROW = re.compile(r"^(participants|groups|agenda)\[(\d{1,4})\]\.(\w+)$")
# Fields a blank row may carry without the row counting as filled in.
_DEFAULTS = {"role", "kind", "doc_kind", "doc_status"}


@dataclass
class EventForm:
    fields: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {name: [] for name in LISTS}
    )
    extra: dict[str, int] = field(default_factory=dict)  # blank rows asked for with 再加几行
    # Participant rows whose name several people share: (id, name and titles) to choose from,
    # so the choice can be made without JavaScript too.
    homonyms: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def blank(self, name: str) -> dict[str, str]:
        row = dict.fromkeys(LISTS[name], "")
        if name == "participants":
            row["role"] = Role.ATTEND.value
        elif name == "groups":
            row["role"] = Role.PARTICIPATE.value
        else:
            row.update(
                kind=AgendaKind.OTHER.value,
                doc_kind=DocumentKind.OTHER.value,
                doc_status=DocumentStatus.DRAFT.value,
            )
        return row

    def pad(self) -> EventForm:
        """Blank rows at the end of each list, ready to type into."""
        for name, count in BLANK_ROWS.items():
            rows = [r for r in self.rows[name] if filled(r)]
            rows += [self.blank(name) for _ in range(count + self.extra.get(name, 0))]
            self.rows[name] = rows
        return self

    def apply(self, action: str) -> None:
        """more:participants | up:agenda:2 | down:groups:0 | remove:participants:1"""
        parts = action.split(":")
        if len(parts) < 2 or parts[1] not in LISTS:
            return
        rows = self.rows[parts[1]]
        if parts[0] == "more":
            self.extra[parts[1]] = self.extra.get(parts[1], 0) + MORE_ROWS
            return
        if len(parts) != 3 or not parts[2].isdigit() or int(parts[2]) >= len(rows):
            return
        index = int(parts[2])
        if parts[0] == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif parts[0] == "down" and index + 1 < len(rows):
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
        elif parts[0] == "remove":
            del rows[index]


def filled(row: Mapping[str, str]) -> bool:
    return any(v for k, v in row.items() if k not in _DEFAULTS)


def from_submission(form: Mapping[str, Any]) -> EventForm:
    result = EventForm(fields={name: text(form, name) for name in EVENT_FIELDS})
    found: dict[str, dict[int, dict[str, str]]] = {name: {} for name in LISTS}
    for key in form:
        match = _ROW.match(key)
        if match and match[3] in LISTS[match[1]]:
            found[match[1]].setdefault(int(match[2]), {})[match[3]] = text(form, key)
    for name, rows in found.items():
        for index in sorted(rows):
            row = result.blank(name)
            row.update(rows[index])
            # An unticked checkbox sends nothing: absent means off.
            for flag in ("guest", "save_person", "bare_name", "approximate"):
                if flag in row:
                    row[flag] = "1" if checked(rows[index], flag) else ""
            result.rows[name].append(row)
    return result


def _split(value: date | datetime | None) -> tuple[str, str]:
    if value is None:
        return "", ""
    if isinstance(value, datetime):
        return value.date().isoformat(), value.strftime("%H:%M")
    return value.isoformat(), ""


def _opt(value: object) -> str:
    return "" if value is None else str(value)


def from_event(event: EventRead, documents: Mapping[int, str]) -> EventForm:
    start_date, start_time = _split(event.start)
    end_date, end_time = _split(event.end)
    if event.all_day and end_date == start_date:
        end_date = ""
    form = EventForm(
        fields={
            "version": _opt(getattr(event, "version", None)),
            "kind": event.kind.value,
            "title": event.title,
            "body_id": _opt(event.body_id),
            "term": _opt(event.term),
            "session": _opt(event.session),
            "organiser_id": _opt(event.organiser_id),
            "start_date": start_date,
            "start_time": start_time,
            "end_date": end_date,
            "end_time": end_time,
            "location": event.location,
            "status": event.status.value,
            "visibility": event.visibility.value,
            "summary": event.summary,
            "notes": event.notes,
            "delegates_due": _opt(event.delegates_due),
            "delegates_present": _opt(event.delegates_present),
        }
    )
    for p in event.participants:
        row = form.blank("participants")
        guest = p.person_id is None
        row.update(
            name=p.name,
            person_id=_opt(p.person_id),
            role=p.role.value,
            guest="1" if guest else "",
            guest_title=p.guest_title,
            guest_organisation=p.guest_organisation,
            printed_title=p.printed_title or "",
            bare_name="1" if p.printed_title == "" else "",
            delegation=p.delegation,
            delegation_size=_opt(p.delegation_size),
        )
        form.rows["participants"].append(row)
    for g in event.groups:
        row = form.blank("groups")
        row.update(
            label=g.label,
            organisation_id=_opt(g.organisation_id),
            count=_opt(g.count),
            approximate="1" if g.approximate else "",
            role=g.role.value,
        )
        form.rows["groups"].append(row)
    for a in event.agenda:
        row = form.blank("agenda")
        row.update(
            title=a.title,
            kind=a.kind.value,
            presenter=a.presenter_name,
            outcome=a.outcome,
            document_id=_opt(a.document_id),
            document_label=documents.get(a.document_id, "") if a.document_id else "",
        )
        form.rows["agenda"].append(row)
    return form


# Error paths of the schema that the form shows on another field.
_ALIASES = {
    "start": "start_date",
    "end": "end_date",
}


def form_key(path: str) -> str:
    if path in _ALIASES:
        return _ALIASES[path]
    path = re.sub(r"^(participants\[\d+\])\.(guest\.name|person_id|guest)$", r"\1.name", path)
    path = re.sub(r"^(participants\[\d+\])\.guest\.title$", r"\1.guest_title", path)
    path = re.sub(r"^(participants\[\d+\])\.guest\.organisation$", r"\1.guest_organisation", path)
    path = re.sub(r"^(agenda\[\d+\])\.(presenter_id|presenter_name)$", r"\1.presenter", path)
    path = re.sub(r"^(agenda\[\d+\])\.document\.(title|kind|status)$", r"\1.doc_\2", path)
    return path


FIELD_LABELS = {
    "kind": "类别",
    "title": "标题",
    "body_id": "会议机构",
    "term": "届",
    "session": "次",
    "organiser_id": "主办单位",
    "start_date": "开始日期",
    "start_time": "开始时间",
    "end_date": "结束日期",
    "end_time": "结束时间",
    "location": "地点",
    "status": "状态",
    "visibility": "公开范围",
    "summary": "摘要",
    "notes": "备注",
    "delegates_due": "应到代表",
    "delegates_present": "实到代表",
}
ROW_LABELS = {
    "participants": (
        "参会人员",
        {
            "name": "姓名",
            "role": "角色",
            "guest_title": "来宾职务",
            "guest_organisation": "来宾单位",
            "printed_title": "印刷职务",
            "delegation": "代表团",
            "delegation_size": "人数",
        },
    ),
    "groups": (
        "参会群体",
        {
            "label": "名称",
            "organisation_id": "所属组织",
            "count": "人数",
            "role": "角色",
        },
    ),
    "agenda": (
        "议程",
        {
            "title": "议题",
            "kind": "类型",
            "presenter": "报告人",
            "outcome": "结果",
            "doc_title": "文件标题",
            "doc_kind": "文件类别",
            "doc_status": "文件状态",
        },
    ),
}


def error_labels(errors: Mapping[str, str]) -> dict[str, str]:
    """For the summary above the form: 参会人员第 2 行 · 姓名."""
    labels: dict[str, str] = {}
    for name in errors:
        if name in FIELD_LABELS:
            labels[name] = FIELD_LABELS[name]
        elif match := re.match(r"^(participants|groups|agenda)\[(\d+)\](?:\.(\w+))?", name):
            what, fields = ROW_LABELS[match[1]]
            label = f"{what}第 {int(match[2]) + 1} 行"
            if match[3]:
                label += " · " + fields.get(match[3], match[3])
            labels[name] = label
    return labels
