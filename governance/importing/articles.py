"""Putting a scanned issue back together: which paragraph belongs to which article.

Pure functions over the cleaning rules in `rules.py` and the paragraphs as `paragraphs.py`
classifies them. The scan's order is mostly the reading order, with four kinds of disorder,
each undone by a general rule:

1. A headline printed away from its lead (the two columns of a page read crosswise): it is
   paired with the lead it resembles most, and the paragraphs printed right after it belong
   to that article ("displaced" paragraphs).
2. A paragraph cut across columns: a paragraph that stops mid-sentence is joined with the next
   one unless that one starts a sentence; failing that, with the first displaced paragraph of
   its article that does not start a sentence.
3. An article that runs over into the next article's column: when an article stops
   mid-sentence, a run of paragraphs at the end of the next article moves to it if it reads
   more like it (TF-IDF over character bigrams, with a margin).
4. (下转第二版) / (上接第一版): the continuation block is joined to the article it continues.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from governance.importing import rules
from governance.importing.paragraphs import (
    Kind,
    Para,
    before_lead,
    classify,
    drop_duplicates,
    rejoin_adjacent,
)

# A headline and a lead are paired when this share of the headline's bigrams is in the lead,
# and when they are at most this many paragraphs apart (about a page).
HEADLINE_MATCH = 0.5
PAGE_REACH = 40
# A run of paragraphs moves to another article when it is this much more similar to it
# (cosine difference and ratio).
OVERFLOW_GAIN = 0.03
OVERFLOW_RATIO = 1.25


@dataclass
class Article:
    headline: str
    lead: str
    body: list[str]
    authors: list[str]
    position: int  # scan position of the lead (or headline), which orders articles
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return ([self.lead] if self.lead else []) + self.body

    @property
    def text(self) -> str:
        """The cleaned article: headline, lead, body and authors, one paragraph a line."""
        lines = [self.headline] if self.headline else []
        lines += self.paragraphs
        if self.authors:
            lines.append(" ".join(self.authors))
        return "\n".join(lines)


@dataclass
class Issue:
    articles: list[Article]
    duplicates: list[str]  # paragraphs dropped as scanner duplicates
    furniture: list[str]  # masthead, slogans and column names dropped
    joins: int  # cut paragraphs joined again


# --- Similarity ------------------------------------------------------------------------------
def tokens(text: str) -> list[str]:
    """Character bigrams of the Chinese runs, and Latin words and numbers."""
    out: list[str] = []
    for run in re.findall(f"[{rules.CJK}]+", text):
        out += [run[i : i + 2] for i in range(len(run) - 1)] or [run]
    out += re.findall(r"[A-Za-z0-9]+", text)
    return out


def headline_match(headline: str, lead: str) -> float:
    """Share of the headline's bigrams found in the lead (0 when fewer than 3 are shared)."""
    wanted = set(tokens(headline))
    shared = wanted & set(tokens(lead))
    return len(shared) / len(wanted) if wanted and len(shared) >= 3 else 0.0


class Similarity:
    """TF-IDF cosine over the issue's paragraphs."""

    def __init__(self, documents: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(tokens(doc)))
        n = len(documents) or 1
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}

    def vector(self, texts: Iterable[str]) -> dict[str, float]:
        counts = Counter(t for text in texts for t in tokens(text))
        vec = {t: c * self.idf.get(t, 1.0) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(t, 0.0) for t, v in a.items())


# --- Assembly --------------------------------------------------------------------------------
@dataclass
class _Draft:
    headline: str = ""
    lead: str = ""
    position: int = 0
    in_place: list[str] = field(default_factory=list)
    displaced: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def profile(self) -> list[str]:
        return [self.headline, self.lead, *self.in_place, *self.displaced, *self.moved]


