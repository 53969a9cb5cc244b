"""Reading people out of a sentence: who is in which role (who a list names, under which
titles: naming.py).

Pure functions. The newsletter's grammar (DOMAIN.md): one person's titles are joined with 、,
different people are separated with ，, the organisation is printed once before the first of its
people, people sharing a title share it (副总经理张三、李四), and the role verb follows the list
(…出席。会议由…主持。集团41名工会会员代表参加。).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from governance.importing import rules
from governance.importing.naming import Item, Mention, leading_person, parse_run
from governance.importing.schemas import CountDraft
from governance.records.models import Role

CJK = rules.CJK
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
class Found:
    """A person in a role, as the sentence prints them."""

    mention: Mention
    role: Role
    delegation: str = ""
    delegation_size: int | None = None


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
