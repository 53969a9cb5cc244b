"""A reviewed draft as the records service's EventCreate: people matched or made, groups,
documents, the lead as summary and the cleaned article in the notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from governance.core import messages
from governance.core.errors import Invalid
from governance.importing import extract, rules
from governance.importing.models import ImportDraft
from governance.importing.schemas import CountDraft, NewPeople, ParticipantDraft
from governance.records import service as records
from governance.records.models import (
    DocumentKind,
    EventKind,
    EventStatus,
    Person,
    Post,
    Role,
    Tenure,
    Visibility,
)
from governance.records.schemas import DocumentIn, EventCreate, GroupIn, Guest, ParticipantIn

MAX_PROSE = 20_000  # the event's summary and notes (governance.types.Prose)


_DOCUMENT_KINDS = (
    (DocumentKind.RULES, ("办法", "条例", "规定", "规则", "章程", "细则")),
    (DocumentKind.REPORT, ("报告",)),
    (DocumentKind.LIST, ("名单",)),
    (DocumentKind.RESOLUTION, ("决议",)),
    (DocumentKind.DECISION, ("决定",)),
    (DocumentKind.PLAN, ("计划", "方案", "规划")),
)


def _document_kind(title: str) -> DocumentKind:
    return next(
        (k for k, words in _DOCUMENT_KINDS if any(w in title for w in words)), DocumentKind.OTHER
    )


def _new_person(
    session: Session, p: ParticipantDraft, organiser_id: int | None, known: extract.Directory
) -> int:
    """A person record for a proposed new participant, with the printed posts that exist."""
    org_id = extract.match_organisation(p.organisation, known) or organiser_id
    person = Person(name=p.name, organisation_id=org_id, internal=False)
    session.add(person)
    session.flush()
    if org_id is not None:
        for title in p.title.split("、"):
            post_id = session.exec(
                select(Post.id).where(Post.organisation_id == org_id, Post.title == title)
            ).first()
            if post_id is not None:
                session.add(Tenure(person_id=person.id or 0, post_id=post_id))
    return person.id or 0


def _printed_title(
    session: Session, person_id: int, p: ParticipantDraft, on: date | None
) -> str | None:
    """None when the title chain prints what the article printed; "" for a bare name;
    else the title as printed (articles sometimes print only part of a chain)."""
    printed = [t for t in p.title.split("、") if t]
    if not printed:
        return ""
    if on is None:
        return p.organisation + p.title
    held = records.held_posts(session, [person_id], on).get(person_id, [])
    return None if set(printed) == {post.title for post in held} else p.organisation + p.title


def _participants(
    session: Session, row: ImportDraft, new_people: NewPeople, known: extract.Directory
) -> list[ParticipantIn]:
    out: list[ParticipantIn] = []
    seen: set[tuple[Any, Role]] = set()
    created: dict[str, int] = {}  # one new person per name, whatever their roles
    for item in row.participants:
        p = ParticipantDraft.model_validate(item)
        person_id = p.person_id
        if person_id is None and new_people == NewPeople.CREATE:
            if p.name not in created:
                created[p.name] = _new_person(session, p, row.organiser_id, known)
            person_id = created[p.name]
        who: Any = person_id if person_id is not None else ("guest", p.name)
        if (who, p.role) in seen:
            continue
        seen.add((who, p.role))
        common: dict[str, Any] = {
            "role": p.role,
            "delegation": p.delegation,
            "delegation_size": p.delegation_size,
            "position": len(out),
        }
        if person_id is None:
            guest = Guest(name=p.name, title=p.title, organisation=p.organisation)
            out.append(ParticipantIn(guest=guest, **common))
        else:
            printed = _printed_title(session, person_id, p, row.starts_on)
            out.append(ParticipantIn(person_id=person_id, printed_title=printed, **common))
    return out


class DraftNotAnEvent(Invalid):
    """A draft the event schema refuses: the schema's error (its code), naming the field."""

    def __init__(self, error: ValidationError) -> None:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        code, params = messages.code_of_pydantic(first)
        super().__init__(where or "draft", code, **params)


def event_input(
    session: Session, row: ImportDraft, new_people: NewPeople, known: extract.Directory
) -> EventCreate:
    """The event to create from a draft; Invalid (naming the field) if it cannot be one."""
    if row.starts_on is None:
        raise Invalid("date", "draft_without_date")
    counts = [CountDraft.model_validate(c) for c in row.counts]
    delegates = next(
        (
            c.count
            for c in counts
            if c.count is not None
            and c.label.endswith("代表")
            and c.role in {Role.PARTICIPATE, Role.ATTEND}
        ),
        None,
    )
    lines = row.text.split("\n")
    paragraphs = lines[1:] if row.headline else lines
    summary = rules.LEAD.sub("", paragraphs[0]) if paragraphs else ""
    notes = f"导入自{row.source}，第{row.position}篇：\n{row.text}"
    try:
        return EventCreate(
            key=f"import-{row.key}"[:100],
            kind=row.kind,
            title=row.title,
            body_id=row.body_id,
            term=row.term if row.body_id else None,
            session=row.session if row.body_id else None,
            organiser_id=row.organiser_id,
            start=row.starts_on,
            end=row.ends_on,
            status=EventStatus.HELD,
            # The newsletter is a public publication: nothing here is more than it printed.
            visibility=Visibility.PUBLIC,
            summary=summary[:MAX_PROSE],
            notes=notes[:MAX_PROSE],
            delegates_present=delegates if row.kind == EventKind.CONGRESS else None,
            participants=_participants(session, row, new_people, known),
            groups=[
                GroupIn(
                    label=c.label[:200],
                    organisation_id=extract.match_organisation(c.organisation, known),
                    count=c.count,
                    approximate=c.approximate,
                    role=c.role,
                    position=i,
                )
                for i, c in enumerate(counts)
            ],
            documents=[DocumentIn(title=d[:300], kind=_document_kind(d)) for d in row.documents],
        )
    except ValidationError as exc:
        raise DraftNotAnEvent(exc) from exc
