"""Event times: what a form gives (a date or a local datetime) to stored UTC instants, and back."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from governance.core.errors import Invalid

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
# Records of this group fall well inside these years; beyond them UTC conversion can overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def check_year(field: str, value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(field, "year_out_of_range", year=value.year, first=FIRST_YEAR, last=LAST_YEAR)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI)


def aware(value: datetime) -> datetime:
    # A time typed without an offset is what the secretariat means locally.
    return value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value


def to_instants(
    start: date | datetime, end: date | datetime | None
) -> tuple[datetime, datetime | None, bool]:
    """(starts_at, exclusive ends_at, all_day) from a form's start and end."""
    check_year("start", start)
    if end is not None:
        check_year("end", end)
    if not isinstance(start, datetime):
        if isinstance(end, datetime):
            raise Invalid("end", "end_needs_date")
        last = end or start
        if last < start:
            raise Invalid("end", "end_before_start", end=last.isoformat(), start=start.isoformat())
        return local_midnight(start), local_midnight(last) + ONE_DAY, True
    if end is not None and not isinstance(end, datetime):
        raise Invalid("end", "end_needs_time")
    starts_at = aware(start)
    ends_at = aware(end) if end is not None else None
    if ends_at is not None and ends_at < starts_at:
        raise Invalid(
            "end", "end_before_start", end=ends_at.isoformat(), start=starts_at.isoformat()
        )
    return starts_at, ends_at, False


def from_instants(
    starts_at: datetime, ends_at: datetime | None, all_day: bool
) -> tuple[date | datetime, date | datetime | None]:
    """The start and end a reader expects: dates (end inclusive) or Asia/Shanghai datetimes."""
    if all_day:
        first = starts_at.astimezone(SHANGHAI).date()
        last = (ends_at.astimezone(SHANGHAI) - ONE_DAY).date() if ends_at else first
        return first, max(first, last)
    return starts_at.astimezone(SHANGHAI), ends_at.astimezone(SHANGHAI) if ends_at else None


def local_day(instant: datetime) -> date:
    return instant.astimezone(SHANGHAI).date()


def local_last_day(starts_at: datetime, ends_at: datetime | None, all_day: bool) -> date:
    if ends_at is None:
        return local_day(starts_at)
    last = ends_at - ONE_DAY if all_day else ends_at
    return max(local_day(starts_at), local_day(last))
