"""iCalendar (RFC 5545) files from plain objects.

No clock, no database, no request in here: the same objects give the same bytes, so a feed's
strong ETag can be the hash of its body. DTSTAMP is the item's last change (RFC 5545 §3.8.7.2:
without METHOD it is the time the information was last revised), never "now".
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, Todo, vCalAddress, vDuration

from governance.calendar import rules
from governance.calendar.rules import TodoStatus
from governance.calendar.wording import Wording, fill
from governance.records.models import EventStatus, Visibility

PRODID = "-//Liaocheng Water Group//governance meeting records//ZH"
SHANGHAI = ZoneInfo(rules.TIMEZONE)
# Before this instant Asia/Shanghai had daylight saving, which our VTIMEZONE does not describe.
_ZONE_VALID_FROM = datetime.combine(rules.TIMEZONE_FROM, time(0), SHANGHAI)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Revision:
    """SEQUENCE, and the time of the last change (LAST-MODIFIED and DTSTAMP)."""

    sequence: int
    modified: datetime


@dataclass(frozen=True)
class Attendee:
    key: str  # stable and impersonal ("person-12"): becomes the attendee's urn:uuid address
    name: str
    role: str  # rules.CHAIR, rules.REQUIRED ...
    partstat: str | None = None


@dataclass(frozen=True)
class AgendaLine:
    title: str
    presenter: str = ""


@dataclass(frozen=True)
class FeedEvent:
    id: int
    uid: str
    title: str
    kind: str
    starts_at: datetime  # aware
    ends_at: datetime | None  # exclusive; for all-day events the local midnight after
    all_day: bool
    status: EventStatus
    visibility: Visibility
    created: datetime
    updated: datetime
    location: str = ""
    summary: str = ""
    agenda: tuple[AgendaLine, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    # Set by the service from stored revisions; None = never changed (SEQUENCE 0, updated).
    revision: Revision | None = None


@dataclass(frozen=True)
class FeedTask:
    """A follow-up task as feeds need it: the tasks capability fills these in, the feed builder
    renders them as VTODO (and, per feed, each deadline as an all-day VEVENT)."""

    id: int
    uid: str
    title: str
    status: TodoStatus
    created: datetime
    updated: datetime
    visibility: Visibility = Visibility.INTERNAL
    description: str = ""
    starts_on: date | None = None
    due_on: date | None = None
    percent: int = 0
    completed_at: datetime | None = None
    url_path: str = ""  # the task's page, joined to the feed's base URL
    # For choosing and filtering, not printed: those responsible (they always see the task),
    # the responsible unit, and the kind of the event the task comes from.
    responsible_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_id: int | None = None
    source_kind: str | None = None
    revision: Revision | None = None


@dataclass(frozen=True)
class FeedOptions:
    base_url: str  # links back to the records: {base_url}/events/12
    calendar_uid: str
    name: str | None = None  # None for a single event's file: no calendar metadata then
    description: str | None = None
    refresh: timedelta = timedelta(hours=1)
    alarm_minutes: int | None = None
    deadline_events: bool = False


# --- fingerprints ----------------------------------------------------------------------------
def event_fingerprint(event: FeedEvent) -> str:
    """Hash of everything an event shows, so any visible change can raise its SEQUENCE."""
    content = (
        event.title,
        event.kind,
        event.starts_at.astimezone(UTC),
        event.ends_at.astimezone(UTC) if event.ends_at else None,
        event.all_day,
        event.status.value,
        event.visibility.value,
        event.location,
        event.summary,
        event.agenda,
        event.attendees,
    )
    return hashlib.sha256(repr(content).encode("utf-8")).hexdigest()


def task_fingerprint(task: FeedTask) -> str:
    content = (
        task.title,
        task.status.value,
        task.visibility.value,
        task.description,
        task.starts_on,
        task.due_on,
        task.percent,
        task.completed_at.astimezone(UTC) if task.completed_at else None,
    )
    return hashlib.sha256(repr(content).encode("utf-8")).hexdigest()


def deadline_uid(task: FeedTask) -> str:
    return f"deadline-{task.uid}"


# --- times -----------------------------------------------------------------------------------
def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _local(value: datetime) -> datetime:
    # Asia/Shanghai with its VTIMEZONE; before 1992 (daylight saving years) in UTC instead.
    return value.astimezone(SHANGHAI) if value >= _ZONE_VALID_FROM else _utc(value)


def event_times(event: FeedEvent) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND: dates with an exclusive end for all-day events, local times otherwise.

    DTEND always has DTSTART's type and is later; a timed event without a known end has none.
    """
    if event.all_day:
        first = event.starts_at.astimezone(SHANGHAI).date()
        after = event.ends_at.astimezone(SHANGHAI).date() if event.ends_at else first
        return first, max(after, first + ONE_DAY)
    start = event.starts_at
    if start < _ZONE_VALID_FROM:
        return _utc(start), (
            _utc(event.ends_at) if event.ends_at and event.ends_at > start else None
        )
    end = event.ends_at if event.ends_at and event.ends_at > start else None
    return start.astimezone(SHANGHAI), end.astimezone(SHANGHAI) if end else None


