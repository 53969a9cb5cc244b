"""Cleaning rules for scanned newsletter issues: pure functions on text.

No database, no clock, no files: the same scan always cleans the same way. Article assembly
(which paragraph belongs to which article) lives in `articles.py`, on top of these rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from opencc import OpenCC

# --- Characters ------------------------------------------------------------------------------
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Full-width punctuation of Chinese text (GB/T 15834), as neighbours that make text "Chinese".
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』"
# A paragraph ends a sentence with one of these (optionally followed by closing marks).
_TERMINAL = re.compile(r"[。！？!?…；]+[”’）》」』]*$|[：:]$")
_CLOSERS = "”’）》」』"

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Letters and digits typed full-width by OCR are read back as ASCII (GB/T 15835: Arabic
# numerals are half-width), and the ideographic space as a plain one.
_FULLWIDTH_ALNUM = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "\u3000": " ",
        "％": "%",
    }
)
# Spans never touched by the punctuation rules.
_PROTECTED = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)
_PLACEHOLDER = 0xE000  # private-use code points stand in for protected spans


def is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


def _chinese_neighbour(char: str) -> bool:
    return bool(char) and (is_cjk(char) or char in CJK_PUNCT)


_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")


# --- Traditional to simplified ---------------------------------------------------------------
@cache
def _converter() -> OpenCC:
    # t2s: OpenCC's phrase-aware traditional-to-simplified conversion (not char by char).
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s); corner quotes to “” and ‘’."""
    converted: str = _converter().convert(text)
    return converted.translate(_CORNER_QUOTES)


