"""The ledger (整改台账): the columns used in practice, one row per task, sub-tasks numbered
under their parent, and cells that cannot turn into formulas."""

from __future__ import annotations

import csv
import io
import time
from datetime import date

import openpyxl
import pytest
from litestar.testing import TestClient
from sqlmodel import Session

from governance.tasks import ledger
from governance.tasks.models import TaskStatus
from tests.factories import make_event
from tests.tasks.factories import Cast, make_cast, make_task, move

API = "/api/v1/tasks"
HEADINGS = [
    "序号",
    "问题来源",
    "整改事项",
    "存在问题",
    "整改目标",
    "整改措施",
    "责任领导",
    "责任单位",
    "责任人",
    "配合单位（人）",
    "整改时限",
    "优先级",
    "完成进度（%）",
    "整改状态",
    "预警",
    "最新进展",
    "佐证材料",
    "销号审核人",
    "销号日期",
    "备注",
]
DANGEROUS = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def cast(session: Session) -> Cast:
    return make_cast(session)


@pytest.fixture
def tasks(session: Session, cast: Cast) -> None:
    inspection = make_event(
        session, kind="inspection", title="市委巡察组巡察反馈", start="2021-04-02"
    )
    closed = make_task(
        session,
        cast,
        title="支部记录不规范",
        problem="“三会一课”记录不完整",
        target="记录规范完整",
        measures="逐支部补齐",
        source_kind="finding",
        source_id=inspection.id,
        co_owners=[{"organisation_id": cast.boyang.id}, {"person_id": cast.clerk.id}],
        due_on=date(2021, 6, 30),
        priority="high",
        notes="第1条",
    )
    move(session, closed, cast, TaskStatus.CLOSED)
    parent = make_task(session, cast, title="加快重点工程项目建设", due_on=date(2021, 12, 31))
    make_task(
        session, cast, title="伯阳供水生产设施改造", parent_id=parent.id, due_on=date(2021, 5, 31)
    )
    make_task(session, title="严守安全红线环保底线", ongoing=True)


def test_ledger_columns_and_rows(client: TestClient, tasks: None, cast: Cast) -> None:
    response = client.get(f"{API}/ledger.csv", params={"today": "2021-07-01"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename*=utf-8''ledger.csv"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    by_heading = [dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]]
    first = by_heading[0]
    assert first["序号"] == "1"
    assert first["问题来源"] == "市委巡察组巡察反馈（2021年4月2日）反馈问题"
    assert (first["整改事项"], first["存在问题"], first["整改目标"], first["整改措施"]) == (
        "支部记录不规范",
        "“三会一课”记录不完整",
        "记录规范完整",
        "逐支部补齐",
    )
    assert (first["责任领导"], first["责任单位"], first["责任人"]) == (
        "王吾雪",
        "润达水业",
        "张永正",
    )
    assert first["配合单位（人）"] == "伯阳供水、崔好发"
    assert (first["整改时限"], first["优先级"], first["完成进度（%）"]) == (
        "2021年6月30日",
        "高",
        "100",
    )
    assert (first["整改状态"], first["预警"], first["佐证材料"]) == ("已销号", "", "已整改")
    assert first["销号审核人"] == "谭相彦"
    assert first["销号日期"].startswith("20") and first["销号日期"].endswith("日")
    assert first["备注"] == "第1条"
    assert [
        (r["序号"], r["整改事项"], r["整改时限"], r["整改状态"], r["预警"]) for r in by_heading
    ] == [
        ("1", "支部记录不规范", "2021年6月30日", "已销号", ""),
        ("2", "加快重点工程项目建设", "2021年12月31日", "已登记", "黄"),
        ("2.1", "伯阳供水生产设施改造", "2021年5月31日", "已登记", "红"),
        ("3", "严守安全红线环保底线", "长期坚持", "已登记", ""),
    ]


def test_ledger_latest_progress_column(client: TestClient, session: Session, cast: Cast) -> None:
    task = move(session, make_task(session, cast), cast, TaskStatus.IN_PROGRESS)
    client.post(f"{API}/{task.id}/progress", json={"actor_id": cast.owner.id, "progress": 30})
    client.post(
        f"{API}/{task.id}/progress",
        json={"actor_id": cast.owner.id, "progress": 60, "note": "完成自查"},
    )
    rows = list(
        csv.reader(io.StringIO(client.get(f"{API}/ledger.csv").content.decode("utf-8-sig")))
    )
    latest = rows[1][HEADINGS.index("最新进展")]
    assert latest.endswith("：完成自查（进度60%）") and latest.startswith("20")


def test_ledger_filters_like_the_list(client: TestClient, tasks: None) -> None:
    response = client.get(f"{API}/ledger.csv", params={"status": "closed"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[2] for r in rows[1:]] == ["支部记录不规范"]
    # A sub-task without its parent in the ledger is numbered on its own.
    response = client.get(f"{API}/ledger.csv", params={"warning": "red", "today": "2021-07-01"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r[0], r[2]) for r in rows[1:]] == [("1", "伯阳供水生产设施改造")]


def test_ledger_xlsx_has_the_same_rows(client: TestClient, tasks: None) -> None:
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"{API}/ledger.csv", params={"today": "2021-07-01"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    response = client.get(f"{API}/ledger.xlsx", params={"today": "2021-07-01"})
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.title == "整改台账"
    values = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values == csv_rows
    assert sheet.freeze_panes == "A2"


def test_an_empty_ledger_has_only_the_headings(client: TestClient) -> None:
    rows = list(
        csv.reader(io.StringIO(client.get(f"{API}/ledger.csv").content.decode("utf-8-sig")))
    )
    assert rows == [HEADINGS]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_cells_never_start_a_formula(text: str) -> None:
    content = ledger.to_csv(["序号", "整改事项"], [[1, text], [2, "正常文字"]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["1", "'" + text]
    assert rows[2] == ["2", "正常文字"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_cells_stay_text(text: str) -> None:
    content = ledger.to_xlsx("整改台账", ["序号", "整改事项"], [[1, text]])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cell = sheet["B2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert sheet["A2"].value == 1


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+86 635", "'+86 635"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("1=1", "1=1"),
        ("", ""),
    ],
)
def test_safe_text(value: str, expected: str) -> None:
    assert ledger.safe_text(value) == expected


def test_formula_in_a_task_title_is_harmless_in_both_exports(
    client: TestClient, session: Session
) -> None:
    make_task(session, title='=HYPERLINK("http://evil","x")', problem="+cmd|' /C calc'!A0")
    rows = list(
        csv.reader(io.StringIO(client.get(f"{API}/ledger.csv").content.decode("utf-8-sig")))
    )
    assert rows[1][2] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1][3] == "'+cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{API}/ledger.xlsx").content)).active
    assert sheet is not None
    assert (sheet["C2"].value, sheet["C2"].data_type) == ('=HYPERLINK("http://evil","x")', "s")


def test_same_rows_give_the_same_workbook_content() -> None:
    first = ledger.to_xlsx("整改台账", HEADINGS[:2], [[1, "甲"]])
    time.sleep(1.1)  # openpyxl's save stamped the clock's second into docProps/core.xml
    second = ledger.to_xlsx("整改台账", HEADINGS[:2], [[1, "甲"]])
    import zipfile

    def parts(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(first) == parts(second)
