"""The briefs' HTTP: brief.docx, brief.txt and minutes.docx of an event, and their errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.briefs import service
from governance.records.models import Event
from tests.newsletter import load_newsletter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
API = "/api/v1/events"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def newsletter(session: Session) -> dict[str, int]:
    load_newsletter(session)
    return {e.key or "": e.id or 0 for e in session.exec(select(Event)).all()}


def test_brief_docx_is_the_draft_in_word(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = newsletter(session)
    event_id = ids["2021-01-20-union-congress"]
    response = client.get(f"{API}/{event_id}/brief.docx?author=高立伟&author=张敬恩")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert response.headers["content-disposition"] == (
        f'attachment; filename="event-{event_id}-brief.docx"; '
        f"filename*=UTF-8''event-{event_id}-brief.docx"
    )
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "集团召开三届一次会员代表大会"
    assert texts[1].startswith("本报讯 1月20日，聊城水务集团工会召开三届一次会员代表大会。")
    assert texts[-1] == "高立伟  张敬恩"


def test_brief_txt_is_the_same_draft_as_text(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = newsletter(session)
    event_id = ids["2021-01-20-league-congress"]
    response = client.get(f"{API}/{event_id}/brief.txt?also={ids['2021-01-28-shuixing-party-day']}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    expected = service.brief(session, event_id, also=[ids["2021-01-28-shuixing-party-day"]])
    assert response.text == expected.text()
    assert "\n\n又讯 1月28日，水兴市政党支部组织开展“党建知识我来讲”主题党日活动。" in response.text


def test_an_unchanged_draft_answers_304(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = newsletter(session)
    url = f"{API}/{ids['2021-01-22-workers-congress']}/brief.docx"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get(url).content == first.content  # same record, same bytes


def test_minutes_docx_in_the_national_layout(client: TestClient, session: Session) -> None:  # type: ignore[type-arg]
    ids = newsletter(session)
    response = client.get(f"{API}/{ids['2021-01-20-union-congress']}/minutes.docx?template=default")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "聊城水务集团工会三届一次会员代表大会纪要"
    assert round(document.sections[0].top_margin.mm) == 37
    assert document.paragraphs[-1].text == (
        "出席：谭相彦、王吾雪、张永正、武长卿、韩洪锋、孔国政；集团41名工会会员代表"
    )


@pytest.mark.parametrize("path", ["brief.docx", "brief.txt", "minutes.docx"])
def test_an_unknown_template_is_a_422_naming_it(
    client: TestClient,  # type: ignore[type-arg]
    session: Session,
    path: str,
) -> None:
    ids = newsletter(session)
    response = client.get(f"{API}/{ids['2021-01-22-workers-congress']}/{path}?template=nosuch")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("template: no ")
    assert "'nosuch'" in response.json()["detail"]
    assert response.json()["code"] == "brief_unknown_template"
    assert response.json()["message"] == "没有这个模板，请从列表中选择"


@pytest.mark.parametrize(
    "query, status, field, code",
    [
        ("template=../_base", 400, "template", None),
        ("template=" + "a" * 65, 400, "template", None),
        ("also=0", 422, "also[0]", "brief_also_out_of_range"),
        ("also=99999", 422, "also[0]", "brief_also_missing"),
        ("also=1&also=2&also=3&also=4&also=5&also=6", 400, "also", None),
        ("author=%00", 422, "author[0]", "brief_author_control_characters"),
    ],
)
def test_bad_parameters_are_4xx_naming_the_field(
    client: TestClient,  # type: ignore[type-arg]
    session: Session,
    query: str,
    status: int,
    field: str,
    code: str | None,
) -> None:
    ids = newsletter(session)
    response = client.get(f"{API}/{ids['2021-01-22-workers-congress']}/brief.txt?{query}")
    assert response.status_code == status, response.text
    assert field in response.text
    if code is not None:
        assert response.json()["code"] == code


@pytest.mark.parametrize("path", ["brief.docx", "brief.txt", "minutes.docx"])
def test_an_unknown_event_is_a_404(client: TestClient, path: str) -> None:  # type: ignore[type-arg]
    response = client.get(f"{API}/4242/{path}")
    assert response.status_code == 404
    assert response.json()["detail"] == "event 4242 not found"


def test_the_endpoints_are_in_the_openapi_document(client: TestClient) -> None:  # type: ignore[type-arg]
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in ("brief.docx", "brief.txt", "minutes.docx"):
        assert f"{API}/{{item_id}}/{path}" in paths
