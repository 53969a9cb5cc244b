"""The demo tasks in fixtures/tasks.yaml: what the newsletter states and nothing more; loading
is idempotent, edits update in place, and errors name the file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from governance.records.fixtures import FixtureError, load_fixtures
from governance.tasks.models import Task, TaskTransition

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
API = "/api/v1/tasks"
SEVEN = [
    "严守安全红线环保底线",
    "保持经济运行平稳向好",
    "打造聊城水务服务品牌",
    "推进国企改革任务落地",
    "加快重点工程项目建设",
    "推动综合管理提档升级",
    "确保疫情防控形势平稳",
]


def by_key(session: Session) -> dict[str, Task]:
    return {t.key or "": t for t in session.exec(select(Task).order_by(col(Task.id)))}


def test_the_newsletters_tasks_are_loaded(session: Session, client: TestClient) -> None:
    report = load_fixtures(session, [FIXTURES])
    assert report.created["task"] == 19
    tasks = by_key(session)
    seven = [tasks[f"2021-work-conference-{i}"] for i in range(1, 8)]
    assert [t.title for t in seven] == SEVEN
    # Owners and deadlines: none is printed, none is invented.
    for task in tasks.values():
        assert (
            task.responsible_leader_id,
            task.responsible_unit_id,
            task.responsible_person_id,
            task.due_on,
        ) == (None, None, None, None), task.key
        assert task.status == "registered"
    assert [k for k, t in tasks.items() if t.ongoing] == ["2021-work-conference-1"]
    listed = client.get(f"{API}/{seven[0].id}").json()
    assert (
        listed["source"]["label"]
        == "聊城水务集团召开2021年工作会议（2021年1月22日）：水务集团2020年经营工作报告"
    )
    assert listed["starts_on"] == "2021-01-22"
    assert listed["history"][0]["comment"] == "由数据文件载入"
    parent = client.get(f"{API}/{seven[4].id}").json()
    assert [s["title"] for s in parent["subtasks"]] == [
        "润达水业生产系统技术升级改造",
        "经营系统供水设施更新改造",
        "智能化综合营销服务管理平台建设",
        "2021年度城区供水管网建设",
        "城南供水（一期）工程西线配水管网建设",
        "新水河污水污泥脱水处理系统升级改造",
        "伯阳供水生产设施改造",
    ]
    sasac = client.get(f"{API}/{tasks['2021-sasac-party-building-rectification'].id}").json()
    assert (sasac["source"]["kind"], sasac["problem"], sasac["deadline_label"]) == (
        "finding",
        "",
        "未定",
    )
    assert sasac["source"]["label"] == (
        "市管企业党建考核组到水务集团进行党建工作考核（2021年1月12日）反馈问题"
    )
    findings = client.get(API, params={"source_kind": "finding"}).json()
    assert [t["title"] for t in findings["items"]] == [
        "落实市管企业党建考核组提出的存在问题及整改建议"
    ]


def test_loading_twice_changes_nothing(session: Session) -> None:
    load_fixtures(session, [FIXTURES])
    again = load_fixtures(session, [FIXTURES])
    assert (again.created["task"], again.updated["task"], again.unchanged["task"]) == (0, 0, 19)
    assert len(session.exec(select(TaskTransition)).all()) == 19


def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, folder)
    return folder


def test_an_edited_task_is_updated_in_place_keeping_its_history(
    session: Session, tmp_path: Path
) -> None:
    folder = copy(tmp_path)
    load_fixtures(session, [folder])
    before = by_key(session)["2021-work-conference-2"].id
    path = folder / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  - key: 2021-work-conference-2\n    title: 保持经济运行平稳向好\n",
        "  - key: 2021-work-conference-2\n    title: 保持经济运行平稳向好\n"
        "    responsible_leader: 王吾雪\n    due_on: 2021-12-31\n",
    )
    path.write_text(text, encoding="utf-8")
    report = load_fixtures(session, [folder])
    assert (report.updated["task"], report.unchanged["task"]) == (1, 18)
    session.expire_all()
    task = by_key(session)["2021-work-conference-2"]
    assert task.id == before and str(task.due_on) == "2021-12-31"
    assert (
        len(session.exec(select(TaskTransition).where(TaskTransition.task_id == before)).all()) == 1
    )


@pytest.mark.parametrize(
    "item,message",
    [
        (
            "  - {key: x, title: 甲, responsible_person: 无名氏, starts_on: 2021-01-01}",
            "tasks[0].responsible_person: no person named '无名氏'",
        ),
        (
            "  - {key: x, title: 甲, responsible_unit: 无名单位, starts_on: 2021-01-01}",
            "tasks[0].responsible_unit: no organisation named '无名单位'",
        ),
        (
            "  - {key: x, title: 甲, source: {kind: event, event: no-such}}",
            "tasks[0].source.event: no event with key 'no-such'",
        ),
        (
            "  - {key: x, title: 甲, source: {kind: agenda_item, event: 2021-01-22-work-conference, agenda: 没有}}",
            "tasks[0].source.agenda: no agenda item titled '没有' in '2021-01-22-work-conference'",
        ),
        (
            "  - {key: x, title: 甲, source: {kind: finding, event: 2021-01-22-work-conference}}",
            "tasks[0].source: source_id: event",
        ),
        (
            "  - {key: x, title: 甲, source: {kind: resolution, event: 2021-01-22-work-conference}}",
            "tasks[0].source: Value error, resolutions are not loaded from fixtures yet",
        ),
        ("  - {key: x, title: 甲}", "tasks[0].starts_on: give a date (there is no source event)"),
        ("  - {key: x, title: 甲, colour: red}", "tasks[0].colour: Extra inputs are not permitted"),
        (
            "  - {key: x, title: 甲, starts_on: 2021-01-01, parent: nowhere}",
            "tasks[0].parent: no task with key 'nowhere'",
        ),
        (
            "  - {key: x, title: 甲, starts_on: 2021-01-01, ongoing: true, due_on: 2021-02-01}",
            "tasks[0].due_on: due_on: an ongoing task (长期坚持) has no deadline",
        ),
        (
            "  - {key: x, title: 甲, starts_on: 2021-01-01}\n  - {key: x, title: 乙, starts_on: 2021-01-01}",
            "tasks[1].key: 'x' is used by more than one task",
        ),
        (
            "  - {key: x, title: 甲, starts_on: 2021-01-01, parent: y}\n"
            "  - {key: y, title: 乙, starts_on: 2021-01-01, parent: x}",
            "tasks[0].parent: tasks form a cycle through 'x'",
        ),
    ],
)
def test_a_bad_task_loads_nothing_and_names_file_and_field(
    session: Session, tmp_path: Path, item: str, message: str
) -> None:
    folder = copy(tmp_path)
    (folder / "tasks.yaml").unlink()
    bad = folder / "bad.yaml"
    bad.write_text("tasks:\n" + item + "\n", encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        load_fixtures(session, [folder])
    assert str(caught.value).startswith(f"{bad}: {message}"), str(caught.value)
    assert session.exec(select(Task)).all() == []
