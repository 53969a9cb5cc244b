"""Byte-exact golden files: the same records must give the same bytes, release after release
(a strong ETag depends on it). After an intended change of output, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/calendar/test_golden.py`, read the diff, and commit it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance.calendar.export import FeedOptions, calendar_bytes
from governance.calendar.wording import load_wording
from tests.calendar.parsers import check_bytes, icaljs, strict_icalendar, strict_vobject
from tests.calendar.samples import OPTIONS, rich_events, rich_tasks

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "rich-feed.ics": lambda: calendar_bytes(rich_events(), rich_tasks(), OPTIONS, load_wording()),
    "single-event.ics": lambda: calendar_bytes(
        rich_events()[:1],
        [],
        FeedOptions(base_url="https://gov.example.cn", calendar_uid=rich_events()[0].uid),
        load_wording(),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_the_golden_file(name: str) -> None:
    body = CASES[name]()
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(body)
    assert body == path.read_bytes(), f"{name} changed: see the module docstring"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_files_pass_every_parser(name: str) -> None:
    body = (GOLDEN / name).read_bytes()
    check_bytes(body)
    strict_icalendar(body)
    strict_vobject(body)
    assert icaljs(body)["events"]