# --- components ------------------------------------------------------------------------------
def _description(summary: str, agenda: Sequence[AgendaLine], url: str, wording: Wording) -> str:
    parts = [rules.plain_text(summary).strip()] if summary.strip() else []
    if agenda:
        lines = [wording.agenda_heading]
        for number, line in enumerate(agenda, 1):
            text = fill(wording.agenda_item, number=number, title=line.title)
            if line.presenter:
                text += fill(wording.agenda_presenter, presenter=line.presenter)
            lines.append(rules.plain_text(text))
        parts.append("\n".join(lines))
    parts.append(fill(wording.link, url=url))
    return "\n\n".join(parts)


def _attendee(attendee: Attendee) -> vCalAddress:
    address = vCalAddress(rules.attendee_uri(attendee.key))  # CUTYPE: INDIVIDUAL by default
    address.params["ROLE"] = attendee.role
    if attendee.partstat:
        address.params["PARTSTAT"] = attendee.partstat
    name = rules.clean_param(attendee.name)
    if name:
        address.params["CN"] = name
    return address


def _alarm(minutes: int, title: str, wording: Wording) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", -timedelta(minutes=minutes))
    alarm.add("DESCRIPTION", rules.plain_text(fill(wording.alarm, title=title)))
    return alarm


def event_component(event: FeedEvent, options: FeedOptions, wording: Wording) -> Event:
    revision = event.revision or Revision(0, event.updated)
    start, end = event_times(event)
    url = f"{options.base_url}/events/{event.id}"
    component = Event.new(
        uid=event.uid,
        stamp=_utc(revision.modified),
        created=_utc(event.created),
        last_modified=_utc(revision.modified),
        sequence=revision.sequence,
        start=start,
        end=end,
        summary=rules.plain_text(wording.status_prefix.get(event.status.value, "") + event.title),
        description=_description(event.summary, event.agenda, url, wording),
        location=rules.plain_text(event.location) or None,
        url=url,
        categories=[wording.kind_label(event.kind)],
    )
    component.add("STATUS", rules.EVENT_STATUS[event.status])
    component.add("CLASS", rules.EVENT_CLASS[event.visibility])
    for attendee in event.attendees:
        component.add("ATTENDEE", _attendee(attendee))
    if options.alarm_minutes is not None and event.status != EventStatus.CANCELLED:
        component.add_component(_alarm(options.alarm_minutes, event.title, wording))
    return component


def _task_description(task: FeedTask, options: FeedOptions, wording: Wording) -> str:
    url = f"{options.base_url}{task.url_path}" if task.url_path else ""
    text = rules.plain_text(task.description).strip()
    if url:
        text = f"{text}\n\n{fill(wording.link, url=url)}" if text else fill(wording.link, url=url)
    return text


def todo_component(task: FeedTask, options: FeedOptions, wording: Wording) -> Todo:
    revision = task.revision or Revision(0, task.updated)
    component = Todo.new(
        uid=task.uid,
        stamp=_utc(revision.modified),
        created=_utc(task.created),
        last_modified=_utc(revision.modified),
        sequence=revision.sequence,
        summary=rules.plain_text(task.title),
        description=_task_description(task, options, wording) or None,
        url=f"{options.base_url}{task.url_path}" if task.url_path else None,
        categories=[wording.task_category],
    )
    # DUE is never before DTSTART (RFC 5545 §3.8.2.3); both are dates, so of one type.
    if task.starts_on is not None and (task.due_on is None or task.starts_on <= task.due_on):
        component.add("DTSTART", task.starts_on)
    if task.due_on is not None:
        component.add("DUE", task.due_on)
    component.add("STATUS", task.status.value)
    component.add(
        "PERCENT-COMPLETE",
        100 if task.status == TodoStatus.COMPLETED else min(100, max(0, task.percent)),
    )
    if task.status == TodoStatus.COMPLETED and task.completed_at is not None:
        component.add("COMPLETED", _utc(task.completed_at))
    component.add("CLASS", rules.EVENT_CLASS[task.visibility])
    return component


