"""Wording rules for meeting records, as the group newsletter prints them.

Pure functions only: no database, no clock, no HTTP, so the same record always reads the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")

_DIGITS = "零一二三四五六七八九"
_PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
_ENUM_COMMA = "、"  # joins one person's titles, and people who share a title
_LIST_COMMA = "，"  # separates different people (full-width, GB/T 15834)
_RANGE_DASH = "—"  # date ranges: 1月26日—30日
# Sorts people without any post after everyone who holds one.
_LAST = sys.maxsize


# --- Numbers ---------------------------------------------------------------------------------


def chinese_number(n: int) -> str:
    """0..9999 in Chinese numerals, as in term and session numbers (三届一次, 第十一次)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"chinese_number expects 0..9999, got {n}")
    if n == 0:
        return "零"
    parts: list[str] = []
    gap = False  # a zero place between two non-zero places is read once as 零: 一千零一
    for value, unit in _PLACES:
        digit = n // value % 10
        if digit == 0:
            gap = bool(parts)
            continue
        if gap:
            parts.append("零")
            gap = False
        # 十一, not 一十一; but inside a larger number the 一 is kept: 一百一十.
        if not (value == 10 and digit == 1 and not parts):
            parts.append(_DIGITS[digit])
        parts.append(unit)
    return "".join(parts)


class Numbering(StrEnum):
    TERM_SESSION = "term_session"  # 三届一次职工代表大会: 3rd term, 1st session
    ORDINAL = "ordinal"  # 第三次团员大会: the 3rd congress


def session_label(numbering: Numbering, term: int | None, session: int | None) -> str:
    """三届一次 / 第三届 / 第三次, or "" when the meeting carries no number."""
    for number in (term, session):
        if number is not None and number < 1:
            raise ValueError(f"term and session numbers start at 1, got {number}")
    if numbering == Numbering.ORDINAL:
        # Bodies numbered by congress sometimes store the count as a term: accept either.
        count = session if session is not None else term
        return "" if count is None else f"第{chinese_number(count)}次"
    if term is None:
        return "" if session is None else f"第{chinese_number(session)}次"
    if session is None:
        return f"第{chinese_number(term)}届"
    return f"{chinese_number(term)}届{chinese_number(session)}次"


def body_meeting_title(
    numbering: Numbering, term: int | None, session: int | None, body_name: str
) -> str:
    """三届一次职工代表大会, 第三次团员大会, or the bare body name."""
    return session_label(numbering, term, session) + body_name


# --- Title chains ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldPost:
    organisation: str  # printed prefix of the post's organisation; "" prints nothing
    title: str  # "党委书记"
    precedence: int  # lower = higher rank, orders the chain
    organisation_rank: int = 0  # orders organisations when a person holds posts in several


@dataclass(frozen=True)
class ChainSegment:
    organisation: str
    titles: tuple[str, ...]


def chain_segments(posts: Sequence[HeldPost]) -> tuple[ChainSegment, ...]:
    """Posts grouped by organisation, highest-ranked organisation and post first."""
    org_rank: dict[str, int] = {}
    title_precedence: dict[str, dict[str, int]] = {}
    for post in posts:
        org_rank[post.organisation] = min(
            org_rank.get(post.organisation, post.organisation_rank), post.organisation_rank
        )
        titles = title_precedence.setdefault(post.organisation, {})
        # The same post recorded twice (e.g. two overlapping terms) is printed once.
        titles[post.title] = min(titles.get(post.title, post.precedence), post.precedence)

    def org_key(org: str) -> tuple[int, int, str]:
        # The name breaks ties so the chain never depends on input order.
        return org_rank[org], min(title_precedence[org].values()), org

    return tuple(
        ChainSegment(
            org,
            tuple(sorted(title_precedence[org], key=lambda t: (title_precedence[org][t], t))),
        )
        for org in sorted(title_precedence, key=org_key)
    )