# --- Punctuation -----------------------------------------------------------------------------
def _protect(text: str) -> tuple[str, list[str]]:
    spans: list[str] = []

    def hold(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return chr(_PLACEHOLDER + len(spans) - 1)

    return _PROTECTED.sub(hold, text), spans


def _restore(text: str, spans: Sequence[str]) -> str:
    for index, span in enumerate(spans):
        text = text.replace(chr(_PLACEHOLDER + index), span)
    return text


_SKIPPED = set(CJK_PUNCT) | set(",.;:?!()\"'")


_MARKS = set(',.;:?!()"“”')


def _neighbours(chars: Sequence[str], index: int) -> tuple[str, str]:
    """The nearest characters before and after `index` that are neither spaces nor marks
    ('' at either end): a mark's context is the words around it, so converting one mark
    never changes the decision for the next (and cleaning twice changes nothing)."""
    before = after = ""
    for i in range(index - 1, -1, -1):
        if not chars[i].isspace() and chars[i] not in _SKIPPED:
            before = chars[i]
            break
    for i in range(index + 1, len(chars)):
        if not chars[i].isspace() and chars[i] not in _SKIPPED:
            after = chars[i]
            break
    return before, after


def _paren_pairs(chars: Sequence[str]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            pairs[stack.pop()] = index
    return pairs


def fullwidth_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text becomes full-width (，。；：？！（）“”……).

    A mark is converted when a neighbour is Chinese; URLs, e-mail addresses, numbers (3.5,
    1,000, 10:30) and Latin text keep theirs.
    """
    text = text.translate(_FULLWIDTH_ALNUM)
    masked, spans = _protect(text)
    masked = re.sub(
        f"(?<=[{CJK}{CJK_PUNCT}])(?:\\.{{3,}}|。{{3,}}|(?<!…)…(?!…))"
        f"|(?:\\.{{3,}}|。{{3,}}|(?<!…)…(?!…))(?=[{CJK}])",
        "……",
        masked,
    )
    chars = list(masked)
    pairs = _paren_pairs(chars)
    closing = {close: open_ for open_, close in pairs.items()}
    quote_open = False
    for index, char in enumerate(chars):
        if char not in _MARKS:
            continue
        before, after = _neighbours(chars, index)
        chinese = _chinese_neighbour(before) or _chinese_neighbour(after)
        if char in _HALF_TO_FULL:
            if chinese and not (before.isdigit() and after.isdigit()):
                chars[index] = _HALF_TO_FULL[char]
        elif char == ".":
            if is_cjk(before) and (not after or _chinese_neighbour(after)):
                chars[index] = "。"
        elif char == "(" and index in pairs:
            inner = masked[index + 1 : pairs[index]]
            if has_cjk(inner) or chinese:
                chars[index], chars[pairs[index]] = "（", "）"
        elif char in "()" and index not in closing and chinese:
            chars[index] = "（" if char == "(" else "）"
        elif char == '"':
            if chinese:
                chars[index] = "”" if quote_open else "“"
                quote_open = not quote_open
        elif char == "“":
            quote_open = True
        elif char == "”":
            quote_open = False
    out = "".join(chars)
    # No spaces around full-width marks: they carry their own spacing.
    out = re.sub(r"[ \t]*([，。、；：？！）》”’])[ \t]*", r"\1", out)
    out = re.sub(r"([（《“‘])[ \t]+", r"\1", out)
    return _restore(out, spans)


def normalise(text: str) -> str:
    """One paragraph as the cleaned text shows it: simplified, full-width marks, tidy spaces."""
    text = re.sub(r"[ \t\u00a0]+", " ", text.strip())
    return fullwidth_punctuation(to_simplified(text)).strip()


# --- Paragraphs ------------------------------------------------------------------------------
def split_paragraphs(raw: str) -> list[str]:
    """Paragraphs of a plain-text scan: blank-line separated blocks, or lines if none are.

    Lines inside a block are joined without a space between Chinese characters.
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = re.split(r"\n[ \t\u3000]*\n", raw) if re.search(r"\n[ \t\u3000]*\n", raw) else None
    if blocks is None:
        return [line.strip() for line in raw.split("\n") if line.strip()]
    return [text for text in (join_lines(block) for block in blocks) if text]


def join_lines(block: str) -> str:
    """The lines of one paragraph as one line: no space between Chinese characters."""
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    text = lines[0] if lines else ""
    for line in lines[1:]:
        glue = "" if is_cjk(text[-1]) or is_cjk(line[0]) else " "
        text += glue + line
    return text


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def is_cut(text: str) -> bool:
    """A body paragraph the scanner cut mid-sentence (it runs on in another paragraph)."""
    text = text.rstrip()
    return len(text) > 0 and not ends_sentence(text) and not is_short_line(text)


def is_short_line(text: str) -> bool:
    """Headlines, slogans, bylines and furniture: short and without sentence punctuation."""
    return len(text) <= 40 and not re.search(r"[，。；！？]", text)


# --- Leads, datelines, bylines, furniture ----------------------------------------------------
LEAD = re.compile(r"^(本报讯|本刊讯|本网讯|又讯)\s*")
_DATE = r"\d{1,2}月\d{1,2}日(?:[至到—–\-~～]\d{1,2}(?:月\d{1,2})?日)?"
DATELINE = re.compile(rf"^(?:{_DATE}|近日|日前|近期|\d{{1,2}}月(?:上旬|中旬|下旬|初|底))，")
_MASTHEAD = re.compile(
    r"主办|承办|协办|总编辑|执行总编|副总编|责任编辑|编辑部|主编|网站|网址|https?://|www\.|"
    r"电话|传真|邮编|地址|投稿|邮箱|E-?mail|内部资料|准印证|刊号|总第\s*\d+\s*期|第\s*\d+\s*期|"
    r"星期[一二三四五六日天]",
    re.IGNORECASE,
)
# Common surnames (single and compound): a byline or a bare name starts with one.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
) | {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "夏侯", "慕容", "尉迟", "长孙"}


def starts_with_surname(text: str) -> bool:
    return text[:1] in SURNAMES or text[:2] in SURNAMES


def is_lead(text: str) -> bool:
    return bool(LEAD.match(text))


def is_dateline(text: str) -> bool:
    """A short item opening with its date and a comma: 1月28日，水兴市政党支部…"""
    return bool(DATELINE.match(text))


_PAGE_LINE = re.compile(
    r"^(?:第\s*[一二三四五六七八九十\d]+\s*版(?:\s+\S{1,8})?|[—–\-]\s*\d+\s*[—–\-]|\d{1,3})$"
)


def is_masthead_line(text: str) -> bool:
    """The nameplate block (publisher, editors, web address, issue number) and page lines
    (第二版 要闻, — 2 —): never a sentence, never a continuation mark."""
    if continued_on(text) or continued_from(text):
        return False
    if _PAGE_LINE.match(text.strip()):
        return True
    return len(text) <= 80 and not re.search(r"[。！？]", text) and bool(_MASTHEAD.search(text))


def byline_names(text: str) -> list[str]:
    """The names of a byline: 高立伟 张敬恩 → [高立伟, 张敬恩]; 文/图 张三 → [张三]."""
    text = re.sub(r"^(文/图|文／图|文|图|记者|通讯员)[/／:：\s]*", "", text.strip())
    return [n for n in re.split(r"[\s、/／]+", text) if n]


def is_byline(text: str) -> bool:
    """Authors' names at the end of an article: 袁宵 / 高立伟 张敬恩 / 文/图 张三."""
    names = byline_names(text)
    return (
        0 < len(names) <= 4
        and all(re.fullmatch(f"[{CJK}]{{2,4}}", n) and starts_with_surname(n) for n in names)
        and sum(len(n) for n in names) <= 16
    )


# --- Continuations ---------------------------------------------------------------------------
_NUMERAL = r"[一二三四五六七八九十\d]+"
CONTINUED_ON = re.compile(rf"[（(]\s*(?:下)?转(?:第)?\s*({_NUMERAL})\s*版\s*[)）]\s*$")
CONTINUED_FROM = re.compile(rf"^\s*[（(]\s*(?:上)?接(?:第)?\s*({_NUMERAL})\s*版\s*[)）]\s*")


def continued_on(text: str) -> tuple[str, str] | None:
    """(text without the mark, page) for a paragraph ending 「（下转第二版）」, else None."""
    match = CONTINUED_ON.search(text)
    return (text[: match.start()].rstrip(), match.group(1)) if match else None


def continued_from(text: str) -> tuple[str, str] | None:
    """(text without the mark, page) for a paragraph opening 「（上接第一版）」, else None."""
    match = CONTINUED_FROM.match(text)
    return (text[match.end() :].lstrip(), match.group(1)) if match else None


def join_cut(first: str, second: str) -> str:
    """Joins the two halves of a cut paragraph, dropping characters the scan printed twice at
    the cut (更贴心 | 心、更舒适 reads 更贴心、更舒适): two or more repeated characters, or one
    repeated character right before a punctuation mark."""
    first, second = first.rstrip(), second.lstrip()
    for size in range(min(10, len(first), len(second)), 0, -1):
        if first.endswith(second[:size]):
            follows = second[size : size + 1]
            if size >= 2 or (follows and follows in CJK_PUNCT):
                return first + second[size:]
    return first + second


# --- Openers: paragraphs that start a sentence -----------------------------------------------
_OPENER_WORDS = re.compile(
    r"^(?:会上|会前|会后|会中|会议|随后|同时|此外|另外|据了解|据悉|据统计|近年来|近日|目前|今年|"
    r"去年|首先|其次|再次|最后|总之|当天|当日|期间|活动中|活动现场|[一二三四五六七八九十]是|"
    r"第[一二三四五六七八九十]+[，、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|"
    r"\d+[.、]|[“‘《]|本报讯|又讯|\d{1,2}月\d{1,2}日)"
)
# Verbs of speech and action only: prepositions (对, 以, 在) and conjunctions (和, 及) also
# follow ordinary words (施运行和…), so a name before them must be known.
_SPEECH_VERBS = (
    r"指出|强调|表示|要求|号召|认为|介绍|说|带领|主持|出席|代表|通报|宣读|讲话|致辞|汇报|希望|"
    r"提出|一行|率队|率领"
)
_NAME_THEN_VERB = re.compile(f"^[{CJK}]{{2,3}}?(?:{_SPEECH_VERBS})")


# Last words of titles (党委书记, 二级调研员, 副总经理 …): a title chain ends with one of these.
TITLE_HEADS = (
    "董事长|总经理|副总经理|经理|书记|主席|主任|调研员|科员|部长|局长|处长|科长|厅长|厂长|"
    "总工程师|工程师|会计师|经济师|监事|总监|秘书长|委员|董事|队长|站长|所长|院长|校长|会长|"
    "组长|主管|负责人|助理|总裁|总编辑|主编|行长|市长|县长|区长|镇长|干事|专员|巡视员|督导"
)


def is_opener(text: str, names: Iterable[str] = ()) -> bool:
    """Whether a paragraph starts a sentence (so it is not the second half of a cut one):
    a discourse opener (会上, 一是, a date, a quotation), a known name, a title chain ending in
    a known name (集团党委副书记、董事、总经理王吾雪), or a surname-led name followed by a verb
    of speech or action (谭相彦指出)."""
    if _OPENER_WORDS.match(text) or continued_from(text):
        return True
    names = [n for n in names if n]
    if any(text.startswith(name) for name in names):
        return True
    first_clause = re.split(r"[，。；：！？]", text, maxsplit=1)[0]
    for name in names:
        at = first_clause.find(name)
        if at > 0 and re.search(f"(?:{TITLE_HEADS})$", first_clause[:at]):
            return True
    return starts_with_surname(text) and bool(_NAME_THEN_VERB.match(text))


# --- Duplicates ------------------------------------------------------------------------------
MIN_DUPLICATE = 10  # shorter paragraphs (bylines, slogans) may rightly repeat


def dedupe_key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def duplicates(texts: Sequence[str]) -> set[int]:
    """Indexes of paragraphs the scanner printed twice: an exact repeat of an earlier one, or a
    fragment contained in another (longer) paragraph. The first full copy is kept."""
    keys = [dedupe_key(t) for t in texts]
    # Which paragraphs hold each run of MIN_DUPLICATE characters: a fragment is looked for
    # only where its first run occurs (linear, where comparing every pair is quadratic).
    holders: dict[str, set[int]] = defaultdict(set)
    for index, key in enumerate(keys):
        for start in range(len(key) - MIN_DUPLICATE + 1):
            holders[key[start : start + MIN_DUPLICATE]].add(index)
    dropped: set[int] = set()
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if len(key) < MIN_DUPLICATE:
            continue
        if key in seen:
            dropped.add(index)
            continue
        seen.add(key)
        if any(
            len(keys[other]) > len(key) and key in keys[other]
            for other in holders[key[:MIN_DUPLICATE]]
        ):
            dropped.add(index)
    return dropped
