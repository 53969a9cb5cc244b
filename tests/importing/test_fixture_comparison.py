"""The extraction measured against the hand-made records of the same issue (fixtures/events.yaml):
people in roles and groups, precision and recall printed as a table; below 0.9 fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session

from governance.importing import articles, extract, rules, service
from governance.importing.schemas import DraftData
from tests.newsletter import load_newsletter

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CORPUS = Path(__file__).parent / "data" / "newsletter-2021-01.txt"
THRESHOLD = 0.9


def fixture_events() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "events.yaml").read_text("utf-8"))[
        "events"
    ]
    return events


def align(events: list[dict[str, Any]], drafts: list[DraftData]) -> dict[str, DraftData]:
    """Each fixture event to the draft of the same date whose text shares most of its words."""
    scores = []
    for event in events:
        wanted = set(articles.tokens(event["title"] + event.get("summary", "")))
        for draft in drafts:
            if draft.date == event["start"]:
                shared = wanted & set(articles.tokens(draft.text))
                scores.append((len(shared) / len(wanted), event["key"], draft.key))
    matched: dict[str, DraftData] = {}
    used: set[str] = set()
    for _score, key, draft_key in sorted(scores, reverse=True):
        if key not in matched and draft_key not in used:
            matched[key] = next(d for d in drafts if d.key == draft_key)
            used.add(draft_key)
    return matched


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


@pytest.fixture
def drafts(session: Session) -> list[DraftData]:
    load_newsletter(session, [FIXTURES / "organisations.yaml", FIXTURES / "people.yaml"])
    text = CORPUS.read_text(encoding="utf-8")
    return extract.draft_issue(rules.split_paragraphs(text), service.directory(session)).drafts


def test_people_and_groups_match_the_hand_made_records(
    drafts: list[DraftData], capsys: pytest.CaptureFixture[str]
) -> None:
    events = fixture_events()
    matched = align(events, drafts)
    rows = []
    totals = {"people": [0, 0, 0], "groups": [0, 0, 0]}  # expected, found, correct
    for event in events:
        draft = matched.get(event["key"])
        expected = {(p["person"], p["role"]) for p in event.get("participants") or []}
        found = {(p.name, str(p.role)) for p in draft.participants} if draft else set()
        groups_expected = {
            (g["label"], g.get("count"), g["role"]) for g in event.get("groups") or []
        }
        groups_found = {(c.label, c.count, str(c.role)) for c in draft.counts} if draft else set()
        for name, want, got in (
            ("people", expected, found),
            ("groups", groups_expected, groups_found),
        ):
            totals[name][0] += len(want)
            totals[name][1] += len(got)
            totals[name][2] += len(want & got)
        rows.append(
            (
                event["key"],
                draft.position if draft else "-",
                len(expected),
                len(found),
                len(expected & found),
                sorted(expected - found),
                sorted(found - expected),
            )
        )
    # Drafts that match no fixture event (articles that are not events) count what they found.
    for draft in drafts:
        if draft not in matched.values():
            totals["people"][1] += len(draft.participants)
            totals["groups"][1] += len(draft.counts)
            rows.append(
                (
                    "(no event) " + draft.title[:16],
                    draft.position,
                    0,
                    len(draft.participants),
                    0,
                    [],
                    sorted((p.name, str(p.role)) for p in draft.participants),
                )
            )
    with capsys.disabled():
        print("\n\nExtraction against fixtures/events.yaml (people: name and role)")
        print(f"{'event':<44}{'#':>3}{'want':>6}{'found':>7}{'right':>7}  missed / extra")
        for key, position, want, got, right, missed, extra in rows:
            notes = (
                " ".join(f"-{n}{r}" for n, r in missed)
                + " "
                + " ".join(f"+{n}{r}" for n, r in extra)
            )
            print(f"{key:<44}{position!s:>3}{want:>6}{got:>7}{right:>7}  {notes.strip()}")
        for name, (want, got, right) in totals.items():
            print(
                f"{name:<10} precision {ratio(right, got):.3f} ({right}/{got})  "
                f"recall {ratio(right, want):.3f} ({right}/{want})"
            )
    want, got, right = totals["people"]
    assert ratio(right, got) >= THRESHOLD and ratio(right, want) >= THRESHOLD
    want, got, right = totals["groups"]
    assert ratio(right, got) >= THRESHOLD and ratio(right, want) >= THRESHOLD


def test_every_event_of_the_fixtures_is_found_with_its_date_and_kind(
    drafts: list[DraftData],
) -> None:
    events = fixture_events()
    matched = align(events, drafts)
    # The 第三届工会委员会第一次全体会议 is one sentence inside the union congress article: it
    # has no article of its own.
    assert sorted(set(e["key"] for e in events) - set(matched)) == [
        "2021-01-20-union-committee-plenary"
    ]
    kinds = {key: (str(d.kind), d.date, d.end) for key, d in matched.items()}
    expected = {
        e["key"]: (e["kind"], e["start"], e["end"] if e["end"] != e["start"] else None)
        for e in events
        if e["key"] in matched
    }
    assert kinds == expected