def _segments_text(segments: Sequence[ChainSegment], printed: set[str] | None = None) -> str:
    """Join segments; an organisation already in `printed` loses its prefix (then is recorded)."""
    pieces: list[str] = []
    for segment in segments:
        prefix = segment.organisation
        if printed is not None:
            if prefix in printed:
                prefix = ""
            elif prefix:
                printed.add(prefix)
        pieces.append(prefix + _ENUM_COMMA.join(segment.titles))
    return _ENUM_COMMA.join(pieces)


def title_chain(posts: Sequence[HeldPost]) -> str:
    """集团党委书记、董事长; 集团职工董事、市总工会委员."""
    return _segments_text(chain_segments(posts))


def rank_key(posts: Sequence[HeldPost]) -> tuple[int, int]:
    """Sort key for listing people by rank; a person with no post comes last."""
    if not posts:
        return (_LAST, _LAST)
    return (
        min(post.organisation_rank for post in posts),
        min(post.precedence for post in posts),
    )


def sort_by_rank(items: Sequence[T], key: Callable[[T], tuple[int, int]]) -> list[T]:
    """Stable: people of equal rank keep the order the caller gave (e.g. the sign-in order)."""
    return sorted(items, key=key)


# --- Lists of people -------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedPerson:
    name: str
    segments: tuple[ChainSegment, ...] = ()
    override: str | None = None  # printed title given by hand, e.g. "水务集团党委书记、董事长"


def _shared_title(person: PrintedPerson) -> str | tuple[ChainSegment, ...] | None:
    """What neighbours must have in common to share one printed title; None never shares."""
    if person.override is not None:
        return person.override or None
    return person.segments or None


def render_people(people: Sequence[PrintedPerson]) -> str:
    """集团党委书记、董事长谭相彦，党委副书记、董事、总经理王吾雪; input order is kept."""
    if any(not person.name.strip() for person in people):
        raise ValueError("every person listed needs a name")  # a blank name would vanish
    printed: set[str] = set()
    groups: list[str] = []
    i = 0
    while i < len(people):
        first = people[i]
        shared = _shared_title(first)
        j = i + 1
        while shared is not None and j < len(people) and _shared_title(people[j]) == shared:
            j += 1
        if first.override is not None:
            # Typed by hand, so printed verbatim; it does not count as printing the organisation.
            title = first.override
        else:
            title = _segments_text(first.segments, printed)
        groups.append(title + _ENUM_COMMA.join(person.name for person in people[i:j]))
        i = j
    return _LIST_COMMA.join(groups)


# --- Dates and counts ------------------------------------------------------------------------


def month_day(d: date) -> str:
    """1月20日: no leading zeros."""
    return f"{d.month}月{d.day}日"


def full_date(d: date) -> str:
    """2021年1月20日."""
    return f"{d.year}年{month_day(d)}"


def date_span(start: date, end: date | None) -> str:
    """1月20日; 1月26日—30日; 1月30日—2月2日; 2020年12月30日—2021年1月2日."""
    if end is None or end == start:
        return month_day(start)
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if end.year != start.year:
        # Without years a span over New Year would read as running backwards.
        return f"{full_date(start)}{_RANGE_DASH}{full_date(end)}"
    if end.month != start.month:
        return f"{month_day(start)}{_RANGE_DASH}{month_day(end)}"
    return f"{month_day(start)}{_RANGE_DASH}{end.day}日"


def headcount(count: int, approximate: bool = False, unit: str = "名") -> str:
    """41名, 30余名: counts keep Arabic numerals; 余 marks "more than"."""
    if count < 0:
        raise ValueError(f"a headcount cannot be negative, got {count}")
    return f"{count}{'余' if approximate else ''}{unit}"


def delegation(size: int) -> str:
    """一行4人: 一行 is a fixed phrase, the size an Arabic numeral."""
    if size < 1:
        # A delegation includes at least the person leading it.
        raise ValueError(f"a delegation has at least one member, got {size}")
    return f"一行{size}人"
