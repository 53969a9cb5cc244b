"""Reading people out of a sentence: who is named, under which titles, in which role.

Pure functions. The newsletter's grammar (DOMAIN.md): one person's titles are joined with 、,
different people are separated with ，, the organisation is printed once before the first of its
people, people sharing a title share it (副总经理张三、李四), and the role verb follows the list
(…出席。会议由…主持。集团41名工会会员代表参加。).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from governance.importing import rules
from governance.importing.schemas import CountDraft
from governance.records.models import Role

CJK = rules.CJK
# A title: an organisational modifier (党委, 工会 …), grades (副, 一级 …) and a head word.
_TITLE = re.compile(
    r"(?:党委|党组|党总支|党支部|支部|纪委|工会|团委|董事会|监事会|办公室|组织|宣传|职工|外部|"
    r"独立|专职|兼职|驻会)?(?:组织部|宣传部|统战部|办公室|人力资源部|财务部|工程部|党群工作部|"
    r"纪检监察室)?(?:副|常务|执行|一级|二级|三级|四级|首席|主任|总)*"
    f"(?:{rules.TITLE_HEADS})"
)
_ORG_END = re.compile(
    r"(?:集团|公司|工会|国资委|委员会|党委|党组|团委|纪委|共青团|支部|局|厅|部|处|中心|政府|协会|"
    r"学会|银行|医院|学校|大学|电视台|台|站|所|院|队|办|委|厂|市|县|区|镇|街道|社区|村|水业|"
    r"供水|市政|设计)$"
)
_GROUP_NOUN = re.compile(
    r"(?:代表|成员|委员|董事|人员|同志|党员|团员|会员|职工|干部|群众|员工|负责人|责任人|爱好者|"
    r"志愿者|骨干|学员|居民|队员|嘉宾|领导|班子|青年|学生|家属|专家|客户|用户|师生|工作者)$"
)
_COUNT = re.compile(
    rf"^(?P<org>[{CJK}]{{0,12}}?)(?P<n>\d+)(?P<approx>余|多)?(?:名|位|人)(?P<label>[{CJK}（）]+)$"
)
# Role verbs, longest first within a family; the printed word is the stored role.
ROLE_VERBS: tuple[tuple[re.Pattern[str], Role], ...] = tuple(
    (re.compile(pattern), role)
    for pattern, role in (
        (r"莅临(?:指导|检查|调研)?", Role.GUIDE),
        (r"出席", Role.ATTEND),
        (r"列席", Role.OBSERVE),
        (r"主持", Role.PRESIDE),
        (r"参加|参会", Role.PARTICIPATE),
        (r"陪同", Role.ACCOMPANY),
        (r"带领|率领|率队", Role.LEAD),
        (r"请假", Role.EXCUSED),
        (r"宣读", Role.READ),
        (r"通报", Role.ANNOUNCE),
        (r"致(?:欢迎|开幕|闭幕)?辞", Role.ADDRESS),
        (r"(?:作|做)(?:了)?(?:重要|专题|总结|动员)?讲话|讲话(?!精神)", Role.SPEAK),
        (r"(?:作|做)(?:了)?[^，。；]{0,30}?报告|汇报", Role.REPORT),
        (r"(?:担任|为)监票人", Role.SCRUTINEER),
        (r"(?:担任|为)计票人", Role.TELLER),
        # Going to the venue (走进直播间) is being there.
        (r"走进|来到", Role.ATTEND),
    )
)
# Words that may follow a name directly: a verb, a preposition, a list mark.
_AFTER_NAME = re.compile(
    r"^(?:[以向在对从就为与和及、，。；]|表示|指出|强调|要求|号召|介绍|说|作|做|带领|率|主持|出席|"
    r"参加|列席|陪同|宣读|通报|致辞|讲话|汇报|走进|来到|莅临|一行|等|全面|深入|代表|分别|还|也|"
    r"又|首先|最后|围绕|结合|高度|充分|认真|提出|回顾|总结|部署|传达|听取|强化|希望|号召|$)"
)
_OPENERS = re.compile(
    rf"^(?:(?:本报讯|本刊讯|本网讯|又讯)\s*)?(?:\d{{1,2}}月\d{{1,2}}日[^，{CJK}]*|近日|日前)?"
    rf"(?:[{CJK}]{{0,4}}(?:会上|会中|会前|会后|期间|现场)|随后|同时|此外|另外|当天|当日)?"
)
_INVITE = re.compile(r"^(?:会议|大会|活动|集团|公司)?(?:特别)?(?:邀请(?:了)?|特邀)")
_BY = re.compile(r"^(?:会议|大会|活动)?由")
_FRAME = re.compile(r"^在(?P<who>.+?)(?:的)?(?:坚强|亲自)?(?P<verb>带领|陪同|主持|率领)下")
# A clause without its own subject continues the sentence's subject only if it opens with a
# verb or a preposition (谭相彦以…为题，向大会作…报告).
_CONTINUES = re.compile(r"^(?:并|还|又|也|随后|同时|向|为|就|对|在|代表|作|做)")
_DELEGATION = re.compile(
    rf"^(?P<label>[{CJK}（）\w]*?)(?:一行)(?P<n>\d+|[一二三四五六七八九十]+)(?:人|名)"
)
_NUMERALS = "一二三四五六七八九"


def chinese_to_int(text: str) -> int | None:
    """0..99 in Arabic or Chinese numerals (三, 十一, 二十三); None if not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _NUMERALS + "十" for c in text):
        return None
    if "十" not in text:
        return _NUMERALS.index(text) + 1 if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        _NUMERALS.index(units) + 1 if units else 0
    )


