"""Drafting an event from a cleaned article: date, kind, organiser, body and numbering, people
in roles (matched to known people or proposed as new), headcounts and documents.

Pure functions: what the database knows comes in as a `Directory`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from governance.importing import dating, naming, people, rules
from governance.importing.articles import Article, Issue, assemble
from governance.importing.schemas import CountDraft, DraftData, ParticipantDraft
from governance.records.models import EventKind, Role

CJK = rules.CJK


@dataclass(frozen=True)
class KnownPerson:
    id: int
    name: str
    titles: tuple[str, ...] = ()  # titles of the posts held


@dataclass(frozen=True)
class KnownOrganisation:
    id: int
    names: tuple[str, ...]  # full name, short name, printed prefix


@dataclass(frozen=True)
class KnownBody:
    id: int
    name: str
    organisation_id: int


@dataclass(frozen=True)
class Directory:
    """What the database knows, for matching."""

    people: tuple[KnownPerson, ...] = ()
    organisations: tuple[KnownOrganisation, ...] = ()
    bodies: tuple[KnownBody, ...] = ()
    extra_names: tuple[str, ...] = field(default=())  # names printed in the issue itself

    @property
    def names(self) -> list[str]:
        every = {p.name for p in self.people} | set(self.extra_names)
        return sorted(every, key=lambda n: (-len(n), n))

    @property
    def organisation_names(self) -> list[str]:
        return sorted({n for o in self.organisations for n in o.names if n}, key=len, reverse=True)


# --- Kind, numbering, organiser, documents ---------------------------------------------------
KIND_RULES: tuple[tuple[EventKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (EventKind.CONGRESS, r"代表大会|团员大会|党员大会|会员大会|职代会"),
        (
            EventKind.COMMITTEE_MEETING,
            r"全体(?:（扩大）)?会议|委员会会议|常委会|党委会|董事会会议|办公会|理事会|支委会|党组会",
        ),
        (EventKind.WORK_CONFERENCE, r"工作会议|工作会|推进会|部署会|座谈会|总结会|动员会"),
        (EventKind.ASSESSMENT, r"考核|述职|评议|测评"),
        (EventKind.INSPECTION, r"检查|巡察|巡视|督查|督导|审计"),
        (EventKind.VISIT, r"参观|考察|调研|观摩|来访|走访"),
        (EventKind.THEMED_ACTIVITY, r"主题党日|党日活动|主题活动|志愿服务|主题教育"),
        (EventKind.CEREMONY, r"仪式|揭牌|签约|表彰大会|颁奖|开工|奠基|竣工"),
        (EventKind.BROADCAST, r"直播|电视台|广播|电台"),
        (EventKind.TRAINING, r"培训|讲座|授课|学习班|研讨班"),
        (EventKind.PUBLICITY, r"宣传|宣讲"),
    )
)
_N = "[一二三四五六七八九十]+"
_BODY_END = r"(?:代表大会|团员大会|党员大会|会员大会|大会|全会|会议)"
_TERM_SESSION = re.compile(rf"({_N})届({_N})次(?P<body>[{CJK}]{{0,8}}?{_BODY_END})")
_ORDINAL = re.compile(rf"第({_N})次(?P<body>[{CJK}]{{0,8}}?{_BODY_END})")
_PLENARY = re.compile(rf"第({_N})届(?P<body>[{CJK}]{{1,10}}?委员会)第({_N})次全体(?:（扩大）)?会议")
_ORGANISER_VERB = r"召开|举行|举办|组织开展|组织召开|开展|组织|启动|主办|承办"
_DOCUMENT = re.compile(r"《[^《》]{1,80}》(?:（(?:草案|试行|修订稿|征求意见稿|讨论稿|送审稿)）)?")


def classify_kind(text: str) -> EventKind:
    """The event's kind from its headline and lead: the first rule that matches."""
    for kind, pattern in KIND_RULES:
        if pattern.search(text):
            return kind
    return EventKind.OTHER


@dataclass(frozen=True)
class Numbering:
    body: str
    term: int | None
    session: int | None
    label: str


