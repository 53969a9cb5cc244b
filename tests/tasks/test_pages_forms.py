"""The task forms: register and edit a task, step it through the workflow with buttons, report
progress and upload evidence. Refusals answer 422 with the Chinese message next to the field and
what was typed kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.tasks.models import Task, TaskEvidence, TaskStatus
from tests.tasks.factories import make_cast, make_task, move

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def error_of(html: str, field: str) -> str:
    found = re.search(
        rf'<span class="field-error" data-for="{re.escape(field)}"[^>]*>([^<]*)</span>', html
    )
    assert found, f"no error slot for {field}"
    return found.group(1)


def alert_of(html: str) -> str:
    """The message at the top of a refused page (for a form the page no longer shows)."""
    found = re.search(r'<p class="alert" role="alert">([^<]*)</p>', html)
    assert found, "no alert"
    return found.group(1)


def test_list_has_unit_and_person_filters(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    make_task(session, cast, title="润达水业的任务")
    make_task(session, cast, title="伯阳供水的任务", responsible_unit_id=cast.boyang.id)
    page = client.get("/tasks", params={"unit_id": cast.boyang.id})
    assert page.status_code == 200
    assert "共 1 项" in page.text and "伯阳供水的任务" in page.text
    assert f'<option value="{cast.boyang.id}" selected>伯阳供水</option>' in page.text
    assert '<a class="button primary" href="/tasks/new">登记任务</a>' in page.text


def test_new_task_form_registers_the_task(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    assert client.get("/tasks/new").status_code == 200
    form = {
        "title": "完善党建考核整改台账",
        "problem": "台账记录不完整",
        "responsible_unit_id": str(cast.runda.id),
        "responsible_person_id": str(cast.owner.id),
        "co_owner_units": [str(cast.boyang.id)],
        "due_on": "2099-06-30",
        "priority": "high",
    }
    answer = client.post("/tasks/new", data=form, follow_redirects=False)
    assert answer.status_code == 303
    task = session.exec(select(Task)).one()
    assert answer.headers["location"] == f"/tasks/{task.id}"
    assert (task.title, task.due_on, task.priority, task.status) == (
        "完善党建考核整改台账",
        date(2099, 6, 30),
        "high",
        TaskStatus.REGISTERED,
    )
    page = client.get(f"/tasks/{task.id}").text
    assert "<tr><th>配合单位（人）</th><td>伯阳供水</td></tr>" in page


def test_new_task_refused_in_chinese_keeps_the_text(client: TestClient, session: Session) -> None:
    make_cast(session)
    page = client.post(
        "/tasks/new", data={"title": "", "problem": "记录不全", "due_on": "明年", "ongoing": "on"}
    )
    assert page.status_code == 422
    assert error_of(page.text, "title") == "必填"
    assert error_of(page.text, "due_on") == "长期坚持的任务不填整改时限"
    assert ">记录不全</textarea>" in page.text and 'value="明年"' in page.text
    assert session.exec(select(Task)).all() == []


def test_edit_form_is_filled_and_saves(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, title="原来的标题")
    page = client.get(f"/tasks/{task.id}/edit")
    assert page.status_code == 200 and 'value="原来的标题"' in page.text
    assert f'<option value="{cast.owner.id}" selected>张永正</option>' in page.text
    form = {
        "title": "新的标题",
        "responsible_person_id": str(cast.owner.id),
        "due_on": "2099-01-01",
        "priority": "normal",
    }
    answer = client.post(f"/tasks/{task.id}/edit", data=form, follow_redirects=False)
    assert answer.status_code == 303, re.findall(r"role=\"alert\">([^<]+)<", answer.text)
    session.refresh(task)
    assert (task.title, task.due_on) == ("新的标题", date(2099, 1, 1))


def test_workflow_buttons_move_the_task(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    page = client.get(f"/tasks/{task.id}").text
    assert '<input type="hidden" name="to" value="assigned">' in page
    answer = client.post(
        f"/tasks/{task.id}/transition",
        data={"to": "assigned", "actor_id": str(cast.clerk.id), "comment": "请按期整改"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    session.refresh(task)
    assert task.status == TaskStatus.ASSIGNED
    assert "崔好发 交办 → 已交办：请按期整改" in client.get(f"/tasks/{task.id}").text


def test_workflow_needs_an_actor_and_a_comment_to_cancel(
    client: TestClient, session: Session
) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    no_actor = client.post(f"/tasks/{task.id}/transition", data={"to": "assigned"})
    assert no_actor.status_code == 422 and error_of(no_actor.text, "actor_id") == "请选择办理人"
    no_comment = client.post(
        f"/tasks/{task.id}/transition", data={"to": "cancelled", "actor_id": str(cast.clerk.id)}
    )
    assert no_comment.status_code == 422
    assert error_of(no_comment.text, "comment") == "这一步须填写说明"
    session.refresh(task)
    assert task.status == TaskStatus.REGISTERED


def test_closing_without_evidence_is_refused(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = move(
        session, make_task(session, cast, due_on=date(2099, 1, 1)), cast, TaskStatus.IN_PROGRESS
    )
    client.post(
        f"/tasks/{task.id}/transition", data={"to": "reported", "actor_id": str(cast.owner.id)}
    )
    page = client.post(
        f"/tasks/{task.id}/transition", data={"to": "closed", "actor_id": str(cast.reviewer.id)}
    )
    assert page.status_code == 422
    assert error_of(page.text, "transition") == "销号前须有佐证材料：请先添加文字说明或文件"


def test_progress_is_reported_while_in_progress(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = move(
        session, make_task(session, cast, due_on=date(2099, 1, 1)), cast, TaskStatus.IN_PROGRESS
    )
    bad = client.post(
        f"/tasks/{task.id}/progress", data={"progress": "120", "actor_id": str(cast.owner.id)}
    )
    assert bad.status_code == 422 and error_of(bad.text, "progress") == "请填写 0 到 100 的整数"
    assert 'name="progress" type="number" value="120"' in bad.text
    ok = client.post(
        f"/tasks/{task.id}/progress",
        data={"progress": "60", "note": "已完成大半", "actor_id": str(cast.owner.id)},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    session.refresh(task)
    assert task.progress == 60


def test_evidence_upload_stores_the_file(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = move(
        session, make_task(session, cast, due_on=date(2099, 1, 1)), cast, TaskStatus.IN_PROGRESS
    )
    answer = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id), "text": "整改报告"},
        files={"file": ("整改报告.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    rows = session.exec(select(TaskEvidence).where(TaskEvidence.task_id == task.id)).all()
    uploaded = [r for r in rows if r.filename == "整改报告.pdf"]
    assert len(uploaded) == 1 and uploaded[0].size == len(PDF)
    page = client.get(f"/tasks/{task.id}").text
    assert ">整改报告.pdf</a> 整改报告" in page


def test_evidence_of_another_type_is_refused_in_chinese(
    client: TestClient, session: Session
) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    page = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id)},
        files={"file": ("notes.txt", b"plain text", "text/plain")},
    )
    assert page.status_code == 422
    assert error_of(page.text, "file") == "只接受 PDF、图片、Word 和 Excel 文件"


def test_signed_in_person_acts_without_picking(
    client_as: Callable[..., TestClient], session: Session
) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    clerk = client_as("secretariat", person_id=cast.clerk.id)
    page = clerk.get(f"/tasks/{task.id}").text
    assert 'id="f-actor_id"' not in page
    answer = clerk.post(
        f"/tasks/{task.id}/transition", data={"to": "assigned"}, follow_redirects=False
    )
    assert answer.status_code == 303
    session.refresh(task)
    assert task.status == TaskStatus.ASSIGNED


def test_a_step_from_a_stale_page_is_refused_naming_the_state(
    client: TestClient, session: Session
) -> None:
    cast = make_cast(session)
    task = move(
        session, make_task(session, cast, due_on=date(2099, 1, 1)), cast, TaskStatus.ASSIGNED
    )
    page = client.post(
        f"/tasks/{task.id}/transition", data={"to": "assigned", "actor_id": str(cast.clerk.id)}
    )
    assert page.status_code == 422
    assert error_of(page.text, "transition") == (
        "任务当前为“已交办”，不能改为“已交办”：请刷新页面后再试"
    )


def test_every_problem_of_a_step_is_shown(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    move(session, task, cast, TaskStatus.REPORTED)
    page = client.post(
        f"/tasks/{task.id}/transition", data={"to": "in_progress", "actor_id": str(cast.owner.id)}
    )
    assert page.status_code == 422
    assert error_of(page.text, "transition") == "审核人不能是责任人本人"
    assert error_of(page.text, "comment") == "这一步须填写说明"


def test_progress_outside_in_progress_is_refused_in_chinese(
    client: TestClient, session: Session
) -> None:
    cast = make_cast(session)
    task = move(
        session, make_task(session, cast, due_on=date(2099, 1, 1)), cast, TaskStatus.ASSIGNED
    )
    page = client.post(
        f"/tasks/{task.id}/progress", data={"progress": "10", "actor_id": str(cast.owner.id)}
    )
    assert page.status_code == 422
    assert alert_of(page.text).endswith("整改中的任务才能报告进度，本任务当前为“已交办”")


def test_evidence_refusals_are_in_chinese(client: TestClient, session: Session) -> None:
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    empty = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id)},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert empty.status_code == 422
    assert error_of(empty.text, "file") == "请选择文件或填写说明"
    long_note = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id), "text": "说" * 201},
        files={"file": ("整改报告.pdf", PDF, "application/pdf")},
    )
    assert long_note.status_code == 422
    assert error_of(long_note.text, "text") == "随文件的说明最多 200 个字"
    move(session, task, cast, TaskStatus.CLOSED)
    closed = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id), "text": "补充材料"},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert closed.status_code == 422
    assert alert_of(closed.text).endswith("任务已销号，不能再添加佐证材料")


def test_a_file_too_large_is_refused_in_megabytes(client: TestClient, session: Session) -> None:
    from governance.core.settings import TaskSettings

    client.app.state.task_settings = TaskSettings(max_upload_bytes=1024 * 1024)
    cast = make_cast(session)
    task = make_task(session, cast, due_on=date(2099, 1, 1))
    page = client.post(
        f"/tasks/{task.id}/evidence",
        data={"actor_id": str(cast.owner.id)},
        files={"file": ("大.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")},
    )
    assert page.status_code == 422
    assert error_of(page.text, "file") == "文件太大：最大 1 MB"