def deadline_component(task: FeedTask, options: FeedOptions, wording: Wording) -> Event:
    """A task's deadline as an all-day event, for clients that do not show VTODO."""
    assert task.due_on is not None
    revision = task.revision or Revision(0, task.updated)
    prefix = wording.task_status_prefix.get(task.status.value, "")
    component = Event.new(
        uid=deadline_uid(task),
        stamp=_utc(revision.modified),
        created=_utc(task.created),
        last_modified=_utc(revision.modified),
        sequence=revision.sequence,
        start=task.due_on,
        end=task.due_on + ONE_DAY,
        summary=rules.plain_text(prefix + fill(wording.deadline_summary, title=task.title)),
        description=_task_description(task, options, wording) or None,
        url=f"{options.base_url}{task.url_path}" if task.url_path else None,
        categories=[wording.task_category],
    )
    component.add("STATUS", "CANCELLED" if task.status == TodoStatus.CANCELLED else "CONFIRMED")
    component.add("TRANSP", "TRANSPARENT")  # a deadline does not make anyone busy
    component.add("CLASS", rules.EVENT_CLASS[task.visibility])
    return component


@lru_cache(maxsize=1)
def _vtimezone_bytes() -> bytes:
    # Building a VTIMEZONE walks the zone's transitions: do it once per process.
    zone = Timezone.from_tzid(
        rules.TIMEZONE, first_date=rules.TIMEZONE_FROM, last_date=rules.TIMEZONE_UNTIL
    )
    return zone.to_ical()


def vtimezone() -> Timezone:
    zone = Timezone.from_ical(_vtimezone_bytes())
    assert isinstance(zone, Timezone)
    return zone


def build_calendar(
    events: Sequence[FeedEvent],
    tasks: Sequence[FeedTask],
    options: FeedOptions,
    wording: Wording,
) -> Calendar:
    calendar = Calendar.new(
        prodid=PRODID,
        uid=options.calendar_uid,  # Calendar.new would make up a random one
        name=options.name,
        description=options.description,
    )
    if options.name is not None:
        calendar.refresh_interval = options.refresh
        # icalendar writes REFRESH-INTERVAL without the VALUE=DURATION that RFC 7986 requires.
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
        calendar.add("X-PUBLISHED-TTL", vDuration(options.refresh))
        calendar.add("X-WR-TIMEZONE", rules.TIMEZONE)  # the only TZID used
    # Always present: its one STANDARD block keeps Outlook to one rule, and a calendar needs at
    # least one component even when the owner has no meeting (RFC 5545 §3.6).
    calendar.add_component(vtimezone())
    for event in sorted(events, key=lambda e: (e.starts_at, e.id)):
        calendar.add_component(event_component(event, options, wording))
    for task in sorted(tasks, key=lambda t: (t.due_on or date.max, t.id)):
        calendar.add_component(todo_component(task, options, wording))
        if options.deadline_events and task.due_on is not None:
            calendar.add_component(deadline_component(task, options, wording))
    return calendar


_CONTINUATION = range(0x80, 0xC0)  # UTF-8 bytes that never start a character
_ESCAPES = (ord("\\"), ord("^"))  # TEXT escapes (\\, \;, \,, \n) and RFC 6868 (^^, ^n, ^')


def _escape_safe(line: bytes, start: int, cut: int) -> int:
    """The cut moved back past any escape character whose escaped character lies beyond it.

    An odd run of one escape character just before the cut means its last one escapes the
    character after the cut: the cut moves before it, and the new boundary is checked again
    (in `\\^水`, stepping back over `^` leaves a lone `\\` before the cut). A line made only of
    escapes has no safe place; it is cut where it was rather than not at all.
    """
    safe = cut
    while safe > start + 1:
        run = safe
        while run > start and line[run - 1] in _ESCAPES and line[run - 1] == line[safe - 1]:
            run -= 1
        if (safe - run) % 2 == 0:
            return safe
        safe -= 1
    return cut


def fold(line: bytes, limit: int = 75) -> bytes:
    """Fold one content line (RFC 5545 §3.1): physical lines of at most `limit` octets, the
    continuation's leading space included.

    A fold never falls inside a UTF-8 character, nor between a backslash and the character it
    escapes, nor inside an RFC 6868 ^-escape: some clients unescape before unfolding.
    icalendar 7.3.2 folds between the two backslashes of an escaped backslash when the line is
    full just there (and folds character by character, slowly), hence our own folding.
    """
    if len(line) <= limit:
        return line
    pieces = []
    start, room, end = 0, limit, len(line)
    while end - start > room:
        cut = start + room
        while line[cut] in _CONTINUATION:
            cut -= 1
        cut = _escape_safe(line, start, cut)
        pieces.append(line[start:cut])
        start, room = cut, limit - 1  # the next line starts with a space
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def calendar_bytes(
    events: Sequence[FeedEvent],
    tasks: Sequence[FeedTask],
    options: FeedOptions,
    wording: Wording,
) -> bytes:
    """The calendar file: CRLF lines folded at 75 octets, UTF-8 without BOM."""
    lines = build_calendar(events, tasks, options, wording).content_lines()
    return b"".join(fold(line.encode("utf-8")) + b"\r\n" for line in lines if line)


def etag(body: bytes) -> str:
    """A strong ETag: the body's hash, so equal bodies share it and any change moves it."""
    return f'"{hashlib.sha256(body).hexdigest()}"'