def find_numbering(text: str) -> Numbering | None:
    """三届一次职工代表大会 (term 3, session 1), 第三次团员大会 (3), 第三届工会委员会第一次全体会议."""
    found: list[tuple[int, Numbering]] = []
    if m := _TERM_SESSION.search(text):
        term, session = people.chinese_to_int(m.group(1)), people.chinese_to_int(m.group(2))
        found.append(
            (m.start(), Numbering(m.group("body"), term, session, f"{m.group(1)}届{m.group(2)}次"))
        )
    if m := _PLENARY.search(text):
        term, session = people.chinese_to_int(m.group(1)), people.chinese_to_int(m.group(3))
        label = f"第{m.group(1)}届第{m.group(3)}次"
        found.append((m.start(), Numbering(m.group("body"), term, session, label)))
    if m := _ORDINAL.search(text):
        count = people.chinese_to_int(m.group(1))
        found.append((m.start(), Numbering(m.group("body"), count, None, f"第{m.group(1)}次")))
    return min(found, key=lambda f: f[0])[1] if found else None


def documents(text: str) -> list[str]:
    """Titles in 《》 (with a trailing （草案） and the like), once each, in order."""
    return list(dict.fromkeys(m.group(0) for m in _DOCUMENT.finditer(text)))


def _after_dateline(lead: str) -> str:
    lead = rules.LEAD.sub("", lead)
    return re.sub(rf"^(?:[^，。]{{0,20}}?日[^，。{CJK}]*|近日|日前|近期)，", "", lead)


def find_organiser(lead: str, organisations: Sequence[str]) -> str:
    """Who held the event: the organisation before 召开 / 举行 / 组织开展 in the lead's first
    sentence (聊城水务集团工会三届一次会员代表大会召开 gives 聊城水务集团工会)."""
    first = people.sentences(_after_dateline(lead))[:1]
    if not first:
        return ""
    sentence = first[0]
    numbered = _TERM_SESSION.search(sentence) or _ORDINAL.search(sentence)
    candidates = []
    if m := re.match(rf"^(?P<org>[{CJK}]{{2,30}}?)(?:{_ORGANISER_VERB})", sentence):
        candidates.append(m.group("org"))
    if numbered and numbered.start() > 1:
        candidates.append(sentence[: numbered.start()])
    for org in candidates:
        if "、" in org or "以及" in org:
            continue
        if org in organisations or naming.ORG_END.search(org) or org.endswith("共青团"):
            return org
    return ""


def match_organisation(printed: str, directory: Directory) -> int | None:
    """An organisation by name, short name or prefix; else the one whose name holds the
    printed form (水务集团 in 聊城水务集团), if only one does."""
    if not printed:
        return None
    exact = [o.id for o in directory.organisations if printed in o.names]
    if len(exact) == 1:
        return exact[0]
    partial = {
        o.id for o in directory.organisations for n in o.names if n and len(n) > 2 and printed in n
    }
    return partial.pop() if len(partial) == 1 else None


def match_body(name: str, organiser_id: int | None, directory: Directory) -> int | None:
    named = [b for b in directory.bodies if b.name == name]
    own = [b for b in named if b.organisation_id == organiser_id]
    chosen = own or named
    return chosen[0].id if len(chosen) == 1 else None


def article_key(article: Article) -> str:
    """Stable across imports: the headline and lead, without spaces (or the first paragraph)."""
    basis = article.headline + "\n" + (article.lead or (article.body[:1] or [""])[0])
    return "nl-" + hashlib.sha256(rules.dedupe_key(basis).encode()).hexdigest()[:32]


def _title(article: Article) -> str:
    if article.headline:
        return article.headline[:200]
    first = people.sentences(_after_dateline(article.paragraphs[0]))[:1] if article.body else []
    if not first and article.lead:
        first = people.sentences(_after_dateline(article.lead))[:1]
    return (first[0] if first else "无标题")[:200]


