"""The HTML pages: the list with warning colours and links to the ledger, and one task."""

from __future__ import annotations

from datetime import date, timedelta

from litestar.testing import TestClient
from sqlmodel import Session

from governance.tasks.api import local_today
from governance.tasks.models import TaskStatus
from tests.tasks.factories import make_cast, make_task, move


def test_list_page_shows_colours_and_filters(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    today = local_today()
    late = make_task(
        session,
        cast,
        title="逾期的任务",
        starts_on=today - timedelta(days=30),
        due_on=today - timedelta(days=1),
    )
    make_task(session, cast, title="长期坚持的任务", ongoing=True, starts_on=today)
    page = client.get("/tasks")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "<h1>整改督办</h1>" in text and "共 2 项" in text
    assert f'<a href="/tasks/{late.id}">逾期的任务</a>' in text
    assert '<span class="badge red" title="红色预警（逾期未完成）">红</span>' in text
    assert "长期坚持</td>" in text
    assert '<a href="/api/v1/tasks/ledger.xlsx">Excel</a>' in text
    red = client.get("/tasks", params={"warning": "red"}).text
    assert "共 1 项" in red and "长期坚持的任务" not in red
    assert '<a href="/api/v1/tasks/ledger.csv?warning=red">CSV</a>' in red
    assert client.get("/tasks", params={"warning": "purple"}).status_code == 400


def test_task_page_shows_the_history_and_evidence(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = move(
        session,
        make_task(session, cast, title="支部记录不规范", due_on=date(2099, 1, 1)),
        cast,
        TaskStatus.CLOSED,
    )
    page = client.get(f"/tasks/{task.id}")
    assert page.status_code == 200
    text = page.text
    assert "<h1>支部记录不规范</h1>" in text
    assert "<tr><th>状态</th><td>已销号</td></tr>" in text
    assert "<tr><th>责任人</th><td>张永正</td></tr>" in text
    assert '已整改 <span class="muted">（张永正）</span>' in text
    assert "谭相彦 审核销号 → 已销号" in text
    assert client.get("/tasks/999").status_code == 404


def test_page_text_is_escaped(client: TestClient, session: Session) -> None:
    task = make_task(session, title="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in client.get(f"/tasks/{task.id}").text
    assert "&lt;script&gt;" in client.get("/tasks").text
