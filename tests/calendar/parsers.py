"""The three independent readers every feed must satisfy, and byte-level checks."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import vobject

from tests.tools import npm_package

JS = Path(__file__).resolve().parent / "js"


def strict_icalendar(body: bytes) -> icalendar.Calendar:
    """icalendar is lenient: check what it noted while parsing, and its own validation."""
    calendar = icalendar.Calendar.from_ical(body)
    assert isinstance(calendar, icalendar.Calendar)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    calendar.validate()
    assert calendar.get_missing_tzids() == set()
    return calendar


def strict_vobject(body: bytes) -> Any:
    return vobject.readOne(body.decode("utf-8"), validate=True)


def icaljs(body: bytes) -> dict[str, Any]:
    """What Thunderbird's parser reads, in New York, where a floating time would show."""
    parsed: dict[str, Any] = _node(body)
    return parsed


def icaljs_many(bodies: list[bytes]) -> list[dict[str, Any]]:
    """Several files in one node run."""
    payload = json.dumps([b.decode("utf-8") for b in bodies]).encode("utf-8")
    parsed: list[dict[str, Any]] = _node(payload, "--many")
    assert len(parsed) == len(bodies)
    return parsed


@functools.cache
def icaljs_folder() -> Path:
    """ical.js installed from tests/calendar/js/package-lock.json into the test cache, once."""
    return npm_package(
        JS, ("package.json", "package-lock.json", "parse.mjs"), "node_modules/ical.js"
    )


def _node(payload: bytes, *args: str) -> Any:
    folder = icaljs_folder()
    result = subprocess.run(
        ["node", str(folder / "parse.mjs"), *args],
        input=payload,
        capture_output=True,
        env={**os.environ, "TZ": "America/New_York"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    parsed = json.loads(result.stdout)
    for one in parsed if isinstance(parsed, list) else [parsed]:
        assert one["localZone"] == "America/New_York"
    return parsed


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n"), "the file must end with CRLF"
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, f"bare CR or LF in {line!r}"
    return lines


def check_bytes(body: bytes) -> None:
    """CALENDAR.md 1-2: CRLF everywhere, no BOM, lines <= 75 octets, folds that split neither a
    UTF-8 character nor an escape from the character it escapes."""
    assert not body.startswith(b"\xef\xbb\xbf"), "a BOM crashes ical.js"
    body.decode("utf-8")  # valid UTF-8 as a whole
    lines = physical_lines(body)
    for number, line in enumerate(lines):
        assert len(line) <= 75, f"line {number} has {len(line)} octets: {line!r}"
        line.decode("utf-8")  # no character split across a fold
        if line.startswith(b" "):
            previous = lines[number - 1]
            trailing = len(previous) - len(previous.rstrip(b"\\"))
            assert trailing % 2 == 0, f"a fold separates a backslash from its character: {line!r}"


def unfolded(body: bytes) -> list[str]:
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]
