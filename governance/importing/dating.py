"""Dating articles: the month and day come from the lead, the year from the issue.

Pure functions. An issue prints month and day only (1月20日); the year is given (--year) or read
from the text. An issue may span December and January: then months from July on belong to the
year before the issue's year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

_SPAN = re.compile(
    r"(\d{1,2})月(\d{1,2})日(?:\s*(?:至|到|—|–|-|～|~)\s*(?:(\d{1,2})月)?(\d{1,2})日)?"
)
_FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int


@dataclass(frozen=True)
class Span:
    start: MonthDay
    end: MonthDay | None = None


def find_span(text: str) -> Span | None:
    """The first date (or range: 1月26日至30日, 12月30日至1月2日) printed in a text."""
    for match in _SPAN.finditer(text):
        month, day = int(match.group(1)), int(match.group(2))
        if not _valid(month, day):
            continue
        start = MonthDay(month, day)
        if match.group(4):
            end_month = int(match.group(3) or month)
            end_day = int(match.group(4))
            if _valid(end_month, end_day):
                return Span(start, MonthDay(end_month, end_day))
        return Span(start)
    return None


def _valid(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year, so 2月29日 passes
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class IssueYear:
    year: int | None
    source: str  # how the year was found, for the report


def issue_year(texts: Sequence[str], given: int | None = None) -> IssueYear:
    """The issue's year: --year; else the year of a full date printed (2021年1月20日); else the
    year printed most often (ties: the later); else unknown."""
    if given is not None:
        return IssueYear(given, "--year")
    joined = "\n".join(texts)
    full = [int(m.group(1)) for m in _FULL_DATE.finditer(joined)]
    if full:
        return IssueYear(max(full), "a full date printed in the issue")
    years = Counter(int(m.group(1)) for m in _YEAR.finditer(joined))
    if years:
        year = max(years, key=lambda y: (years[y], y))
        return IssueYear(year, f"printed {years[year]} times in the issue")
    return IssueYear(None, "no year in the text: give --year")


def spans_new_year(months: Sequence[int]) -> bool:
    """An issue reporting both December (or November) and January (or February) days."""
    return any(m >= 11 for m in months) and any(m <= 2 for m in months)


def to_date(md: MonthDay, year: int, across_new_year: bool) -> date:
    # In an issue spanning the new year, the issue's year is January's: late months are older.
    return date(year - 1 if across_new_year and md.month >= 7 else year, md.month, md.day)


def date_span(
    span: Span | None, year: int | None, across_new_year: bool
) -> tuple[date | None, date | None]:
    if span is None or year is None:
        return None, None
    try:
        start = to_date(span.start, year, across_new_year)
        end = to_date(span.end, year, across_new_year) if span.end else None
    except ValueError:  # 2月29日 in a common year: a misprint the secretary must fix
        return None, None
    if end is None:
        return start, None
    if end < start:  # 12月30日至1月2日
        end = end.replace(year=end.year + 1)
    return start, end
