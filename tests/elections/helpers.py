"""Readable request bodies for election tests: the League congress of 1月20日 with sample names."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from governance.records.models import Event
from tests.factories import make_event

API = "/api/v1/elections"
CANDIDATES = ["王立新", "刘晓东", "李娜", "张伟", "陈静", "赵敏"]  # 6 for 5 seats (20% more)
OFFICERS = [
    {"role": "chief_scrutineer", "name": "孙海"},
    {"role": "scrutineer", "name": "周兰"},
    {"role": "teller", "name": "吴强"},
    {"role": "teller", "name": "郑洁"},
]


def league_congress(session: Session, due: int | None = 40, present: int | None = 36) -> Event:
    return make_event(
        session,
        title="集团共青团召开第三次团员大会",
        start="2021-01-20",
        status="held",
        delegates_due=due,
        delegates_present=present,
    )


def election_body(event: Event, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": event.id,
        "title": "共青团第三届委员会委员选举",
        "seats": 5,
        "preset": "league",
        "candidates": [{"name": name} for name in CANDIDATES],
        "officers": OFFICERS,
    }
    body.update(overrides)
    return body


def tally_body(votes: dict[str, int] | None = None, **overrides: Any) -> dict[str, Any]:
    votes = votes or {"王立新": 34, "刘晓东": 30, "李娜": 28, "张伟": 25, "陈静": 20, "赵敏": 15}
    body: dict[str, Any] = {
        "ballots_issued": 36,
        "ballots_returned": 36,
        "ballots_valid": 35,
        "ballots_invalid": 1,
        "invalid_over_marked": 1,
        "counts": [
            {"name": name, "votes_for": v, "votes_against": 35 - v, "votes_abstain": 0}
            for name, v in votes.items()
        ],
        "entered_by": "吴强",
    }
    body.update(overrides)
    return body
