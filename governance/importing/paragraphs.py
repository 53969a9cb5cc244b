"""The scan's paragraphs one by one: what kind each is (headline, lead, body, byline, masthead,
furniture), cut paragraphs joined again with the next, and paragraphs printed twice dropped
(articles.py puts them together into articles)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from governance.importing import rules


class Kind(StrEnum):
    HEADLINE = "headline"  # a short line without sentence punctuation
    LEAD = "lead"  # 本报讯 / 又讯 or a dateline item (1月28日，…)
    BODY = "body"
    BYLINE = "byline"
    MASTHEAD = "masthead"
    FURNITURE = "furniture"  # slogans, column names, the nameplate


@dataclass
class Para:
    index: int  # position in the scan (after cleaning)
    text: str
    kind: Kind


# --- Classification --------------------------------------------------------------------------
def classify(texts: Sequence[str]) -> list[Para]:
    paras: list[Para] = []
    for index, text in enumerate(texts):
        if rules.is_lead(text) or rules.is_dateline(text):
            kind = Kind.LEAD
        elif rules.is_masthead_line(text):
            kind = Kind.MASTHEAD
        elif rules.is_byline(text) and paras and paras[-1].kind in {Kind.LEAD, Kind.BODY}:
            kind = Kind.BYLINE
        elif rules.is_short_line(text):
            kind = Kind.HEADLINE
        else:
            kind = Kind.BODY
        paras.append(Para(index, text, kind))
    # A subtitle (——记…) printed under its headline belongs to it.
    for i in range(len(paras) - 1, 0, -1):
        here, above = paras[i], paras[i - 1]
        if here.kind == above.kind == Kind.HEADLINE and re.match("^[—–]+", here.text):
            above.text = f"{above.text}{here.text}"
            del paras[i]
    # Short lines around the masthead (slogans, the nameplate) are furniture, unless a lead
    # follows them, which makes them a headline.
    for i, para in enumerate(paras):
        if para.kind != Kind.MASTHEAD:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(paras) and paras[j].kind in {Kind.HEADLINE, Kind.MASTHEAD}:
                if paras[j].kind == Kind.HEADLINE and not before_lead(paras, j):
                    paras[j].kind = Kind.FURNITURE
                j += step
    return paras


def before_lead(paras: Sequence[Para], i: int) -> bool:
    """Whether the paragraph after the i-th is a lead."""
    return i + 1 < len(paras) and paras[i + 1].kind == Kind.LEAD


# --- Cut paragraphs and duplicates -----------------------------------------------------------
def rejoin_adjacent(paras: list[Para], names: Iterable[str]) -> int:
    """Joins each paragraph that stops mid-sentence with the next, unless the next starts a
    sentence of its own. Returns the number of joins."""
    names = list(names)
    joins = 0
    i = 0
    while i < len(paras) - 1:
        para, nxt = paras[i], paras[i + 1]
        if (
            para.kind in {Kind.LEAD, Kind.BODY}
            and rules.is_cut(para.text)
            and not rules.continued_on(para.text)
            and nxt.kind == Kind.BODY
            and not rules.is_opener(nxt.text, names)
        ):
            para.text = rules.join_cut(para.text, nxt.text)
            del paras[i + 1]
            joins += 1
            continue
        i += 1
    return joins


def drop_duplicates(paras: list[Para]) -> list[str]:
    """Drops body paragraphs printed twice (exact or as a fragment of another) and leads
    printed twice; returns what was dropped."""
    texts = [p.text if p.kind in {Kind.BODY, Kind.LEAD} else "" for p in paras]
    dropped = rules.duplicates(texts)
    # A lead is dropped only when repeated exactly; a fragment of a lead is body text.
    dropped = {
        i for i in dropped if paras[i].kind == Kind.BODY or (texts[i] and texts[i] in texts[:i])
    }
    removed = [paras[i].text for i in sorted(dropped)]
    paras[:] = [p for i, p in enumerate(paras) if i not in dropped]
    return removed