@dataclass
class Mention:
    name: str
    titles: list[str] = field(default_factory=list)
    organisation: str = ""


@dataclass
class Found:
    """A person in a role, as the sentence prints them."""

    mention: Mention
    role: Role
    delegation: str = ""
    delegation_size: int | None = None


Item = Mention | CountDraft


# --- Parts of a list -------------------------------------------------------------------------
def split_title(piece: str, organisations: Sequence[str] = ()) -> tuple[str, str] | None:
    """(organisation, title) of a piece made of an optional organisation and one title:
    聊城市总工会二级调研员 → (聊城市总工会, 二级调研员). None if it ends in no title."""
    fits = [i for i in range(len(piece)) if _TITLE.fullmatch(piece[i:])]
    if not fits:
        return None
    for i in fits:  # the longest title whose organisation part reads as an organisation
        org = piece[:i]
        if not org or org in organisations or _ORG_END.search(org):
            return org, piece[i:]
    return piece[: fits[0]], piece[fits[0] :]


def _is_name(text: str, names: Sequence[str]) -> bool:
    if text in names:
        return True
    if _TITLE.fullmatch(text) or _GROUP_NOUN.search(text):
        return False  # 董事, 委员: titles, not people surnamed 董 or 委
    size = 3 if text[:2] in rules.SURNAMES else 2
    return (
        bool(re.fullmatch(f"[{CJK}]{{2,4}}", text))
        and rules.starts_with_surname(text)
        and size <= len(text) <= size + 1
    )


def parse_person(
    part: str, names: Sequence[str], organisations: Sequence[str] = ()
) -> Mention | None:
    """A title chain piece ending in a name: 董事长谭相彦, 聊城市总工会二级调研员韩洪锋, 崔好发."""
    for name in names:
        if part.endswith(name):
            prefix = part[: -len(name)]
            if not prefix:
                return Mention(name)
            split = split_title(prefix, organisations)
            if split:
                return Mention(name, [split[1]], split[0])
    best: Mention | None = None
    for match in re.finditer(rules.TITLE_HEADS, part):
        rest = part[match.end() :]
        if 2 <= len(rest) <= 4 and _is_name(rest, names):
            split = split_title(part[: match.end()], organisations)
            if split:
                best = Mention(rest, [split[1]], split[0])
    if best is None and _is_name(part, names):
        best = Mention(part)
    return best


