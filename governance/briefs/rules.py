"""Language rules of the newsletter's briefs (GB/T 15834, GB/T 15835 and the house style).

Pure functions only: no database, no clock, no HTTP. The rules of names, titles, dates and
counts that records already has (render_people, month_day, date_span, headcount, delegation,
session_label) live in governance.records.rules and are reused, not repeated, here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from governance.records.rules import headcount

# --- Full-width punctuation ------------------------------------------------------------------

# Half-width marks that become full-width in Chinese text (GB/T 15834).
_MARKS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_FULL_TO_HALF = {
    "，": ",",
    "。": ".",
    "；": ";",
    "：": ":",
    "？": "?",
    "！": "!",
    "（": "(",
    "）": ")",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "、": ",",
    "—": "-",
    "–": "-",
    "－": "-",
    "～": "~",
    "　": " ",
}


def is_cjk(char: str) -> bool:
    """A Chinese character or full-width Chinese punctuation."""
    if not char:
        return False
    code = ord(char)
    return (
        0x3400 <= code <= 0x9FFF  # CJK unified ideographs and extension A
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or char in "“”‘’—…·《》"
        or 0x20000 <= code <= 0x2FA1F
    )


def _chinese_around(text: str, i: int) -> bool:
    """Whether the nearest non-space characters on either side of position i are Chinese."""
    left = text[:i].rstrip()
    right = text[i + 1 :].lstrip()
    return is_cjk(left[-1:]) or is_cjk(right[:1])


def fullwidth(text: str) -> str:
    """Half-width punctuation in Chinese text made full-width; ASCII runs are left alone.

    `,;:?!` next to a Chinese character become `，；：？！`; a `.` ending a Chinese clause
    becomes `。`; parentheses around or beside Chinese become `（）`; straight double quotes
    alternate as `“”`. Numbers (1,000 / 3.5 / 9:30), URLs and Latin text keep their marks, and
    spaces next to a full-width mark are dropped (Chinese text has none).
    """
    # A mark made full-width can make its neighbour Chinese context: repeat until stable
    # (each round changes at least one character, so this ends).
    while True:
        changed = _fullwidth_once(text)
        if changed == text:
            return text
        text = changed


def _fullwidth_once(text: str) -> str:
    out: list[str] = []
    quote_open = True
    # Each "(" that opens a Chinese aside is full-width, and so is the ")" that closes it.
    paren_stack: list[bool] = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in _MARKS:
            digits = prev.isdigit() and nxt.isdigit()
            if not digits and _chinese_around(text, i):
                out.append(_MARKS[ch])
                continue
        elif ch == "." and is_cjk(text[:i].rstrip()[-1:]) and not nxt.isdigit():
            out.append("。")
            continue
        elif ch == "(":
            close = text.find(")", i)
            inner = text[i + 1 : close] if close > i else text[i + 1 :]
            chinese = any(is_cjk(c) for c in inner) or _chinese_around(text, i)
            paren_stack.append(chinese)
            out.append("（" if chinese else "(")
            continue
        elif ch == ")":
            chinese = paren_stack.pop() if paren_stack else _chinese_around(text, i)
            out.append("）" if chinese else ")")
            continue
        elif ch == '"' and _chinese_around(text, i):
            out.append("“" if quote_open else "”")
            quote_open = not quote_open
            continue
        out.append(ch)
    joined = "".join(out)
    # No spaces next to full-width marks: "，  会议" → "，会议".
    return re.sub(r"\s*([，。；：？！、（）“”《》])\s*", r"\1", joined)


# --- Dates -----------------------------------------------------------------------------------

_LEADING_ZERO = re.compile(r"(?<![0-9])0+([1-9][0-9]?)(?=[月日])")
_RANGE = re.compile(r"(\d+月)?(\d+日)\s*(?:-{1,2}|~|～|–|－)\s*(\d+月)?(\d+日)")
_DATELINE = re.compile(
    r"^\s*(?:本报讯|又讯)?\s*"
    r"(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:(?:至|—|-|~|～)(?:\d{1,2}月)?\d{1,2}日)?"
    r"(?:[上下]午|晚|早)?(?:\d{1,2}时(?:\d{1,2}分)?)?|近日|日前|近期)\s*[，,]\s*"
)


def normalise_dates(text: str) -> str:
    """Dates without leading zeros (01月05日 → 1月5日) and ranges with — (1月26日-30日 →
    1月26日—30日)."""
    text = _LEADING_ZERO.sub(r"\1", text)
    return _RANGE.sub(lambda m: f"{m[1] or ''}{m[2]}—{m[3] or ''}{m[4]}", text)


def strip_dateline(text: str) -> str:
    """The text without an opening dateline: '1月20日，会议…' → '会议…' (also 本报讯, 近日)."""
    return _DATELINE.sub("", text, count=1)


# --- Counts ----------------------------------------------------------------------------------


def count_phrase(
    count: int, approximate: bool = False, unit: str = "名", about: bool = False
) -> str:
    """41名, 30余名, 约30名; 约 and 余 never together (余 already says "more than")."""
    text = headcount(count, approximate, unit)
    return f"约{text}" if about and not approximate else text


def fix_yue_yu(text: str) -> str:
    """约30余名 → 30余名: a count is either about or more-than, never both."""
    return re.sub(r"约\s*(\d+)\s*余", r"\1余", text)


def group_phrase(label: str, count: int | None, approximate: bool = False, prefix: str = "") -> str:
    """集团41名工会会员代表, 30余名党员志愿者, 团委委员 (no count printed when none is known)."""
    label = label.strip()
    if prefix and label.startswith(prefix):
        prefix = ""  # 集团领导班子成员 already names the organisation
    if count is None:
        return f"{prefix}{label}"
    return f"{prefix}{count_phrase(count, approximate)}{label}"


def join_groups(phrases: Sequence[str]) -> str:
    """团委委员及33名团员; A、B、C等 (three or more are listed with 、 and closed with 等)."""
    items = [p for p in phrases if p]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]}及{items[1]}"
    return "、".join(items) + "等"


def drop_said_prefix(prefix: str, said: str) -> str:
    """The organisation is named once: a prefix already printed in the sentence is left out."""
    return "" if prefix and prefix in said else prefix


# --- Roles -----------------------------------------------------------------------------------

GUIDE = "莅临指导"
INVITED_ATTEND = "应邀出席"


def guidance_wording(is_superior: bool | None) -> str:
    """莅临 only for superiors: a peer or unrelated guest is printed as 应邀出席.

    None (the guest's organisation is not on record) keeps the secretariat's word, 莅临指导.
    """
    return INVITED_ATTEND if is_superior is False else GUIDE


# --- Sentences -------------------------------------------------------------------------------

_ENDS = "。！？"
_CLOSERS = "”’）》"


def sentences(text: str) -> list[str]:
    """Sentences with their final mark; a closing quote after 。 stays with its sentence."""
    parts: list[str] = []
    start = 0
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "“‘（《":
            depth += 1
        elif ch in "”’）》":
            depth = max(0, depth - 1)
        # A sentence may end inside a quote: 他说：“好。” ends after the closing quote.
        closes = depth == 1 and text[i + 1 : i + 2] in ("”", "’")
        if ch in _ENDS and (depth == 0 or closes):
            depth = 0
            end = i + 1
            while end < len(text) and text[end] in _CLOSERS:
                end += 1
            parts.append(text[start:end].strip())
            start = end
            i = end
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


def close_sentence(text: str) -> str:
    """Ends a clause with 。 unless it already ends with a mark; '' stays ''."""
    text = text.strip().rstrip("，；、,;")
    if not text:
        return ""
    return text if text[-1] in _ENDS or text.endswith(("。”", "！”", "？”")) else text + "。"


def clause(*parts: str, sep: str = "，") -> str:
    """Non-empty parts joined with ，, without a final mark."""
    return sep.join(p.strip().rstrip("。，") for p in parts if p and p.strip())


def sentence(*parts: str) -> str:
    """Non-empty parts joined with ， and closed with 。; nothing when every part is empty."""
    return close_sentence(clause(*parts))


# --- Verbs -----------------------------------------------------------------------------------

# Verbs that open an agenda item as the newsletter words it, longest first so 选举产生 wins
# over 选举. A predicate (an item that already says what was done) starts with one of these or
# with a preposition.
_VERBS = (
    "选举产生",
    "审议通过",
    "表决通过",
    "宣读",
    "通过",
    "通报",
    "审议",
    "听取",
    "讨论",
    "选举",
    "表彰",
    "传达",
    "学习",
    "部署",
    "总结",
    "回顾",
    "汇报",
    "发布",
    "签订",
    "颁发",
)
_PREPOSITIONS = ("对", "就", "从", "向", "以", "围绕", "结合", "根据", "经", "在", "为")
_SPEECH_VERBS = ("表示", "强调", "指出", "要求", "号召", "提出", "希望", "作", "做")


def _leading_verbs(phrase: str) -> int:
    """Length of the opening verb or verbs joined with 、 (宣读、通过), 0 if none."""
    pos = 0
    while True:
        verb = next((v for v in _VERBS if phrase.startswith(v, pos)), None)
        if verb is None:
            return pos if pos == 0 or phrase[pos - 1] != "、" else pos - 1
        pos += len(verb)
        if phrase.startswith("、", pos):
            pos += 1
            continue
        return pos


def perfective(phrase: str) -> str:
    """宣读表彰决定 → 宣读了表彰决定; 宣读、通过《…》 → 宣读、通过了《…》 (past, as reported)."""
    end = _leading_verbs(phrase)
    if end == 0 or phrase.startswith("了", end):
        return phrase
    return phrase[:end] + "了" + phrase[end:]


def is_predicate(phrase: str) -> bool:
    """Whether an agenda title already says what was done (通报…, 对…提出…, 表示…)."""
    return bool(_leading_verbs(phrase)) or phrase.startswith(_PREPOSITIONS + _SPEECH_VERBS)


_TITLE_VERBS = ("召开", "开展", "举行", "举办", "进行", "组织开展", "组织")


def split_title(title: str) -> tuple[str, str, str]:
    """(who, verb, what) of a headline: 集团召开三届一次职工代表大会 → (集团, 召开, 三届一次…).

    A title without one of the verbs is all 'what': ('', '', title).
    """
    best: tuple[int, str] | None = None
    for verb in _TITLE_VERBS:
        at = title.find(verb)
        if at > 0 and (best is None or at < best[0]):
            best = (at, verb)
    if best is None:
        return "", "", title
    at, verb = best
    return title[:at], verb, title[at + len(verb) :]


def strip_prefix(text: str, prefixes: Iterable[str]) -> str:
    """The text without the longest of the prefixes it starts with."""
    for prefix in sorted((p for p in prefixes if p), key=len, reverse=True):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


# --- Comparison ------------------------------------------------------------------------------


def comparable(text: str) -> str:
    """A form for comparing two texts: punctuation width, spaces and compatibility forms unified."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_FULL_TO_HALF.get(ch, ch) for ch in text)
    return re.sub(r"\s+", "", text)


def similarity(a: str, b: str) -> float:
    """difflib ratio of the comparable forms, 0..1."""
    return SequenceMatcher(None, comparable(a), comparable(b), autojunk=False).ratio()


def extends(longer: str, clause_text: str) -> bool:
    """Whether `longer` starts with `clause_text`, comparing comparable forms."""
    head = comparable(clause_text).rstrip(".,")
    return bool(head) and comparable(longer).startswith(head)


def contains(text: str, part: str) -> bool:
    return bool(part) and comparable(part).rstrip(".,") in comparable(text)
