"""The event form: what the browser sends (flat fields named like the schema's paths,
`participants[0].role`) to an EventCreate / EventUpdate, and a stored event back to fields.

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

from sqlmodel import Session, col, select

from governance.core import messages
from governance.core.pages.forms import checked, text
from governance.records import rules, service
from governance.records.models import AgendaKind, DocumentKind, DocumentStatus, Person, Role
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
CLEARABLE = {
    "title",
    "body_id",
    "term",
    "session",
    "organiser_id",
    "end",
    "delegates_due",
    "delegates_present",
}
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


# --- to the schema ---------------------------------------------------------------------------
@dataclass
class Payload:
    data: dict[str, Any]
    errors: dict[str, str]
    new_people: list[tuple[int, dict[str, str]]]  # (participant index, row) to create as people


def _number(value: str) -> str | None:
    # Left as text: pydantic reports what is wrong with it, in the field's own words.
    return value or None


def _when(day: str, clock: str) -> str | None:
    if not day:
        return None
    return f"{day}T{clock}" if clock else day


def people_named(session: Session, names: set[str]) -> dict[str, list[int]]:
    if not names:
        return {}
    found: dict[str, list[int]] = {}
    for ident, name in session.exec(
        select(Person.id, Person.name).where(col(Person.name).in_(sorted(names)))
    ):
        found.setdefault(name, []).append(ident or 0)
    return found


def _zh(code: str, **params: Any) -> str:
    """A refusal of the form, in the catalogue's Chinese (templates/messages/records.yaml)."""
    return messages.render(code, params, "zh")


def _pick_person(
    row: Mapping[str, str], named: Mapping[str, list[int]], known_ids: Mapping[int, str]
) -> tuple[int | None, str | None]:
    """(person id, or a message): the suggestion chosen, else the one person of that name."""
    name = row["name"]
    chosen = row.get("person_id", "")
    if chosen.isdigit() and known_ids.get(int(chosen)) == name:
        return int(chosen), None
    matches = named.get(name, [])
    if len(matches) == 1:
        return matches[0], None
    if not matches:
        return None, _zh("participant_not_in_people")
    return None, _zh("participant_homonyms", count=len(matches))


def _describe(session: Session, ids: list[int], day: str) -> list[tuple[int, str]]:
    try:
        on = date.fromisoformat(day)
    except ValueError:
        on = date.today()
    held = service.held_posts(session, ids, on)
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids)))}
    return [
        (i, f"{people[i].name}（{rules.title_chain(held.get(i, [])) or '无职务'}，编号 {i}）")
        for i in sorted(ids)
    ]


def to_payload(session: Session, form: EventForm) -> Payload:
    f = form.fields
    data: dict[str, Any] = {
        "kind": f["kind"] or None,
        "title": f["title"] or None,
        "body_id": _number(f["body_id"]),
        "term": _number(f["term"]),
        "session": _number(f["session"]),
        "organiser_id": _number(f["organiser_id"]),
        "start": _when(f["start_date"], f["start_time"]),
        "end": _when(f["end_date"] or (f["start_date"] if f["end_time"] else ""), f["end_time"]),
        "location": f["location"],
        "status": f["status"] or None,
        "visibility": f["visibility"] or None,
        "summary": f["summary"],
        "notes": f["notes"],
        "delegates_due": _number(f["delegates_due"]),
        "delegates_present": _number(f["delegates_present"]),
    }
    if f.get("version"):
        data["version"] = f["version"]
    # An emptied field clears what was stored (None); the required ones are left to the schema.
    data = {k: v for k, v in data.items() if v is not None or k in CLEARABLE}
    errors: dict[str, str] = {}
    if not f["start_date"]:
        errors["start_date"] = _zh("required")
    participants = [r for r in form.rows["participants"] if filled(r)]
    agenda = [r for r in form.rows["agenda"] if filled(r)]
    names = {r["name"] for r in participants if r["name"] and not r["guest"]}
    names |= {r["presenter"] for r in agenda if r["presenter"]}
    named = people_named(session, names)
    chosen_ids = {int(r["person_id"]) for r in participants if r["person_id"].isdigit()}
    known_ids: dict[int, str] = {
        ident or 0: name
        for ident, name in (
            session.exec(select(Person.id, Person.name).where(col(Person.id).in_(chosen_ids)))
            if chosen_ids
            else []
        )
    }
    out_participants: list[dict[str, Any]] = []
    new_people: list[tuple[int, dict[str, str]]] = []
    for index, row in enumerate(participants):
        item: dict[str, Any] = {"role": row["role"] or None}
        if row["bare_name"]:
            item["printed_title"] = ""
        elif row["printed_title"]:
            item["printed_title"] = row["printed_title"]
        if row["delegation"]:
            item["delegation"] = row["delegation"]
        if row["delegation_size"]:
            item["delegation_size"] = row["delegation_size"]
        if not row["name"]:
            errors[f"participants[{index}].name"] = _zh("participant_name_missing")
        elif row["guest"]:
            item["guest"] = {
                "name": row["name"],
                "title": row["guest_title"],
                "organisation": row["guest_organisation"],
            }
            if row["save_person"]:
                new_people.append((index, row))
        else:
            person_id, problem = _pick_person(row, named, known_ids)
            if problem:
                errors[f"participants[{index}].name"] = problem
                if len(named.get(row["name"], [])) > 1:
                    form.homonyms[index] = _describe(session, named[row["name"]], f["start_date"])
            item["person_id"] = person_id
        out_participants.append(item)
    data["participants"] = out_participants
    data["groups"] = [
        {
            "label": r["label"],
            "organisation_id": _number(r["organisation_id"]),
            "count": _number(r["count"]),
            "approximate": bool(r["approximate"]),
            "role": r["role"] or Role.PARTICIPATE.value,
        }
        for r in form.rows["groups"]
        if filled(r)
    ]
    out_agenda: list[dict[str, Any]] = []
    for index, row in enumerate(agenda):
        item = {"title": row["title"], "kind": row["kind"] or None, "outcome": row["outcome"]}
        presenter = row["presenter"]
        matches = named.get(presenter, [])
        if len(matches) == 1:
            item["presenter_id"] = matches[0]
        elif len(matches) > 1:
            errors[f"agenda[{index}].presenter"] = _zh("presenter_homonyms", count=len(matches))
        else:
            item["presenter_name"] = presenter  # not in the people list: printed as typed
        if row["document_id"].isdigit():
            item["document_id"] = row["document_id"]
        elif row["doc_title"]:
            item["document"] = {
                "title": row["doc_title"],
                "kind": row["doc_kind"] or DocumentKind.OTHER.value,
                "status": row["doc_status"] or DocumentStatus.DRAFT.value,
            }
        out_agenda.append(item)
    data["agenda"] = out_agenda
    return Payload(data=data, errors=errors, new_people=new_people)


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