def parse_count(part: str) -> CountDraft | None:
    match = _COUNT.match(part)
    if not match:
        return None
    return CountDraft(
        label=match.group("label"),
        count=int(match.group("n")),
        approximate=bool(match.group("approx")),
        organisation=match.group("org"),
    )


def _split_parts(text: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"、", text):
        parts += [p for p in re.split(r"以及|及", piece) if p]
    return parts


def parse_run(
    text: str, names: Sequence[str], organisations: Sequence[str] = ()
) -> list[Item] | None:
    """A list of people and groups (the text before a role verb), or None if it is not one."""
    text = re.sub(r"(?:等人|等)$", "", text.strip())
    if not text:
        return None
    items: list[Item] = []
    titles: list[str] = []
    org = ""

    def flush() -> None:
        nonlocal titles
        items.extend(CountDraft(label=t) for t in titles)
        titles = []

    for part in _split_parts(text):
        count = parse_count(part)
        if count is not None:
            flush()
            items.append(count)
            continue
        person = parse_person(part, names, organisations)
        if person is None and re.search("[和与]", part):
            halves = re.split("[和与]", part, maxsplit=1)
            pair = [parse_person(h, names, organisations) for h in halves]
            if all(pair):
                for p in pair:
                    assert p is not None
                    items.append(p)
                continue
        if person is not None:
            org = person.organisation or org
            person.organisation = org
            previous = next((i for i in reversed(items) if isinstance(i, Mention)), None)
            if not person.titles and not titles and previous is not None:
                person.titles = list(previous.titles)  # 副总经理张三、李四: a shared title
            else:
                person.titles = titles + person.titles
            titles = []
            items.append(person)
            continue
        split = split_title(part, organisations)
        if split is not None:
            if split[0]:
                org = split[0]
            titles.append(split[1])
            continue
        if _GROUP_NOUN.search(part) and len(part) <= 20:
            flush()
            items.append(CountDraft(label=part))
            continue
        return None
    flush()
    return items


def leading_person(
    text: str, names: Sequence[str], organisations: Sequence[str] = ()
) -> Mention | None:
    """The person a clause opens with, before an adverbial: 王吾雪|向大会作了…"""
    for end in range(min(len(text), 40), 1, -1):
        if not _AFTER_NAME.match(text[end:]):
            continue
        run = parse_run(text[:end], names, organisations)
        if run and len(run) == 1 and isinstance(run[0], Mention):
            return run[0]
    return None


# --- Sentences -------------------------------------------------------------------------------
_OPEN, _CLOSE = "“‘《（〈【", "”’》）〉】"


def _split(text: str, marks: str) -> list[str]:
    out, depth, current = [], 0, ""
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if char in marks and depth == 0:
            out.append(current)
            current = ""
            continue
        current += char
    out.append(current)
    return [s for s in out if s.strip()]


def sentences(paragraph: str) -> list[str]:
    return _split(paragraph, "。！？")


def clauses(sentence: str) -> list[str]:
    return _split(sentence, "，；：")


def _verbs(text: str) -> list[tuple[int, int, Role]]:
    found: list[tuple[int, int, Role]] = []
    for pattern, role in ROLE_VERBS:
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), role))
    return sorted(found)


def _delegation(after: str) -> tuple[str, int | None]:
    match = _DELEGATION.match(after)
    if not match:
        return "", None
    return match.group("label"), chinese_to_int(match.group("n"))


def _inherit_organisation(items: list[Item]) -> list[Item]:
    """The organisation is printed once, before the first of its people (DOMAIN.md)."""
    org = ""
    for item in items:
        if isinstance(item, Mention):
            org = item.organisation = item.organisation or org
    return items


