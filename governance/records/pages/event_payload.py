"""The event form to the schema: its fields and rows as the data of an EventCreate /
EventUpdate, names typed into it matched to people, and what the form itself refuses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from governance.core import messages
from governance.records import rules, titles
from governance.records.models import DocumentKind, DocumentStatus, Person, Role
from governance.records.pages.event_form import EventForm, filled

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
    held = titles.held_posts(session, ids, on)
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