# --- Participants ----------------------------------------------------------------------------
def _participant(found: people.Found, directory: Directory) -> ParticipantDraft:
    printed = found.mention.titles
    candidates = [p for p in directory.people if p.name == found.mention.name]
    if len(candidates) > 1:
        candidates.sort(key=lambda p: -len(set(p.titles) & set(printed)))
    person = candidates[0] if candidates else None
    held = set(person.titles) if person else set()
    return ParticipantDraft(
        name=found.mention.name,
        title="、".join(printed),
        organisation=found.mention.organisation,
        role=found.role,
        person_id=person.id if person else None,
        new=person is None,
        known_titles=[t for t in printed if t in held],
        new_titles=[t for t in printed if t not in held],
        delegation=found.delegation,
        delegation_size=found.delegation_size,
    )


def participants(
    article: Article, directory: Directory
) -> tuple[list[ParticipantDraft], list[CountDraft]]:
    names = directory.names
    orgs = directory.organisation_names
    result: list[ParticipantDraft] = []
    counts: list[CountDraft] = []
    seen: set[tuple[str, Role]] = set()
    for index, paragraph in enumerate(article.paragraphs):
        found, groups = people.people_in(paragraph, names, orgs)
        for f in found:
            if (f.mention.name, f.role) not in seen:
                seen.add((f.mention.name, f.role))
                result.append(_participant(f, directory))
        # Groups come with a role verb anywhere (集团86名党员参加); a bare headcount
        # (组织30余名党员志愿者) only from the lead.
        for group in [*groups, *(people.headcounts(paragraph) if index == 0 else [])]:
            if not any(
                c.label == group.label and (c.count == group.count or group.count is None)
                for c in counts
            ):
                counts.append(group)
    return result, counts


# --- The draft -------------------------------------------------------------------------------
def draft(
    article: Article,
    position: int,
    directory: Directory,
    year: int | None,
    across_new_year: bool,
) -> DraftData:
    first = article.paragraphs[0] if article.paragraphs else ""
    head = "\n".join([article.headline, first])
    start, end = dating.date_span(
        dating.find_span(rules.LEAD.sub("", first)), year, across_new_year
    )
    kind = classify_kind(head)
    organiser = find_organiser(first, directory.organisation_names)
    found, counts = participants(article, directory)
    if not organiser:  # a delegation's visit is organised by the body that sent it
        leader = next((p for p in found if p.role == Role.LEAD and p.organisation), None)
        organiser = leader.organisation if leader else ""
    organiser_id = match_organisation(organiser, directory)
    numbering = find_numbering(head)
    warnings = list(article.warnings)
    if start is None:
        warnings.append("未找到日期：请补充。")
    return DraftData(
        key=article_key(article),
        position=position,
        headline=article.headline,
        title=_title(article),
        date=start,
        end=end,
        kind=kind,
        organiser=organiser,
        organiser_id=organiser_id,
        body=numbering.body if numbering else "",
        body_id=match_body(numbering.body, organiser_id, directory) if numbering else None,
        term=numbering.term if numbering else None,
        session=numbering.session if numbering else None,
        session_label=numbering.label if numbering else "",
        participants=found,
        counts=counts,
        documents=documents("\n".join(article.paragraphs)),
        authors=article.authors,
        text=article.text,
        warnings=warnings,
    )


def month_of(article: Article) -> int | None:
    span = dating.find_span(rules.LEAD.sub("", article.paragraphs[0]) if article.paragraphs else "")
    return span.start.month if span else None


@dataclass
class DraftedIssue:
    year: dating.IssueYear
    issue: Issue
    drafts: list[DraftData]


def draft_issue(
    raw_paragraphs: Sequence[str],
    directory: Directory,
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DraftedIssue:
    """Cleans an issue, splits it into articles and drafts an event from each.

    `progress(done, total)` is called after each article (for a progress bar)."""
    texts = [t for t in (rules.normalise(r) for r in raw_paragraphs) if t]
    directory = replace(directory, extra_names=tuple(naming.printed_names(texts)))
    issue = assemble(texts, directory.names, normalised=True)
    found_year = dating.issue_year(texts, year)
    months = [m for m in (month_of(a) for a in issue.articles) if m is not None]
    across = dating.spans_new_year(months)
    drafts = []
    for index, article in enumerate(issue.articles):
        drafts.append(draft(article, index + 1, directory, found_year.year, across))
        if progress is not None:
            progress(index + 1, len(issue.articles))
    return DraftedIssue(found_year, issue, drafts)
