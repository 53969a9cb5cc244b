"""Evidence: texts and files, stored safely in the data directory with size and type limits,
downloaded with the cleaned name and the type found in the content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from governance.core.settings import Settings, TaskSettings
from governance.tasks.models import TaskEvidence, TaskStatus
from tests.tasks.factories import Cast, make_cast, make_task, move
from tests.tasks.test_files import DOCX

API = "/api/v1/tasks"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


def upload(
    client: TestClient,  # type: ignore[type-arg]
    task_id: int,
    actor: int,
    content: bytes = PDF,
    name: str = "整改报告.pdf",
    client_type: str = "application/pdf",
    note: str = "",
):  # type: ignore[no-untyped-def]
    return client.post(
        f"{API}/{task_id}/evidence/files",
        files={"file": (name, content, client_type)},
        data={"actor_id": str(actor), "note": note},
    )


def test_upload_and_download_a_file(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.IN_PROGRESS)
    response = upload(client, task.id or 0, cast.owner.id or 0, note="支部会议记录扫描件")
    assert response.status_code == 201, response.text
    evidence = response.json()
    assert {k: evidence[k] for k in ("kind", "text", "filename", "content_type", "size")} == {
        "kind": "file",
        "text": "支部会议记录扫描件",
        "filename": "整改报告.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert evidence["actor"] == {"id": cast.owner.id, "name": "张永正"}
    assert evidence["download"] == f"{API}/{task.id}/evidence/{evidence['id']}/file"
    stored = session.exec(select(TaskEvidence)).one()
    assert stored.storage_name is not None
    path = Path(settings.data_dir) / "evidence" / stored.storage_name[:2] / stored.storage_name
    assert path.read_bytes() == PDF
    download = client.get(evidence["download"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"] == (
        "attachment; filename*=utf-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf"
    )
    listed = client.get(f"{API}/{task.id}").json()["evidence"]
    assert [e["id"] for e in listed] == [evidence["id"]]


def test_the_clients_name_and_type_are_not_trusted(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    task = make_task(session, cast)
    response = upload(
        client, task.id or 0, cast.owner.id or 0, DOCX, "../../../tmp/evil.sh", "text/x-sh"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["filename"], body["content_type"]) == (
        "evil.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    stored = [p for p in Path(settings.data_dir).rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].parent.parent == Path(settings.data_dir) / "evidence"
    assert not (Path("/tmp") / "evil.sh").exists()


@pytest.mark.parametrize(
    "content,status,detail",
    [
        (b"", 422, "file: is empty"),
        (
            b"#!/bin/sh\nrm -rf /\n",
            415,
            "file: only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files are accepted, "
            "judged by their content",
        ),
        (
            b"<html><script>alert(1)</script></html>",
            415,
            "file: only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files are accepted, "
            "judged by their content",
        ),
    ],
)
def test_empty_and_unaccepted_files_are_refused(
    client: TestClient,
    session: Session,
    cast: Cast,
    settings: Settings,
    content: bytes,
    status: int,
    detail: str,
) -> None:
    task = make_task(session, cast)
    response = upload(client, task.id or 0, cast.owner.id or 0, content, "a.pdf")
    assert response.status_code == status, response.text
    assert response.json()["detail"] == detail
    assert (
        response.json()["code"] == {422: "task_file_empty", 415: "task_file_type_refused"}[status]
    )
    assert session.exec(select(TaskEvidence)).all() == []
    assert not (Path(settings.data_dir) / "evidence").exists()


def test_a_file_above_the_configured_limit_is_413(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    client.app.state.task_settings = TaskSettings(max_upload_bytes=1000)
    task = make_task(session, cast)
    ok = upload(client, task.id or 0, cast.owner.id or 0, PDF + b"0" * (1000 - len(PDF)))
    assert ok.status_code == 201
    response = upload(client, task.id or 0, cast.owner.id or 0, PDF + b"0" * (1001 - len(PDF)))
    assert response.status_code == 413
    assert response.json()["detail"] == ("file: 1001 bytes is more than the 1000 bytes allowed")
    assert (response.json()["code"], response.json()["field"]) == ("task_file_too_large", "file")
    assert response.json()["message"] == "文件太大：1001 字节，超过了允许的 1000 字节"
    assert len(session.exec(select(TaskEvidence)).all()) == 1


def test_a_body_above_the_hard_cap_is_refused_before_parsing(
    client: TestClient, session: Session, cast: Cast
) -> None:
    task = make_task(session, cast)
    huge = PDF + b"0" * (65 * 1024 * 1024)
    assert upload(client, task.id or 0, cast.owner.id or 0, huge).status_code == 413


@pytest.mark.parametrize(
    "data,words",
    [
        ({"actor_id": "0"}, "actor_id"),
        ({"actor_id": "abc"}, "actor_id"),
        ({}, "actor_id"),
    ],
)
def test_upload_form_errors_are_400(
    client: TestClient,
    session: Session,
    cast: Cast,
    data: dict,
    words: str,  # type: ignore[type-arg]
) -> None:
    task = make_task(session, cast)
    response = client.post(
        f"{API}/{task.id}/evidence/files", files={"file": ("a.pdf", PDF)}, data=data
    )
    assert response.status_code == 400, response.text
    assert words in response.json()["detail"]


def test_upload_without_a_file_is_400(client: TestClient, session: Session, cast: Cast) -> None:
    task = make_task(session, cast)
    response = client.post(f"{API}/{task.id}/evidence/files", data={"actor_id": str(cast.owner.id)})
    assert response.status_code == 400


def test_upload_by_an_unknown_person_is_422(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    task = make_task(session, cast)
    response = upload(client, task.id or 0, 999)
    assert response.status_code == 422
    assert response.json()["detail"] == "actor_id: no person with id 999"
    assert not (Path(settings.data_dir) / "evidence").exists()


@pytest.mark.parametrize("state", [TaskStatus.CLOSED, TaskStatus.CANCELLED])
def test_no_evidence_is_added_or_removed_after_closing(
    client: TestClient, session: Session, cast: Cast, state: TaskStatus
) -> None:
    task = move(session, make_task(session, cast), cast, state)
    label = {"closed": "已销号", "cancelled": "已取消"}[state]
    prefix = f"task {task.id} is {state.value} ({label}): "
    response = upload(client, task.id or 0, cast.owner.id or 0)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        prefix + "adding evidence is not possible on a closed or cancelled task"
    )
    assert response.json()["code"] == "task_closed_no_evidence"
    assert response.json()["message"] == f"任务{label}，不能再添加佐证材料"
    text = client.post(f"{API}/{task.id}/evidence", json={"actor_id": cast.owner.id, "text": "x"})
    assert text.status_code == 409
    if state == TaskStatus.CLOSED:
        evidence_id = client.get(f"{API}/{task.id}").json()["evidence"][0]["id"]
        gone = client.delete(f"{API}/{task.id}/evidence/{evidence_id}")
        assert gone.status_code == 409
        assert gone.json()["detail"] == (
            prefix + "removing evidence is not possible on a closed or cancelled task"
        )
        assert gone.json()["code"] == "task_closed_keeps_evidence"


def test_text_evidence_needs_text(client: TestClient, session: Session, cast: Cast) -> None:
    task = make_task(session, cast)
    response = client.post(
        f"{API}/{task.id}/evidence", json={"actor_id": cast.owner.id, "text": ""}
    )
    assert response.status_code == 400
    assert "text" in response.json()["detail"]


def test_remove_evidence_while_open_deletes_the_file(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    task = make_task(session, cast)
    evidence = upload(client, task.id or 0, cast.owner.id or 0).json()
    assert len([p for p in Path(settings.data_dir).rglob("*") if p.is_file()]) == 1
    assert client.delete(f"{API}/{task.id}/evidence/{evidence['id']}").status_code == 204
    assert [p for p in Path(settings.data_dir).rglob("*") if p.is_file()] == []
    assert client.get(evidence["download"]).status_code == 404


def test_evidence_of_another_task_is_not_found(
    client: TestClient, session: Session, cast: Cast
) -> None:
    one, other = make_task(session, cast), make_task(session, cast)
    evidence = upload(client, one.id or 0, cast.owner.id or 0).json()
    response = client.get(f"{API}/{other.id}/evidence/{evidence['id']}/file")
    assert response.status_code == 404
    assert response.json()["detail"] == f"evidence of task {other.id}: {evidence['id']} not found"
    assert response.json()["code"] == "task_evidence_not_found"
    assert response.json()["message"] == f"该任务没有这份佐证材料（编号 {evidence['id']}）"
    deleting = client.delete(f"{API}/{other.id}/evidence/{evidence['id']}")
    assert deleting.status_code == 404


def test_a_text_has_no_file_to_download(client: TestClient, session: Session, cast: Cast) -> None:
    task = make_task(session, cast)
    text = client.post(f"{API}/{task.id}/evidence", json={"actor_id": cast.owner.id, "text": "x"})
    assert text.status_code == 201 and text.json()["download"] is None
    response = client.get(f"{API}/{task.id}/evidence/{text.json()['id']}/file")
    assert response.status_code == 404
    assert (
        response.json()["detail"]
        == f"file of task {task.id}: evidence {text.json()['id']} not found"
    )
    assert response.json()["code"] == "task_evidence_no_file"


def test_a_file_missing_from_the_data_directory_is_404_not_500(
    client: TestClient, session: Session, cast: Cast, settings: Settings
) -> None:
    task = make_task(session, cast)
    evidence = upload(client, task.id or 0, cast.owner.id or 0).json()
    for path in Path(settings.data_dir).rglob("*"):
        if path.is_file():
            path.unlink()
    response = client.get(evidence["download"])
    assert response.status_code == 404
    assert response.json()["detail"] == (
        f"stored file of task {task.id}: evidence {evidence['id']} not found"
    )
    assert response.json()["code"] == "task_evidence_file_missing"


def test_upload_to_an_unknown_task_is_404(
    client: TestClient, cast: Cast, settings: Settings
) -> None:
    response = upload(client, 99, cast.owner.id or 0)
    assert response.status_code == 404
    assert response.json()["detail"] == "task 99 not found"
    assert not (Path(settings.data_dir) / "evidence").exists()
