"""Agenda items as lines a template can word: who (named once with titles), what, documents.

What a line says comes first from the secretariat's prose (a summary or notes sentence that
already tells the item), then from the presenter's recorded remark, then from the item's title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from governance.briefs import rules
from governance.briefs.prose import Prose
from governance.records.models import AgendaKind, Role
from governance.records.schemas import EventRead, ParticipantRead

# Which participation's remark tells an agenda item of each kind, in order of preference.
_REMARK_ROLES: dict[str, tuple[str, ...]] = {
    AgendaKind.REPORT: (Role.REPORT,),
    AgendaKind.SPEECH: (Role.SPEAK, Role.ADDRESS, Role.PRESIDE, Role.REPORT),
    AgendaKind.ANNOUNCEMENT: (Role.ANNOUNCE,),
    AgendaKind.READING: (Role.READ,),
}


@dataclass
class AgendaLine:
    kind: str
    title: str
    who: str = ""  # presenter as printed (titles on first mention), "" if none
    remark: str = ""  # what the presenter did, as recorded on their participation
    covered: str = ""  # a prose sentence that already tells this item
    predicate: bool = False  # the title already says what was done (通报…, 对…提出…)
    document: str = ""
    document_status: str = ""
    outcome: str = ""
    said: bool = False  # the lead or an earlier sentence already tells it: not printed again

    @property
    def subjectless(self) -> bool:
        """Told as something 会议 did: no presenter and no sentence of its own."""
        return not self.who and not self.covered and not self.remark


def _remark(
    participants: list[ParticipantRead], person_id: int | None, kind: str, used: set[int]
) -> str:
    if person_id is None:
        return ""
    mine = [p for p in participants if p.person_id == person_id and p.remarks and p.id not in used]
    for role in _REMARK_ROLES.get(kind, ()):
        for p in mine:
            if p.role == role:
                used.add(p.id)
                return rules.fullwidth(p.remarks)
    return ""


def agenda_lines(
    event: EventRead, prose: Prose, mention: Callable[[str], str], used_remarks: set[int]
) -> list[AgendaLine]:
    names = {p.person_id: p.name for p in event.participants if p.person_id is not None}
    documents = {d.id: d for d in event.documents}
    lines: list[AgendaLine] = []
    for item in event.agenda:
        title = rules.fullwidth(item.title)
        presenter = names.get(item.presenter_id) if item.presenter_id else None
        presenter = presenter or item.presenter_name
        said = prose.already_said(title)
        remark = _remark(event.participants, item.presenter_id, str(item.kind), used_remarks)
        if remark and rules.is_predicate(title) and len(remark) < len(title):
            remark = ""  # 作重要讲话 says less than 对近期…进行安排、部署: keep the title
        # The prose is asked about the remark first (it is what was said), then the title.
        covered = "" if said else prose.covering(remark) if remark else ""
        covered = covered or ("" if said else prose.covering(title))
        document = documents.get(item.document_id) if item.document_id else None
        # A covering sentence names the presenter itself; a said item is not printed, so it
        # does not use up the presenter's first mention.
        who = ""
        if presenter and not covered:
            who = presenter if said else mention(presenter)
        lines.append(
            AgendaLine(
                kind=str(item.kind),
                title=title,
                who=who,
                remark="" if covered else remark,
                covered=covered,
                predicate=rules.is_predicate(title),
                document=rules.fullwidth(document.title) if document else "",
                document_status=str(document.status) if document else "",
                outcome=rules.fullwidth(item.outcome),
                said=said,
            )
        )
    return lines


def agenda_runs(lines: list[AgendaLine]) -> list[list[AgendaLine]]:
    """Consecutive items told as what 会议 did share one sentence; every other item is alone."""
    runs: list[list[AgendaLine]] = []
    for line in (line for line in lines if not line.said):
        if line.subjectless and runs and runs[-1][-1].subjectless:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs
