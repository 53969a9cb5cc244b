"""What a news brief and the minutes say about the elections held at an event: one sentence per
result, worded by templates/elections/brief.txt. Declared as a brief section in capability.py,
so briefs work (without results) where elections are not installed."""

from __future__ import annotations

from sqlmodel import Session, col, select

from governance.elections.models import Election
from governance.elections.outputs import ElectionDocument, announcement_context, text_templates
from governance.elections.service import latest_tally
from governance.elections.tallies import election_document


def result_sentences(doc: ElectionDocument) -> list[str]:
    """The sentences for one counted election, without final stops (the brief adds them)."""
    context = announcement_context(doc, counts=False)
    context["office"] = doc.title.removesuffix("选举") or doc.title
    text = text_templates().get_template("brief.txt").render(**context)
    return [line.strip().rstrip("。") for line in text.splitlines() if line.strip()]


def election_sentences(session: Session, event_id: int) -> list[str]:
    """Every counted election of the event, rounds in the order they were held."""
    elections = session.exec(
        select(Election).where(Election.event_id == event_id).order_by(col(Election.id))
    ).all()
    sentences: list[str] = []
    for election in elections:
        if election.id is None or latest_tally(session, election.id) is None:
            continue  # set up but not counted yet: nothing to report
        sentences.extend(result_sentences(election_document(session, election.id)))
    return sentences
