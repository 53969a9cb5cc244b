"""The history partial renders a record's changes for a page (times in Asia/Shanghai)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import Session

from governance.audit import service
from governance.records import service as records
from governance.records.schemas import EventUpdate
from tests.factories import make_event

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def render(history: list[service.HistoryRow]) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("audit/history.html").render(history=history)


def test_the_partial_shows_each_change_newest_first(session: Session) -> None:
    event = make_event(session, title="集团党委会", status="planned")
    records.update_event(session, event.id or 0, EventUpdate(title="<b>集团党委扩大会</b>"))
    rows = service.history_rows(session, "event", event.id or 0)
    assert [r.action for r in rows] == ["update", "create"]
    html = render(rows)
    assert "修改记录" in html
    assert html.index("修改") < html.index("新建")
    assert "集团党委会 → &lt;b&gt;集团党委扩大会&lt;/b&gt;" in html  # escaped
    assert "system" in html


def test_the_partial_says_when_there_is_no_history() -> None:
    assert "暂无修改记录" in render([])
