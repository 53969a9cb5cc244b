"""Refused forms speak Chinese: every message next to a field and in the alert at the top of a
refused page of each capability is the catalogue's Chinese, never a service's English text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from tests.factories import make_event, make_person
from tests.tasks.factories import make_cast

# Latin words a Chinese message may contain (formats, protocols).
LATIN_OK = {"JSON", "API", "CSV", "PDF", "URL", "Word", "Excel", "ETag", "YYYY", "MM", "DD"}
MESSAGE = re.compile(
    r'<span class="field-error"[^>]*>([^<]*)</span>|<(?:div|p) class="(?:alert|error)"[^>]*>(.*?)</(?:div|p)>',
    re.S,
)


def refusal_texts(html: str) -> list[str]:
    texts = []
    for field, alert in MESSAGE.findall(html):
        text = re.sub(r"<[^>]+>", " ", field or alert)
        if text.strip():
            texts.append(" ".join(text.split()))
    return texts


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", text)) - LATIN_OK


def post_event(client: TestClient, _session: Session) -> str:
    form = {"title": "", "kind": "congress", "start": "2021-01-20", "end": "2021-01-19"}
    form |= {"delegates_due": "40", "delegates_present": "41", "term": "3"}
    return client.post("/events/new", data=form).text


def post_person(client: TestClient, _session: Session) -> str:
    return client.post("/people/new", data={"name": ""}).text


def post_organisation(client: TestClient, _session: Session) -> str:
    return client.post("/organisations/new", data={"name": "", "kind": "nonsense"}).text


def post_task(client: TestClient, session: Session) -> str:
    make_cast(session)
    return client.post("/tasks/new", data={"title": "", "due_on": "明年", "ongoing": "on"}).text


def post_election(client: TestClient, session: Session) -> str:
    event = make_event(session, kind="congress")
    return client.post(
        f"/events/{event.id}/elections", data={"title": "", "seats": "五", "preset": ""}
    ).text


def post_duplicate_participant(client: TestClient, session: Session) -> str:
    person = make_person(session, name="谭相彦")
    row = {"person_id": str(person.id), "name": "谭相彦", "role": "出席"}
    form = {"title": "会议", "kind": "work_conference", "start": "2021-01-20"}
    for i in range(2):
        form |= {f"participants[{i}].{k}": v for k, v in row.items()}
    return client.post("/events/new", data=form).text


@pytest.mark.parametrize(
    "submit",
    [
        post_event,
        post_person,
        post_organisation,
        post_task,
        post_election,
        post_duplicate_participant,
    ],
)
def test_refused_forms_show_only_chinese(
    client: TestClient, session: Session, submit: Callable[[TestClient, Session], str]
) -> None:
    html = submit(client, session)
    texts = refusal_texts(html)
    assert texts, "the page shows no refusal"
    for text in texts:
        assert not english_words(text), text
