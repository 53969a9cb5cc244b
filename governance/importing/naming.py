"""Who a list of people names: the title chains, names and organisations of the people and the
headcounts of the groups, as the newsletter prints them before a role verb (people.py reads the
sentences and their roles)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from governance.importing import rules
from governance.importing.schemas import CountDraft

CJK = rules.CJK
# A title: an organisational modifier (党委, 工会 …), grades (副, 一级 …) and a head word.
_TITLE = re.compile(
    r"(?:党委|党组|党总支|党支部|支部|纪委|工会|团委|董事会|监事会|办公室|组织|宣传|职工|外部|"
    r"独立|专职|兼职|驻会)?(?:组织部|宣传部|统战部|办公室|人力资源部|财务部|工程部|党群工作部|"
    r"纪检监察室)?(?:副|常务|执行|一级|二级|三级|四级|首席|主任|总)*"
    f"(?:{rules.TITLE_HEADS})"
)
ORG_END = re.compile(
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
# Words that may follow a name directly: a verb, a preposition, a list mark.
_AFTER_NAME = re.compile(
    r"^(?:[以向在对从就为与和及、，。；]|表示|指出|强调|要求|号召|介绍|说|作|做|带领|率|主持|出席|"
    r"参加|列席|陪同|宣读|通报|致辞|讲话|汇报|走进|来到|莅临|一行|等|全面|深入|代表|分别|还|也|"
    r"又|首先|最后|围绕|结合|高度|充分|认真|提出|回顾|总结|部署|传达|听取|强化|希望|号召|$)"
)


@dataclass
class Mention:
    name: str
    titles: list[str] = field(default_factory=list)
    organisation: str = ""


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
        if not org or org in organisations or ORG_END.search(org):
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
