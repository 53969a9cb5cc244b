"""What a template can use: the event's pieces, worded by the rules, one object per rendering.

A context keeps state while a template renders (which prose sentences are used, who has been
named with titles), so a draft never says the same thing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.briefs import rules
from governance.briefs.agenda import AgendaLine, agenda_lines, agenda_runs
from governance.briefs.model import Source
from governance.briefs.prose import Prose
from governance.records import rules as record_rules
from governance.records.models import Role
from governance.records.schemas import ParticipantRead

MEETING_KINDS = ("congress", "committee_meeting", "work_conference", "assessment", "training")


class BriefContext:
    """What a template can use; one per rendering, since prose and mentions keep state."""

    def __init__(self, source: Source, dateline: str = "本报讯", use_prose: bool = True) -> None:
        self.source = source
        self.event = source.event
        self.prose = Prose(source.event.summary, source.event.notes, use_prose)
        self.warnings: list[str] = []
        self.introduced: set[str] = set()
        self.dateline = dateline
        who, verb, what = rules.split_title(self.event.title)
        self.title_who = who
        self.title_verb = verb
        stripped = rules.strip_prefix(what, source.organiser_forms)
        self.meeting = stripped or what
        self.by_role: dict[str, list[ParticipantRead]] = {}
        for p in self.event.participants:
            self.by_role.setdefault(str(p.role), []).append(p)
        self._agenda: list[AgendaLine] | None = None
        self.used_remarks: set[int] = set()

    # --- people --------------------------------------------------------------------------
    def people(self, role: str) -> str:
        if role == Role.GUIDE:
            return self._guides(superior=True)
        return self.event.people_by_role.get(role, "")

    def _guides(self, superior: bool) -> str:
        guides = self.by_role.get(Role.GUIDE, [])
        if not guides:
            return ""
        kept = [p for p in guides if (self.source.superior.get(p.id) is not False) == superior]
        if len(kept) == len(guides):
            return self.event.people_by_role.get(Role.GUIDE, "")
        if not superior:
            for p in kept:
                self.warnings.append(
                    f"{p.name}：不是主办单位的上级，不写“莅临指导”，写作“{rules.INVITED_ATTEND}”"
                )
        return record_rules.render_people(
            [record_rules.PrintedPerson(p.name, (), p.title) for p in kept]
        )

    def invited(self) -> str:
        """莅临指导 guests who are not superiors: printed with 应邀出席."""
        return self._guides(superior=False)

    def _groups(self, role: str, said: str) -> list[str]:
        phrases: list[str] = []
        for g in self.event.groups:
            if g.role != role:
                continue
            prefix = self.source.group_prefixes.get(g.organisation_id or 0, "")
            prefix = rules.drop_said_prefix(prefix, said + "".join(phrases))
            phrases.append(rules.group_phrase(g.label, g.count, g.approximate, prefix))
        return phrases

    def groups(self, role: str = "参加") -> str:
        return rules.join_groups(self._groups(role, ""))

    def attendees(self, role: str) -> str:
        """People of a role by rank, then the groups in that role: 孙庆贤及相关负责同志."""
        people = self.people(role)
        return rules.join_groups([people, *self._groups(role, people)])

    def delegations(self) -> list[str]:
        """市国资委党委委员、副主任李树新带领市管国有企业考核三组一行4人."""
        out = []
        for p in self.by_role.get(Role.LEAD, []):
            size = record_rules.delegation(p.delegation_size) if p.delegation_size else ""
            out.append(f"{p.title}{p.name}带领{p.delegation}{size}")
        return out

    def remark(self, role: str) -> str:
        """The first remark recorded for a role (作重要讲话)."""
        return next((p.remarks for p in self.by_role.get(role, []) if p.remarks), "")

    def also_spoke(self, role: str = "出席") -> str:
        """并作重要讲话 when the attendees include the event's speaker."""
        names = {p.name for p in self.by_role.get(role, [])}
        for p in self.by_role.get(Role.SPEAK, []):
            if p.name in names:
                self.used_remarks.add(p.id)
                return "并" + (rules.fullwidth(p.remarks) or "讲话")
        return ""

    def mention(self, name: str) -> str:
        """A person's title chain the first time they are named, the bare name after."""
        if not name or name in self.introduced:
            return name
        self.introduced.add(name)
        title = next((p.title for p in self.event.participants if p.name == name and p.title), "")
        return title + name

    # --- prose ---------------------------------------------------------------------------
    def extend(self, clause_text: str, tail: str = "") -> str:
        return self.prose.extend(clause_text, tail)

    def said(self, text: str) -> None:
        """Records what the lead says: its sentences leave the prose, its people are introduced."""
        self.prose.drop_said(text)
        for p in self.event.participants:
            if p.name in text:
                self.introduced.add(p.name)

    def unsaid(self, text: str) -> str:
        return "" if text and self.prose.said(text) else text

    def title_from(self, word: str) -> str:
        at = self.event.title.find(word)
        return self.event.title[at:] if at >= 0 else ""

    # --- agenda --------------------------------------------------------------------------
    def agenda(self) -> list[AgendaLine]:
        if self._agenda is None:
            self._agenda = agenda_lines(self.event, self.prose, self.mention, self.used_remarks)
        return self._agenda

    def agenda_runs(self) -> list[list[AgendaLine]]:
        return agenda_runs(self.agenda())

    def loose_documents(self) -> dict[str, list[str]]:
        """Documents not tied to an agenda item, by status (adopted / draft / rejected)."""
        tied = {a.document_id for a in self.event.agenda if a.document_id is not None}
        out: dict[str, list[str]] = {}
        for d in self.event.documents:
            if d.id not in tied:
                out.setdefault(str(d.status), []).append(d.title)
        return out

    def variables(self) -> dict[str, Any]:
        e = self.event
        helpers: dict[str, Callable[..., Any]] = {
            "people": self.people,
            "invited": self.invited,
            "groups": self.groups,
            "attendees": self.attendees,
            "delegations": self.delegations,
            "remark": self.remark,
            "also_spoke": self.also_spoke,
            "mention": self.mention,
            "extend": self.extend,
            "unsaid": self.unsaid,
            "opening": self.prose.opening,
            "rest": self.prose.rest,
            "title_from": self.title_from,
            "agenda": self.agenda,
            "agenda_runs": self.agenda_runs,
            "loose_documents": self.loose_documents,
            "sentence": rules.sentence,
            "clause": rules.clause,
            "perfective": rules.perfective,
            "join_groups": rules.join_groups,
            "count": rules.count_phrase,
            "chinese_number": record_rules.chinese_number,
        }
        return {
            **helpers,
            "brief": self,
            "event": e,
            "kind": str(e.kind),
            "title": e.title,
            "headline_verb": self.title_verb,
            "title_who": self.title_who,
            "meeting": self.meeting,
            "organiser": self.source.organiser,
            "who": self.source.organiser or self.title_who,
            "body": self.source.body_name,
            "date": e.date_label,
            "full_date": record_rules.full_date(self.source.day),
            "dateline": self.dateline,
            "location": e.location,
            "children": self.source.children,
            "election_results": self.source.election_results,
            "meeting_kinds": MEETING_KINDS,
        }


class MinutesContext(BriefContext):
    def names(self, *roles: str) -> str:
        """Names of the people in these roles, each once, by rank (出席：谭相彦、王吾雪)."""
        seen: dict[str, tuple[tuple[int, int], int]] = {}
        for index, p in enumerate(self.event.participants):
            if str(p.role) in roles and p.name not in seen:
                rank = self.source.ranks.get(p.person_id or 0, (1 << 62, 1 << 62))
                seen[p.name] = (rank, index)
        return "、".join(sorted(seen, key=lambda n: seen[n]))

    def variables(self) -> dict[str, Any]:
        return {**super().variables(), "names": self.names}
