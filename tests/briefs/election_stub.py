"""A stand-in for governance.elections.briefs, to show how a brief prints election results."""

from __future__ import annotations

from sqlmodel import Session


def election_sentences(session: Session, event_id: int) -> list[str]:
    return ["经无记名投票，选举产生了第三届工会委员会，谭相彦、王吾雪当选为委员"]