@dataclass
class _Block:
    """A continuation block: (上接第一版) and what follows it."""

    page: str
    paras: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def _pair_headlines(paras: Sequence[Para]) -> tuple[dict[int, int], dict[int, int], set[int]]:
    """(headline → lead) for headlines printed right before their lead, (headline → lead) for
    headlines printed elsewhere, and the headlines that start an article without a lead."""
    adjacent: dict[int, int] = {}
    for i, para in enumerate(paras):
        if para.kind == Kind.HEADLINE and before_lead(paras, i):
            adjacent[i] = i + 1
    headless = [i for i, p in enumerate(paras) if p.kind == Kind.LEAD and i - 1 not in adjacent]
    loose = [i for i, p in enumerate(paras) if p.kind == Kind.HEADLINE and i not in adjacent]
    # A headline strays within its page: only leads nearby are candidates.
    scores = sorted(
        (
            (headline_match(paras[h].text, paras[lead].text), h, lead)
            for h in loose
            for lead in headless
            if abs(lead - h) <= PAGE_REACH
        ),
        reverse=True,
    )
    displaced: dict[int, int] = {}
    taken: set[int] = set()
    for score, h, lead in scores:
        if score >= HEADLINE_MATCH and h not in displaced and lead not in taken:
            displaced[h] = lead
            taken.add(lead)
    leadless = {
        h
        for h in loose
        if h not in displaced
        and h + 1 < len(paras)
        and paras[h + 1].kind == Kind.BODY
        and rules.is_opener(paras[h + 1].text)
        and not rules.continued_from(paras[h + 1].text)
    }
    return adjacent, displaced, leadless


def _route(paras: Sequence[Para]) -> tuple[list[_Draft], list[_Block], list[str]]:
    adjacent, displaced, leadless = _pair_headlines(paras)
    by_lead: dict[int, _Draft] = {}
    drafts: list[_Draft] = []
    blocks: list[_Block] = []
    furniture: list[str] = []

    def draft_for(lead: int) -> _Draft:
        if lead not in by_lead:
            by_lead[lead] = _Draft(position=lead)
            drafts.append(by_lead[lead])
        return by_lead[lead]

    target: _Draft | _Block | None = None
    mode = "none"
    for i, para in enumerate(paras):
        if para.kind in {Kind.MASTHEAD, Kind.FURNITURE}:
            furniture.append(para.text)
        elif para.kind == Kind.HEADLINE:
            if i in adjacent:
                draft_for(adjacent[i]).headline = para.text
            elif i in displaced:
                target, mode = draft_for(displaced[i]), "displaced"
                target.headline = para.text
            elif i in leadless:
                target, mode = draft_for(i), "in_place"
                target.headline = para.text
            else:
                furniture.append(para.text)
        elif para.kind == Kind.LEAD and not (
            # Inside a continuation a dated paragraph is text, unless a headline opens it.
            mode == "continuation" and not rules.is_lead(para.text) and i - 1 not in adjacent
        ):
            target, mode = draft_for(i), "in_place"
            target.lead = para.text
        elif para.kind == Kind.BYLINE:
            if target is not None:
                target.authors = rules.byline_names(para.text)
            target, mode = None, "none"
        else:
            started = rules.continued_from(para.text)
            if started:
                target, mode = _Block(page=started[1]), "continuation"
                blocks.append(target)
            if target is None:  # a stray paragraph after an article's end: its own item
                target, mode = draft_for(i), "in_place"
            if isinstance(target, _Block):
                target.paras.append(para.text)
            elif mode == "displaced":
                target.displaced.append(para.text)
            else:
                target.in_place.append(para.text)
    drafts.sort(key=lambda d: d.position)
    return drafts, blocks, furniture


def _move_overflow(
    drafts: Sequence[_Draft], blocks: Sequence[_Block], sim: Similarity, names: Sequence[str]
) -> None:
    """An article that stops mid-sentence ran over: a run of paragraphs at the end of the next
    article, starting a sentence, moves to it when the run as a whole reads more like it.

    A run ending in (下转第N版) is judged together with the text it continues into.
    """
    for here, nxt in itertools.pairwise(drafts):
        if not here.in_place or not rules.is_cut(here.in_place[-1]):
            continue
        if rules.continued_on(here.in_place[-1]):
            continue
        body = nxt.in_place
        onward = blocks[0].paras if body and rules.continued_on(body[-1]) and blocks else []
        target = sim.vector(here.profile())
        best, best_k = 0.0, None
        for k in range(len(body)):
            if not rules.is_opener(body[k], names):
                continue
            run = sim.vector([*body[k:], *onward])
            own = sim.vector([nxt.headline, nxt.lead, *body[:k], *nxt.displaced])
            mine, theirs = sim.cosine(run, target), sim.cosine(run, own)
            if mine > OVERFLOW_RATIO * theirs and mine - theirs > max(best, OVERFLOW_GAIN):
                best, best_k = mine - theirs, k
        if best_k is not None:
            here.moved.extend(body[best_k:])
            del body[best_k:]