def people_in(
    paragraph: str, names: Sequence[str], organisations: Sequence[str] = ()
) -> tuple[list[Found], list[CountDraft]]:
    """People in roles and groups named in one paragraph."""
    found: list[Found] = []
    groups: list[CountDraft] = []

    def record(items: Sequence[Item], role: Role, after: str = "") -> None:
        for item in items:
            if isinstance(item, Mention):
                label, size = _delegation(after) if role == Role.LEAD else ("", None)
                found.append(Found(item, role, label, size))
            else:
                groups.append(item.model_copy(update={"role": role}))

    for sentence in sentences(paragraph):
        subject: list[Mention] = []
        pending: list[Item] = []
        invited = False
        for clause in clauses(sentence):
            body = clause[_OPENERS.match(clause).end() :]  # type: ignore[union-attr]
            frame = _FRAME.match(body)
            if frame:
                framed = parse_run(frame.group("who"), names, organisations) or []
                verb = next(r for p, r in ROLE_VERBS if p.fullmatch(frame.group("verb")))
                record([i for i in framed if isinstance(i, Mention)], verb)
                continue
            invite = _INVITE.match(body)
            if invite:
                body, invited = body[invite.end() :], True
            by = _BY.match(body)
            if by:
                body = body[by.end() :]
            verbs = _verbs(body)
            head = body[: verbs[0][0]] if verbs else body
            continues = bool(_CONTINUES.match(head)) and not any(map(head.startswith, names))
            run: list[Item] | None = None
            whole = False  # the clause (up to its verb) is nothing but a list of people
            if head and not continues:
                run = parse_run(head, names, organisations)
                whole = run is not None
                if run is None:
                    lead = leading_person(head, names, organisations)
                    run = [lead] if lead else None
            if verbs:
                if run:
                    who = _inherit_organisation(pending + run)
                elif not head or continues:
                    who = pending or list(subject)
                else:
                    who = list(pending)
                for index, (_start, end, role) in enumerate(verbs):
                    people = [i for i in who if isinstance(i, Mention)]
                    record(people if index else who, role, body[end:])
                subject = [i for i in who if isinstance(i, Mention)] or subject
                pending, invited = [], False
            elif whole and run and all(isinstance(i, Mention) for i in run):
                pending += run  # a list of people whose verb comes in a later clause
                subject = [i for i in run if isinstance(i, Mention)]
            elif run:  # 谭相彦以“…”为题: the subject of the clauses that follow
                subject = [i for i in run if isinstance(i, Mention)]
                pending, invited = [], False
            else:
                if pending and invited:
                    record(pending, Role.INVITED)
                pending, invited = [], False
        if pending and invited:
            record(pending, Role.INVITED)
    return found, groups


def headcounts(paragraph: str) -> list[CountDraft]:
    """Every headcount printed in a paragraph (组织30余名党员志愿者和书法爱好者): 参加 unless a
    role verb follows it."""
    out: list[CountDraft] = []
    for clause in clauses(paragraph.replace("。", "，")):
        for match in re.finditer(rf"(\d+)(余|多)?(?:名|位)([{CJK}（）]+)", clause):
            label = match.group(3)
            role = Role.PARTICIPATE
            verbs = _verbs(label)
            if verbs:
                role = verbs[0][2]
                label = label[: verbs[0][0]]
            label = re.sub(r"(?:等)$", "", label)
            if label:
                out.append(
                    CountDraft(
                        label=label,
                        count=int(match.group(1)),
                        approximate=bool(match.group(2)),
                        role=role,
                    )
                )
    return out


_HARVEST = re.compile(
    f"(?:{rules.TITLE_HEADS})([{CJK}]{{2,3}}?)(?=[，、。；]|出席|主持|参加|列席|陪同|带领|率|"
    r"莅临|走进|来到|宣读|通报|致辞|讲话|汇报|作|做|向|在|对|以|从|表示|指出|强调|要求|号召|及|和|等)"
)


def printed_names(texts: Sequence[str]) -> list[str]:
    """Names printed right after a title (董事长谭相彦出席): the issue's own list of people."""
    names: set[str] = set()
    for text in texts:
        for match in _HARVEST.finditer(text):
            name = match.group(1)
            if rules.starts_with_surname(name):
                names.add(name)
    return sorted(names, key=lambda n: (-len(n), n))