def _join_displaced(order: list[str], spare: list[str], names: Sequence[str]) -> int:
    """Joins each cut paragraph with the next one, or else with the first spare (displaced)
    paragraph that does not start a sentence."""
    joins = 0
    i = 0
    while i < len(order):
        text = order[i]
        if not rules.is_cut(text) or rules.continued_on(text):
            i += 1
            continue
        nxt = order[i + 1] if i + 1 < len(order) else None
        if nxt is not None and not rules.is_opener(nxt, names) and not rules.continued_from(nxt):
            order[i] = rules.join_cut(text, nxt)
            spare[:] = [s for s in spare if s is not nxt]
            del order[i + 1]
            joins += 1
            continue
        candidate = next(
            (s for s in spare if s in order[i + 1 :] and not rules.is_opener(s, names)), None
        )
        if candidate is None:
            i += 1
            continue
        order[i] = rules.join_cut(text, candidate)
        order.remove(candidate)
        spare.remove(candidate)
        joins += 1
    return joins


def _attach_continuations(articles: list[Article], blocks: Sequence[_Block]) -> None:
    for block in blocks:
        # The first article still waiting for its continuation, in reading order.
        host = next((a for a in articles if any(rules.continued_on(p) for p in a.body)), None)
        first, page = rules.continued_from(block.paras[0]) or (block.paras[0], block.page)
        rest = block.paras[1:]
        if host is None:
            orphan = Article("", "", [first, *rest], block.authors, position=10**9)
            orphan.warnings.append(f"接续第{page}版的文字找不到前文（下转）。")
            articles.append(orphan)
            continue
        at = next(i for i, p in enumerate(host.body) if rules.continued_on(p))
        marked = rules.continued_on(host.body[at])
        assert marked is not None
        before = marked[0]
        joined = [rules.join_cut(before, first)] if rules.is_cut(before) else [before, first]
        host.body[at : at + 1] = joined + rest
        host.authors = host.authors or block.authors
    for article in articles:
        for i, p in enumerate(article.body):
            marked = rules.continued_on(p)
            if marked:
                article.body[i] = marked[0]
                article.warnings.append(f"文章转至第{marked[1]}版，续文未找到。")


def assemble(
    raw_paragraphs: Sequence[str], names: Iterable[str] = (), normalised: bool = False
) -> Issue:
    """Cleans the scanned paragraphs of one issue and splits them into articles.

    `names`: people's names known beforehand (from the database or the issue's title lines),
    so that a paragraph opening with one is known to start a sentence. `normalised`: the
    paragraphs went through `rules.normalise` already.
    """
    names = sorted({n for n in names if n}, key=len, reverse=True)
    cleaned = raw_paragraphs if normalised else [rules.normalise(r) for r in raw_paragraphs]
    texts = [t for t in cleaned if t]
    paras = classify(texts)
    joins = rejoin_adjacent(paras, names)
    dropped = drop_duplicates(paras)
    drafts, blocks, furniture = _route(paras)
    sim = Similarity([p.text for p in paras])
    _move_overflow(drafts, blocks, sim, names)
    articles: list[Article] = []
    for draft in drafts:
        order = [*draft.in_place, *draft.displaced, *draft.moved]
        spare = list(draft.displaced)  # runs moved in are in reading order already
        joins += _join_displaced(order, spare, names)
        if not draft.lead and not order:  # a headline alone is a slogan, not an article
            furniture.append(draft.headline)
            continue
        articles.append(
            Article(
                draft.headline, draft.lead, order, draft.authors, draft.position, draft.warnings
            )
        )
    _attach_continuations(articles, blocks)
    for article in articles:
        for p in article.paragraphs:
            if rules.is_cut(p):
                article.warnings.append(f"段落在“{p[-12:]}”处中断，后文在扫描件中缺失。")
    return Issue(articles, dropped, furniture, joins)
